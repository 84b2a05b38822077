"""Signing in by an emailed link or 6-digit code: once, for 15 minutes, for that address."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from freezegun import freeze_time

from eventnet.accounts import sign_in
from eventnet.accounts.models import SignInCode, User
from eventnet.db import utcnow
from eventnet.extensions import db
from tests.factories import make_user
from tests.mailbox import outbox

LINK = re.compile(r"http://eventnet\.test(/login/link/\S+)")
CODE = re.compile(r"^(\d{6})$", re.M)


def latest_email(address: str):
    emails = outbox(address)
    assert emails, f"no email to {address}"
    return emails[-1]


def link_and_code(address: str) -> tuple[str, str]:
    body = latest_email(address).text_body
    return LINK.search(body).group(1), CODE.search(body).group(1)


def ask(client, email: str, next_path: str = ""):
    return client.post("/login/email", data={"email": email, "next": next_path})


def signed_in_as(client) -> str | None:
    page = client.get("/me/settings")
    if page.status_code != 200:
        return None
    return re.search(r"Now: <strong>([^<]+)</strong>", page.get_data(as_text=True)).group(1)


def test_the_emailed_link_signs_in_once_in_any_browser(app, client):
    user = make_user(email="ada.lovelace@stmarys.example")
    response = ask(client, user.email, "/me/events")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login/code"
    link, _ = link_and_code(user.email)

    other_browser = app.test_client()
    opened = other_browser.get(link)
    assert opened.status_code == 302
    assert opened.headers["Location"] == "/me/events"
    assert signed_in_as(other_browser) == user.email

    third = app.test_client()
    again = third.get(link)
    assert again.status_code == 400
    assert sign_in.USED_LINK in again.get_data(as_text=True)
    assert signed_in_as(third) is None


def test_the_code_signs_in_the_browser_that_asked(app, client):
    user = make_user(email="grace.hopper@stmarys.example")
    ask(client, user.email)
    page = client.get("/login/code").get_data(as_text=True)
    assert "Check your email" in page
    assert "grace.hopper@stmarys.example" in page
    _, code = link_and_code(user.email)
    response = client.post("/login/code", data={"code": f"{code[:3]} {code[3:]}"})
    assert response.status_code == 302
    assert signed_in_as(client) == user.email
    used = db.session.scalar(sa.select(SignInCode).where(SignInCode.user_id == user.id))
    assert used.used_at is not None


def test_an_unknown_address_gets_the_same_answer_and_no_email_and_no_account(app, client):
    known = make_user(email="known@stmarys.example")
    answers = [ask(client, address) for address in (known.email, "nobody@stmarys.example")]
    assert [a.status_code for a in answers] == [302, 302]
    assert answers[0].headers["Location"] == answers[1].headers["Location"]
    pages = []
    for address in (known.email, "nobody@stmarys.example"):
        ask(client, address)
        page = client.get("/login/code").get_data(as_text=True)
        pages.append(page.replace(address, "ADDRESS"))
        wrong = client.post("/login/code", data={"code": "000000"})
        pages.append(wrong.get_data(as_text=True).replace(address, "ADDRESS"))
    assert pages[0] == pages[2]
    assert re.sub(r'value="[^"]+"', "", pages[1]) == re.sub(r'value="[^"]+"', "", pages[3])
    assert outbox("nobody@stmarys.example") == []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1


def test_the_code_locks_after_five_wrong_tries(app, client):
    user = make_user(email="locked@stmarys.example")
    ask(client, user.email)
    _, code = link_and_code(user.email)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    messages = []
    for _ in range(5):
        answer = client.post("/login/code", data={"code": wrong})
        assert answer.status_code == 401
        messages.append(answer.get_data(as_text=True))
    assert sign_in.WRONG_CODE in messages[0]
    assert sign_in.LOCKED_CODE in messages[-1]
    right = client.post("/login/code", data={"code": code})
    assert right.status_code == 401
    assert sign_in.LOCKED_CODE in right.get_data(as_text=True)
    assert signed_in_as(client) is None


def test_a_code_works_only_for_its_address(app, client):
    make_user(email="first@stmarys.example")
    make_user(email="second@stmarys.example")
    ask(client, "first@stmarys.example")
    _, first_code = link_and_code("first@stmarys.example")
    ask(client, "second@stmarys.example")
    answer = client.post("/login/code", data={"code": first_code})
    assert answer.status_code == 401
    assert sign_in.WRONG_CODE in answer.get_data(as_text=True)
    assert signed_in_as(client) is None


def test_link_and_code_expire_after_fifteen_minutes(app, client):
    user = make_user(email="late@stmarys.example")
    with freeze_time(utcnow() - timedelta(minutes=16)):
        ask(client, user.email)
    link, code = link_and_code(user.email)
    answer = client.post("/login/code", data={"code": code})
    assert sign_in.EXPIRED_CODE in answer.get_data(as_text=True)
    opened = app.test_client().get(link)
    assert opened.status_code == 400
    assert sign_in.EXPIRED_LINK in opened.get_data(as_text=True)
    assert signed_in_as(client) is None


@pytest.mark.parametrize(
    "path",
    ["/login/link/nonsense", "/login/link/" + "x" * 500, "/login/link/%00%ff"],
)
def test_a_tampered_link_is_refused_clearly(app, client, path):
    make_user(email="tamper@stmarys.example")
    ask(client, "tamper@stmarys.example")
    answer = client.get(path)
    assert answer.status_code in (400, 404)
    if answer.status_code == 400:
        assert sign_in.BAD_LINK in answer.get_data(as_text=True)
    assert signed_in_as(client) is None


def test_a_link_stops_working_after_the_email_address_changes(app, client):
    user = make_user(email="moving@stmarys.example")
    ask(client, user.email)
    link, _ = link_and_code(user.email)
    user.email = "moved@stmarys.example"
    db.session.commit()
    answer = app.test_client().get(link)
    assert answer.status_code == 400
    assert sign_in.MOVED_LINK in answer.get_data(as_text=True)


def test_the_code_page_without_a_request_says_what_to_do(app, client):
    page = client.get("/login/code")
    assert page.status_code == 200
    assert "There is no sign-in waiting in this browser" in page.get_data(as_text=True)
    assert client.post("/login/code", data={"code": "123456"}).status_code == 200


@pytest.mark.parametrize(
    ("code", "message"),
    [("", "Enter the 6-digit code"), ("12345", "Enter the 6 digits"), ("abcdef", "6 digits")],
)
def test_a_malformed_code_is_refused_without_counting(app, client, code, message):
    user = make_user(email="typo@stmarys.example")
    ask(client, user.email)
    answer = client.post("/login/code", data={"code": code})
    assert answer.status_code == 400
    assert message in answer.get_data(as_text=True)
    row = db.session.scalar(sa.select(SignInCode))
    assert row.failed_attempts == 0


def test_a_passwordless_account_cannot_log_in_with_any_password(app, client):
    sign_in.passwordless_user("nopass@stmarys.example", "No Pass")
    db.session.commit()
    answer = client.post("/login", data={"email": "nopass@stmarys.example", "password": "x" * 12})
    assert answer.status_code == 401
    assert "That email and password do not match an account." in answer.get_data(as_text=True)


def test_too_many_sign_in_emails_for_one_address_are_refused(app, client):
    user = make_user(email="flooded@stmarys.example")
    answers = [app.test_client().post("/login/email", data={"email": user.email}) for _ in range(4)]
    assert [a.status_code for a in answers] == [302, 302, 302, 429]
    assert len(outbox(user.email)) == 3


def test_a_passwordless_person_sets_a_password_then_logs_in_with_it(app, client):
    user = sign_in.passwordless_user("setter@stmarys.example", "Setter")
    db.session.commit()
    ask(client, user.email)
    link, _ = link_and_code(user.email)
    client.get(link)
    page = client.get("/me/settings").get_data(as_text=True)
    assert "Set password" in page
    assert "password-current_password" not in page
    saved = client.post(
        "/me/settings",
        data={"action": "password", "password-new_password": "a long new password"},
    )
    assert saved.status_code == 302
    client.post("/logout")
    answer = client.post("/login", data={"email": user.email, "password": "a long new password"})
    assert answer.status_code == 302


def test_a_passwordless_person_changes_address_only_after_a_fresh_emailed_sign_in(app, client):
    user = sign_in.passwordless_user("fresh@stmarys.example", "Fresh")
    db.session.commit()
    ask(client, user.email)
    link, _ = link_and_code(user.email)
    with freeze_time(utcnow() - timedelta(minutes=30)):
        client.get(link)
    refused = client.post(
        "/me/settings", data={"action": "email", "email-email": "new@stmarys.example"}
    )
    assert refused.status_code == 400
    assert "first sign in again with a link" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).email == "fresh@stmarys.example"

    ask(client, user.email)
    link, _ = link_and_code(user.email)
    client.get(link)
    done = client.post(
        "/me/settings", data={"action": "email", "email-email": "new@stmarys.example"}
    )
    assert done.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).email == "new@stmarys.example"
