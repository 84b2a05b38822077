"""Events and 1:1 meetings as iCalendar (RFC 5545): pure functions from models to
``icalendar.Calendar``. The only place eventnet writes iCalendar: feeds, downloads, and the
files attached to emails (registrations, event changes, meetings) all come from here.

Nothing here reads the request, the session or the database: callers decide who sees what
(``calendar/services.py``) and pass it in, as indico's ``events/ical.py`` does.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import icalendar

from eventnet.calendar.plaintext import markdown_to_text
from eventnet.events.models import AgendaSession, Event, EventFormat

PRODID = "-//eventnet//eventnet calendar feeds//EN"
MEETING_PRODID = "-//eventnet//meetings//EN"
# How often subscribed calendar apps should fetch a feed again (RFC 7986 and Microsoft's).
REFRESH = timedelta(hours=1)
# When the single-event file's reminder goes off, before the start.
REMINDER = timedelta(hours=1)


@dataclass(frozen=True)
class Site:
    """What the renderer needs to know about the installation; built from the config."""

    host: str  # the right-hand side of every UID
    base_url: str  # EVENTNET_BASE_URL, no trailing slash
    event_url_prefix: str  # "<base>/e/": the event page is this plus the slug
    organiser_email: str  # a no-reply address: ORGANIZER is the network, not a person

    def event_url(self, event: Event) -> str:
        return self.event_url_prefix + event.slug


@dataclass(frozen=True)
class Attendance:
    """One person's side of an event in their own calendar."""

    tentative: bool = False  # waitlisted or waiting for approval
    waiting: str = ""  # "on the waitlist", "awaiting the organisers' approval"
    online: bool = False  # attends online: LOCATION is "Online"
    join_url: str = ""  # as registration/access.py decides (SPEC §3)
    changed_at: datetime | None = None  # when their registration last changed
    email: str = ""  # for ATTENDEE in emailed invitations
    name: str = ""


PUBLIC = Attendance()


def event_uid(event: Event, site: Site) -> str:
    """Never changes for the event: slugs, titles and times may."""
    return f"event-{event.id}@{site.host}"


def session_uid(session: AgendaSession, site: Site) -> str:
    return f"event-{session.event_id}-session-{session.id}@{site.host}"


def location(event: Event, attendance: Attendance = PUBLIC) -> str:
    if event.format is EventFormat.VIRTUAL or attendance.online:
        return "Online"
    place = [event.venue_name, *event.venue_address.splitlines()]
    text = ", ".join(p.strip() for p in place if p.strip())
    return text or "Venue to be announced"


def _zoned(moment: datetime, event: Event) -> datetime:
    return moment.astimezone(ZoneInfo(event.timezone))


def _description(event: Event, site: Site, attendance: Attendance) -> str:
    parts = []
    if event.is_cancelled:
        parts.append("This event has been cancelled.")
        if event.cancellation_message:
            parts.append(event.cancellation_message)
    if attendance.waiting:
        parts.append(f"You are {attendance.waiting}: no place is held for you yet.")
    if attendance.join_url:
        parts.append(f"Join online: {attendance.join_url}")
    text = markdown_to_text(event.description)
    if text:
        parts.append(text)
    parts.append(f"{event.network.name} · {site.event_url(event)}")
    return "\n\n".join(parts)


def _summary(event: Event, attendance: Attendance) -> str:
    # Several apps (Google among them) ignore STATUS, so the title says it too.
    if event.is_cancelled:
        return f"Cancelled: {event.title}"
    if attendance.tentative:
        return f"{event.title} ({attendance.waiting or 'tentative'})"
    return event.title


def _organiser(event: Event, site: Site) -> icalendar.vCalAddress:
    organiser = icalendar.vCalAddress(f"mailto:{site.organiser_email}")
    organiser.params["CN"] = event.network.name
    return organiser


def event_component(
    event: Event,
    site: Site,
    attendance: Attendance = PUBLIC,
    *,
    stamp: datetime | None = None,
) -> icalendar.Event:
    """One VEVENT for ``event`` as ``attendance``'s holder sees it.

    DTSTAMP is when the information last changed (RFC 5545 §3.8.7.2, for objects without
    METHOD), so the same data always renders the same bytes and ETags hold; emailed
    invitations pass ``stamp`` (the time of the message) instead.
    """
    changed = max(filter(None, [event.updated_at, attendance.changed_at]))
    vevent = icalendar.Event()
    vevent.add("uid", event_uid(event, site))
    vevent.add("dtstamp", stamp or changed)
    vevent.add("created", event.created_at)
    vevent.add("last-modified", changed)
    vevent.add("sequence", event.sequence or 0)
    vevent.add("dtstart", _zoned(event.starts_at, event))
    vevent.add("dtend", _zoned(event.ends_at, event))
    vevent.add("summary", _summary(event, attendance))
    vevent.add("description", _description(event, site, attendance))
    vevent.add("location", location(event, attendance))
    vevent.add("url", site.event_url(event))
    vevent.add("organizer", _organiser(event, site))
    categories = [f"#{event.hashtag}"] if event.hashtag else []
    vevent.add("categories", [*categories, event.format.label])
    if event.is_cancelled:
        vevent.add("status", "CANCELLED")
    elif attendance.tentative:
        vevent.add("status", "TENTATIVE")
    else:
        vevent.add("status", "CONFIRMED")
    vevent.add("transp", "OPAQUE")
    return vevent


