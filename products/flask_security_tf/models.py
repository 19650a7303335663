"""Flask-Security's own SQLAlchemy models (fsqla_v3), bound to the site's database."""

from flask_security.models import fsqla_v3 as fsqla
from flask_security.models.fsqla import FsModels
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()
FsModels.set_db_info(db)  # type: ignore[no-untyped-call]


class Role(db.Model, fsqla.FsRoleMixin):  # type: ignore[name-defined,misc]
    """A role, as Flask-Security's models define it."""


class User(db.Model, fsqla.FsUserMixin):  # type: ignore[name-defined,misc]
    """An account, as Flask-Security's models define it."""


class WebAuthn(db.Model, fsqla.FsWebAuthnMixin):  # type: ignore[name-defined,misc]
    """A security key; the site offers none, but the user model refers to the table."""
