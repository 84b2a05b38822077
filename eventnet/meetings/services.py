"""Meeting rules: settings and slots, requests, acceptance with places, reminders.

Whatever changes what a slot holds (accepting, declining, cancelling) first takes the event's
row lock (``lock_row``) and only then reads who is busy, which places are taken and how many
meetings each person has: concurrent accepts queue up behind each other, so nobody is booked
twice at once, no place is used twice in a slot and the per-person cap holds. The unique key
of ``meeting_bookings`` refuses a double booking in the database as well.
"""

from __future__ import annotations

import re
import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parseaddr
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import joinedload

from eventnet.accounts import hooks
from eventnet.accounts.models import User
from eventnet.db import lock_row, utcnow
from eventnet.errors import Conflict, DomainError, NotFound
from eventnet.events import times
from eventnet.events.models import Event, EventFormat, EventStatus
from eventnet.extensions import db
from eventnet.mail.services import Attachment, find_email, queue_email
from eventnet.meetings import ical
from eventnet.meetings.models import (
    DEFAULT_VIDEO_PATTERN,
    LINK_MAX,
    MESSAGE_MAX,
    PLACE_MAX,
    Meeting,
    MeetingBooking,
    MeetingSettings,
    MeetingStatus,
    MeetingWindow,
)
from eventnet.networks.services import slugify
from eventnet.notifications import preferences
from eventnet.registration.access import attendee_clause
from eventnet.registration.models import AttendanceMode, Registration
from eventnet.text import multi_line, single_line
from eventnet.urls import absolute_url

PROPOSED = MeetingStatus.PROPOSED
ACCEPTED = MeetingStatus.ACCEPTED
DECLINED = MeetingStatus.DECLINED
CANCELLED = MeetingStatus.CANCELLED

SLOT_MINUTES = (10, 15, 20, 25, 30, 45, 60)
MAX_PLACES = 500
REMINDER_BEFORE = timedelta(minutes=10)
# The reminders are optional mail, turned off under "Which emails you get" (/me/emails).
REMINDER_CATEGORY = "meetings"
WINDOW_RE = re.compile(
    r"^(?:(?P<date>\d{4}-\d{2}-\d{2})\s+)?(?P<start>\d{1,2}:\d{2})\s*[-–]\s*(?P<end>\d{1,2}:\d{2})$"
)

# --- settings --------------------------------------------------------------------------------


def settings_of(event: Event) -> MeetingSettings | None:
    return db.session.scalar(sa.select(MeetingSettings).where(MeetingSettings.event_id == event.id))


def meetings_enabled(event: Event) -> bool:
    settings = settings_of(event)
    return settings is not None and settings.enabled


@dataclass
class SettingsData:
    """What an organiser enters; windows are lines of wall-clock times in the event's zone."""

    enabled: bool = False
    windows: str = ""
    slot_minutes: int = 15
    table_count: int | None = None
    place_names: str = ""
    video_link_pattern: str = DEFAULT_VIDEO_PATTERN
    cap_per_person: int | None = None


def _parse_windows(event: Event, text: str) -> list[tuple[datetime, datetime]]:
    """ "12:00-14:00" (on the event's first day) or "2026-03-12 12:00-14:00", one a line."""
    first_day = times.in_zone(event.starts_at, event.timezone).date()
    windows = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        match = WINDOW_RE.match(line)
        if not match:
            raise DomainError(
                f"“{line[:40]}” is not a window: write e.g. 12:00-14:00, or 2026-03-12 12:00-14:00 "
                "for another day.",
                "windows",
            )
        try:
            day = first_day
            if match["date"]:
                day = datetime.strptime(match["date"], "%Y-%m-%d").date()
            start = datetime.combine(day, datetime.strptime(match["start"], "%H:%M").time())
            end = datetime.combine(day, datetime.strptime(match["end"], "%H:%M").time())
        except ValueError:
            raise DomainError(f"“{line[:40]}” has an impossible date or time.", "windows") from None
        start_utc = times.local_to_utc(start, event.timezone, "windows")
        end_utc = times.local_to_utc(end, event.timezone, "windows")
        if end_utc <= start_utc:
            raise DomainError(f"The window {line} must end after it starts.", "windows")
        if start_utc < event.starts_at or end_utc > event.ends_at:
            raise DomainError(
                f"The window {line} lies outside the event ("
                + times.format_span(event.starts_at, event.ends_at, event.timezone)
                + ").",
                "windows",
            )
        windows.append((start_utc, end_utc))
    windows.sort()
    for (_, end), (start, _) in zip(windows, windows[1:], strict=False):
        if start < end:
            raise DomainError("Meeting windows must not overlap.", "windows")
    return windows