def session_component(session: AgendaSession, event: Event, site: Site) -> icalendar.Event:
    """An agenda session as its own VEVENT, related to its event (single-event files only)."""
    vevent = icalendar.Event()
    vevent.add("uid", session_uid(session, site))
    vevent.add("dtstamp", event.updated_at)
    vevent.add("last-modified", event.updated_at)
    vevent.add("sequence", event.sequence or 0)
    vevent.add("dtstart", _zoned(session.starts_at, event))
    vevent.add("dtend", _zoned(session.ends_at, event))
    title = f"Cancelled: {session.title}" if event.is_cancelled else session.title
    vevent.add("summary", f"{title} ({event.title})")
    about = [f"Speaker: {session.speaker}"] if session.speaker else []
    vevent.add(
        "description", "\n\n".join([*about, f"Part of {event.title}: {site.event_url(event)}"])
    )
    place = location(event)
    vevent.add("location", f"{session.room}, {place}" if session.room else place)
    vevent.add("url", site.event_url(event))
    vevent.add("organizer", _organiser(event, site))
    vevent.add("related-to", event_uid(event, site), parameters={"RELTYPE": "PARENT"})
    vevent.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    return vevent


def _calendar(components: Iterable[icalendar.Event], method: str = "") -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    starts = []
    for component in components:
        calendar.add_component(component)
        starts.append(component.decoded("dtstart"))
    if starts:
        # Only the years the calendar needs: a VTIMEZONE from 1970 is kilobytes of RDATEs.
        first = date(min(starts).year - 1, 1, 1)
        last = date(max(starts).year + 2, 1, 1)
        # Before the events, as icalendar's add_missing_timezones puts them.
        zones = [_zone(tzid, first, last) for tzid in sorted(calendar.get_missing_tzids())]
        calendar.subcomponents[:0] = [zone for zone in zones if zone is not None]
    return calendar


class _SharedTimezone(icalendar.Timezone):
    """A VTIMEZONE built once per zone and span and put in every calendar that needs it
    (building and writing one was a third of an emailed invitation's cost). Never change
    one: ``to_bytes`` writes the bytes it had when it was made."""

    ical: bytes = b""


@lru_cache(maxsize=256)
def _zone(tzid: str, first: date, last: date) -> _SharedTimezone | None:
    try:
        built = icalendar.Timezone.from_tzid(tzid, first_date=first, last_date=last)
    except ValueError:  # a zone icalendar does not know: left out, as add_missing_timezones does
        return None
    # icalendar notes the years covered in a COMMENT, which iTIP forbids there.
    built.pop("COMMENT", None)
    zone = _SharedTimezone(built)
    zone.subcomponents = built.subcomponents
    zone.ical = built.to_ical()
    return zone


def _reminder(event: Event) -> icalendar.Alarm:
    """A notification an hour before: most apps keep an imported file's alarm (feeds carry
    none: subscribers set their own, and many apps drop a feed's alarms anyway)."""
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"{event.title} starts in an hour")
    alarm.add("trigger", -REMINDER)
    return alarm


def event_file(event: Event, site: Site, attendance: Attendance = PUBLIC) -> icalendar.Calendar:
    """``/e/<event>.ics``: the event alone (one VEVENT, which every app imports as one entry),
    with a reminder an hour before unless it is cancelled. The agenda is ``agenda_file``."""
    vevent = event_component(event, site, attendance)
    if not event.is_cancelled:
        vevent.add_component(_reminder(event))
    calendar = _calendar([vevent])
    # X- and NAME properties have no default type in icalendar: as vText they are escaped
    # like SUMMARY, never written raw (a line break would start a property of its own).
    calendar.add("x-wr-calname", icalendar.vText(event.title))
    return calendar


def agenda_file(event: Event, site: Site) -> icalendar.Calendar:
    """``/e/<event>/agenda.ics``, for whoever wants each session as an entry of its own: the
    sessions, each related to the event's UID; named after the event, for the apps that
    import a file of several events as a calendar."""
    calendar = _calendar(session_component(s, event, site) for s in event.sessions)
    calendar.add("x-wr-calname", icalendar.vText(f"{event.title}: agenda"))
    return calendar


def feed(
    name: str, components: list[icalendar.Event], *, description: str = ""
) -> icalendar.Calendar:
    """A subscribed calendar: named, with a default zone and how often to refresh it."""
    calendar = _calendar(components)
    calendar.add("name", icalendar.vText(name))
    calendar.add("x-wr-calname", icalendar.vText(name))
    if description:
        calendar.add("x-wr-caldesc", icalendar.vText(description))
    zones = Counter(str(c["dtstart"].params.get("TZID", "UTC")) for c in components)
    calendar.add("x-wr-timezone", icalendar.vText(zones.most_common(1)[0][0] if zones else "UTC"))
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    # An unknown X- property would be written as str(timedelta) ("1:00:00"): say it is one.
    calendar.add("x-published-ttl", icalendar.vDuration(REFRESH))
    return calendar


