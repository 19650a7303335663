"""Flask-Security-Too's two-factor authentication (authenticator app) in a minimal Flask app."""
