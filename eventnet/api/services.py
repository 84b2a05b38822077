"""Personal API tokens: made and revoked by their owner, found by the secret a client sends."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from eventnet.accounts.models import User
from eventnet.api.models import ApiToken
from eventnet.db import utcnow
from eventnet.errors import DomainError, NotFound
from eventnet.extensions import db
from eventnet.text import single_line

# Recognisable in logs and by secret scanners; the random part is token_urlsafe(32).
PREFIX = "evn_"
MAX_NAME = 80
# last_used_at is written at most this often per token, not on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns it and its secret, which is never available again."""
    name = single_line(name, "name")
    if not name:
        raise DomainError("Give the token a name, e.g. the app that will use it.", "name")
    if len(name) > MAX_NAME:
        raise DomainError(f"Use at most {MAX_NAME} characters.", "name")
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, secret_hash=_hash(secret))
    db.session.add(token)
    db.session.flush()
    return token, secret


def tokens_of(user: User) -> list[ApiToken]:
    return list(
        db.session.scalars(
            sa.select(ApiToken)
            .where(ApiToken.user_id == user.id)
            .order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc(), ApiToken.id)
        )
    )


def revoke_token(user: User, token_id: int) -> ApiToken:
    """Revoke one of ``user``'s tokens (404 for anyone else's); revoking twice is harmless."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound("There is no such token.")
    token.revoked_at = token.revoked_at or utcnow()
    db.session.flush()
    return token


def token_for_secret(secret: str) -> ApiToken | None:
    """The live token with this secret, or None (unknown, revoked, or malformed)."""
    if not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    token = db.session.scalar(
        sa.select(ApiToken)
        .options(joinedload(ApiToken.user))
        .where(ApiToken.secret_hash == _hash(secret))
    )
    if token is None or token.revoked:
        return None
    return token


def use_to_record(token: ApiToken) -> datetime | None:
    """When ``token`` is being used, if that is worth writing down (at most once a minute)."""
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        return now
    return None


def record_use(token_id: int, when: datetime) -> None:
    """One UPDATE, no read: the caller decides which transaction carries it."""
    db.session.execute(
        sa.update(ApiToken)
        .where(ApiToken.id == token_id)
        .values(last_used_at=when)
        .execution_options(synchronize_session=False)
    )


def _moment(value):
    return value.isoformat() if value else None


def export_tokens(user: User) -> list[dict]:
    """Names and times only: the secrets are not held, so they cannot be exported."""
    return [
        {
            "name": token.name,
            "created_at": _moment(token.created_at),
            "last_used_at": _moment(token.last_used_at),
            "revoked_at": _moment(token.revoked_at),
        }
        for token in tokens_of(user)
    ]
