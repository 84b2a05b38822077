"""A new time or place, or a cancellation, is emailed to every registrant with the .ics."""

from __future__ import annotations

from datetime import timedelta

import icalendar

from eventnet.events import services as events
from eventnet.events.services import EventData
from eventnet.extensions import db
from eventnet.mail.preferences import set_preference
from tests.notifications.conftest import People, as_mime, attachment, queued


def _edit(event, **changes) -> None:
    data = EventData.of(event)
    for name, value in changes.items():
        setattr(data, name, value)
    events.update_event(event, data)
    db.session.commit()


def _calendar_of(email):
    part = attachment(as_mime(email), "text/calendar")
    assert part is not None
    return part, icalendar.Calendar.from_ical(part.get_content())


def test_a_new_time_is_emailed_to_everyone_registered_with_a_raised_sequence(app):
    p = People(capacity_in_person=1)
    confirmed, waitlisted = p.attendee("Confirmed"), p.attendee("Waiting")
    old_sequence = p.event.sequence
    data = EventData.of(p.event)

    _edit(p.event, starts_at=data.starts_at + timedelta(hours=1),
          ends_at=data.ends_at + timedelta(hours=1))  # fmt: skip

    changed = queued("event-changed")
    assert {e.to_address for e in changed} == {confirmed.user.email, waitlisted.user.email}
    [to_confirmed] = queued("event-changed", to=confirmed.user.email)
    assert to_confirmed.category == "registration"
    assert "Was:" in to_confirmed.text_body
    part, calendar = _calendar_of(to_confirmed)
    assert part.get_param("method") == "REQUEST"
    assert calendar["METHOD"] == "REQUEST"
    [vevent] = calendar.walk("VEVENT")
    assert int(vevent["SEQUENCE"]) == old_sequence + 1 == p.event.sequence
    assert vevent.decoded("DTSTART") == p.event.starts_at
    # Waitlisted people are told, without an invitation for a place they do not have.
    [to_waiting] = queued("event-changed", to=waitlisted.user.email)
    assert attachment(as_mime(to_waiting), "text/calendar") is None


def test_a_new_place_is_emailed_too(app):
    p = People(venue_name="Oakfield Academy")
    r = p.attendee()

    _edit(p.event, venue_name="Riverside School")

    [email] = queued("event-changed", to=r.user.email)
    assert "Oakfield Academy" in email.text_body
    assert "Riverside School" in email.text_body


def test_editing_only_the_description_emails_nobody(people):
    people.attendee()

    _edit(people.event, description="Now with more coffee.")

    assert queued("event-changed") == []


def test_change_emails_go_even_to_people_who_turned_optional_mail_off(people):
    r = people.attendee()
    for category in ("reminders", "follow_ups", "organiser_messages"):
        set_preference(r.user, category, False)
    db.session.commit()

    _edit(people.event, venue_name="Somewhere else")

    assert len(queued("event-changed", to=r.user.email)) == 1


def test_cancellation_carries_method_cancel_with_the_raised_sequence(people):
    r = people.attendee()
    sequence = people.event.sequence

    events.cancel_event(people.event, "Snow.")
    db.session.commit()

    [email] = queued("event-cancelled", to=r.user.email)
    part, calendar = _calendar_of(email)
    assert part.get_param("method") == "CANCEL"
    assert calendar["METHOD"] == "CANCEL"
    [vevent] = calendar.walk("VEVENT")
    assert int(vevent["SEQUENCE"]) == sequence + 1
    assert vevent["STATUS"] == "CANCELLED"
    # One email each: the existing cancellation email was extended, not doubled.
    assert len(queued(to=r.user.email)) == 2  # the confirmation, then the cancellation


def test_without_the_calendar_package_the_own_ics_is_attached(people, monkeypatch):
    import sys

    r = people.attendee()  # registering attaches the calendar package's invitation
    monkeypatch.setitem(sys.modules, "eventnet.calendar.services", None)

    events.cancel_event(people.event)
    db.session.commit()

    [email] = queued("event-cancelled", to=r.user.email)
    part, calendar = _calendar_of(email)
    assert calendar["METHOD"] == "CANCEL"
    assert calendar.walk("VTIMEZONE") or str(calendar.walk("VEVENT")[0]["DTSTART"].dt.tzinfo)
