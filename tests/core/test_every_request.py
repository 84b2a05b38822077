"""What every request shares: the security headers, the session cookie and the rate limiter's
app-wide check, each set up once per app rather than redone per request."""

import pytest
from flask import Response, session
from itsdangerous import URLSafeTimedSerializer

from eventnet import create_app
from eventnet.extensions import Limiter
from eventnet.web import SessionCookies
from tests.conftest import make_test_config


@pytest.fixture
def bare(tmp_path):
    """An app of our own, with routes added before its first request."""
    app = create_app(make_test_config(f"sqlite:///{tmp_path / 'bare.sqlite3'}", tmp_path))

    @app.get("/own-headers")
    def own_headers():
        response = Response("framed by us")
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
        response.headers["Content-Security-Policy"] = "default-src 'none'"
        return response

    @app.get("/remember")
    def remember():
        session["seen"] = "yes"
        return "ok"

    @app.get("/recall")
    def recall():
        return session.get("seen", "nothing")

    return app


def test_a_views_own_security_header_wins_and_the_others_are_added(bare):
    response = bare.test_client().get("/own-headers")
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert response.headers["Content-Security-Policy"] == "default-src 'none'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers.getlist("X-Frame-Options") == ["SAMEORIGIN"]


def test_production_adds_strict_transport_security(tmp_path):
    config = make_test_config(f"sqlite:///{tmp_path / 'prod.sqlite3'}", tmp_path)
    production = create_app({**config, "EVENTNET_ENV": "production"})
    development = create_app(config)
    assert "Strict-Transport-Security" in production.test_client().get("/healthz").headers
    assert "Strict-Transport-Security" not in development.test_client().get("/healthz").headers


def test_the_session_survives_between_requests_and_a_forged_cookie_is_ignored(bare):
    client = bare.test_client()
    assert client.get("/recall").get_data(as_text=True) == "nothing"
    assert client.get_cookie("session") is None  # nothing stored, no cookie sent back
    client.get("/remember")
    assert client.get("/recall").get_data(as_text=True) == "yes"
    forged = bare.test_client()
    forged.set_cookie("session", client.get_cookie("session").value[:-2] + "xx")
    assert forged.get("/recall").get_data(as_text=True) == "nothing"


def test_a_cookie_signed_with_a_retired_key_still_opens_the_session(bare):
    old = URLSafeTimedSerializer(
        "old-key",
        salt=SessionCookies.salt,
        serializer=SessionCookies.serializer,
        signer_kwargs={"key_derivation": "hmac", "digest_method": SessionCookies.digest_method},
    )
    bare.config["SECRET_KEY_FALLBACKS"] = ["old-key"]
    client = bare.test_client()
    client.set_cookie("session", old.dumps({"seen": "before the rotation"}))
    assert client.get("/recall").get_data(as_text=True) == "before the rotation"


def test_the_app_wide_limit_check_looks_only_where_a_blueprint_has_limits(app, client):
    limiter = app.extensions["limiter"].copy().pop()
    assert isinstance(limiter, Limiter)
    with app.test_request_context("/"):
        assert not limiter._blueprint_limited()
    with app.test_request_context("/api/v1/me"):
        assert limiter._blueprint_limited()
    # Pages without a limit of their own answer without rate limit headers.
    assert "X-RateLimit-Limit" not in client.get("/").headers


def test_app_wide_limits_are_refused_rather_than_silently_skipped(tmp_path):
    config = make_test_config(f"sqlite:///{tmp_path / 'limits.sqlite3'}", tmp_path)
    with pytest.raises(RuntimeError):
        create_app({**config, "RATELIMIT_DEFAULT": "100 per minute"})
