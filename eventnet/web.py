"""Blueprints, security headers and what every page template can use."""

from __future__ import annotations

import zlib

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer
from markupsafe import Markup, escape

from eventnet.accounts.views import bp as accounts
from eventnet.api.pages import bp as api_tokens
from eventnet.api.views import bp as api
from eventnet.badges.views import bp as badges
from eventnet.calendar.views import bp as calendar
from eventnet.config import SITE_NAME
from eventnet.connections.views import bp as connections
from eventnet.core.views import bp as core
from eventnet.events import covers
from eventnet.events.views import bp as events
from eventnet.extensions import csrf
from eventnet.meetings.views import bp as meetings
from eventnet.networks.views import bp as networks
from eventnet.notifications.views import bp as notifications
from eventnet.organise.views import bp as organise
from eventnet.profiles import photos
from eventnet.profiles.views import bp as profiles
from eventnet.registration.views import bp as registration
from eventnet.sharing.views import bp as sharing
from eventnet.urls import absolute_url

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "media-src 'self' blob:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def register_blueprints(app: Flask) -> None:
    for blueprint in (core, accounts, networks, events, registration, profiles):
        app.register_blueprint(blueprint)
    app.register_blueprint(badges)
    app.register_blueprint(connections)
    app.register_blueprint(calendar)
    app.register_blueprint(sharing)
    app.register_blueprint(notifications)
    app.register_blueprint(meetings)
    app.register_blueprint(organise)
    # The API accepts no cookie login, only bearer tokens, so there is no CSRF to guard against.
    csrf.exempt(api)
    app.register_blueprint(api)
    app.register_blueprint(api_tokens)


def security_headers(production: bool) -> tuple[tuple[str, str], ...]:
    """The headers every answer carries unless its view set its own."""
    headers = [
        ("Content-Security-Policy", CSP),
        ("X-Content-Type-Options", "nosniff"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "same-origin"),
        ("Permissions-Policy", "camera=(self), geolocation=()"),
    ]
    if production:
        headers.append(("Strict-Transport-Security", "max-age=31536000; includeSubDomains"))
    return tuple(headers)


class SessionCookies(SecureCookieSessionInterface):
    """Flask's signed cookie sessions, with the signer made once per set of keys (Flask makes
    one per request) and nothing to verify when the request sends no session cookie."""

    def __init__(self) -> None:
        self._signers: dict[tuple, URLSafeTimedSerializer | None] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        if keys not in self._signers:
            self._signers[keys] = super().get_signing_serializer(app)
        return self._signers[keys]

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if app.secret_key and not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()
        return super().open_session(app, request)


def register_web(app: Flask) -> None:
    app.session_interface = SessionCookies()
    headers = security_headers(app.config["EVENTNET_ENV"] == "production")

    @app.after_request
    def add_security_headers(response):
        present = {name.lower() for name, _ in response.headers.items()}
        response.headers.extend([h for h in headers if h[0].lower() not in present])
        return response

    app.jinja_env.globals["absolute_url"] = absolute_url
    # The "file too large" page names each limit, taken from the code that applies it.
    app.jinja_env.globals["upload_limits"] = (
        ("Cover images", megabytes(covers.MAX_UPLOAD_BYTES)),
        ("Profile photos", megabytes(photos.MAX_UPLOAD_BYTES)),
    )
    app.jinja_env.filters["avatar_tone"] = avatar_tone
    app.jinja_env.filters["initials"] = initials
    app.jinja_env.filters["email_wrap"] = email_wrap

    @app.context_processor
    def site():
        return {"site_name": SITE_NAME}


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB"


AVATAR_TONES = 8  # .avatar-tone-0 … -7 in static/app.css


def avatar_tone(name: str) -> int:
    """The same person always gets the same colour behind their initials."""
    return zlib.crc32((name or "").casefold().encode()) % AVATAR_TONES


def initials(name: str) -> str:
    """'Seán Murphy' -> 'SM'; one word gives one letter."""
    words = (name or "?").split()
    return (words[0][:1] + (words[-1][:1] if len(words) > 1 else "")).upper()


def email_wrap(address: str) -> Markup:
    """An email address that may wrap after its @ (a <wbr>), so a table column holding
    addresses can be as narrow as the longer half instead of the whole address."""
    local, at, domain = (address or "").partition("@")
    wrap = Markup("@<wbr>")  # noqa: S704 - a constant; both halves are escaped
    return escape(local) + (wrap if at else "") + escape(domain)
