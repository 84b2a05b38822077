"""Automated emails: per-event schedules, the scheduler step that queues what is due,
event changes and cancellations, organiser messages and feedback (SPEC §6).

Nothing is queued ahead of time. Each pass computes every due moment from the event's
*current* times, so moving an event moves its unsent reminders, and queues each message
under a dedupe key ``kind:event:schedule:user``: a second pass, or a second worker running
at the same moment, finds the key taken and queues nothing (``queue_email``'s ON CONFLICT).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import joinedload

from eventnet.accounts import hooks
from eventnet.accounts.models import User
from eventnet.db import utcnow
from eventnet.errors import DomainError, NotFound
from eventnet.events import markdown, times
from eventnet.events.models import Event, EventStatus
from eventnet.extensions import db
from eventnet.mail.models import Email
from eventnet.mail.services import Attachment, queue_email
from eventnet.mail.worker import scheduler_steps
from eventnet.notifications import ics, sources, vcard  # noqa: F401 - sources register
from eventnet.notifications.models import (
    Audience,
    EmailPreference,
    EmailSchedule,
    Feedback,
    OrganiserMessage,
    ScheduleKind,
    Timing,
)
from eventnet.notifications.partners import partners_of
from eventnet.registration import access
from eventnet.registration.models import AttendanceMode, Registration, RegistrationStatus
from eventnet.text import multi_line, single_line
from eventnet.urls import absolute_url

DEFAULT_REMINDERS = (24 * 60,)  # minutes before the start
DEFAULT_FOLLOW_UP = 2 * 60  # minutes after the end
MAX_REMINDER_OFFSET = 30 * 24 * 60
MAX_FOLLOW_UP_OFFSET = 30 * 24 * 60
# A reminder whose moment passed more than this long ago (the worker was down, or the
# person registered late) is not sent: a "tomorrow" email arriving the same evening misleads.
# It is never sent once the event has started.
REMINDER_GRACE = timedelta(hours=12)
# A follow-up is still worth sending a few days late, not weeks.
FOLLOW_UP_GRACE = timedelta(days=3)

CONFIRMED = RegistrationStatus.CONFIRMED


# --- schedules -------------------------------------------------------------------------------


def _insert():
    return (
        postgresql.insert if db.session.get_bind().dialect.name == "postgresql" else sqlite.insert
    )


def _ensure_defaults(event_ids: Iterable[int]) -> None:
    """Give events that never had a schedule the defaults (24 h before, 2 h after).

    ON CONFLICT DO NOTHING: two workers doing this at once make one set.
    """
    event_ids = list(event_ids)
    if not event_ids:
        return
    have = set(
        db.session.scalars(
            sa.select(EmailSchedule.event_id).where(EmailSchedule.event_id.in_(event_ids))
        )
    )
    rows = []
    for event_id in event_ids:
        if event_id in have:
            continue
        rows += [
            {"event_id": event_id, "kind": ScheduleKind.REMINDER, "offset_minutes": m}
            for m in DEFAULT_REMINDERS
        ]
        rows.append(
            {
                "event_id": event_id,
                "kind": ScheduleKind.FOLLOW_UP,
                "offset_minutes": DEFAULT_FOLLOW_UP,
            }
        )
    if rows:
        now = utcnow()
        db.session.execute(
            _insert()(EmailSchedule)
            .values([{**r, "active": True, "created_at": now} for r in rows])
            .on_conflict_do_nothing()
        )
        db.session.flush()


def schedules_of(event: Event, *, include_off: bool = False) -> list[EmailSchedule]:
    _ensure_defaults([event.id])
    stmt = sa.select(EmailSchedule).where(EmailSchedule.event_id == event.id)
    if not include_off:
        stmt = stmt.where(EmailSchedule.active.is_(True))
    rows = db.session.scalars(stmt.order_by(EmailSchedule.offset_minutes.desc()))
    # Reminders first, the earliest first; then the follow-up: the order they go out in.
    return sorted(rows, key=lambda s: s.kind is not ScheduleKind.REMINDER)


def add_schedule(event: Event, kind: ScheduleKind, offset_minutes: int) -> EmailSchedule:
    limit = MAX_REMINDER_OFFSET if kind is ScheduleKind.REMINDER else MAX_FOLLOW_UP_OFFSET
    if not 0 <= offset_minutes <= limit:
        raise DomainError(f"Choose an offset from 0 to {limit // (24 * 60)} days.", "offset")
    existing = {(s.kind, s.offset_minutes): s for s in schedules_of(event, include_off=True)}
    if kind is ScheduleKind.FOLLOW_UP:
        # One follow-up per event: setting it moves it (a new schedule, so a new key).
        for s in existing.values():
            if s.kind is ScheduleKind.FOLLOW_UP and s.offset_minutes != offset_minutes:
                s.active = False
    schedule = existing.get((kind, offset_minutes))
    if schedule is None:
        schedule = EmailSchedule(event_id=event.id, kind=kind, offset_minutes=offset_minutes)
        db.session.add(schedule)
    schedule.active = True
    db.session.flush()
    return schedule


def remove_schedule(event: Event, schedule_id: int) -> None:
    schedule = db.session.get(EmailSchedule, schedule_id)
    if schedule is None or schedule.event_id != event.id:
        raise NotFound("There is no such email schedule.")
    schedule.active = False
    db.session.flush()


def due_at(event: Event, schedule: EmailSchedule) -> datetime:
    offset = timedelta(minutes=schedule.offset_minutes)
    if schedule.kind is ScheduleKind.REMINDER:
        return event.starts_at - offset
    return event.ends_at + offset


def describe_offset(minutes: int) -> str:
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = [f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in
             ((days, "day"), (hours, "hour"), (mins, "minute")) if n]  # fmt: skip
    return " ".join(parts) or "0 minutes"


# --- who gets what ---------------------------------------------------------------------------


def opted_out(user_ids: Iterable[int], category: str) -> set[int]:
    user_ids = list(user_ids)
    if not user_ids:
        return set()
    return set(
        db.session.scalars(
            sa.select(EmailPreference.user_id).where(
                EmailPreference.user_id.in_(user_ids),
                EmailPreference.category == category,
                EmailPreference.enabled.is_(False),
            )
        )
    )


def _registrations(event: Event, *conditions) -> list[Registration]:
    return list(
        db.session.scalars(
            sa.select(Registration)
            .options(joinedload(Registration.user))
            .where(Registration.event_id == event.id, *conditions)
            .order_by(Registration.id)
        )
    )


def audience_of(event: Event, audience: Audience) -> list[Registration]:
    if audience is Audience.WAITLISTED:
        return _registrations(event, Registration.status == RegistrationStatus.WAITLISTED)
    conditions = [Registration.status == CONFIRMED]
    if audience is Audience.CHECKED_IN:
        conditions.append(Registration.checked_in_at.is_not(None))
    elif audience is Audience.NOT_CHECKED_IN:
        conditions.append(Registration.checked_in_at.is_(None))
    return _registrations(event, *conditions)


def follow_up_recipients(event: Event) -> list[Registration]:
    """Those who came: checked in at the door, or attending online (nobody checks them in)."""
    return _registrations(
        event,
        Registration.status == CONFIRMED,
        sa.or_(
            Registration.checked_in_at.is_not(None),
            Registration.mode == AttendanceMode.ONLINE,
        ),
    )


def event_context(event: Event) -> dict:
    return {
        "event": event,
        "when": times.format_span(event.starts_at, event.ends_at, event.timezone),
        "link": absolute_url("events.show", slug=event.slug),
        "place": ", ".join(p for p in (event.venue_name, event.venue_address) if p),
    }


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


# --- the scheduler step ----------------------------------------------------------------------


def _reminders(event: Event, schedules: list[EmailSchedule], now: datetime) -> int:
    if now >= event.starts_at:
        return 0
    due = [s for s in schedules if due_at(event, s) <= now < due_at(event, s) + REMINDER_GRACE]
    if not due:
        return 0
    # Several due at once (a late registration, a worker back from a pause): only the one
    # nearest the start goes, so nobody gets "in a week" and "tomorrow" together.
    schedule = min(due, key=lambda s: s.offset_minutes)
    registrations = _registrations(event, Registration.status == CONFIRMED)
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
            attachments=(ics.invitation_for(registration, organiser=organiser),),
        )
    return queued


def _next_events(event: Event) -> list[tuple[Event, str, str]]:
    """The network's next public events (the same for everyone: one query per event)."""
    from eventnet.events.services import upcoming_events_of

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


