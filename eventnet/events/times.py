"""Time zones for events: IANA names, wall-clock input to UTC, and times shown in the zone."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from eventnet.errors import DomainError

DEFAULT_ZONE = "Europe/London"


@cache
def zone_names() -> tuple[str, ...]:
    """Every IANA zone that names a place (no legacy aliases such as "EST5EDT")."""
    return tuple(
        sorted(
            name
            for name in available_timezones()
            if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/", "posix/", "right/"))
        )
        + ["UTC"]
    )


@cache
def place_zone_names() -> tuple[str, ...]:
    """The zones tzdata itself names (its ``Z`` lines), without the links it keeps for old or
    merged names (``Asia/Calcutta`` for ``Asia/Kolkata``, ``Europe/Belfast`` for London):
    what the list offers. Old names stay valid (``zone_names``) for events that have one."""
    text = resources.files("tzdata").joinpath("zoneinfo", "tzdata.zi").read_text()
    named = {line.split()[1] for line in text.splitlines() if line.startswith("Z ")}
    return tuple(name for name in zone_names() if name in named)


def zone_label(name: str) -> str:
    return name.replace("_", " ")


def zone_choices(first: Iterable[str | None] = ()) -> list[tuple[str, str, str]]:
    """(zone, label, group) for a ``<select>``: the zones most likely first (those given, such
    as the zone the network's events use, then the UK's and UTC), then every other by
    region; each zone once. A browser's select jumps to what is typed, so the long tail
    stays findable."""
    likely = list(dict.fromkeys(name for name in (*first, DEFAULT_ZONE, "UTC") if name))
    return [(name, zone_label(name), "Most used") for name in likely] + [
        (name, zone_label(name), name.split("/")[0])
        for name in place_zone_names()
        if name not in likely
    ]


def zone(name: str) -> ZoneInfo:
    if name not in zone_names():
        raise DomainError("Choose a time zone from the list.", "timezone")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise DomainError("Choose a time zone from the list.", "timezone") from None


def local_to_utc(wall: datetime, zone_name: str, field: str) -> datetime:
    """A wall-clock time in ``zone_name`` as an aware UTC datetime.

    Refuses a time the clocks skip (spring forward); an ambiguous one (autumn) means the
    first of the two, as calendar apps do.
    """
    tz = zone(zone_name)
    if wall.tzinfo is not None:
        return wall.astimezone(UTC)
    aware = wall.replace(tzinfo=tz, fold=0)
    back = aware.astimezone(UTC).astimezone(tz)
    if back.replace(tzinfo=None) != wall:
        raise DomainError(
            f"{wall:%H:%M} does not exist on {wall:%-d %B %Y} in {zone_name}: the clocks go "
            "forward then. Choose another time.",
            field,
        )
    return aware.astimezone(UTC)


def in_zone(moment: datetime, zone_name: str) -> datetime:
    return moment.astimezone(ZoneInfo(zone_name))


def wall_clock(moment: datetime | None, zone_name: str) -> datetime | None:
    """For form fields: the naive wall-clock time in the zone."""
    return None if moment is None else in_zone(moment, zone_name).replace(tzinfo=None)


def format_moment(moment: datetime, zone_name: str) -> str:
    """ "Thu 12 March 2026, 18:30 GMT (Europe/London)"."""
    local = in_zone(moment, zone_name)
    return f"{local:%a %-d %B %Y, %H:%M} {local:%Z} ({zone_name})"


def format_span(starts_at: datetime, ends_at: datetime, zone_name: str) -> str:
    """ "Thu 12 March 2026, 18:30–20:30 GMT (Europe/London)", naming both days if they differ."""
    start, end = in_zone(starts_at, zone_name), in_zone(ends_at, zone_name)
    if start.date() == end.date():
        return f"{start:%a %-d %B %Y, %H:%M}–{end:%H:%M} {end:%Z} ({zone_name})"
    return (
        f"{start:%a %-d %B %Y, %H:%M} {start:%Z} – {end:%a %-d %B %Y, %H:%M} {end:%Z} ({zone_name})"
    )


def format_time(moment: datetime, zone_name: str) -> str:
    return f"{in_zone(moment, zone_name):%H:%M}"