def invitation(
    event: Event, site: Site, attendance: Attendance, *, stamp: datetime
) -> icalendar.Calendar:
    """The iTIP message an email carries (RFC 5546): METHOD:REQUEST for a confirmed place,
    METHOD:CANCEL (with the raised SEQUENCE) when the event is cancelled. One VEVENT only:
    an iTIP message speaks of one UID."""
    vevent = event_component(event, site, attendance, stamp=stamp)
    attendee = icalendar.vCalAddress(f"mailto:{attendance.email}")
    attendee.params["CN"] = attendance.name or attendance.email
    attendee.params["ROLE"] = "REQ-PARTICIPANT"
    if not event.is_cancelled:
        attendee.params["PARTSTAT"] = "ACCEPTED"
    attendee.params["RSVP"] = "FALSE"
    vevent.add("attendee", attendee)
    return _calendar([vevent], method="CANCEL" if event.is_cancelled else "REQUEST")


def to_bytes(calendar: icalendar.Calendar) -> bytes:
    """CRLF line ends and lines folded at 75 octets (icalendar does both). The shared
    VTIMEZONEs at the front are written from their stored bytes: icalendar writes the
    calendar's own properties, then its subcomponents in order, so they go right before
    the first other subcomponent (or the END)."""
    subcomponents = calendar.subcomponents
    count = 0
    while count < len(subcomponents) and isinstance(subcomponents[count], _SharedTimezone):
        count += 1
    if not count:
        return calendar.to_ical()
    rest = icalendar.Calendar(calendar)
    rest.subcomponents = subcomponents[count:]
    after = b"BEGIN:" if rest.subcomponents else b"END:"
    head, _, tail = rest.to_ical().partition(b"\r\n" + after)
    zones = b"".join(zone.ical for zone in subcomponents[:count])
    return head + b"\r\n" + zones + after + tail


# --- 1:1 meetings (the accepted and cancelled emails, the personal feed) ---------------------


def meeting_uid(meeting, host: str) -> str:
    """Stable for the meeting's whole life, so updates and cancellations replace the entry."""
    return f"meeting-{meeting.id}@{host}"


def meeting_summary(meeting, viewer) -> str:
    return f"Meeting with {meeting.other(viewer).name} at {meeting.event.title}"


def meeting_location(meeting) -> str:
    return " — ".join(p for p in (meeting.place, meeting.video_url) if p)


def _address(email: str, name: str) -> icalendar.vCalAddress:
    address = icalendar.vCalAddress(f"mailto:{email}")
    address.params["cn"] = icalendar.vText(name)
    return address


def meeting_component(
    meeting, viewer, *, host: str, url: str, stamp: datetime, organiser_email: str
) -> icalendar.Event:
    """The VEVENT of ``meeting`` as ``viewer`` sees it, times in the event's zone."""
    zone = meeting.event.zone
    entry = icalendar.Event()
    entry.add("uid", meeting_uid(meeting, host))
    entry.add("dtstamp", stamp)
    entry.add("dtstart", meeting.starts_at.astimezone(zone))
    entry.add("dtend", meeting.ends_at.astimezone(zone))
    entry.add("sequence", meeting.sequence)
    entry.add("summary", meeting_summary(meeting, viewer))
    if meeting.message:
        entry.add("description", meeting.message)
    where = meeting_location(meeting)
    if where:
        entry.add("location", where)
    entry.add("url", url)
    accepted = meeting.status.value == "accepted"
    entry.add("status", "CONFIRMED" if accepted else "CANCELLED")
    # ORGANIZER is the site's no-reply address, and the only ATTENDEE the viewer: a
    # calendar file never hands out the other person's email address.
    entry.add("organizer", _address(organiser_email, "eventnet"))
    attendee = _address(viewer.email, viewer.name)
    attendee.params["role"] = icalendar.vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = icalendar.vText("ACCEPTED" if accepted else "DECLINED")
    attendee.params["rsvp"] = icalendar.vText("FALSE")
    entry.add("attendee", attendee)
    return entry


def meeting_calendar(
    meeting, viewer, *, method: str, host: str, url: str, stamp: datetime, organiser_email: str
) -> bytes:
    """``METHOD:REQUEST`` for an accepted meeting, ``METHOD:CANCEL`` for a cancelled one."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", MEETING_PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    calendar.add_component(
        meeting_component(
            meeting, viewer, host=host, url=url, stamp=stamp, organiser_email=organiser_email
        )
    )
    year = meeting.starts_at.year
    # Only the years needed: a VTIMEZONE from 1970 on is kilobytes of transitions.
    calendar.add_missing_timezones(first_date=date(year - 1, 1, 1), last_date=date(year + 2, 1, 1))
    return calendar.to_ical()