def _already_queued(prefix: str) -> set[int]:
    """Users whose ``prefix<user id>`` email exists: one query, so a pass that finds a due
    schedule already done costs no query per attendee."""
    keys = db.session.scalars(
        sa.select(Email.dedupe_key).where(Email.dedupe_key.startswith(prefix))
    )
    return {int(key.rsplit(":", 1)[1]) for key in keys}


def _queue_once(user: User, *, dedupe_key: str, **kwargs) -> int:
    """Queue unless the key is taken; 1 if this call queued it. Checked first so that a
    second pass renders nothing (the follow-up's cards and vCard cost queries)."""
    if db.session.scalar(sa.select(Email.id).where(Email.dedupe_key == dedupe_key)):
        return 0
    email = queue_email(
        to=user.email, to_name=user.name, user_id=user.id, dedupe_key=dedupe_key, **kwargs
    )
    return 1 if email.status.value == "queued" and email.attempts == 0 else 0


def schedule_due_emails(now: datetime) -> int:
    """The scheduler step run by ``tick`` and ``worker``: queue every due automated email."""
    reminder_window = (now, now + timedelta(minutes=MAX_REMINDER_OFFSET) + REMINDER_GRACE)
    follow_up_window = (
        now - timedelta(minutes=MAX_FOLLOW_UP_OFFSET) - FOLLOW_UP_GRACE,
        now,
    )
    events = list(
        db.session.scalars(
            sa.select(Event)
            .options(joinedload(Event.network))
            .where(
                Event.status == EventStatus.PUBLISHED,
                sa.or_(
                    Event.starts_at.between(*reminder_window),
                    Event.ends_at.between(*follow_up_window),
                ),
            )
            .order_by(Event.id)
        )
    )
    _ensure_defaults(e.id for e in events)
    by_event: dict[int, list[EmailSchedule]] = {}
    if events:
        for s in db.session.scalars(
            sa.select(EmailSchedule).where(
                EmailSchedule.event_id.in_([e.id for e in events]), EmailSchedule.active.is_(True)
            )
        ):
            by_event.setdefault(s.event_id, []).append(s)
    queued = 0
    for event in events:
        schedules = by_event.get(event.id, [])
        queued += _reminders(event, [s for s in schedules if s.kind is ScheduleKind.REMINDER], now)
        queued += _follow_ups(
            event, [s for s in schedules if s.kind is ScheduleKind.FOLLOW_UP], now
        )
    queued += send_due_organiser_messages(now)
    db.session.flush()
    return queued


