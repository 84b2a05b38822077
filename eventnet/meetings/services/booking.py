"""Requesting, accepting, declining and cancelling a meeting.

Whatever changes what a slot holds (accepting, declining, cancelling) first takes the event's
row lock (``lock_row``) and only then reads who is busy, which places are taken and how many
meetings each person has: concurrent accepts queue up behind each other, so nobody is booked
twice at once, no place is used twice in a slot and the per-person cap holds. The unique key
of ``meeting_bookings`` refuses a double booking in the database as well.
"""

from __future__ import annotations

import secrets
from datetime import datetime

import sqlalchemy as sa

from eventnet.accounts.models import User
from eventnet.connections.services import record_scan
from eventnet.db import lock_row, utcnow
from eventnet.errors import Conflict, DomainError, NotFound
from eventnet.events import times
from eventnet.events.models import Event
from eventnet.extensions import db
from eventnet.meetings.models import MESSAGE_MAX, Meeting, MeetingBooking, MeetingSettings
from eventnet.meetings.services._common import ACCEPTED, CANCELLED, DECLINED, PROPOSED
from eventnet.meetings.services.eligibility import _check_cap, _hidden, check_meetable
from eventnet.meetings.services.emails import _notify
from eventnet.meetings.services.slots import (
    _accepted_of,
    _is_online,
    _needs_place,
    _overlaps,
    _registrations,
    _taken_places,
    free_slots,
    slots_of,
)
from eventnet.networks.services import slugify
from eventnet.text import multi_line


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
