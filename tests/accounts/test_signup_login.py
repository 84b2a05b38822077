"""Sign-up, login, logout, "remember me", safe redirects and login rate limits."""

from __future__ import annotations

import logging

import pytest
import sqlalchemy as sa

from eventnet.accounts.models import User
from eventnet.extensions import db
from tests.conftest import PASSWORD
from tests.factories import make_user


def users() -> list[User]:
    return list(db.session.scalars(sa.select(User).order_by(User.id)))


def test_signup_creates_an_account_and_logs_in(client):
    response = client.post(
        "/signup",
        data={"name": "Priya Shah", "email": "Priya@Oakfield.example", "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response.location == "/me"
    [user] = users()
    assert user.email == "priya@oakfield.example"
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash
    assert "Hello, Priya Shah" in client.get("/me").get_data(as_text=True)


@pytest.mark.parametrize(
    ("form", "field_message"),
    [
        ({"name": "", "email": "a@b.example", "password": PASSWORD}, "Enter your name."),
        ({"name": "A", "email": "not-an-email", "password": PASSWORD}, "Enter a valid email"),
        ({"name": "A", "email": "", "password": PASSWORD}, "Enter your email address."),
        ({"name": "A", "email": "a@b.example", "password": "short"}, "at least 10"),
        ({"name": "A" * 121, "email": "a@b.example", "password": PASSWORD}, "120"),
        ({"name": "A", "email": "a@b.example", "password": "x" * 300}, "256"),
    ],
)
def test_signup_rejects_bad_input_and_creates_nothing(client, form, field_message):
    response = client.post("/signup", data=form)
    assert response.status_code == 400
    assert field_message in response.get_data(as_text=True)
    assert users() == []


def test_signup_refuses_a_duplicate_email_in_any_letter_case(client):
    make_user(email="helen@stmarys.example")
    response = client.post(
        "/signup", data={"name": "Other", "email": "HELEN@StMarys.example", "password": PASSWORD}
    )
    assert response.status_code == 400
    assert "already exists" in response.get_data(as_text=True)
    assert len(users()) == 1


def test_login_accepts_the_email_in_any_case_and_logout_ends_the_session(client):
    user = make_user(email="tom@riverside.example")
    response = client.post(
        "/login", data={"email": " TOM@Riverside.example ", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/me").status_code == 200
    client.post("/logout")
    response = client.get("/me")
    assert response.status_code == 302
    assert response.location.startswith("/login")
    assert user.email == "tom@riverside.example"


def test_wrong_password_and_unknown_email_answer_the_same(client):
    make_user(email="known@school.example")
    wrong = client.post(
        "/login", data={"email": "known@school.example", "password": "wrong password!"}
    )
    unknown = client.post(
        "/login", data={"email": "nobody@school.example", "password": "wrong password!"}
    )
    assert wrong.status_code == unknown.status_code == 401
    message = "That email and password do not match an account."
    assert message in wrong.get_data(as_text=True)
    assert message in unknown.get_data(as_text=True)
    assert wrong.get_data(as_text=True).replace("known", "X") == unknown.get_data(
        as_text=True
    ).replace("nobody", "X")


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/organise", "/organise"),
        ("/n/midlands?x=1", "/n/midlands?x=1"),
        ("https://evil.example/", "/me"),
        ("//evil.example/", "/me"),
        ("/\\evil.example", "/me"),
        ("javascript:alert(1)", "/me"),
        ("", "/me"),
    ],
)
def test_next_redirects_only_to_this_site(client, target, expected):
    make_user(email="next@school.example")
    response = client.post(
        "/login", data={"email": "next@school.example", "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert response.location == expected


def test_remember_me_sets_a_lasting_httponly_cookie(client):
    make_user(email="remember@school.example")
    response = client.post(
        "/login",
        data={"email": "remember@school.example", "password": PASSWORD, "remember": "y"},
    )
    cookies = response.headers.getlist("Set-Cookie")
    remember = [c for c in cookies if c.startswith("remember_token=")]
    assert remember, cookies
    assert "HttpOnly" in remember[0]
    assert "Expires=" in remember[0]

    fresh = client.application.test_client()
    fresh.set_cookie("remember_token", remember[0].split(";")[0].split("=", 1)[1])
    assert fresh.get("/me").status_code == 200


def test_without_remember_me_there_is_no_remember_cookie(client):
    make_user(email="forget@school.example")
    response = client.post("/login", data={"email": "forget@school.example", "password": PASSWORD})
    assert not [c for c in response.headers.getlist("Set-Cookie") if "remember_token=" in c]


@pytest.fixture
def app_config(app_config):
    return {
        **app_config,
        "EVENTNET_LOGIN_LIMITS": "3 per minute",
        "EVENTNET_LOGIN_ACCOUNT_LIMITS": "6 per minute",
    }


def _login(client, email, password, address):
    return client.post(
        "/login",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_failing_for_someone_elses_email_does_not_lock_them_out(client):
    make_user("Priya Shah", "priya@oakfield.example")
    for n in range(5):
        response = _login(client, "priya@oakfield.example", f"guess number {n}", "203.0.113.5")
        assert response.status_code == 401 if n < 3 else 429
    # Priya, at her school's address, has not been failing: she logs in.
    ok = _login(client, "priya@oakfield.example", PASSWORD, "198.51.100.20")
    assert ok.status_code == 302
    assert ok.location == "/me"


def test_an_address_that_keeps_failing_is_blocked_even_with_the_right_password(client):
    make_user("Priya Shah", "priya@oakfield.example")
    for n in range(3):
        response = _login(client, "priya@oakfield.example", f"guess number {n}", "203.0.113.5")
        assert response.status_code == 401
        assert "That email and password do not match an account." in response.get_data(as_text=True)
    blocked = _login(client, "priya@oakfield.example", PASSWORD, "203.0.113.5")
    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.get_data(as_text=True)


def test_wrong_password_and_unknown_email_answer_alike(client):
    make_user("Priya Shah", "priya@oakfield.example")
    wrong = _login(client, "priya@oakfield.example", "not her password", "203.0.113.6")
    unknown = _login(client, "nobody@oakfield.example", "not her password", "203.0.113.7")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.get_data(as_text=True).replace("priya", "nobody") == unknown.get_data(as_text=True)


def test_the_limit_per_account_trips_after_many_addresses_and_is_logged(client, caplog):
    make_user("Priya Shah", "priya@oakfield.example")
    for n in range(6):
        # Each address stays under its own limit of 3.
        response = _login(client, "priya@oakfield.example", "a guess", f"10.0.{n}.1")
        assert response.status_code == 401
    with caplog.at_level(logging.WARNING, logger=client.application.logger.name):
        blocked = _login(client, "priya@oakfield.example", PASSWORD, "10.0.99.1")
    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.get_data(as_text=True)
    [record] = [r for r in caplog.records if "Login limit per account" in r.getMessage()]
    assert record.levelno == logging.WARNING
    assert "10.0.99.1" in record.getMessage()
    assert "priya" not in record.getMessage()
    # Another account from a fresh address is not affected.
    make_user(email="other@school.example")
    assert _login(client, "other@school.example", PASSWORD, "10.0.100.1").status_code == 302


def test_login_is_rate_limited_per_address_whatever_the_account(client):
    for n in range(3):
        response = client.post(
            "/login",
            data={"email": f"guess{n}@school.example", "password": "wrong password!"},
            environ_base={"REMOTE_ADDR": "192.0.2.7"},
        )
        assert response.status_code == 401
    make_user(email="real@school.example")
    blocked = client.post(
        "/login",
        data={"email": "real@school.example", "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "192.0.2.7"},
    )
    assert blocked.status_code == 429


def test_successful_logins_do_not_count_towards_the_limit(client):
    make_user(email="busy@school.example")
    for _ in range(5):
        response = client.post(
            "/login", data={"email": "busy@school.example", "password": PASSWORD}
        )
        assert response.status_code == 302
        client.post("/logout")


def test_forms_refuse_a_post_without_csrf_token(app, client):
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post(
        "/signup", data={"name": "No Token", "email": "csrf@school.example", "password": PASSWORD}
    )
    assert response.status_code == 400
    assert users() == []
