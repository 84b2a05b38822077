"""CSRF: the token page needs its CSRF token; the API (bearer tokens only) needs none."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from eventnet.api.models import ApiToken
from eventnet.extensions import db
from tests.conftest import PASSWORD, make_test_config
from tests.factories import make_user


@pytest.fixture
def app_config(database_url, tmp_path):
    return {**make_test_config(database_url, tmp_path), "WTF_CSRF_ENABLED": True}


def test_the_token_page_refuses_a_form_without_its_csrf_token(app, client):
    user = make_user()
    client.get("/login")
    page = client.get("/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    login = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": csrf}
    )
    assert login.status_code == 302
    assert client.post("/me/tokens", data={"name": "Sneaky"}).status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0


def test_api_writes_need_no_csrf_token(app, client, token_for):
    secret = token_for(make_user())
    response = client.patch(
        "/api/v1/me", json={"name": "Priya Shah"}, headers={"Authorization": f"Bearer {secret}"}
    )
    assert response.status_code == 200
    assert response.get_json()["name"] == "Priya Shah"
