"""A meeting as an iCalendar file (RFC 5545), for the accepted and cancelled emails."""

from __future__ import annotations

from datetime import date, datetime

from icalendar import Calendar, Event, vCalAddress, vText


def meeting_uid(meeting, host: str) -> str:
    """Stable for the meeting's whole life, so updates and cancellations replace the entry."""
    return f"meeting-{meeting.id}@{host}"


def meeting_summary(meeting, viewer) -> str:
    return f"Meeting with {meeting.other(viewer).name} at {meeting.event.title}"


def meeting_location(meeting) -> str:
    return " — ".join(p for p in (meeting.place, meeting.video_url) if p)


def _address(email: str, name: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["cn"] = vText(name)
    return address


def meeting_event(
    meeting, viewer, *, host: str, url: str, stamp: datetime, organiser_email: str
) -> Event:
    """The VEVENT of ``meeting`` as ``viewer`` sees it, times in the event's zone."""
    zone = meeting.event.zone
    entry = Event()
    entry.add("uid", meeting_uid(meeting, host))
    entry.add("dtstamp", stamp)
    entry.add("dtstart", meeting.starts_at.astimezone(zone))
    entry.add("dtend", meeting.ends_at.astimezone(zone))
    entry.add("sequence", meeting.sequence)
    entry.add("summary", meeting_summary(meeting, viewer))
    if meeting.message:
        entry.add("description", meeting.message)
    location = meeting_location(meeting)
    if location:
        entry.add("location", location)
    entry.add("url", url)
    accepted = meeting.status.value == "accepted"
    entry.add("status", "CONFIRMED" if accepted else "CANCELLED")
    # ORGANIZER is the site's no-reply address, and the only ATTENDEE the viewer: a
    # calendar file never hands out the other person's email address.
    entry.add("organizer", _address(organiser_email, "eventnet"))
    attendee = _address(viewer.email, viewer.name)
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = vText("ACCEPTED" if accepted else "DECLINED")
    attendee.params["rsvp"] = vText("FALSE")
    entry.add("attendee", attendee)
    return entry


def meeting_calendar(
    meeting, viewer, *, method: str, host: str, url: str, stamp: datetime, organiser_email: str
) -> bytes:
    """``METHOD:REQUEST`` for an accepted meeting, ``METHOD:CANCEL`` for a cancelled one."""
    calendar = Calendar()
    calendar.add("prodid", "-//eventnet//meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    calendar.add_component(
        meeting_event(
            meeting, viewer, host=host, url=url, stamp=stamp, organiser_email=organiser_email
        )
    )
    year = meeting.starts_at.year
    # Only the years needed: a VTIMEZONE from 1970 on is kilobytes of transitions.
    calendar.add_missing_timezones(first_date=date(year - 1, 1, 1), last_date=date(year + 2, 1, 1))
    return calendar.to_ical()
