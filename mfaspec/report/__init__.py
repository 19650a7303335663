"""Conformance reports: what a run proved, per documented step and per requirement."""
