"""Emails that confirm a place carry METHOD:REQUEST; the cancellation email METHOD:CANCEL."""

from __future__ import annotations

import icalendar
import sqlalchemy as sa

from eventnet.events import services as events
from eventnet.extensions import db
from eventnet.mail.models import Email, EmailAttachment
from eventnet.registration import services as registration
from tests.calendar.helpers import parse
from tests.factories import make_event, make_user, register

JOIN = "https://meet.example/room-9"


def _calendars(user, template: str) -> list[tuple[str, icalendar.Calendar]]:
    rows = db.session.scalars(
        sa.select(EmailAttachment)
        .join(Email, Email.id == EmailAttachment.email_id)
        .where(Email.to_address == user.email, Email.dedupe_key.startswith(template))
        .order_by(EmailAttachment.id)
    ).all()
    return [(a.content_type, parse(a.data)) for a in rows]


def test_registration_confirmation_carries_the_event_as_method_request(app):
    event = make_event(format="virtual", join_url=JOIN)
    person = make_user(name="Amara Jones")
    register(event, person)
    ((content_type, calendar),) = _calendars(person, "registration-confirmed")
    assert content_type == "text/calendar; method=REQUEST; charset=utf-8"
    assert str(calendar["method"]) == "REQUEST"
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["uid"]) == f"event-{event.id}@eventnet.test"
    assert str(vevent["attendee"]) == f"mailto:{person.email}"
    assert vevent["attendee"].params["CN"] == "Amara Jones"
    assert str(vevent["organizer"]).startswith("mailto:")
    assert JOIN in str(vevent["description"])  # their own confirmed online place
    assert calendar.get_missing_tzids() == set()


def test_no_calendar_while_waiting_and_one_on_promotion(app):
    event = make_event(capacity_in_person=1)
    first, second = make_user(), make_user()
    mine = register(event, first)
    register(event, second)
    assert _calendars(second, "registration-waitlisted") == []
    registration.cancel(mine)
    db.session.commit()
    ((content_type, calendar),) = _calendars(second, "registration-promoted")
    assert "method=REQUEST" in content_type
    assert str(calendar.walk("VEVENT")[0]["status"]) == "CONFIRMED"


def test_event_cancelled_email_carries_method_cancel_with_the_raised_sequence(app):
    event = make_event()
    person = make_user()
    register(event, person)
    ((_, request),) = _calendars(person, "registration-confirmed")
    events.cancel_event(event, "The hall flooded.")
    db.session.commit()
    ((content_type, cancel),) = _calendars(person, "event-cancelled")
    assert "method=CANCEL" in content_type
    assert str(cancel["method"]) == "CANCEL"
    (before,), (after,) = request.walk("VEVENT"), cancel.walk("VEVENT")
    assert str(after["uid"]) == str(before["uid"])
    assert after["sequence"] == before["sequence"] + 1
    assert str(after["status"]) == "CANCELLED"
