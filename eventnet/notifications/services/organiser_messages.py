"""Organiser messages: written once, sent now, at a time, or before or after the event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from eventnet.accounts.models import User
from eventnet.db import utcnow
from eventnet.errors import DomainError, NotFound
from eventnet.events import markdown, times
from eventnet.events.models import Event
from eventnet.extensions import db
from eventnet.mail.models import Email
from eventnet.notifications.models import Audience, OrganiserMessage, Timing
from eventnet.notifications.services._common import _queue_once
from eventnet.notifications.services.recipients import audience_of, event_context, opted_out
from eventnet.notifications.services.schedules import MAX_REMINDER_OFFSET
from eventnet.registration import access
from eventnet.text import multi_line, single_line


@dataclass
class MessageData:
    subject: str
    body: str
    audience: Audience
    timing: Timing
    send_at: datetime | None = None  # wall-clock in the event's zone
    offset_minutes: int | None = None


def _check_message(event: Event, data: MessageData) -> tuple[datetime | None, int | None]:
    if not data.subject.strip():
        raise DomainError("Enter a subject.", "subject")
    if not data.body.strip():
        raise DomainError("Write the message.", "body")
    if data.timing is Timing.AT:
        if data.send_at is None:
            raise DomainError("Choose when to send it.", "send_at")
        return times.local_to_utc(data.send_at, event.timezone, "send_at"), None
    if data.timing in (Timing.BEFORE_START, Timing.AFTER_END):
        if data.offset_minutes is None or not 0 <= data.offset_minutes <= MAX_REMINDER_OFFSET:
            raise DomainError("Enter an offset from 0 to 30 days.", "offset")
        return None, data.offset_minutes
    return None, None


def create_message(event: Event, author: User, data: MessageData) -> OrganiserMessage:
    """Save the message; "now" queues it at once, in this transaction."""
    subject = single_line(data.subject, "subject")[:200]
    body = multi_line(data.body, "body")
    send_at, offset = _check_message(event, data)
    message = OrganiserMessage(
        event_id=event.id,
        subject=subject,
        body=body,
        audience=data.audience,
        timing=data.timing,
        send_at=send_at,
        offset_minutes=offset,
        created_by_id=author.id,
    )
    message.event = event
    db.session.add(message)
    db.session.flush()
    if data.timing is Timing.NOW:
        _send_message(message, utcnow())
    return message


def message_due_at(message: OrganiserMessage) -> datetime:
    event = message.event
    if message.timing is Timing.AT:
        return message.send_at
    if message.timing is Timing.BEFORE_START:
        return event.starts_at - timedelta(minutes=message.offset_minutes)
    if message.timing is Timing.AFTER_END:
        return event.ends_at + timedelta(minutes=message.offset_minutes)
    return message.created_at


def message_context(
    message: OrganiserMessage, user: User, registration=None, *, organiser: bool | None = None
) -> dict:
    event = message.event
    join_url = access.join_link_for(event, user, registration, organiser=organiser)
    return {
        **event_context(event),
        "user": user,
        "join_url": join_url,
        "subject": message.subject,
        "body_html": markdown.render(message.body),
        "body_text": message.body,
        "sender": message.created_by.name if message.created_by else "The organisers",
    }


def _send_message(message: OrganiserMessage, now: datetime) -> int:
    registrations = audience_of(message.event, message.audience)
    skip = opted_out((r.user_id for r in registrations), "organiser_messages")
    organises = access.organiser_check(message.event)
    queued = 0
    for registration in registrations:
        if registration.user_id in skip:
            continue
        user = registration.user
        queued += _queue_once(
            user,
            template="organiser_message",
            context=message_context(message, user, registration, organiser=organises(user)),
            dedupe_key=f"organiser-message:{message.event_id}:{message.id}:{registration.user_id}",
            category="organiser_messages",
        )
    message.queued_at = message.queued_at or now
    message.recipients = len(registrations) - len(skip)
    return queued


def send_due_organiser_messages(now: datetime) -> int:
    waiting = db.session.scalars(
        sa.select(OrganiserMessage)
        .options(joinedload(OrganiserMessage.event))
        .where(OrganiserMessage.queued_at.is_(None))
        .order_by(OrganiserMessage.id)
    ).all()
    return sum(_send_message(m, now) for m in waiting if message_due_at(m) <= now)


def messages_of(event: Event) -> list[OrganiserMessage]:
    return list(
        db.session.scalars(
            sa.select(OrganiserMessage)
            .where(OrganiserMessage.event_id == event.id)
            .order_by(OrganiserMessage.id.desc())
        )
    )


def get_message(event: Event, message_id: int) -> OrganiserMessage:
    message = db.session.get(OrganiserMessage, message_id)
    if message is None or message.event_id != event.id:
        raise NotFound("There is no such message.")
    return message


def cancel_message(message: OrganiserMessage) -> None:
    if message.queued_at is not None:
        raise DomainError("This message has already gone out.")
    db.session.delete(message)
    db.session.flush()


def deliveries_of(message: OrganiserMessage) -> list[Email]:
    prefix = f"organiser-message:{message.event_id}:{message.id}:"
    return list(
        db.session.scalars(
            sa.select(Email).where(Email.dedupe_key.startswith(prefix)).order_by(Email.to_address)
        )
    )
