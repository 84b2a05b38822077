"""An event's meeting settings: on or off, windows, slot length, places, video links."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import sqlalchemy as sa

from eventnet.errors import DomainError
from eventnet.events import times
from eventnet.events.models import Event, EventFormat
from eventnet.extensions import db
from eventnet.meetings.models import (
    DEFAULT_VIDEO_PATTERN,
    LINK_MAX,
    PLACE_MAX,
    MeetingSettings,
    MeetingWindow,
)
from eventnet.text import multi_line, single_line

SLOT_MINUTES = (10, 15, 20, 25, 30, 45, 60)
MAX_PLACES = 500


WINDOW_RE = re.compile(
    r"^(?:(?P<date>\d{4}-\d{2}-\d{2})\s+)?(?P<start>\d{1,2}:\d{2})\s*[-–]\s*(?P<end>\d{1,2}:\d{2})$"
)


def settings_of(event: Event) -> MeetingSettings | None:
    return db.session.scalar(sa.select(MeetingSettings).where(MeetingSettings.event_id == event.id))


def meetings_enabled(event: Event) -> bool:
    return enabled_in(settings_of(event))


def enabled_in(settings: MeetingSettings | None) -> bool:
    """Whether these settings (None: never set up) turn meetings on."""
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
