"""With CSRF protection on, as in production, a network POST without the form's token is
refused and changes nothing; with the token from the page it goes through."""

from __future__ import annotations

import re

import pytest

from tests.conftest import PASSWORD, make_test_config
from tests.networks.conftest import memberships, snapshot, text
from tests.networks.test_permissions import ORGANISER_URLS

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@pytest.fixture
def app_config(database_url, tmp_path) -> dict:
    return {**make_test_config(database_url, tmp_path), "WTF_CSRF_ENABLED": True}


def csrf_token(page: str) -> str:
    match = TOKEN.search(page)
    assert match, "no CSRF token on the page"
    return match.group(1)


@pytest.fixture
def log_in(client):
    """Log in through the real form, token and all (conftest's login_as posts without one)."""

    def login(user):
        token = csrf_token(text(client.get("/login")))
        response = client.post(
            "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
        )
        assert response.status_code == 302
        return user

    return login


def test_a_post_without_a_token_is_refused_and_changes_nothing(client, log_in, public_cast):
    log_in(public_cast.owner)
    before = snapshot()

    for url in ORGANISER_URLS:
        if url.method == "POST":
            response = client.post(url.path(public_cast), data=url.data(public_cast))
            assert response.status_code == 400, url.name
            # Plain words and a way back, not the framework's "The CSRF token is missing."
            assert "reload the page and try again" in text(response)
            assert "CSRF" not in text(response)
    for path in ("/networks/new", "/n/midlands-heads/leave"):
        assert client.post(path, data={"name": "Sneaky"}).status_code == 400

    assert snapshot() == before


def test_a_forged_join_is_refused(client, log_in, public_cast):
    log_in(public_cast.outsider)
    before = snapshot()
    response = client.post("/n/midlands-heads/join", data={"csrf_token": "forged"})
    assert response.status_code == 400
    assert snapshot() == before
    assert public_cast.outsider.email not in memberships(public_cast.network)


def test_the_token_from_the_page_lets_the_post_through(client, log_in, public_cast):
    log_in(public_cast.outsider)
    token = csrf_token(text(client.get("/n/midlands-heads")))
    response = client.post("/n/midlands-heads/join", data={"csrf_token": token})
    assert response.status_code == 302
    assert public_cast.outsider.email in memberships(public_cast.network)


def test_every_manage_page_form_carries_a_token(client, log_in, private_cast):
    log_in(private_cast.owner)
    page = text(client.get("/organise/n/midlands-heads"))
    forms = re.findall(r"<form\b.*?</form>", page, re.S)
    assert len(forms) >= 6
    for form in forms:
        assert "csrf_token" in form, form
