"""django-allauth's MFA (TOTP and recovery codes) in a minimal Django project."""
