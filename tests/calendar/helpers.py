"""Parsing calendar files as clients do: icalendar, vobject (independent), recurring-ical-events."""

from __future__ import annotations

from datetime import date, timedelta

import icalendar
import recurring_ical_events
import vobject


def parse(body: bytes) -> icalendar.Calendar:
    """Parse with icalendar and with vobject; both must accept it and agree on the UIDs."""
    calendar = icalendar.Calendar.from_ical(body)
    independent = vobject.readOne(body.decode("utf-8"))
    uids = [str(e["uid"]) for e in calendar.walk("VEVENT")]
    other_uids = [v.uid.value for v in getattr(independent, "vevent_list", [])]
    assert sorted(uids) == sorted(other_uids)
    return calendar


def vevents(body: bytes) -> list[icalendar.Event]:
    return list(parse(body).walk("VEVENT"))


def expand(body: bytes, days_back: int = 400, days_ahead: int = 800) -> list[icalendar.Event]:
    """The occurrences a client would show in a window around today."""
    calendar = icalendar.Calendar.from_ical(body)
    today = date.today()
    return list(
        recurring_ical_events.of(calendar).between(
            today - timedelta(days=days_back), today + timedelta(days=days_ahead)
        )
    )


def by_uid(body: bytes) -> dict[str, icalendar.Event]:
    return {str(e["uid"]): e for e in vevents(body)}
