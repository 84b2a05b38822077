"""The reminders before an event, with its agenda, join link and invitation."""

from __future__ import annotations

from datetime import datetime

from flask import current_app

from eventnet.calendar.services import invitation_attachment
from eventnet.events import times
from eventnet.events.models import Event
from eventnet.notifications.models import EmailSchedule
from eventnet.notifications.services._common import (
    _already_queued,
    _queue_once,
    _registrations,
)
from eventnet.notifications.services.recipients import event_context, opted_out
from eventnet.notifications.services.schedules import REMINDER_GRACE, describe_offset, due_at
from eventnet.registration import access
from eventnet.registration.access import attendee_clause
from eventnet.urls import absolute_url


def _badge_link(event: Event) -> str:
    """The attendee's own badge page, when the badges package provides one."""
    endpoint = "badges.mine"
    if endpoint in current_app.view_functions:
        return absolute_url(endpoint, slug=event.slug)
    return ""


def _agenda(event: Event) -> list[dict]:
    return [
        {
            "time": times.format_time(s.starts_at, event.timezone)
            + "–"
            + times.format_time(s.ends_at, event.timezone),
            "title": s.title,
            "room": s.room,
            "speaker": s.speaker,
        }
        for s in event.sessions
    ]


def _reminders(event: Event, schedules: list[EmailSchedule], now: datetime) -> int:
    if now >= event.starts_at:
        return 0
    due = [s for s in schedules if due_at(event, s) <= now < due_at(event, s) + REMINDER_GRACE]
    if not due:
        return 0
    # Several due at once (a late registration, a worker back from a pause): only the one
    # nearest the start goes, so nobody gets "in a week" and "tomorrow" together.
    schedule = min(due, key=lambda s: s.offset_minutes)
    registrations = _registrations(event, attendee_clause())
    skip = opted_out((r.user_id for r in registrations), "reminders")
    skip |= _already_queued(f"reminder:{event.id}:{schedule.id}:")
    context = {**event_context(event), "agenda": _agenda(event), "badge_link": _badge_link(event)}
    organises = access.organiser_check(event)
    queued = 0
    for registration in registrations:
        if registration.user_id in skip:
            continue
        organiser = organises(registration.user)
        join_url = access.join_link_for(event, registration.user, registration, organiser=organiser)
        queued += _queue_once(
            registration.user,
            template="reminder",
            context={
                **context,
                "user": registration.user,
                "join_url": join_url,
                "starts_in": describe_offset(schedule.offset_minutes),
            },  # fmt: skip
            dedupe_key=f"reminder:{event.id}:{schedule.id}:{registration.user_id}",
            category="reminders",
            attachments=(invitation_attachment(registration, organiser=organiser),),
        )
    return queued
