"""The User account and its emailed sign-in codes."""

from __future__ import annotations

import secrets
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

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
    # None for an account that signs in only by emailed link or code (passwordless).
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    is_admin: Mapped[bool] = mapped_column(default=False)
    # Flask-Login's session id: rotated on password change, which signs out every other
    # session and "remember me" cookie, and spends any outstanding reset link.
    login_token: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_login_token)

    @property
    def has_password(self) -> bool:
        return self.password_hash is not None

    def get_id(self) -> str:
        return self.login_token

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class SignInCode(TimestampMixin, db.Model):
    """An emailed one-time sign-in: a link and a 6-digit code, either of which works once,
    for a short while, for the address it was sent to. Only hashes are kept: the database
    alone cannot sign anyone in."""

    __tablename__ = "sign_in_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    # The address it was sent to: after an email change the code no longer works.
    email: Mapped[str] = mapped_column(sa.String(254), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    code_hash: Mapped[str] = mapped_column(sa.String(64))
    # Where the person goes once signed in (a path on this site), for the link too.
    next_path: Mapped[str] = mapped_column(sa.String(300), default="")
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    failed_attempts: Mapped[int] = mapped_column(default=0)

    user: Mapped[User] = relationship()
