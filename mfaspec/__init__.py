"""mfaspec: an executable specification of TOTP multi-factor account flows, and its harness."""
