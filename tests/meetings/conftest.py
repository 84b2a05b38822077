"""Helpers for meeting tests: an event with meetings on, attendees, and slots."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
import sqlalchemy as sa

from eventnet.db import utcnow
from eventnet.extensions import db
from eventnet.mail.models import Email
from eventnet.meetings import services
from tests.factories import make_event, make_user, register


def meeting_event(
    network=None,
    *,
    tables: int | None = 2,
    cap: int | None = None,
    fmt: str = "in_person",
    windows: str = "12:00-13:00",
    slot_minutes: int = 15,
    pattern: str = services.DEFAULT_VIDEO_PATTERN,
    **fields,
):
    """A published event a week ahead, 09:00–17:00 UTC, with meetings on."""
    day = (utcnow() + timedelta(days=7)).date()
    event = make_event(
        network,
        starts_at=datetime.combine(day, time(9)),
        ends_at=datetime.combine(day, time(17)),
        format=fmt,
        **fields,
    )
    services.save_settings(
        event,
        services.SettingsData(
            enabled=True,
            windows=windows,
            slot_minutes=slot_minutes,
            table_count=tables,
            video_link_pattern=pattern,
            cap_per_person=cap,
        ),
    )
    db.session.commit()
    return event


def attendee(event, name: str | None = None, mode: str | None = None):
    user = make_user(name)
    register(event, user, mode)
    return user


def slot(event, n: int = 0) -> datetime:
    """The start of the event's ``n``-th meeting slot."""
    return services.slots_of(services.settings_of(event))[n].starts_at


def ask(event, requester, invitee, n: int = 0, message: str = ""):
    meeting = services.request_meeting(event, requester, invitee, slot(event, n), message)
    db.session.commit()
    return meeting


def accept(meeting, reply: str = ""):
    services.accept(meeting, meeting.invitee, reply)
    db.session.commit()
    return meeting


def emails_to(user, template_word: str | None = None) -> list[Email]:
    rows = db.session.scalars(
        sa.select(Email).where(Email.to_address == user.email).order_by(Email.id)
    ).all()
    if template_word:
        rows = [e for e in rows if e.dedupe_key.startswith(template_word)]
    return rows


@pytest.fixture
def pair(app):
    """An event with two tables, and two confirmed attendees."""
    event = meeting_event()
    return event, attendee(event, "Priya Shah"), attendee(event, "Tom Okafor")
