"""The browser's side of accounts: who a session's login token belongs to, and what a
session remembers of an emailed sign-in (which address is waiting for a code, when this
session last proved its address) and the limits on asking for those emails."""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from flask import Flask, current_app, request, session
from flask_limiter.util import get_remote_address
from flask_login import login_user

from eventnet.accounts.models import User
from eventnet.accounts.services import normalise_email
from eventnet.db import utcnow
from eventnet.extensions import db, limiter, login_manager

AWAITING = "sign_in_awaiting"
CONFIRMED_AT = "sign_in_confirmed_at"

# Built once: every signed-in request starts here, and building it cost what running it does.
BY_LOGIN_TOKEN = sa.select(User).where(User.login_token == sa.bindparam("token"))


def load_user(login_token: str) -> User | None:
    return db.session.scalar(BY_LOGIN_TOKEN, {"token": login_token})


def register_login(app: Flask) -> None:
    login_manager.user_loader(load_user)


# --- the session ----------------------------------------------------------------------------


def await_code(email: str, next_path: str) -> None:
    """This browser waits for the code emailed to ``email``. The session holds the same for
    an address with an account and one without: it reveals nothing."""
    session[AWAITING] = {
        "email": normalise_email(email)[:254],
        "at": utcnow().timestamp(),
        "next": next_path[:300],
    }


def awaiting() -> dict | None:
    value = session.get(AWAITING)
    return value if isinstance(value, dict) and isinstance(value.get("email"), str) else None


def awaiting_expired(value: dict) -> bool:
    at = value.get("at")
    max_age = current_app.config["EVENTNET_SIGN_IN_MAX_AGE"]
    return not isinstance(at, float | int) or utcnow().timestamp() - at > max_age


def sign_in_confirmed(user: User) -> None:
    """Sign ``user`` in after they used an emailed link or code."""
    login_user(user)
    session.pop(AWAITING, None)
    session[CONFIRMED_AT] = utcnow().timestamp()


def recently_confirmed() -> bool:
    """Used an emailed link or code in this session within the sign-in lifetime: proof
    enough, for a passwordless account, to change its address or delete it."""
    at = session.get(CONFIRMED_AT)
    max_age = current_app.config["EVENTNET_SIGN_IN_MAX_AGE"]
    return isinstance(at, float | int) and utcnow().timestamp() - at <= max_age


# --- limits on sign-in emails ---------------------------------------------------------------


def _target_address_key() -> str:
    """The typed address, hashed: limit keys (in Redis too) hold no email address."""
    email = normalise_email(request.form.get("email", ""))[:254]
    return "sign-in-address:" + hashlib.sha256(email.encode()).hexdigest()[:32]


def _email_limits() -> str:
    return current_app.config["EVENTNET_SIGN_IN_EMAIL_LIMITS"]


def _address_limits() -> str:
    return current_app.config["EVENTNET_SIGN_IN_ADDRESS_LIMITS"]


def _asked(response) -> bool:
    # Only a request that could have sent an email counts; a refused form sends none.
    return response.status_code == 302


def limit_sign_in_emails(view):
    """Every view that emails a sign-in link shares these two counts: per client address,
    and per address the email goes to."""
    view = limiter.shared_limit(
        _address_limits,
        scope="sign-in-address",
        key_func=_target_address_key,
        methods=["POST"],
        deduct_when=_asked,
    )(view)
    return limiter.shared_limit(
        _email_limits,
        scope="sign-in-email",
        key_func=get_remote_address,
        methods=["POST"],
        deduct_when=_asked,
    )(view)
