"""Signing in by email: a one-time link and a 6-digit code, either of which works once,
within ``EVENTNET_SIGN_IN_MAX_AGE`` seconds, for the address it was sent to.

Nobody learns from the answer whether an address has an account: asking for a sign-in
email for an unknown address sends nothing and creates nothing, and says the same words.
Registering from an event page is the one path that creates an account without a password
(``passwordless_user``), because the person asked for a place by name and address.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from eventnet.accounts.models import SignInCode, User
from eventnet.accounts.services import find_by_email, normalise_email
from eventnet.accounts.signals import signed_in_by_email
from eventnet.db import utcnow
from eventnet.errors import DomainError
from eventnet.extensions import db
from eventnet.mail.services import queue_email
from eventnet.text import single_line
from eventnet.urls import absolute_url

MAX_CODE_TRIES = 5
CODE_DIGITS = 6

WRONG_CODE = "That code is not right. Check the latest email from us and try again."
LOCKED_CODE = (
    f"That code was entered wrongly {MAX_CODE_TRIES} times, so it no longer works. "
    "Ask for a new email."
)
EXPIRED_CODE = "This code has expired. Ask for a new email."
BAD_LINK = "This sign-in link is not valid. Ask for a new one."
USED_LINK = "This sign-in link has already been used. Ask for a new one."
EXPIRED_LINK = "This sign-in link has expired. Ask for a new one."
MOVED_LINK = "This sign-in link was sent to an address the account no longer uses."


def max_age() -> int:
    return current_app.config["EVENTNET_SIGN_IN_MAX_AGE"]


def _digest(kind: str, value: str) -> str:
    """Keyed, so the stored hash of a 6-digit code cannot be reversed by trying a million."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def passwordless_user(email: str, name: str) -> User:
    """The account for ``email``, made without a password if there is none. An existing
    account is left as it is: whoever typed the address does not rename its owner."""
    user = find_by_email(email)
    if user is not None:
        return user
    name = single_line(name, "name")
    if not name:
        raise DomainError("Enter your name.", "name")
    user = User(email=normalise_email(email), name=name, password_hash=None)
    db.session.add(user)
    db.session.flush()
    return user


def email_sign_in(user: User, *, next_path: str = "", about: str = "") -> SignInCode:
    """Queue an email with a fresh link and code for ``user``. ``about`` finishes the
    sentence "Use this link or code to sign in …" (e.g. "and confirm your place at …")."""
    token = secrets.token_urlsafe(32)
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    row = SignInCode(
        user=user,
        email=user.email,
        token_hash=_digest("link", token),
        code_hash=_digest("code", f"{user.email}:{code}"),
        next_path=next_path[:300],
        expires_at=utcnow() + timedelta(seconds=max_age()),
        failed_attempts=0,
    )
    db.session.add(row)
    db.session.flush()
    queue_email(
        to=user.email,
        to_name=user.name,
        user_id=user.id,
        template="sign_in",
        context={
            "user": user,
            "link": absolute_url("accounts.sign_in_link", token=token),
            "code": code,
            "minutes": max_age() // 60,
            "about": about,
        },
        dedupe_key=f"sign-in:{row.id}",
        category="account",
    )
    return row


def request_sign_in(email: str, next_path: str = "") -> None:
    """The login page's "Email me a sign-in link": an unknown address gets nothing."""
    user = find_by_email(email)
    if user is not None:
        email_sign_in(user, next_path=next_path)


def _spend(row: SignInCode) -> User:
    """Mark ``row`` used, atomically: of two requests racing with one link, one wins. Every
    other outstanding code of the account goes with it."""
    now = utcnow()
    won = db.session.execute(
        sa.update(SignInCode)
        .where(SignInCode.id == row.id, SignInCode.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if won != 1:
        raise DomainError(USED_LINK)
    db.session.execute(
        sa.update(SignInCode)
        .where(SignInCode.user_id == row.user_id, SignInCode.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(row)
    user = row.user
    signed_in_by_email.send(user)
    return user


def sign_in_by_link(token: str) -> tuple[User, str]:
    """The account and where to go next, or a ``DomainError`` that says what is wrong."""
    row = db.session.scalar(
        sa.select(SignInCode).where(SignInCode.token_hash == _digest("link", token[:200]))
    )
    if row is None:
        raise DomainError(BAD_LINK)
    if row.used_at is not None:
        raise DomainError(USED_LINK)
    if row.expires_at <= utcnow():
        raise DomainError(EXPIRED_LINK)
    if row.email != row.user.email:
        raise DomainError(MOVED_LINK)
    return _spend(row), row.next_path


def sign_in_by_code(email: str, code: str) -> tuple[User | None, str]:
    """The account and where to go next, or None and the words to show. A wrong code is
    counted (the caller commits it): the latest code locks after ``MAX_CODE_TRIES``."""
    email = normalise_email(email)
    latest = db.session.scalar(
        sa.select(SignInCode)
        .where(
            SignInCode.email == email,
            SignInCode.used_at.is_(None),
            SignInCode.expires_at > utcnow(),
        )
        .order_by(SignInCode.id.desc())
        .limit(1)
    )
    code = "".join(code.split())
    # An unknown address has no code: the same answer as a wrong one.
    if latest is None or latest.user.email != email:
        return None, WRONG_CODE
    if latest.failed_attempts >= MAX_CODE_TRIES:
        return None, LOCKED_CODE
    if not hmac.compare_digest(latest.code_hash, _digest("code", f"{email}:{code}")):
        db.session.execute(
            sa.update(SignInCode)
            .where(SignInCode.id == latest.id)
            .values(failed_attempts=SignInCode.failed_attempts + 1)
            .execution_options(synchronize_session=False)
        )
        db.session.refresh(latest)
        return None, LOCKED_CODE if latest.failed_attempts >= MAX_CODE_TRIES else WRONG_CODE
    try:
        return _spend(latest), latest.next_path
    except DomainError:
        return None, WRONG_CODE
