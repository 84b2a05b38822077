"""Fixtures shared by every test: the app on each database, a client, login, query counting.

Every test that asks for ``app`` (or anything built on it) runs once on SQLite and, when
EVENTNET_TEST_POSTGRES_URL is set, once more on PostgreSQL. Each pytest session gets its own
PostgreSQL database, so parallel runs on one server do not disturb each other.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from sqlalchemy.engine import make_url

from eventnet import create_app
from eventnet.extensions import db

POSTGRES_URL = os.environ.get("EVENTNET_TEST_POSTGRES_URL")
IN_CI = bool(os.environ.get("CI"))
BACKENDS = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])
PASSWORD = "correct horse battery staple"


def skip_or_fail(reason: str) -> None:
    """Outside CI a missing service skips the test; in CI it is a failure."""
    if IN_CI:
        pytest.fail(f"{reason} (required in CI)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[tuple[str, list[bool]]]:
    """A fresh PostgreSQL database for this session, dropped at the end."""
    if not POSTGRES_URL:
        skip_or_fail("EVENTNET_TEST_POSTGRES_URL is not set")
    admin_url = make_url(POSTGRES_URL)
    name = f"eventnet_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as error:
        skip_or_fail(f"PostgreSQL is not reachable at {POSTGRES_URL}: {error}")
    url = admin_url.set(database=name).render_as_string(hide_password=False)
    schema_ready: list[bool] = []
    yield url, schema_ready
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def make_test_config(database_url: str, tmp_path) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "EVENTNET_BASE_URL": "http://eventnet.test",
        "EVENTNET_MAIL_DIR": str(tmp_path / "mail"),
        "EVENTNET_SMTP_URL": None,
        "EVENTNET_CHEAP_PASSWORD_HASHING": True,
        "RATELIMIT_STORAGE_URI": "memory://",
    }


class FreshContextClient(FlaskClient):
    """Each request gets its own app context, as in production.

    The ``app`` fixture keeps an app context open for the test's own database work; without
    this, every request would share it, and with it ``g`` (where Flask-Login caches the user)
    and the database session.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        # Back in the test's own context: what the request committed is read afresh.
        db.session.expire_all()
        return response


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def database_url(backend, tmp_path, request) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite3'}"
    url, _ = request.getfixturevalue("postgres_database")
    return url


@pytest.fixture
def app_config(database_url, tmp_path) -> dict:
    """Override in a test module to change settings for its apps."""
    return make_test_config(database_url, tmp_path)


@pytest.fixture
def app(app_config, backend, request):
    app = create_app(app_config)
    app.test_client_class = FreshContextClient
    with app.app_context():
        if backend == "sqlite":
            db.create_all()
        else:
            _, schema_ready = request.getfixturevalue("postgres_database")
            if not schema_ready:
                db.drop_all()
                db.create_all()
                schema_ready.append(True)
            tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            db.session.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            db.session.commit()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def login_as(client):
    """``login_as(user)`` logs the test client in through the real login form."""

    def login(user, password: str = PASSWORD):
        client.post("/logout")
        response = client.post("/login", data={"email": user.email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)
        return user

    return login


@contextmanager
def _counting(engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)


@pytest.fixture
def count_queries(app):
    """``with count_queries() as queries: ...`` then ``len(queries)``."""
    return lambda: _counting(db.engine)
