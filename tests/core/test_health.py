"""/healthz answers for the database, and the pages carry the security headers."""

import sqlalchemy as sa

from eventnet import create_app
from eventnet.extensions import db
from tests.conftest import make_test_config


def test_healthz_is_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_healthz_is_503_when_the_database_is_gone(app, tmp_path):
    from eventnet import create_app
    from tests.conftest import make_test_config

    broken = create_app(
        make_test_config("sqlite:///" + str(tmp_path / "missing" / "x.db"), tmp_path)
    )
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] != "ok"


def test_pages_send_a_csp_without_inline_script_and_deny_framing(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_sqlite_runs_in_wal_mode_with_foreign_keys_syncing_at_checkpoints(tmp_path):
    app = create_app(make_test_config(f"sqlite:///{tmp_path / 'wal.sqlite3'}", tmp_path))
    with app.app_context():
        assert db.session.execute(sa.text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.session.execute(sa.text("PRAGMA foreign_keys")).scalar() == 1
        # NORMAL (1), not FULL (2): a commit does not wait for the disk (extensions.py).
        assert db.session.execute(sa.text("PRAGMA synchronous")).scalar() == 1