def _places(data: SettingsData) -> list[str]:
    lines = multi_line(data.place_names, "place_names").splitlines()
    names = [" ".join(n.split())[:PLACE_MAX] for n in lines]
    names = [n for n in names if n]
    if names:
        if len({n.casefold() for n in names}) != len(names):
            raise DomainError("Each place needs a different name.", "place_names")
        if len(names) > MAX_PLACES:
            raise DomainError(f"At most {MAX_PLACES} places.", "place_names")
        return names
    count = data.table_count or 0
    if not 0 <= count <= MAX_PLACES:
        raise DomainError(f"Enter a number from 0 to {MAX_PLACES}.", "table_count")
    return [f"Table {n}" for n in range(1, count + 1)]


def _video_pattern(event: Event, pattern: str) -> str:
    pattern = single_line(pattern, "video_link_pattern")
    if event.format is EventFormat.IN_PERSON and not pattern:
        return ""
    parts = urlsplit(pattern.replace("{random}", "x").replace("{place}", "x"))
    if (
        len(pattern) > LINK_MAX - 40
        or parts.scheme not in ("http", "https")
        or not parts.netloc
        or any(c.isspace() for c in pattern)
    ):
        raise DomainError(
            "Enter a web address starting with https://, e.g. " + DEFAULT_VIDEO_PATTERN,
            "video_link_pattern",
        )
    leftover = pattern.replace("{random}", "").replace("{place}", "")
    if "{random}" not in pattern and "{place}" not in pattern:
        raise DomainError(
            "Put {random} (a room per meeting) or {place} (a room per place) in the link, "
            "so that two meetings never share a room.",
            "video_link_pattern",
        )
    if "{" in leftover or "}" in leftover:
        raise DomainError("Only {random} and {place} may stand in braces.", "video_link_pattern")
    return pattern


def save_settings(event: Event, data: SettingsData) -> MeetingSettings:
    """Check ``data`` and store it for ``event``; raises before changing anything."""
    if data.slot_minutes not in SLOT_MINUTES:
        raise DomainError("Choose a slot length from the list.", "slot_minutes")
    windows = _parse_windows(event, data.windows)
    places = _places(data)
    pattern = _video_pattern(event, data.video_link_pattern)
    cap = data.cap_per_person
    if cap is not None and not 1 <= cap <= 100:
        raise DomainError("Enter a number from 1 to 100, or leave it empty.", "cap_per_person")
    if data.enabled:
        if not windows:
            raise DomainError("Add at least one window when meetings are on.", "windows")
        slot = timedelta(minutes=data.slot_minutes)
        if not any(end - start >= slot for start, end in windows):
            raise DomainError("No window is long enough for one slot.", "windows")
        if event.format is not EventFormat.VIRTUAL and not places:
            raise DomainError(
                "Give the number of tables (or their names) for in-person meetings.",
                "table_count",
            )
        if pattern and "{place}" in pattern and not places:
            raise DomainError("A {place} link needs places: add tables.", "table_count")
    settings = settings_of(event)
    if settings is None:
        settings = MeetingSettings(event_id=event.id)
        db.session.add(settings)
    settings.enabled = data.enabled
    settings.slot_minutes = data.slot_minutes
    settings.places = places
    settings.video_link_pattern = pattern
    settings.cap_per_person = cap
    settings.windows = [MeetingWindow(starts_at=s, ends_at=e) for s, e in windows]
    db.session.flush()
    return settings


