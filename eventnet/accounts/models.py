"""The User account."""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column

from eventnet.db import TimestampMixin
from eventnet.extensions import db


def new_login_token() -> str:
    return secrets.token_urlsafe(24)


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored case-folded (see services.normalise_email), so the unique index is case-insensitive.
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    is_admin: Mapped[bool] = mapped_column(default=False)
    # Flask-Login's session id: rotated on password change, which signs out every other
    # session and "remember me" cookie, and spends any outstanding reset link.
    login_token: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_login_token)

    def get_id(self) -> str:
        return self.login_token

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"
