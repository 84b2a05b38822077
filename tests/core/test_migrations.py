"""Migrations build the schema from empty on each database, and agree with the models."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy.engine import make_url

from eventnet import create_app
from eventnet.extensions import db
from tests.conftest import POSTGRES_URL, make_test_config, skip_or_fail


@pytest.fixture
def empty_database_url(backend, tmp_path):
    """A database with nothing in it, dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    if not POSTGRES_URL:
        skip_or_fail("EVENTNET_TEST_POSTGRES_URL is not set")
    server = sa.create_engine(make_url(POSTGRES_URL), isolation_level="AUTOCOMMIT")
    name = f"eventnet_migrations_{uuid.uuid4().hex[:10]}"
    with server.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    with server.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    server.dispose()


@pytest.fixture
def migrated_app(empty_database_url, tmp_path):
    app = create_app(make_test_config(empty_database_url, tmp_path))
    with app.app_context():
        upgrade()
        yield app
        db.session.remove()
        db.engine.dispose()


def schema_differences() -> list:
    with db.engine.connect() as conn:
        return compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), db.metadata
        )


def test_upgrade_from_empty_builds_every_table_of_the_models(migrated_app):
    tables = set(sa.inspect(db.engine).get_table_names())
    assert {t.name for t in db.metadata.sorted_tables} <= tables
    assert "alembic_version" in tables


def test_models_and_migrations_agree(migrated_app):
    assert schema_differences() == []


def test_downgrade_to_empty_and_upgrade_again(migrated_app):
    downgrade(revision="base")
    assert set(sa.inspect(db.engine).get_table_names()) <= {"alembic_version"}
    upgrade()
    assert schema_differences() == []


def test_upgraded_database_stores_aware_utc_datetimes(migrated_app):
    from datetime import UTC, datetime, timedelta, timezone

    from tests.factories import make_user

    user = make_user()
    moment = datetime(2026, 3, 29, 1, 30, tzinfo=timezone(timedelta(hours=2)))
    user.created_at = moment
    db.session.commit()
    db.session.expire_all()
    assert user.created_at == moment
    assert user.created_at.tzinfo == UTC
