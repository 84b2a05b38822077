"""Reading meetings: one person's agenda, their partners, the organiser's figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from eventnet.accounts.models import User
from eventnet.db import utcnow
from eventnet.errors import NotFound
from eventnet.events.models import Event
from eventnet.extensions import db
from eventnet.meetings.models import Meeting, MeetingStatus
from eventnet.meetings.services._common import ACCEPTED
from eventnet.profiles.services import profiles_by_user


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
