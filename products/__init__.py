"""Real open-source MFA products, each in the smallest site that serves its own pages."""
