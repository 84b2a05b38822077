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
from eventnet.notifications import merge
from eventnet.notifications.models import Audience, OrganiserMessage, Timing
from eventnet.notifications.services._common import _queue_once
from eventnet.notifications.services.recipients import audience_of, event_context, opted_out
from eventnet.notifications.services.schedules import MAX_REMINDER_OFFSET
from eventnet.registration import access
from eventnet.text import flattened, multi_line, single_line
from eventnet.urls import absolute_url


@dataclass
class MessageData:
    subject: str
    body: str
    audience: Audience
    timing: Timing
    send_at: datetime | None = None  # wall-clock in the event's zone
    offset_minutes: int | None = None
    hide_reply_to: bool = False  # replies go to the author's address unless this is set


def _check_fields(text: str, field: str) -> None:
    unknown = merge.unknown_fields(text)
    if unknown:
        known = ", ".join(f"{{{name}}}" for name in merge.FIELDS)
        named = ", ".join(f"{{{name}}}" for name in unknown)
        raise DomainError(f"Unknown merge field {named}. The fields are: {known}.", field)


def _check_message(event: Event, data: MessageData) -> tuple[datetime | None, int | None]:
    if not data.subject.strip():
        raise DomainError("Enter a subject.", "subject")
    if not data.body.strip():
        raise DomainError("Write the message.", "body")
    _check_fields(data.subject, "subject")
    _check_fields(data.body, "body")
    if data.timing is Timing.AT:
        if data.send_at is None:
            raise DomainError("Choose when to send it.", "send_at")
        return times.local_to_utc(data.send_at, event.timezone, "send_at"), None
    if data.timing in (Timing.BEFORE_START, Timing.AFTER_END):
        if data.offset_minutes is None or not 0 <= data.offset_minutes <= MAX_REMINDER_OFFSET:
            raise DomainError("Enter an offset from 0 to 30 days.", "offset")
        return None, data.offset_minutes
    return None, None


def check_message(event: Event, data: MessageData) -> None:
    """Refuse what ``create_message`` would refuse, changing nothing."""
    single_line(data.subject, "subject")
    multi_line(data.body, "body")
    _check_message(event, data)


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
        reply_to=None if data.hide_reply_to else author.email,
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
    context = event_context(event)
    values = merge_values(event, user, join_url, context["link"])
    return {
        **context,
        "user": user,
        "join_url": join_url,
        "subject": flattened(merge.fill(message.subject, values)),
        # Rendered after substitution, each value escaped: a name cannot add Markdown or HTML.
        "body_html": markdown.render(merge.fill(message.body, values, merge.escape_markdown)),
        "body_text": merge.fill(message.body, values),
        "sender": message.created_by.name if message.created_by else "The organisers",
    }


def merge_values(event: Event, user: User, join_url: str, event_link: str) -> dict[str, str]:
    """One recipient's merge fields. ``{join_link}`` is empty for anyone who may not see the
    join link (only confirmed online or hybrid attendees, and organisers, may)."""
    name = " ".join((user.name or "").split())
    return {
        "first_name": name.split(" ", 1)[0] if name else "",
        "name": name,
        "event_title": event.title,
        "event_date": times.format_moment(event.starts_at, event.timezone),
        "event_link": event_link,
        "badge_link": absolute_url("badges.mine", slug=event.slug),
        "join_link": join_url or "",
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
            headers={"Reply-To": message.reply_to} if message.reply_to else None,
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
