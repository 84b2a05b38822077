"""List-Unsubscribe on optional mail; one-click unsubscribe without a session; preferences."""

from __future__ import annotations

from eventnet.extensions import db
from eventnet.mail.preferences import (
    preferences_of,
    unsubscribe_token,
    unsubscribe_url,
    wants,
)
from eventnet.mail.services import queue_email
from tests.factories import make_user
from tests.notifications.conftest import as_mime, queued, run_scheduler

PATH = "https://eventnet.test"


def _path(url: str) -> str:
    return url.removeprefix(PATH)


def test_optional_mail_carries_list_unsubscribe_headers(people):
    people.attendee()
    run_scheduler(people.reminder_due)

    [email] = queued("reminder")
    message = as_mime(email)
    link = unsubscribe_url(email.user_id, "reminders")
    assert message["List-Unsubscribe"] == f"<{link}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in email.text_body
    assert link in email.html_body


def test_one_click_post_unsubscribes_without_logging_in(app, client):
    user = make_user()
    url = _path(unsubscribe_url(user, "reminders"))

    response = client.post(url, data={"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert wants(user, "reminders") is False
    assert wants(user, "follow_ups") is True


def test_opening_the_link_asks_first_and_changes_nothing(app, client):
    user = make_user()

    page = client.get(_path(unsubscribe_url(user, "follow_ups")))

    assert page.status_code == 200
    assert '<form method="post"' in page.get_data(as_text=True)
    assert wants(user, "follow_ups") is True


def test_one_click_works_with_csrf_protection_on(app, client):
    app.config["WTF_CSRF_ENABLED"] = True
    user = make_user()

    response = client.post(_path(unsubscribe_url(user, "organiser_messages")))

    assert response.status_code == 200
    assert wants(user, "organiser_messages") is False


def test_a_tampered_unsubscribe_link_is_refused(app, client):
    user = make_user()
    other = make_user()
    token = unsubscribe_token(user, "reminders")
    forged = token.split(".")[0] + "." + unsubscribe_token(other, "reminders").split(".")[1]

    for bad in (token[:-2] + "xx", forged, "nonsense"):
        assert client.post(f"/unsubscribe/{bad}").status_code == 404
        assert client.get(f"/unsubscribe/{bad}").status_code == 404
    assert wants(user, "reminders") is True
    assert wants(other, "reminders") is True


def test_essential_mail_has_no_unsubscribe_header(app):
    user = make_user()
    email = queue_email(
        to=user.email,
        user_id=user.id,
        template="password_reset",
        context={"user": user, "link": "https://eventnet.test/r", "minutes": 60},
        dedupe_key="reset:1",
        category="account",
    )
    db.session.commit()

    assert "List-Unsubscribe" not in as_mime(email)
    assert "unsubscribe" not in email.text_body.lower()


def test_preferences_page_turns_categories_off_and_on(app, client, login_as):
    user = login_as(make_user())

    assert client.get("/me/emails").status_code == 200
    response = client.post("/me/emails", data={"reminders": "y", "meetings": "y"})

    assert response.status_code == 302
    assert preferences_of(user) == {
        "reminders": True,
        "follow_ups": False,
        "organiser_messages": False,
        "meetings": True,
    }


def test_preferences_page_needs_a_login(client):
    response = client.get("/me/emails")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_a_plain_http_site_offers_the_link_but_not_one_click(app, people):
    """RFC 8058 one-click needs https; a development site on http offers only the link."""
    app.config["EVENTNET_BASE_URL"] = "http://127.0.0.1:5000"
    people.attendee()
    run_scheduler(people.reminder_due)

    [email] = queued("reminder")
    message = as_mime(email)
    assert message["List-Unsubscribe"].startswith("<http://127.0.0.1:5000/unsubscribe/")
    assert message["List-Unsubscribe-Post"] is None