# --- event changed or cancelled --------------------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    """What registrants are told changed: the time and place before an edit."""

    when: str
    place: str
    sequence: int


def snapshot(event: Event) -> Snapshot:
    ctx = event_context(event)
    place = ctx["place"] if event.has_venue else "Online"
    return Snapshot(when=ctx["when"], place=place, sequence=event.sequence or 0)


def notify_event_changed(event: Event, before: Snapshot) -> int:
    """After an edit that changed the time or place (the SEQUENCE was raised): tell everyone
    registered or waiting; confirmed people get the updated invitation (METHOD:REQUEST)."""
    if event.status is not EventStatus.PUBLISHED or (event.sequence or 0) == before.sequence:
        return 0
    after = snapshot(event)
    registrations = _registrations(
        event,
        Registration.status.in_(
            [CONFIRMED, RegistrationStatus.WAITLISTED, RegistrationStatus.PENDING]
        ),
    )
    organises = access.organiser_check(event)
    for registration in registrations:
        organiser = organises(registration.user)
        join_url = access.join_link_for(event, registration.user, registration, organiser=organiser)
        attachments = ()
        if registration.status is CONFIRMED:
            attachments = (ics.invitation_for(registration, organiser=organiser),)
        queue_email(
            to=registration.user.email,
            to_name=registration.user.name,
            user_id=registration.user_id,
            template="event_changed",
            context={
                **event_context(event),
                "user": registration.user,
                "registration": registration,
                "join_url": join_url,
                "before": before,
                "time_changed": before.when != after.when,
                "place_changed": before.place != after.place,
            },
            dedupe_key=f"event-changed:{event.id}:{event.sequence}:{registration.id}",
            category="registration",
            attachments=attachments,
        )
    return len(registrations)


def cancellation_attachments(event: Event, registration: Registration) -> tuple[Attachment, ...]:
    """METHOD:CANCEL for those who had the invitation (confirmed people)."""
    if registration.status is not CONFIRMED:
        return ()
    return (ics.cancellation_for(registration),)


# --- organiser messages ----------------------------------------------------------------------


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


# --- the event's email log -------------------------------------------------------------------

LOG_KINDS = ("reminder", "follow-up", "organiser-message", "event-changed", "event-cancelled")


def email_log(event: Event, limit: int = 500) -> list[Email]:
    """Every automated email of this event: who, what, when, status, last error."""
    prefixes = [Email.dedupe_key.startswith(f"{kind}:{event.id}:") for kind in LOG_KINDS]
    return list(
        db.session.scalars(
            sa.select(Email).where(sa.or_(*prefixes)).order_by(Email.id.desc()).limit(limit)
        )
    )


