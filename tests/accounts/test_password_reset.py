"""Password reset by an emailed one-time link that expires."""

from __future__ import annotations

import re

from freezegun import freeze_time

from eventnet.accounts.services import authenticate
from tests.factories import make_user
from tests.mailbox import outbox

NEW_PASSWORD = "a brand new password"


def reset_link(to: str) -> str:
    [email] = outbox(to)
    match = re.search(r"http://eventnet\.test(/reset-password/\S+)", email.text_body)
    assert match, email.text_body
    assert match.group(0) in email.html_body
    return match.group(1)


def test_forgot_password_emails_a_link_and_answers_the_same_for_unknown_addresses(client):
    make_user(email="helen@stmarys.example")
    known = client.post("/forgot-password", data={"email": "Helen@StMarys.example"})
    unknown = client.post("/forgot-password", data={"email": "nobody@stmarys.example"})
    assert known.status_code == unknown.status_code == 302
    assert known.location == unknown.location
    assert len(outbox()) == 1
    assert outbox()[0].subject == "Choose a new eventnet password"
    assert reset_link("helen@stmarys.example").startswith("/reset-password/")


def test_the_reset_link_sets_a_new_password_and_logs_in(client):
    user = make_user(email="tom@riverside.example")
    client.post("/forgot-password", data={"email": user.email})
    link = reset_link(user.email)
    assert client.get(link).status_code == 200
    response = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert client.get("/me").status_code == 200
    assert authenticate(user.email, NEW_PASSWORD) is not None


def test_the_reset_link_works_only_once(client):
    user = make_user(email="once@school.example")
    client.post("/forgot-password", data={"email": user.email})
    link = reset_link(user.email)
    client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    client.post("/logout")
    again = client.post(
        link, data={"password": "another password 2", "confirm": "another password 2"}
    )
    assert again.status_code == 400
    assert "already been used" in again.get_data(as_text=True)
    assert authenticate(user.email, NEW_PASSWORD) is not None
    assert authenticate(user.email, "another password 2") is None


def test_the_reset_link_expires_after_an_hour(client):
    user = make_user(email="late@school.example")
    with freeze_time("2026-11-25 09:00:00"):
        client.post("/forgot-password", data={"email": user.email})
    link = reset_link(user.email)
    with freeze_time("2026-11-25 10:01:00"):
        response = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)
    assert authenticate(user.email, NEW_PASSWORD) is None


def test_a_tampered_reset_link_is_refused(client):
    user = make_user(email="tamper@school.example")
    client.post("/forgot-password", data={"email": user.email})
    link = reset_link(user.email)
    response = client.get(link[:-3] + "abc")
    assert response.status_code == 400
    assert "not valid" in response.get_data(as_text=True)


def test_mismatched_new_passwords_change_nothing(client):
    user = make_user(email="typo@school.example")
    client.post("/forgot-password", data={"email": user.email})
    link = reset_link(user.email)
    response = client.post(link, data={"password": NEW_PASSWORD, "confirm": "something else"})
    assert response.status_code == 400
    assert "The passwords differ." in response.get_data(as_text=True)
    assert authenticate(user.email, NEW_PASSWORD) is None
    # The link is still good for a correct try.
    assert (
        client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code
        == 302
    )
