"""Merge fields in organiser messages: filled per recipient, escaped, refused when unknown,
previewed for a real recipient, confirmed before sending, and replies to the organiser."""

from __future__ import annotations

from html import escape

import pytest

from eventnet.extensions import db
from eventnet.notifications import merge, services
from eventnet.notifications.models import Audience, Timing
from eventnet.registration.models import AttendanceMode
from tests.notifications.conftest import People, as_mime, queued

ALL_FIELDS = " | ".join(f"{name}=[{{{name}}}]" for name in merge.FIELDS)


@pytest.fixture
def hybrid(app):
    p = People(format="hybrid", venue_name="Oakfield Academy", venue_address="1 School Lane",
               join_url="https://meet.example/heads")  # fmt: skip
    p.helen = p.attendee("Helen Marsh", AttendanceMode.ONLINE)
    p.ivan = p.attendee("Ivan Petrov", AttendanceMode.IN_PERSON)
    db.session.commit()
    return p


def _send(p, subject: str, body: str, **kwargs):
    data = services.MessageData(subject=subject, body=body, audience=Audience.CONFIRMED,
                                timing=Timing.NOW, **kwargs)  # fmt: skip
    message = services.create_message(p.event, p.organiser, data)
    db.session.commit()
    return message


def _to(name: str):
    return next(e for e in queued("organiser-message") if e.to_name == name)


def _html_part(email) -> str:
    return as_mime(email).get_body(("html",)).get_content()


def _text_part(email) -> str:
    return as_mime(email).get_body(("plain",)).get_content()


def test_each_field_is_filled_for_each_recipient_in_subject_and_body(hybrid):
    _send(hybrid, "For {first_name}: {event_title}", ALL_FIELDS)
    event = hybrid.event
    slug = event.slug

    helen, ivan = _to("Helen Marsh"), _to("Ivan Petrov")
    assert helen.subject.startswith(f"For Helen: {event.title}")
    assert ivan.subject.startswith(f"For Ivan: {event.title}")
    text = _text_part(helen)
    assert "first_name=[Helen]" in text
    assert "name=[Helen Marsh]" in text
    assert f"event_title=[{event.title}]" in text
    assert f"({event.timezone})]" in text  # the date in the event's zone, as the app writes it
    assert f"event_link=[https://eventnet.test/e/{slug}]" in text
    assert f"badge_link=[https://eventnet.test/e/{slug}/badge]" in text
    assert "join_link=[https://meet.example/heads]" in text
    # Ivan comes in person: no join link for him.
    assert "join_link=[]" in _text_part(ivan)
    assert "meet.example/heads]" not in _text_part(ivan)
    # The HTML part has the same values, rendered from Markdown after substitution.
    assert "first_name=[Helen]" in _html_part(helen)


def test_markdown_is_rendered_after_substitution(hybrid):
    _send(hybrid, "Hi", "Hello **{first_name}**, [your badge]({badge_link}).")
    html = _html_part(_to("Helen Marsh"))
    assert "<strong>Helen</strong>" in html
    assert f'href="https://eventnet.test/e/{hybrid.event.slug}/badge"' in html


@pytest.mark.parametrize(
    "hostile",
    ["**x**", "<script>alert(1)</script>", "{event_title}", "{{7*7}}", "{0.__class__}",
     "[a](javascript:alert(1))", "_y_ `z` # h"],
)  # fmt: skip
def test_a_hostile_name_injects_no_markup_and_runs_nothing(hybrid, hostile):
    hybrid.helen.user.name = hostile
    db.session.commit()
    _send(hybrid, "Hi {name}", "Dear {name}, see you.")

    email = _to(hostile)
    html, text = _html_part(email), _text_part(email)
    assert "<script" not in html
    assert "<strong>x</strong>" not in html
    for tag in ("<em>", "<code>", "<h1>"):
        assert tag not in html
    assert 'href="javascript' not in html
    # Shown as the characters typed, in both parts and the subject; never read again.
    assert f"Dear {escape(hostile, quote=False)}, see you." in html
    assert f"Dear {hostile}, see you." in text
    assert "Dear 49" not in text
    assert "<class" not in text
    assert email.subject.startswith(f"Hi {hostile} ·")


def test_doubled_and_lone_braces_stay_literal():
    values = {"first_name": "Helen"}
    assert merge.fill("{{first_name}} {first_name} { } {", values) == "{{first_name}} Helen { } {"
    assert merge.fill("}} {0.__class__}", values) == "}} {0.__class__}"
    assert merge.unknown_fields("{{firstname}} {first_name}") == []


def test_an_unknown_field_is_refused_beside_the_field_and_nothing_is_queued(
    hybrid, client, login_as
):
    login_as(hybrid.organiser)
    response = client.post(
        f"/organise/e/{hybrid.event.slug}/messages/new",
        data={
            "subject": "Hi",
            "body": "Dear {firstname},",
            "audience": "confirmed",
            "timing": "now",
            "confirm": "1",
        },  # fmt: skip
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="body-error"' in page
    assert "Unknown merge field {firstname}" in page
    assert "{first_name}, {name}, {event_title}" in page
    assert queued("organiser-message") == []


def test_the_preview_shows_the_message_as_its_first_recipient_gets_it(hybrid, client, login_as):
    login_as(hybrid.organiser)
    response = client.post(
        f"/organise/e/{hybrid.event.slug}/messages/new",
        data={
            "subject": "For {first_name}",
            "body": "Hello **{name}**",
            "audience": "confirmed",
            "timing": "now",
            "preview": "1",
        },  # fmt: skip
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Preview for Helen Marsh" in page
    assert "For Helen" in page
    assert "<strong>Helen Marsh</strong>" in page
    assert queued("organiser-message") == []


def test_sending_asks_first_with_the_audience_count(hybrid, client, login_as):
    login_as(hybrid.organiser)
    url = f"/organise/e/{hybrid.event.slug}/messages/new"
    form = {"subject": "Hi", "body": "Hello", "audience": "confirmed", "timing": "now"}

    asked = client.post(url, data={**form, "send": "1"})
    assert asked.status_code == 200
    assert "Send to 2 people?" in asked.get_data(as_text=True)
    assert queued("organiser-message") == []

    sent = client.post(url, data={**form, "confirm": "1"})
    assert sent.status_code == 302
    assert len(queued("organiser-message")) == 2


def test_replies_go_to_the_sending_organiser_unless_hidden(hybrid):
    _send(hybrid, "Hi", "Hello")
    message = as_mime(_to("Helen Marsh"))
    assert message["Reply-To"] == hybrid.organiser.email

    for email in queued("organiser-message"):
        db.session.delete(email)
    db.session.commit()
    _send(hybrid, "Again", "Hello", hide_reply_to=True)
    assert as_mime(_to("Helen Marsh"))["Reply-To"] is None
