"""The Flask app: Flask-Security's pages as shipped, a dashboard, SQLite and SMTP as given."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, render_template
from flask_mail import Mail
from flask_security import Security, SQLAlchemyUserDatastore, auth_required
from flask_wtf import CSRFProtect

from products.flask_security_tf.models import Role, User, db

# A loopback test site that is never deployed: fixed keys keep sessions valid across restarts.
SECRET_KEY = "flask-security test site: loopback only"
TOTP_SECRET = "flask-security test site: TOTP secret encryption key, loopback only"
PASSWORD_SALT = "flask-security test site salt"


def create_app(database: Path, smtp_port: int = 25) -> Flask:
    """Return the site, its accounts in the SQLite file, its mail sent to the SMTP port."""
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=SECRET_KEY,
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}",
        SECURITY_PASSWORD_SALT=PASSWORD_SALT,
        SECURITY_TWO_FACTOR=True,
        SECURITY_TWO_FACTOR_ENABLED_METHODS=["authenticator"],
        SECURITY_TOTP_SECRETS={"1": TOTP_SECRET},
        SECURITY_TOTP_ISSUER="Flask-Security site",
        SECURITY_MULTI_FACTOR_RECOVERY_CODES=True,
        SECURITY_CHANGEABLE=True,
        # Log in by user name (the form offers the e-mail address or the user name)
        SECURITY_USERNAME_ENABLE=True,
        MAIL_SERVER="127.0.0.1",
        MAIL_PORT=smtp_port,
        MAIL_DEFAULT_SENDER="mfa-site@example.com",
    )
    db.init_app(app)
    # The product's menu posts Sign Out without a token: its logout is left out of the check.
    CSRFProtect(app).exempt("flask_security.views.logout")
    Mail(app)
    app.security = Security(app, SQLAlchemyUserDatastore(db, User, Role))  # type: ignore[attr-defined]

    @app.route("/")
    @auth_required()
    def dashboard() -> str:
        return render_template("dashboard.html")

    with app.app_context():
        db.create_all()
    return app
