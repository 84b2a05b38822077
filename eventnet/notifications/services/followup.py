"""The follow-up after an event: whom you met, their vCards, the next events, feedback."""

from __future__ import annotations

from datetime import datetime

from flask import current_app

from eventnet.events import times
from eventnet.events.models import Event
from eventnet.events.services import upcoming_events_of
from eventnet.mail.services import Attachment
from eventnet.notifications import (
    sources,  # noqa: F401 - the partner sources register
    vcard,
)
from eventnet.notifications.models import EmailSchedule
from eventnet.notifications.partners import partners_of
from eventnet.notifications.services._common import _already_queued, _queue_once
from eventnet.notifications.services.feedback import feedback_url
from eventnet.notifications.services.recipients import (
    event_context,
    follow_up_recipients,
    opted_out,
)
from eventnet.notifications.services.schedules import FOLLOW_UP_GRACE, due_at
from eventnet.urls import absolute_url


def _next_events(event: Event) -> list[tuple[Event, str, str]]:
    """The network's next public events (the same for everyone: one query per event)."""

    upcoming = [e for e in upcoming_events_of(event.network, None) if e.id != event.id][:3]
    return [
        (e, absolute_url("events.show", slug=e.slug),
         times.format_span(e.starts_at, e.ends_at, e.timezone))
        for e in upcoming
    ]  # fmt: skip


def _directory_link(event: Event) -> str:
    if "profiles.event_people" in current_app.view_functions:
        return absolute_url("profiles.event_people", slug=event.slug)
    return absolute_url("events.show", slug=event.slug)


def _follow_ups(event: Event, schedules: list[EmailSchedule], now: datetime) -> int:
    due = [s for s in schedules if due_at(event, s) <= now < due_at(event, s) + FOLLOW_UP_GRACE]
    if not due:
        return 0
    schedule = due[0]  # one follow-up per event
    registrations = follow_up_recipients(event)
    skip = opted_out((r.user_id for r in registrations), "follow_ups")
    skip |= _already_queued(f"follow-up:{event.id}:{schedule.id}:")
    queued = 0
    shared = {**event_context(event), "next_events": _next_events(event),
              "directory_link": _directory_link(event)}  # fmt: skip
    for registration in registrations:
        if registration.user_id in skip:
            continue
        user = registration.user
        partners = partners_of(event, user)
        attachments = ()
        if partners:
            attachments = (
                Attachment("contacts.vcf", "text/vcard; charset=utf-8", vcard.render(partners)),
            )
        queued += _queue_once(
            user,
            template="follow_up",
            context={
                **shared,
                "user": user,
                "partners": partners,
                "feedback_link": feedback_url(event, user),
            },
            dedupe_key=f"follow-up:{event.id}:{schedule.id}:{user.id}",
            category="follow_ups",
            attachments=attachments,
        )
    return queued
