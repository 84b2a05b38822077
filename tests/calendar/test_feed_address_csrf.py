"""The feed address forms on /me are CSRF-protected like every other form."""

from __future__ import annotations

import re

import pytest

from eventnet.calendar import services as calendar
from tests.conftest import PASSWORD
from tests.factories import make_user


@pytest.fixture
def app_config(app_config):
    return {**app_config, "WTF_CSRF_ENABLED": True}


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def test_making_and_replacing_the_address_need_the_csrf_token(client, app):
    person = make_user()
    token = _csrf(client.get("/login").get_data(as_text=True))
    client.post("/login", data={"email": person.email, "password": PASSWORD, "csrf_token": token})
    assert client.post("/me/calendar").status_code == 400
    assert calendar.feed_token_of(person) is None

    token = _csrf(client.get("/me").get_data(as_text=True))
    assert client.post("/me/calendar", data={"csrf_token": token}).status_code == 302
    secret = calendar.feed_token_of(person).secret
    assert client.post("/me/calendar/revoke").status_code == 400
    assert calendar.feed_token_of(person).secret == secret
    token = _csrf(client.get("/me").get_data(as_text=True))
    assert client.post("/me/calendar/revoke", data={"csrf_token": token}).status_code == 302
    assert calendar.feed_token_of(person).secret != secret