def windows_text(event: Event, settings: MeetingSettings | None) -> str:
    """The windows as the organiser would type them again."""
    if settings is None:
        return ""
    first_day = times.in_zone(event.starts_at, event.timezone).date()
    lines = []
    for w in settings.windows:
        start = times.in_zone(w.starts_at, event.timezone)
        end = times.in_zone(w.ends_at, event.timezone)
        day = "" if start.date() == first_day else f"{start:%Y-%m-%d} "
        lines.append(f"{day}{start:%H:%M}-{end:%H:%M}")
    return "\n".join(lines)


# --- slots -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    starts_at: datetime
    ends_at: datetime


def slots_of(settings: MeetingSettings) -> list[Slot]:
    length = timedelta(minutes=settings.slot_minutes)
    slots = []
    for window in settings.windows:
        start = window.starts_at
        while start + length <= window.ends_at:
            slots.append(Slot(start, start + length))
            start += length
    return slots


def _overlaps(a_start, a_end, b_start, b_end) -> bool:
    return a_start < b_end and b_start < a_end


def _accepted_of(event: Event, user_ids) -> list[Meeting]:
    return list(
        db.session.scalars(
            sa.select(Meeting).where(
                Meeting.event_id == event.id,
                Meeting.status == ACCEPTED,
                sa.or_(Meeting.requester_id.in_(user_ids), Meeting.invitee_id.in_(user_ids)),
            )
        )
    )


def _taken_places(event: Event) -> dict[datetime, set[str]]:
    taken: dict[datetime, set[str]] = defaultdict(set)
    rows = db.session.execute(
        sa.select(MeetingBooking.starts_at, MeetingBooking.resource).where(
            MeetingBooking.event_id == event.id, MeetingBooking.resource.like("place:%")
        )
    )
    for starts_at, resource in rows:
        taken[starts_at].add(resource.removeprefix("place:"))
    return taken


def _registrations(event: Event, users) -> dict[int, Registration]:
    rows = db.session.scalars(
        sa.select(Registration).where(
            Registration.event_id == event.id,
            Registration.user_id.in_([u.id for u in users]),
            attendee_clause(),
        )
    )
    return {r.user_id: r for r in rows}


def _is_online(event: Event, registrations) -> bool:
    """Online when the event is, or when either person attends online (a mixed pair)."""
    if event.format is EventFormat.VIRTUAL:
        return True
    return any(r.mode is AttendanceMode.ONLINE for r in registrations)


def _needs_place(settings: MeetingSettings, online: bool) -> bool:
    return not online or settings.video_link_uses_places


def _count_accepted(event: Event, user: User) -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Meeting)
        .where(
            Meeting.event_id == event.id,
            Meeting.status == ACCEPTED,
            sa.or_(Meeting.requester_id == user.id, Meeting.invitee_id == user.id),
        )
    )


def free_slots(event: Event, requester: User, invitee: User, now: datetime | None = None):
    """Slots still to come where both are free and, for their kind of meeting, a place is left."""
    settings = settings_of(event)
    if settings is None or not settings.enabled:
        return []
    now = now or utcnow()
    registrations = _registrations(event, [requester, invitee])
    online = _is_online(event, registrations.values())
    busy = _accepted_of(event, [requester.id, invitee.id])
    taken = _taken_places(event) if _needs_place(settings, online) else {}
    free = []
    for slot in slots_of(settings):
        if slot.starts_at <= now:
            continue
        if any(_overlaps(slot.starts_at, slot.ends_at, m.starts_at, m.ends_at) for m in busy):
            continue
        if _needs_place(settings, online) and len(taken.get(slot.starts_at, ())) >= len(
            settings.places
        ):
            continue
        free.append(slot)
    return free


