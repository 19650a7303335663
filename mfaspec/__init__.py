"""mfaspec: an executable specification of TOTP multi-factor account flows, and its harness."""

__version__ = "0.2.0"
