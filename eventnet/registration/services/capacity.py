"""Places per attendance mode and the figures: how many are confirmed, waiting, free."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa

from eventnet.events.models import Event, EventFormat, EventStatus
from eventnet.extensions import db
from eventnet.registration.models import AttendanceMode, Registration, RegistrationStatus
from eventnet.registration.services._common import CONFIRMED, PENDING, WAITLISTED


def modes_of(event: Event) -> list[AttendanceMode]:
    return {
        EventFormat.IN_PERSON: [AttendanceMode.IN_PERSON],
        EventFormat.VIRTUAL: [AttendanceMode.ONLINE],
        EventFormat.HYBRID: [AttendanceMode.IN_PERSON, AttendanceMode.ONLINE],
    }[event.format]


def capacity_of(event: Event, mode: AttendanceMode) -> int | None:
    """Places for ``mode``; None is unlimited."""
    if mode is AttendanceMode.IN_PERSON:
        return event.capacity_in_person
    return event.capacity_online


@dataclass
class Figures:
    """How many registrations an event has, by status and attendance mode."""

    counts: dict[tuple[RegistrationStatus, AttendanceMode], int] = field(
        default_factory=lambda: defaultdict(int)
    )
    checked_in_by_mode: dict[AttendanceMode, int] = field(default_factory=lambda: defaultdict(int))

    def count(self, status: RegistrationStatus, mode: AttendanceMode | None = None) -> int:
        if mode is not None:
            return self.counts[(status, mode)]
        return sum(n for (s, _), n in self.counts.items() if s is status)

    @property
    def confirmed(self) -> int:
        return self.count(CONFIRMED)

    @property
    def waitlisted(self) -> int:
        return self.count(WAITLISTED)

    @property
    def pending(self) -> int:
        return self.count(PENDING)

    @property
    def checked_in(self) -> int:
        return sum(self.checked_in_by_mode.values())


def figures_for(event_ids: list[int]) -> dict[int, Figures]:
    """Figures of many events in one query (pages must not query once per event)."""
    result: dict[int, Figures] = defaultdict(Figures)
    if not event_ids:
        return result
    rows = db.session.execute(
        sa.select(
            Registration.event_id,
            Registration.status,
            Registration.mode,
            sa.func.count(),
            sa.func.count(Registration.checked_in_at),
        )
        .where(Registration.event_id.in_(event_ids))
        .group_by(Registration.event_id, Registration.status, Registration.mode)
    )
    for event_id, status, mode, count, checked_in in rows:
        figures = result[event_id]
        figures.counts[(status, mode)] += count
        if status is CONFIRMED:
            figures.checked_in_by_mode[mode] += checked_in
    return result


def figures(event: Event) -> Figures:
    return figures_for([event.id])[event.id]


def places_left(event: Event, figures: Figures, mode: AttendanceMode) -> int | None:
    """Free places for ``mode``, or None when unlimited."""
    capacity = capacity_of(event, mode)
    if capacity is None:
        return None
    return max(0, capacity - figures.count(CONFIRMED, mode))


def _confirmed_count(event: Event, mode: AttendanceMode) -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Registration)
        .where(
            Registration.event_id == event.id,
            Registration.status == CONFIRMED,
            Registration.mode == mode,
        )
    )


def _has_place(event: Event, mode: AttendanceMode) -> bool:
    """Call only while holding the event's lock."""
    capacity = capacity_of(event, mode)
    return capacity is None or _confirmed_count(event, mode) < capacity


def availability(event: Event, figures: Figures) -> str:
    """A short summary for lists and pages: "12 places left", "Full: waitlist", ..."""
    if event.status is EventStatus.CANCELLED:
        return "Cancelled"
    parts = []
    for mode in modes_of(event):
        left = places_left(event, figures, mode)
        suffix = f" {mode.label.lower()}" if event.format is EventFormat.HYBRID else ""
        if left is None:
            parts.append(f"places available{suffix}")
        elif left:
            parts.append(f"{left} place{'' if left == 1 else 's'} left{suffix}")
        else:
            parts.append(f"full{suffix}: waitlist")
    text = ", ".join(parts)
    return text[0].upper() + text[1:]


@dataclass(frozen=True)
class ModePlaces:
    """One attendance mode's places on the event page: "Online: 49 left"."""

    mode: AttendanceMode
    left: int | None  # None is unlimited

    @property
    def full(self) -> bool:
        """Registering for this mode now puts a person on the waitlist."""
        return self.left == 0

    @property
    def text(self) -> str:
        if self.left is None:
            return f"{self.mode.label}: places available"
        if self.full:
            return f"{self.mode.label}: full — join the waitlist"
        return f"{self.mode.label}: {self.left} left"

    @property
    def text_for_registrant(self) -> str:
        """The same without the invitation to join: someone registered already is in."""
        return f"{self.mode.label}: full" if self.full else self.text


def places_by_mode(event: Event, figures: Figures) -> list[ModePlaces]:
    """Each of the event's modes with its free places (a hybrid event shows both)."""
    return [ModePlaces(mode, places_left(event, figures, mode)) for mode in modes_of(event)]
