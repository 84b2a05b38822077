"""Who is calling the API: a personal token in ``Authorization: Bearer …``, nothing else.

Cookies never authenticate the API, so a page in the browser cannot be tricked into calling
it (no CSRF to defend against: the blueprint is exempt from CSRFProtect on purpose).
"""

from __future__ import annotations

from flask import current_app, g, request
from flask_limiter.util import get_remote_address

from eventnet.api import services
from eventnet.api.models import ApiToken
from eventnet.errors import DomainError
from eventnet.extensions import db

DEFAULT_LIMITS = "300 per minute;5000 per hour"


class Unauthorized(DomainError):
    status = 401
    code = "unauthorized"


def presented_token() -> ApiToken | None:
    """The live token this request carries, looked up once per request."""
    if "api_token" not in g:
        header = request.headers.get("Authorization", "")
        scheme, _, secret = header.partition(" ")
        token = None
        if scheme.lower() == "bearer" and secret.strip():
            token = services.token_for_secret(secret.strip())
        g.api_token = token
    return g.api_token


def caller():
    """The token's owner; 401 without a valid token."""
    token = presented_token()
    if token is None:
        if request.headers.get("Authorization"):
            raise Unauthorized("That API token is not valid, or has been revoked.")
        raise Unauthorized("Send a personal API token: Authorization: Bearer <token>.")
    when = services.use_to_record(token)
    if when is not None:
        # Written at the end, in the request's own commit (record_use) or, when the request
        # makes none or is refused, in one of its own (record_unsaved_use).
        g.api_token_use = (token.id, when)
    return token.user


def record_use() -> None:
    """Put the token's last use into the transaction about to be committed."""
    use = g.pop("api_token_use", None)
    if use is not None:
        services.record_use(*use)


def record_unsaved_use(response):
    """After the request: a use no commit carried (a read, a refusal) is written on its own,
    kept even when the request's work is not: that is rolled back first."""
    if "api_token_use" in g:
        db.session.rollback()
        record_use()
        db.session.commit()
    return response


def rate_limit_key() -> str:
    """Per token; requests without a valid token share their address's allowance."""
    token = presented_token()
    return f"api-token:{token.id}" if token else f"api-address:{get_remote_address()}"


def rate_limits() -> str:
    return current_app.config.get("EVENTNET_API_LIMITS") or DEFAULT_LIMITS
