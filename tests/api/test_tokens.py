"""Personal API tokens: made on /me/tokens or by the command, shown once, stored hashed,
revocable; only a bearer token authenticates the API, never the session cookie."""

from __future__ import annotations

import hashlib
import re

import pytest
import sqlalchemy as sa
from freezegun import freeze_time

from eventnet.accounts.services import export_user_data
from eventnet.api.models import ApiToken
from eventnet.extensions import db
from eventnet.registration.models import Registration
from tests.conftest import PASSWORD
from tests.factories import make_event, make_user

TOKEN_RE = re.compile(r'value="(evn_[A-Za-z0-9_-]{43})"')


def _create_on_page(client, name="CRM sync"):
    response = client.post("/me/tokens", data={"name": name})
    assert response.status_code == 200
    match = TOKEN_RE.search(response.get_data(as_text=True))
    assert match, "the new token is shown on the page"
    return match.group(1), response


def test_a_token_made_on_the_settings_page_is_shown_once_and_works(app, client, login_as):
    user = login_as(make_user())
    secret, response = _create_on_page(client)
    assert response.headers["Cache-Control"] == "no-store"
    assert "shown only this once" in response.get_data(as_text=True)

    page = client.get("/me/tokens").get_data(as_text=True)
    assert secret not in page
    assert "CRM sync" in page
    assert "never" in page

    client.post("/logout")
    answer = client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert answer.status_code == 200
    assert answer.get_json()["email"] == user.email


def test_the_token_page_is_linked_from_my_space(app, client, login_as):
    login_as(make_user())
    assert 'href="/me/tokens"' in client.get("/me").get_data(as_text=True)


def test_a_token_needs_a_name(app, client, login_as):
    login_as(make_user())
    response = client.post("/me/tokens", data={"name": "  "})
    assert response.status_code == 400
    assert "Give the token a name" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0


def test_only_a_hash_of_the_token_is_stored(app, client, login_as):
    login_as(make_user())
    secret, _ = _create_on_page(client)
    token = db.session.scalar(sa.select(ApiToken))
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    row = db.session.execute(sa.select(ApiToken.__table__)).one()
    assert secret not in repr(tuple(row))


def test_a_revoked_token_is_refused(app, client, login_as):
    login_as(make_user())
    secret, _ = _create_on_page(client)
    token = db.session.scalar(sa.select(ApiToken))
    response = client.post(f"/me/tokens/{token.id}/revoke")
    assert response.status_code == 302
    assert "revoked" in client.get("/me/tokens").get_data(as_text=True)

    answer = client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert answer.status_code == 401
    assert answer.headers["WWW-Authenticate"].startswith("Bearer")
    assert answer.get_json()["error"]["code"] == "unauthorized"


def test_nobody_can_revoke_another_persons_token(app, client, login_as, token_for):
    owner = make_user()
    secret = token_for(owner)
    token = db.session.scalar(sa.select(ApiToken))
    login_as(make_user())
    assert client.post(f"/me/tokens/{token.id}/revoke").status_code == 404
    assert (
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    )


def test_last_used_is_recorded(app, client, token_for):
    secret = token_for(make_user())
    assert db.session.scalar(sa.select(ApiToken)).last_used_at is None
    with freeze_time("2030-01-01 12:00:00"):
        assert (
            client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code
            == 200
        )
    token = db.session.scalar(sa.select(ApiToken))
    assert token.last_used_at.isoformat() == "2030-01-01T12:00:00+00:00"


def test_a_refused_request_records_the_use_and_keeps_nothing_else(app, client, token_for):
    event = make_event(registration_mode="invite")
    secret = token_for(make_user())
    response = client.post(
        f"/api/v1/events/{event.slug}/registration",
        json={},
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert 400 <= response.status_code < 500
    db.session.expire_all()
    assert db.session.scalar(sa.select(ApiToken)).last_used_at is not None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 0


def test_a_logged_in_browser_session_alone_is_not_enough(app, client, login_as):
    login_as(make_user())
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Bearer realm="eventnet"'


@pytest.mark.parametrize(
    "header",
    ["", "Bearer", "Bearer evn_not-a-real-token", "Basic dXNlcjpwYXNz", "Token evn_x", "bearer  "],
)
def test_missing_or_wrong_credentials_are_401(app, client, header):
    headers = {"Authorization": header} if header else {}
    response = client.get("/api/v1/events", headers=headers)
    assert response.status_code == 401
    assert "Bearer" in response.headers["WWW-Authenticate"]
    assert set(response.get_json()["error"]) == {"code", "message", "fields"}


def test_create_token_command_prints_a_working_token(app, runner, client):
    make_user(email="tom.okafor@riverside-trust.example")
    result = runner.invoke(args=["create-token", "Tom.Okafor@riverside-trust.example"])
    assert result.exit_code == 0, result.output
    secret = result.output.strip()
    assert secret.startswith("evn_")
    answer = client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert answer.get_json()["email"] == "tom.okafor@riverside-trust.example"


def test_create_token_command_names_an_unknown_email(app, runner):
    result = runner.invoke(args=["create-token", "nobody@example.org"])
    assert result.exit_code != 0
    assert "no account with the email address 'nobody@example.org'" in result.output


def test_my_data_lists_token_names_but_no_secrets(app, token_for):
    user = make_user()
    secret = token_for(user, "Door scanner")
    export = export_user_data(user)
    assert export["api_tokens"][0]["name"] == "Door scanner"
    assert secret not in repr(export)
    assert hashlib.sha256(secret.encode()).hexdigest() not in repr(export)


def test_deleting_an_account_deletes_its_tokens(app, client, login_as, token_for):
    user = make_user()
    secret = token_for(user)
    login_as(user)
    response = client.post("/me/delete", data={"current_password": PASSWORD, "confirm": "y"})
    assert response.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0
    assert (
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    )