# --- who may meet whom -----------------------------------------------------------------------


def _hidden(user: User) -> bool:
    from eventnet.profiles.models import Profile

    return bool(db.session.scalar(sa.select(Profile.hidden).where(Profile.user_id == user.id)))


def check_meetable(event: Event, requester: User, invitee: User) -> MeetingSettings:
    """Meetings are on, the event is on, and both people are confirmed attendees."""
    settings = settings_of(event)
    if settings is None or not settings.enabled:
        raise DomainError("This event does not offer 1:1 meetings.")
    if event.status is not EventStatus.PUBLISHED:
        raise DomainError("Meetings can be booked only at a published event.")
    if requester.id == invitee.id:
        raise DomainError("You cannot book a meeting with yourself.")
    registrations = _registrations(event, [requester, invitee])
    if requester.id not in registrations:
        raise DomainError("Only confirmed attendees of this event can book meetings.")
    if invitee.id not in registrations:
        raise DomainError(f"{invitee.name} is not a confirmed attendee of this event.")
    return settings


def _check_cap(event: Event, settings: MeetingSettings, user: User, you: bool) -> None:
    cap = settings.cap_per_person
    if cap is not None and _count_accepted(event, user) >= cap:
        who = "You have" if you else f"{user.name} has"
        raise Conflict(f"{who} already reached this event's limit of {cap} meetings.")


def requestable_person(event: Event, requester: User, user_id: int) -> User:
    """The person to ask, or 404 when they are not someone ``requester`` may ask here."""
    invitee = db.session.get(User, user_id)
    if invitee is None or _hidden(invitee) or invitee.id == requester.id:
        raise NotFound("There is no such person at this event.")
    if invitee.id not in _registrations(event, [invitee]):
        raise NotFound("There is no such person at this event.")
    return invitee


# --- requesting, accepting, declining, cancelling --------------------------------------------


def _clean(text: str, limit: int = MESSAGE_MAX) -> str:
    text = multi_line(text, "message")
    if len(text) > limit:
        raise DomainError(f"Use at most {limit} characters.", "message")
    return text


def request_meeting(
    event: Event, requester: User, invitee: User, starts_at: datetime, message: str = ""
) -> Meeting:
    """Ask ``invitee`` for a meeting in the slot starting at ``starts_at``; emails them.

    Under the event's lock, as accepting is: of twenty identical requests at once, one asks
    and the others are told it is already asked (one meeting, one email).
    """
    lock_row(db.session, Event, event.id)
    settings = check_meetable(event, requester, invitee)
    if _hidden(invitee):
        raise DomainError(f"{invitee.name} does not take meeting requests through the directory.")
    message = _clean(message)
    slot = next((s for s in slots_of(settings) if s.starts_at == starts_at), None)
    if slot is None:
        raise DomainError("Choose one of the meeting slots offered.", "slot")
    if slot.starts_at <= utcnow():
        raise DomainError("That slot has already begun: choose a later one.", "slot")
    _check_cap(event, settings, requester, you=True)
    _check_cap(event, settings, invitee, you=False)
    if slot not in free_slots(event, requester, invitee):
        raise Conflict("That slot is no longer free for both of you: choose another.", "slot")
    duplicate = db.session.scalar(
        sa.select(Meeting.id).where(
            Meeting.event_id == event.id,
            Meeting.requester_id == requester.id,
            Meeting.invitee_id == invitee.id,
            Meeting.starts_at == slot.starts_at,
            Meeting.status == PROPOSED,
        )
    )
    if duplicate is not None:
        raise Conflict("You have already asked for this slot; wait for their answer.", "slot")
    meeting = Meeting(
        event=event,
        requester=requester,
        invitee=invitee,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        status=PROPOSED,
        message=message,
        sequence=0,
    )
    db.session.add(meeting)
    db.session.flush()
    _notify(meeting, invitee, "meeting_requested")
    return meeting


