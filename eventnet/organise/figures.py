"""The figures on an event's dashboard: tiles and the numbers behind its charts (issue 17).

Gathered in a fixed number of queries, however many people registered: one for the
registrations, one each for connections, meetings and feedback.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from eventnet.connections.models import Connection
from eventnet.db import utcnow
from eventnet.events.models import Event
from eventnet.extensions import db
from eventnet.meetings.models import Meeting, MeetingStatus
from eventnet.notifications.models import Feedback
from eventnet.registration.models import Registration, RegistrationStatus
from eventnet.registration.services import capacity_of, modes_of

CONFIRMED = RegistrationStatus.CONFIRMED
WAITLISTED = RegistrationStatus.WAITLISTED
QUERIES = 4  # registrations, connections, meetings, feedback
MAX_CHECK_IN_SPAN = timedelta(hours=24)  # beyond it, empty quarters are left out


@dataclass(frozen=True)
class ModeTile:
    label: str
    registered: int
    capacity: int | None


@dataclass(frozen=True)
class Series:
    """One chart's numbers: (label, value) pairs in order, with what they count."""

    title: str
    caption: str
    x_label: str
    y_label: str
    points: list[tuple[str, int]]
    empty: str

    @property
    def is_empty(self) -> bool:
        return not any(v for _, v in self.points)


@dataclass
class DashboardFigures:
    modes: list[ModeTile]
    confirmed: int
    checked_in: int
    waitlisted: int
    started: bool
    attendees_connected: int
    connections: int
    meetings_held: int
    feedback_count: int
    feedback_average: float | None
    charts: list[Series] = field(default_factory=list)

    @property
    def attended_percent(self) -> int | None:
        return round(100 * self.checked_in / self.confirmed) if self.confirmed else None

    @property
    def no_shows(self) -> int | None:
        """Confirmed but not checked in; only meaningful once the event has started."""
        return self.confirmed - self.checked_in if self.started else None

    @property
    def connections_per_attendee(self) -> float | None:
        return round(2 * self.connections / self.confirmed, 1) if self.confirmed else None

    @property
    def response_percent(self) -> int | None:
        """Feedback answers out of the people who came (checked in)."""
        return round(100 * self.feedback_count / self.checked_in) if self.checked_in else None


def _local(moment: datetime, event: Event) -> datetime:
    return moment.replace(tzinfo=UTC).astimezone(event.zone)


def dashboard_figures(event: Event, now: datetime | None = None) -> DashboardFigures:
    now = now or utcnow()
    rows = db.session.execute(
        sa.select(
            Registration.user_id,
            Registration.status,
            Registration.mode,
            Registration.registered_at,
            Registration.checked_in_at,
        ).where(Registration.event_id == event.id)
    ).all()
    confirmed = [r for r in rows if r.status is CONFIRMED]
    by_mode = Counter(r.mode for r in confirmed)
    modes = [ModeTile(m.label, by_mode[m], capacity_of(event, m)) for m in modes_of(event)]
    checked_in = [r.checked_in_at for r in confirmed if r.checked_in_at]

    attendee_ids = {r.user_id for r in confirmed}
    per_person: Counter[int] = Counter({user_id: 0 for user_id in attendee_ids})
    pairs = db.session.execute(
        sa.select(Connection.low_user_id, Connection.high_user_id).where(
            Connection.event_id == event.id
        )
    ).all()
    for low, high in pairs:
        for user_id in (low, high):
            if user_id in attendee_ids:
                per_person[user_id] += 1

    meetings_held = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Meeting)
        .where(
            Meeting.event_id == event.id,
            Meeting.status == MeetingStatus.ACCEPTED,
            Meeting.starts_at <= now,
        )
    )
    ratings = list(
        db.session.scalars(sa.select(Feedback.rating).where(Feedback.event_id == event.id))
    )

    figures = DashboardFigures(
        modes=modes,
        confirmed=len(confirmed),
        checked_in=len(checked_in),
        waitlisted=sum(1 for r in rows if r.status is WAITLISTED),
        started=event.starts_at <= now,
        attendees_connected=sum(1 for n in per_person.values() if n),
        connections=len(pairs),
        meetings_held=meetings_held,
        feedback_count=len(ratings),
        feedback_average=round(sum(ratings) / len(ratings), 1) if ratings else None,
    )
    counted = [r for r in rows if r.status in (CONFIRMED, WAITLISTED)]
    figures.charts = [
        _registrations_by_day(event, [r.registered_at for r in counted]),
        _check_ins(event, checked_in),
        _connections_histogram(per_person),
        _feedback(ratings),
    ]
    return figures


def _registrations_by_day(event: Event, moments: list[datetime]) -> Series:
    days = Counter(_local(m, event).date() for m in moments)
    points: list[tuple[str, int]] = []
    if days:
        day: date = min(days)
        last = max(days)
        total = 0
        while day <= last:
            total += days[day]
            points.append((f"{day.day} {day:%b}", total))
            day += timedelta(days=1)
    return Series(
        "Registrations over time",
        "Confirmed and waitlisted registrations, cumulative, by day (event's time zone).",
        "Day",
        "Registrations so far",
        points,
        "No registrations yet",
    )


def _check_ins(event: Event, moments: list[datetime]) -> Series:
    quarters = Counter()
    for moment in moments:
        local = _local(moment, event)
        quarters[
            local.replace(minute=local.minute - local.minute % 15, second=0, microsecond=0)
        ] += 1
    points: list[tuple[str, int]] = []
    if quarters:
        slot, last = min(quarters), max(quarters)
        if last - slot > MAX_CHECK_IN_SPAN:  # stragglers days later: only the busy quarters
            points = [(q.strftime("%d %b %H:%M"), n) for q, n in sorted(quarters.items())]
        else:
            while slot <= last:
                points.append((slot.strftime("%H:%M"), quarters[slot]))
                slot += timedelta(minutes=15)
    return Series(
        "Check-ins by quarter-hour",
        "People checked in during each quarter-hour starting at the time shown.",
        "Quarter-hour",
        "Check-ins",
        points,
        "No check-ins yet",
    )


def _connections_histogram(per_person: Counter[int]) -> Series:
    spread = Counter(per_person.values())
    top = max(spread, default=-1)
    points = [(str(n), spread[n]) for n in range(top + 1)]
    return Series(
        "Connections per attendee",
        "How many confirmed attendees made each number of connections.",
        "Connections",
        "Attendees",
        points if per_person and any(per_person.values()) else [],
        "No connections yet",
    )


def _feedback(ratings: list[int]) -> Series:
    spread = Counter(ratings)
    return Series(
        "Feedback ratings",
        "How many answers gave each rating, from 1 (poor) to 5 (excellent).",
        "Rating",
        "Answers",
        [(str(n), spread[n]) for n in range(1, 6)],
        "No feedback yet",
    )


__all__ = ["QUERIES", "DashboardFigures", "Series", "dashboard_figures"]