def retry_failed(event: Event) -> int:
    """Put the event's failed emails back in the queue, as fresh."""
    from eventnet.mail.models import EmailStatus

    failed = [e for e in email_log(event, limit=10_000) if e.status is EmailStatus.FAILED]
    for email in failed:
        email.status = EmailStatus.QUEUED
        email.attempts = 0
        email.send_after = utcnow()
        email.claimed_until = None
    db.session.flush()
    return len(failed)


# --- feedback --------------------------------------------------------------------------------


def _feedback_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="eventnet-feedback")


def feedback_token(event: Event, user: User) -> str:
    return _feedback_serializer().dumps([event.id, user.id])


def feedback_url(event: Event, user: User) -> str:
    return absolute_url(
        "notifications.feedback", slug=event.slug, token=feedback_token(event, user)
    )


def feedback_person(event: Event, token: str) -> User:
    """Who a feedback link was made for; it works without logging in, for attendees only."""
    try:
        event_id, user_id = _feedback_serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        raise NotFound("This feedback link is not valid.") from None
    if event_id != event.id:
        raise NotFound("This feedback link is not valid.")
    registration = db.session.scalar(
        sa.select(Registration).where(
            Registration.event_id == event.id,
            Registration.user_id == user_id,
            Registration.status == CONFIRMED,
        )
    )
    if registration is None:
        raise NotFound("This feedback link is not valid.")
    return registration.user


def feedback_of(event: Event, user: User) -> Feedback | None:
    return db.session.scalar(
        sa.select(Feedback).where(Feedback.event_id == event.id, Feedback.user_id == user.id)
    )


def give_feedback(event: Event, user: User, rating: int, comment: str = "") -> Feedback:
    """One answer per person per event: answering again replaces the first."""
    if rating not in range(1, 6):
        raise DomainError("Choose a rating from 1 to 5.", "rating")
    comment = multi_line(comment, "comment")[:2000]
    now = utcnow()
    db.session.execute(
        _insert()(Feedback)
        .values(
            event_id=event.id,
            user_id=user.id,
            rating=rating,
            comment=comment,
            created_at=now,
            updated_at=now,
        )
        .on_conflict_do_update(
            index_elements=["event_id", "user_id"],
            set_={"rating": rating, "comment": comment, "updated_at": now},
        )
    )
    db.session.flush()
    return db.session.scalar(
        sa.select(Feedback)
        .where(Feedback.event_id == event.id, Feedback.user_id == user.id)
        .execution_options(populate_existing=True)
    )


@dataclass
class FeedbackSummary:
    count: int
    average: float | None
    by_rating: dict[int, int]
    comments: list[tuple[int, str]]


def feedback_summary(event: Event) -> FeedbackSummary:
    rows = db.session.execute(
        sa.select(Feedback.rating, Feedback.comment)
        .where(Feedback.event_id == event.id)
        .order_by(Feedback.created_at.desc())
    ).all()
    by_rating = {n: 0 for n in range(5, 0, -1)}
    for rating, _ in rows:
        by_rating[rating] += 1
    return FeedbackSummary(
        count=len(rows),
        average=round(sum(r for r, _ in rows) / len(rows), 1) if rows else None,
        by_rating=by_rating,
        comments=[(r, c) for r, c in rows if c],
    )


# --- wiring ----------------------------------------------------------------------------------

if schedule_due_emails not in scheduler_steps:
    scheduler_steps.append(schedule_due_emails)


@hooks.exporter("email_preferences")
def _export_preferences(user: User) -> dict[str, bool]:
    from eventnet.notifications.preferences import preferences_of

    return preferences_of(user)


@hooks.exporter("event_feedback")
def _export_feedback(user: User) -> list[dict]:
    rows = db.session.scalars(
        sa.select(Feedback)
        .options(joinedload(Feedback.event))
        .where(Feedback.user_id == user.id)
        .order_by(Feedback.id)
    )
    return [
        {
            "event": f.event.title,
            "rating": f.rating,
            "comment": f.comment,
            "given_at": f.updated_at.isoformat(),
        }
        for f in rows
    ]


@hooks.on_account_deletion("Your email settings and the feedback you gave on events are deleted.")
def _delete_preferences_and_feedback(user: User) -> None:
    db.session.execute(sa.delete(EmailPreference).where(EmailPreference.user_id == user.id))
    db.session.execute(sa.delete(Feedback).where(Feedback.user_id == user.id))