def _lock(meeting: Meeting) -> None:
    """Take the event's lock, then reread the meeting: what we read before may be stale."""
    lock_row(db.session, Event, meeting.event_id)
    db.session.refresh(meeting)


def _check_open(meeting: Meeting, statuses=(PROPOSED,)) -> None:
    if meeting.status not in statuses:
        raise Conflict(f"This meeting is already {meeting.status.value}.")
    if meeting.starts_at <= utcnow():
        raise DomainError("This meeting's time has already come.")


def _assign_place(meeting: Meeting, settings: MeetingSettings, online: bool) -> tuple[str, str]:
    """A free place in the slot (for in-person meetings or {place} links) and a video link."""
    place = ""
    if _needs_place(settings, online):
        taken = _taken_places(meeting.event).get(meeting.starts_at, set())
        place = next((p for p in settings.places if p not in taken), "")
        if not place:
            at = times.format_time(meeting.starts_at, meeting.event.timezone)
            raise Conflict(
                f"Every table is taken at {at}. Decline and ask {meeting.requester.name} "
                "for another time."
            )
    video_url = ""
    if online:
        video_url = settings.video_link_pattern.replace("{random}", secrets.token_hex(8)).replace(
            "{place}", slugify(place) or "room"
        )
    return place, video_url


def accept(meeting: Meeting, user: User, reply: str = "") -> Meeting:
    """The invitee says yes: a place is assigned and both people's overlapping requests close."""
    if meeting.invitee_id != user.id:
        raise NotFound("There is no such meeting.")
    _lock(meeting)
    _check_open(meeting)
    event = meeting.event
    reply = _clean(reply)
    settings = check_meetable(event, meeting.requester, meeting.invitee)
    people = [meeting.requester, meeting.invitee]
    for other in _accepted_of(event, [p.id for p in people]):
        if _overlaps(meeting.starts_at, meeting.ends_at, other.starts_at, other.ends_at):
            who = (
                "You already have"
                if other.involves(meeting.invitee)
                else f"{meeting.requester.name} already has"
            )
            raise Conflict(f"{who} another meeting at this time.")
    _check_cap(event, settings, meeting.invitee, you=True)
    _check_cap(event, settings, meeting.requester, you=False)
    online = _is_online(event, _registrations(event, people).values())
    place, video_url = _assign_place(meeting, settings, online)

    meeting.status = ACCEPTED
    meeting.place, meeting.video_url, meeting.reply = place, video_url, reply
    meeting.decided_at = utcnow()
    meeting.sequence += 1
    for resource in [f"user:{p.id}" for p in people] + ([f"place:{place}"] if place else []):
        db.session.add(
            MeetingBooking(
                meeting_id=meeting.id,
                event_id=event.id,
                starts_at=meeting.starts_at,
                resource=resource,
            )
        )
    try:
        db.session.flush()
    except sa.exc.IntegrityError:
        # Only reachable if something bypassed the lock: the database kept the rule.
        raise Conflict("That slot was just taken: ask for another time.") from None
    _decline_overlapping(meeting)
    _exchange_contacts(meeting)
    for person in people:
        _notify(meeting, person, "meeting_accepted", method="REQUEST")
    return meeting


def _exchange_contacts(meeting: Meeting) -> None:
    """An accepted meeting is a mutual contact exchange: it appears in both people's
    "My contacts" as a badge scan would, each side's details following its own choice."""
    from eventnet.connections.services import record_scan

    record_scan(meeting.event, meeting.invitee, meeting.requester)


