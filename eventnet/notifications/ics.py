"""The event as an iTIP calendar object for email attachments (RFC 5545/5546).

The calendar package (issue 6) had not landed when this was written; when
``eventnet/calendar/ical.py`` exists, email attachments should come from it instead.
"""

from __future__ import annotations

from flask import current_app
from icalendar import Calendar, vText
from icalendar import Event as VEvent

from eventnet.db import utcnow
from eventnet.events.models import Event
from eventnet.mail.services import Attachment
from eventnet.registration import access
from eventnet.urls import absolute_url


def event_uid(event: Event) -> str:
    """Stable for the life of the event, so calendar apps update rather than duplicate."""
    from urllib.parse import urlsplit

    host = urlsplit(current_app.config["EVENTNET_BASE_URL"]).hostname or "eventnet.invalid"
    return f"event-{event.id}@{host}"


def event_calendar(event: Event, method: str, *, join_url: str = "") -> bytes:
    """``METHOD:REQUEST`` (new or changed, with the event's SEQUENCE) or ``METHOD:CANCEL``."""
    cal = Calendar()
    cal.add("prodid", "-//eventnet//notifications//EN")
    cal.add("version", "2.0")
    cal.add("method", method)
    vevent = VEvent()
    vevent.add("uid", event_uid(event))
    vevent.add("dtstamp", utcnow())
    vevent.add("sequence", event.sequence or 0)
    vevent.add("summary", event.title)
    vevent.add("dtstart", event.starts_at.astimezone(event.zone))
    vevent.add("dtend", event.ends_at.astimezone(event.zone))
    link = absolute_url("events.show", slug=event.slug)
    vevent.add("url", link)
    place = ", ".join(p for p in (event.venue_name, event.venue_address) if p)
    if place or join_url:
        vevent.add("location", vText(place or join_url))
    description = link + (f"\nJoin online: {join_url}" if join_url else "")
    vevent.add("description", description)
    cancelled = method == "CANCEL" or event.is_cancelled
    vevent.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    cal.add_component(vevent)
    cal.add_missing_timezones()
    return cal.to_ical()


def ics_attachment(event: Event, method: str, *, join_url: str = "") -> Attachment:
    return Attachment(
        filename="invite.ics" if method == "REQUEST" else "cancel.ics",
        content_type=f"text/calendar; charset=utf-8; method={method}",
        data=event_calendar(event, method, join_url=join_url),
    )


def invitation_for(registration, *, organiser: bool | None = None) -> Attachment:
    """METHOD:REQUEST for a registrant: the calendar package's (issue 6) when installed,
    which knows the person's attendance (join URL, ATTENDEE); else this module's.
    ``organiser``: whether they organise the event, when the caller knows."""
    try:
        from eventnet.calendar.services import invitation_attachment
    except ImportError:
        join_url = access.join_link_for(
            registration.event, registration.user, registration, organiser=organiser
        )
        return ics_attachment(registration.event, "REQUEST", join_url=join_url)
    return invitation_attachment(registration, organiser=organiser)


def cancellation_for(registration) -> Attachment:
    """METHOD:CANCEL with the event's raised SEQUENCE."""
    try:
        from eventnet.calendar.services import cancellation_attachment
    except ImportError:
        return ics_attachment(registration.event, "CANCEL")
    return cancellation_attachment(registration)
