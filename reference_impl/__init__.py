"""The reference implementation: a small, secure web product with TOTP multi-factor login."""
