"""Blueprints, security headers and what every page template can use."""

from __future__ import annotations

import zlib

from flask import Flask

from eventnet.accounts.views import bp as accounts
from eventnet.api.pages import bp as api_tokens
from eventnet.api.views import bp as api
from eventnet.badges.views import bp as badges
from eventnet.calendar.views import bp as calendar
from eventnet.connections.views import bp as connections
from eventnet.core.views import bp as core
from eventnet.events import times
from eventnet.events.views import bp as events
from eventnet.extensions import csrf
from eventnet.meetings.views import bp as meetings
from eventnet.networks.views import bp as networks
from eventnet.notifications.views import bp as notifications
from eventnet.profiles.views import bp as profiles
from eventnet.registration.views import bp as registration
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
    app.register_blueprint(notifications)
    app.register_blueprint(meetings)
    # The API accepts no cookie login, only bearer tokens, so there is no CSRF to guard against.
    csrf.exempt(api)
    app.register_blueprint(api)
    app.register_blueprint(api_tokens)


def register_web(app: Flask) -> None:
    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("Permissions-Policy", "camera=(self), geolocation=()")
        if app.config["EVENTNET_ENV"] == "production":
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        return response

    app.jinja_env.globals["absolute_url"] = absolute_url
    app.jinja_env.filters["avatar_tone"] = avatar_tone
    app.jinja_env.filters["initials"] = initials
    app.jinja_env.filters["event_local"] = event_local

    @app.context_processor
    def site():
        return {"site_name": "eventnet"}


AVATAR_TONES = 8  # .avatar-tone-0 … -7 in static/app.css


def avatar_tone(name: str) -> int:
    """The same person always gets the same colour behind their initials."""
    return zlib.crc32((name or "").casefold().encode()) % AVATAR_TONES


def initials(name: str) -> str:
    """'Seán Murphy' -> 'SM'; one word gives one letter."""
    words = (name or "?").split()
    return (words[0][:1] + (words[-1][:1] if len(words) > 1 else "")).upper()


def event_local(event):
    """When the event starts, on its own wall clock (the date tile)."""
    return times.in_zone(event.starts_at, event.timezone)
