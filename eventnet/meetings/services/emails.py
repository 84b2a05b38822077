"""The emails about a meeting (request, answer, cancellation), with its .ics."""

from __future__ import annotations

from email.utils import parseaddr
from urllib.parse import urlsplit

from flask import current_app

from eventnet.accounts.models import User
from eventnet.calendar import ical
from eventnet.db import utcnow
from eventnet.events import times
from eventnet.mail.services import Attachment, queue_email
from eventnet.meetings.models import Meeting
from eventnet.urls import absolute_url


def _host() -> str:
    return urlsplit(current_app.config["EVENTNET_BASE_URL"]).hostname or "eventnet.invalid"


def _no_reply() -> str:
    return parseaddr(current_app.config["EVENTNET_MAIL_FROM"])[1] or f"no-reply@{_host()}"


def _context(meeting: Meeting, to: User) -> dict:
    event = meeting.event
    return {
        "meeting": meeting,
        "event": event,
        "user": to,
        "other": meeting.other(to),
        "when": times.format_span(meeting.starts_at, meeting.ends_at, event.timezone),
        "link": absolute_url("meetings.mine"),
        "event_link": absolute_url("events.show", slug=event.slug),
    }


def _notify(meeting: Meeting, to: User, template: str, method: str | None = None) -> None:
    attachments: tuple[Attachment, ...] = ()
    if method:
        data = ical.meeting_calendar(
            meeting,
            to,
            method=method,
            host=_host(),
            url=absolute_url("meetings.mine"),
            stamp=utcnow(),
            organiser_email=_no_reply(),
        )
        attachments = (
            Attachment("meeting.ics", f"text/calendar; charset=utf-8; method={method}", data),
        )
    queue_email(
        to=to.email,
        to_name=to.name,
        user_id=to.id,
        template=template,
        context=_context(meeting, to),
        dedupe_key=f"{template.replace('_', '-')}:{meeting.id}:{meeting.sequence}:{to.id}",
        # Requests, answers and cancellations are part of taking part in the event: essential,
        # like registration emails; only the reminders below can be turned off.
        category="registration",
        attachments=attachments,
    )