def _decline_overlapping(accepted: Meeting) -> None:
    ids = [accepted.requester_id, accepted.invitee_id]
    pending = db.session.scalars(
        sa.select(Meeting)
        .where(
            Meeting.event_id == accepted.event_id,
            Meeting.status == PROPOSED,
            Meeting.id != accepted.id,
            sa.or_(Meeting.requester_id.in_(ids), Meeting.invitee_id.in_(ids)),
            Meeting.starts_at < accepted.ends_at,
            Meeting.ends_at > accepted.starts_at,
        )
        .order_by(Meeting.id)
    ).all()
    for meeting in pending:
        booked = meeting.requester if meeting.requester_id in ids else meeting.invitee
        meeting.status = DECLINED
        meeting.decided_at = utcnow()
        meeting.note = f"{booked.name} now has another meeting at this time."
        meeting.sequence += 1
        db.session.flush()
        for person in (meeting.requester, meeting.invitee):
            if person.id not in ids:
                _notify(meeting, person, "meeting_declined")


def decline(meeting: Meeting, user: User, reply: str = "") -> Meeting:
    if meeting.invitee_id != user.id:
        raise NotFound("There is no such meeting.")
    _lock(meeting)
    if meeting.status is not PROPOSED:
        raise Conflict(f"This meeting is already {meeting.status.value}.")
    meeting.status = DECLINED
    meeting.reply = _clean(reply)
    meeting.decided_at = utcnow()
    meeting.sequence += 1
    db.session.flush()
    _notify(meeting, meeting.requester, "meeting_declined")
    return meeting


def cancel(meeting: Meeting, user: User, reply: str = "", *, notify_self: bool = False) -> Meeting:
    """Either person calls it off (a request or an accepted meeting); the slot is freed."""
    if not meeting.involves(user):
        raise NotFound("There is no such meeting.")
    _lock(meeting)
    _check_open(meeting, (PROPOSED, ACCEPTED))
    was_accepted = meeting.status is ACCEPTED
    meeting.status = CANCELLED
    meeting.reply = _clean(reply)
    meeting.cancelled_by_id = user.id
    meeting.sequence += 1
    db.session.execute(sa.delete(MeetingBooking).where(MeetingBooking.meeting_id == meeting.id))
    db.session.flush()
    method = "CANCEL" if was_accepted else None
    _notify(meeting, meeting.other(user), "meeting_cancelled", method=method)
    if notify_self:
        _notify(meeting, user, "meeting_cancelled", method=method)
    return meeting


# --- reading ---------------------------------------------------------------------------------


def meeting_for(meeting_id: int, user) -> Meeting:
    """One of ``user``'s meetings; 404 for anyone else's (they learn nothing)."""
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None or not meeting.involves(user):
        raise NotFound("There is no such meeting.")
    return meeting


@dataclass
class AgendaEntry:
    meeting: Meeting
    other: User
    profile: object | None
    incoming: bool


@dataclass
class EventAgenda:
    event: Event
    entries: list[AgendaEntry] = field(default_factory=list)


def my_meetings(user: User, now: datetime | None = None) -> list[EventAgenda]:
    """Meetings at events not yet over, grouped by event, in time order; three queries."""
    from eventnet.profiles.services import profiles_by_user

    now = now or utcnow()
    meetings = db.session.scalars(
        sa.select(Meeting)
        .join(Meeting.event)
        .options(
            joinedload(Meeting.event).joinedload(Event.network),
            joinedload(Meeting.requester),
            joinedload(Meeting.invitee),
        )
        .where(
            sa.or_(Meeting.requester_id == user.id, Meeting.invitee_id == user.id),
            Event.ends_at > now,
        )
        .order_by(Event.starts_at, Event.id, Meeting.starts_at, Meeting.id)
    ).all()
    cards = profiles_by_user(sorted({m.other(user).id for m in meetings}))
    agendas: dict[int, EventAgenda] = {}
    for m in meetings:
        other = m.other(user)
        agenda = agendas.setdefault(m.event_id, EventAgenda(m.event))
        agenda.entries.append(AgendaEntry(m, other, cards.get(other.id), m.invitee_id == user.id))
    return list(agendas.values())


