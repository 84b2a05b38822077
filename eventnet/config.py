"""Settings read from the environment (SPEC §7), in one place."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

# The product's name in page titles, link previews and their pictures; its one line about
# itself in the footer and in previews of pages that have nothing more to say.
SITE_NAME = "eventnet"
SITE_TAGLINE = "Networking events your community owns."


class ConfigError(RuntimeError):
    """The environment does not describe a runnable eventnet."""


def _secret_key(instance: Path, production: bool) -> str:
    key = os.environ.get("EVENTNET_SECRET_KEY")
    if key:
        return key
    if production:
        raise ConfigError("EVENTNET_SECRET_KEY must be set when EVENTNET_ENV=production")
    # Development only: make one key once and keep it, so sessions survive restarts.
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def load(instance_path: str) -> dict:
    """Build the Flask config mapping from ``EVENTNET_*`` environment variables."""
    instance = Path(instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    production = os.environ.get("EVENTNET_ENV", "development") == "production"
    database_url = os.environ.get(
        "EVENTNET_DATABASE_URL", f"sqlite:///{instance / 'eventnet.sqlite3'}"
    )
    return {
        "EVENTNET_ENV": "production" if production else "development",
        "SECRET_KEY": _secret_key(instance, production),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "EVENTNET_BASE_URL": os.environ.get("EVENTNET_BASE_URL", "http://127.0.0.1:5000").rstrip(
            "/"
        ),
        "EVENTNET_SMTP_URL": os.environ.get("EVENTNET_SMTP_URL") or None,
        "EVENTNET_MAIL_FROM": os.environ.get("EVENTNET_MAIL_FROM", "eventnet <no-reply@localhost>"),
        "EVENTNET_MAIL_DIR": os.environ.get("EVENTNET_MAIL_DIR", str(instance / "mail")),
        "EVENTNET_MAIL_MAX_ATTEMPTS": int(os.environ.get("EVENTNET_MAIL_MAX_ATTEMPTS", "6")),
        "EVENTNET_PASSWORD_RESET_MAX_AGE": 3600,
        # An emailed sign-in link or code works once, for this many seconds.
        "EVENTNET_SIGN_IN_MAX_AGE": 900,
        "EVENTNET_INVITATION_DAYS": 14,
        # Rate limits: memory:// counts in each process on its own; a redis:// URL makes
        # every process share one count (set it when running several).
        "RATELIMIT_STORAGE_URI": os.environ.get("EVENTNET_RATELIMIT_STORAGE_URL", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        # Failed logins per address and per (account, address); per account alone, from any
        # address, a much higher limit (each trip is logged).
        "EVENTNET_LOGIN_LIMITS": os.environ.get(
            "EVENTNET_LOGIN_LIMITS", "10 per minute;50 per hour"
        ),
        "EVENTNET_LOGIN_ACCOUNT_LIMITS": os.environ.get(
            "EVENTNET_LOGIN_ACCOUNT_LIMITS", "100 per hour"
        ),
        # Sign-in emails asked for (the login page, one-step registration): per client
        # address, and per target address, so nobody floods one inbox from many places.
        "EVENTNET_SIGN_IN_EMAIL_LIMITS": os.environ.get(
            "EVENTNET_SIGN_IN_EMAIL_LIMITS", "5 per minute;30 per hour"
        ),
        "EVENTNET_SIGN_IN_ADDRESS_LIMITS": os.environ.get(
            "EVENTNET_SIGN_IN_ADDRESS_LIMITS", "3 per 15 minutes;10 per day"
        ),
        # Codes typed on "Check your email" that were wrong, per client address.
        "EVENTNET_SIGN_IN_CODE_LIMITS": os.environ.get(
            "EVENTNET_SIGN_IN_CODE_LIMITS", "10 per minute;50 per hour"
        ),
        # Badge scans per address, and badge codes typed per person (SPEC §4, §8).
        "EVENTNET_BADGE_SCAN_LIMITS": os.environ.get(
            "EVENTNET_BADGE_SCAN_LIMITS", "60 per minute;600 per hour"
        ),
        "EVENTNET_BADGE_CODE_LIMITS": os.environ.get(
            "EVENTNET_BADGE_CODE_LIMITS", "10 per minute;60 per hour"
        ),
        # Requests per API token (and per address without one).
        "EVENTNET_API_LIMITS": os.environ.get(
            "EVENTNET_API_LIMITS", "300 per minute;5000 per hour"
        ),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_DURATION": 60 * 60 * 24 * 30,
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        "WTF_CSRF_TIME_LIMIT": None,
        # A directory's "filter by tag" counts are kept this long in each process: counting
        # the tags of 2,000 attendees costs more than the rest of the page (0: every view).
        "EVENTNET_DIRECTORY_TAGS_SECONDS": int(
            os.environ.get("EVENTNET_DIRECTORY_TAGS_SECONDS", "60")
        ),
        "MAX_CONTENT_LENGTH": 4 * 1024 * 1024,
    }
