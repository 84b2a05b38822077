"""The demo site on a throwaway SQLite file, served in a background thread.

Used by ``tools/screenshots.py`` (``make screenshots``): the real app from ``create_app``,
migrated as ``flask db upgrade`` would, with the demo data of ``flask seed-demo``.
"""

from __future__ import annotations

import logging
import tempfile
import threading
import warnings
from pathlib import Path

import flask_migrate
from werkzeug.serving import make_server

from eventnet import create_app
from eventnet.demo import DEMO_PASSWORD, seed
from eventnet.extensions import db

__all__ = ["DEMO_PASSWORD", "DemoSite"]


class DemoSite:
    """``with DemoSite() as site:`` serves the seeded demo at ``site.url``."""

    def __init__(self) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="eventnet-demo-")
        tmp = Path(self._tmp.name)
        self.app = create_app(
            {
                "SECRET_KEY": "demo-site-only",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'demo.sqlite3'}",
                "EVENTNET_MAIL_DIR": str(tmp / "mail"),
                "EVENTNET_SMTP_URL": None,
                "EVENTNET_CHEAP_PASSWORD_HASHING": True,
                "RATELIMIT_ENABLED": False,
                "RATELIMIT_STORAGE_URI": "memory://",
            }
        )
        self._server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.port}"
        self.app.config["EVENTNET_BASE_URL"] = self.url
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> DemoSite:
        with self.app.app_context(), warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=DeprecationWarning)
            flask_migrate.upgrade()
            logging.getLogger("alembic").setLevel(logging.WARNING)
            seed()
            db.session.commit()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)
        with self.app.app_context():
            db.engine.dispose()
        self._tmp.cleanup()