def accepted_partners(user: User, event: Event) -> list[User]:
    """Whom ``user`` has an accepted meeting with at ``event``: mutual contact exchanges, for
    "My contacts" and the follow-up email."""
    meetings = db.session.scalars(
        sa.select(Meeting)
        .options(joinedload(Meeting.requester), joinedload(Meeting.invitee))
        .where(
            Meeting.event_id == event.id,
            Meeting.status == ACCEPTED,
            sa.or_(Meeting.requester_id == user.id, Meeting.invitee_id == user.id),
        )
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()
    partners: dict[int, User] = {}
    for m in meetings:
        other = m.other(user)
        partners.setdefault(other.id, other)
    return list(partners.values())


def figures(event: Event) -> dict[str, int]:
    """For organisers: meetings by status."""
    rows = db.session.execute(
        sa.select(Meeting.status, sa.func.count())
        .where(Meeting.event_id == event.id)
        .group_by(Meeting.status)
    )
    counts = {s.value: 0 for s in MeetingStatus}
    counts.update({status.value: n for status, n in rows})
    return counts


# --- emails ----------------------------------------------------------------------------------


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


def queue_due_reminders(now: datetime) -> int:
    """The scheduler step: remind both people of accepted meetings starting within ten
    minutes (unless they opted out). The dedupe key makes a second pass queue nothing."""
    due = db.session.scalars(
        sa.select(Meeting)
        .options(
            joinedload(Meeting.event), joinedload(Meeting.requester), joinedload(Meeting.invitee)
        )
        .where(
            Meeting.status == ACCEPTED,
            Meeting.starts_at > now,
            Meeting.starts_at <= now + REMINDER_BEFORE,
        )
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()
    queued = 0
    for meeting in due:
        for person in (meeting.requester, meeting.invitee):
            if not preferences.wants(person, REMINDER_CATEGORY):
                continue
            key = f"meeting-reminder:{meeting.id}:{meeting.sequence}:{person.id}"
            if find_email(key) is not None:
                continue
            # An optional category: queue_email adds List-Unsubscribe and the link to it.
            queue_email(
                to=person.email,
                to_name=person.name,
                user_id=person.id,
                template="meeting_reminder",
                context=_context(meeting, person),
                dedupe_key=key,
                category=REMINDER_CATEGORY,
                send_after=now,
            )
            queued += 1
    return queued


from eventnet.mail.worker import scheduler_steps  # noqa: E402 - registered once, on import

if queue_due_reminders not in scheduler_steps:
    scheduler_steps.append(queue_due_reminders)


# --- the account registries ------------------------------------------------------------------


@hooks.exporter("meetings")
def _export_meetings(user: User) -> list[dict]:
    meetings = db.session.scalars(
        sa.select(Meeting)
        .options(
            joinedload(Meeting.event), joinedload(Meeting.requester), joinedload(Meeting.invitee)
        )
        .where(sa.or_(Meeting.requester_id == user.id, Meeting.invitee_id == user.id))
        .order_by(Meeting.starts_at, Meeting.id)
    ).all()
    return [
        {
            "event": m.event.title,
            "with": m.other(user).name,
            "you_asked": m.requester_id == user.id,
            "starts_at": m.starts_at.astimezone(UTC).isoformat(),
            "ends_at": m.ends_at.astimezone(UTC).isoformat(),
            "status": m.status.value,
            "place": m.place,
            "video_url": m.video_url,
            "message": m.message,
            "reply": m.reply,
        }
        for m in meetings
    ]


@hooks.on_account_deletion(
    "Your meeting requests and meetings still to come are cancelled, and the other person told."
)
def _cancel_meetings_on_deletion(user: User) -> None:
    upcoming = db.session.scalars(
        sa.select(Meeting)
        .where(
            sa.or_(Meeting.requester_id == user.id, Meeting.invitee_id == user.id),
            Meeting.status.in_([PROPOSED, ACCEPTED]),
            Meeting.starts_at > utcnow(),
        )
        .order_by(Meeting.event_id, Meeting.id)  # locks in one order everywhere
    ).all()
    for meeting in upcoming:
        cancel(meeting, user, "")
