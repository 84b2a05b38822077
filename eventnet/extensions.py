"""Flask extensions as unbound instances, and ``register_extensions`` that binds them."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import flask_limiter
import sqlalchemy as sa
from flask import Flask, current_app, request
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from limits.storage import MemoryStorage
from sqlalchemy.engine import Engine

from eventnet.db import Base


class SweptMemoryStorage(MemoryStorage):
    """``memory://``, sweeping out expired counts at most once a second.

    limits' own starts a thread for its sweep (alive for 10 ms) on any hit when none is
    running: at the pace people scan badges or log in, on nearly every hit, and starting a
    thread costs more than the rest of the check (0.1 to 0.9 ms here). Expired counts are
    dropped when they are read anyway; the sweep only frees memory, so once a second does.
    If limits renames the hook below, its own sweep simply comes back.
    """

    STORAGE_SCHEME = ["eventnet-memory"]
    SWEEP_EVERY = 1.0  # seconds

    _next_sweep = 0.0

    def _MemoryStorage__schedule_expiry(self) -> None:
        now = time.monotonic()
        if now >= self._next_sweep:
            self._next_sweep = now + self.SWEEP_EVERY
            super()._MemoryStorage__schedule_expiry()


class Limiter(flask_limiter.Limiter):
    """Flask-Limiter, with its app-wide check (a before_request hook) skipped where it has
    nothing to check. eventnet has no default, application or meta limits, so that hook only
    matters in a blueprint with limits of its own (the API); a view's own ``@limiter.limit``
    is checked by its decorator either way."""

    APP_WIDE = ("RATELIMIT_DEFAULT", "RATELIMIT_APPLICATION", "RATELIMIT_META")

    def init_app(self, app: Flask) -> None:
        if any(app.config.get(setting) for setting in self.APP_WIDE):
            raise RuntimeError("eventnet's limits are set on views and blueprints only")
        if app.config.get("RATELIMIT_STORAGE_URI") == "memory://":
            app.config["RATELIMIT_STORAGE_URI"] = "eventnet-memory://"
        super().init_app(app)

    def _check_request_limit(self, callable_name=None, in_middleware=True) -> None:
        if in_middleware and not self._blueprint_limited():
            return
        super()._check_request_limit(callable_name=callable_name, in_middleware=in_middleware)

    def _blueprint_limited(self) -> bool:
        manager, blueprint = self.limit_manager, request.blueprint
        return bool(
            manager.default_limits
            or manager.application_limits
            or (blueprint and manager.blueprint_limits(current_app, blueprint))
        )


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])

MIGRATIONS = str(Path(__file__).resolve().parent.parent / "migrations")


@sa.event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """WAL so readers never wait for the writer; foreign keys on; wait rather than fail.

    ``synchronous=NORMAL``: in WAL mode a commit is written to the log without waiting for
    the disk, which syncs at each checkpoint. The database never corrupts, and a crash of
    the app loses nothing; a power cut may lose the last moments' commits. That is SQLite's
    own advice for WAL and Rails 8's default; PostgreSQL is the choice where it is not
    acceptable (README, Production)."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS, render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    limiter.init_app(app)

    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = "Please log in to see that page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    # Who a session's login token belongs to: eventnet/accounts/login.py, from create_app.
