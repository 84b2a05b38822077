"""Account rules: sign-up, authentication, password reset, email change, export, deletion.

A password is optional: accounts made by registering from an event page have none and sign
in by emailed link or code (``sign_in.py``) until they choose one in settings.
"""

from __future__ import annotations

import contextlib
from typing import Any

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from argon2.profiles import CHEAPEST
from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from eventnet.accounts.models import User, new_login_token
from eventnet.accounts.signals import account_deleting, account_exporting
from eventnet.db import utcnow
from eventnet.errors import DomainError, Refusals
from eventnet.extensions import db
from eventnet.mail.services import queue_email
from eventnet.signals import answers
from eventnet.text import single_line
from eventnet.urls import absolute_url

MIN_PASSWORD = 10
MAX_PASSWORD = 256

_HASHERS: dict[bool, tuple[PasswordHasher, str]] = {}


def _hashing() -> tuple[PasswordHasher, str]:
    """argon2id with its recommended cost; tests may ask for the cheapest profile instead.

    The second item is a hash to verify against when the email is unknown, so that both
    answers take the same time.
    """
    cheap = bool(current_app.config.get("EVENTNET_CHEAP_PASSWORD_HASHING"))
    if cheap not in _HASHERS:
        hasher = PasswordHasher.from_parameters(CHEAPEST) if cheap else PasswordHasher()
        _HASHERS[cheap] = (hasher, hasher.hash("not a password anyone has"))
    return _HASHERS[cheap]


def normalise_email(email: str) -> str:
    return email.strip().casefold()


def hash_password(password: str) -> str:
    return _hashing()[0].hash(password)


def _check_password_rules(password: str, field: str = "password") -> None:
    if len(password) < MIN_PASSWORD:
        raise DomainError(f"Use at least {MIN_PASSWORD} characters.", field)
    if len(password) > MAX_PASSWORD:
        raise DomainError(f"Use at most {MAX_PASSWORD} characters.", field)


def password_matches(user: User, password: str) -> bool:
    hasher = _hashing()[0]
    if user.password_hash is None:  # a passwordless account: no password matches
        return False
    try:
        ok = hasher.verify(user.password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
    if ok and hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
    return ok


def find_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def create_user(email: str, name: str, password: str, *, is_admin: bool = False) -> User:
    """Sign-up and the create-user command. Emails are unique whatever their letter case."""
    email = normalise_email(email)
    refusals = Refusals()
    with refusals.checking():
        # Printed in every email's To header, on badges and in vCards: one line only.
        name = single_line(name, "name")
        if not name:
            raise DomainError("Enter your name.", "name")
    with refusals.checking():
        _check_password_rules(password)
    if find_by_email(email) is not None:
        refusals.add("email", "An account with this email address already exists.")
    refusals.raise_if_any()
    user = User(email=email, name=name, password_hash=hash_password(password), is_admin=is_admin)
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    """The user, or None: an unknown email and a wrong password look the same to the caller."""
    user = find_by_email(email)
    # A passwordless account answers like an unknown address, and takes as long.
    if user is None or user.password_hash is None:
        hasher, dummy = _hashing()
        with contextlib.suppress(VerificationError):
            hasher.verify(dummy, password)
        return None
    return user if password_matches(user, password) else None


def _reset_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")


def request_password_reset(email: str) -> None:
    """Email a reset link if the account exists; say nothing either way to the caller."""
    user = find_by_email(email)
    if user is None:
        return
    # The login token is part of the link: a reset (or any password change) rotates it,
    # so each link works once and older links die with it.
    token = _reset_serializer().dumps({"uid": user.id, "lt": user.login_token})
    minutes = current_app.config["EVENTNET_PASSWORD_RESET_MAX_AGE"] // 60
    queue_email(
        to=user.email,
        to_name=user.name,
        user_id=user.id,
        template="password_reset",
        context={
            "user": user,
            "link": absolute_url("accounts.reset_password", token=token),
            "minutes": minutes,
        },
        dedupe_key=f"password-reset:{user.id}:{token[-16:]}",
        category="account",
    )


def user_for_reset_token(token: str) -> User:
    try:
        data = _reset_serializer().loads(
            token, max_age=current_app.config["EVENTNET_PASSWORD_RESET_MAX_AGE"]
        )
    except SignatureExpired:
        raise DomainError("This reset link has expired. Ask for a new one.") from None
    except BadSignature:
        raise DomainError("This reset link is not valid. Ask for a new one.") from None
    user = db.session.get(User, data.get("uid")) if isinstance(data, dict) else None
    if user is None or user.login_token != data.get("lt"):
        raise DomainError("This reset link has already been used. Ask for a new one.")
    return user


def set_password(user: User, new_password: str) -> None:
    _check_password_rules(new_password)
    user.password_hash = hash_password(new_password)
    user.login_token = new_login_token()


def reset_password(token: str, new_password: str) -> User:
    user = user_for_reset_token(token)
    set_password(user, new_password)
    return user


def change_password(user: User, current_password: str, new_password: str) -> None:
    """A passwordless account sets its first password without a current one: the session
    is all the proof there is, as it is for choosing one on a reset link."""
    if user.password_hash is not None and not password_matches(user, current_password):
        raise DomainError("That is not your current password.", "current_password")
    _check_password_rules(new_password, "new_password")
    set_password(user, new_password)


RECONFIRM = "To {what}, first sign in again with a link or code we email you (it proves it is you)."


def _check_it_is_them(user: User, current_password: str, recently_confirmed: bool, what: str):
    """A password account types its password; a passwordless one must have used an emailed
    link or code in this session within the last few minutes (``recently_confirmed``)."""
    if user.password_hash is None:
        if not recently_confirmed:
            raise DomainError(RECONFIRM.format(what=what))
    elif not password_matches(user, current_password):
        raise DomainError("That is not your current password.", "current_password")


def change_email(
    user: User, current_password: str, new_email: str, *, recently_confirmed: bool = False
) -> None:
    _check_it_is_them(user, current_password, recently_confirmed, "change your email address")
    new_email = normalise_email(new_email)
    if new_email == user.email:
        return
    if find_by_email(new_email) is not None:
        raise DomainError("An account with this email address already exists.", "email")
    old_email = user.email
    user.email = new_email
    queue_email(
        to=old_email,
        to_name=user.name,
        user_id=user.id,
        template="email_changed",
        context={"user": user, "old_email": old_email, "new_email": new_email},
        dedupe_key=f"email-changed:{user.id}:{new_email}:{utcnow().isoformat()}",
    )


def change_name(user: User, name: str) -> None:
    name = single_line(name, "name")
    if not name:
        raise DomainError("Enter your name.", "name")
    user.name = name


def export_account(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "email": user.email,
        "name": user.name,
        "is_admin": user.is_admin,
        "created_at": user.created_at.isoformat(),
    }


def export_user_data(user: User) -> dict[str, Any]:
    """Everything held about ``user``: one section per ``account_exporting`` receiver, in
    the order eventnet/wiring.py connects them."""
    return {
        "exported_at": utcnow().isoformat(),
        **dict(answers(account_exporting.send(user))),
    }


def delete_account(user: User, current_password: str, *, recently_confirmed: bool = False) -> None:
    """Send ``account_deleting`` (every domain's step, any may refuse), then delete."""
    _check_it_is_them(user, current_password, recently_confirmed, "delete your account")
    account_deleting.send(user)
    db.session.delete(user)
    db.session.flush()
