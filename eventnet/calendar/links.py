"""Links that add one event to a calendar app without a file: Google Calendar's template and
Outlook's compose page (Outlook.com and Office 365 take the same query on two hosts)."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlencode

from eventnet.calendar.ical import Site, location
from eventnet.calendar.plaintext import markdown_to_text
from eventnet.events.models import Event

GOOGLE = "https://calendar.google.com/calendar/render"
OUTLOOK_COM = "https://outlook.live.com/calendar/0/action/compose"
OFFICE_365 = "https://outlook.office.com/calendar/0/action/compose"
# Browsers and Google refuse very long addresses; the description is cut to fit.
MAX_DETAILS = 800


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _utc_iso(moment: datetime) -> str:
    """Outlook's form: 2026-12-10T09:00:00Z (without the Z it reads the viewer's own zone)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _details(event: Event, site: Site) -> str:
    """The public view of the event (never the join URL), then its page."""
    text = markdown_to_text(event.description)
    if len(text) > MAX_DETAILS:
        text = text[: MAX_DETAILS - 1].rstrip() + "…"
    return "\n\n".join(p for p in (text, site.event_url(event)) if p)


def google_calendar_url(event: Event, site: Site) -> str:
    """Times in UTC, shown in the event's zone."""
    query = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": f"{_utc(event.starts_at)}/{_utc(event.ends_at)}",
        "details": _details(event, site),
        "location": location(event),
        "ctz": event.timezone,
    }
    return f"{GOOGLE}?{urlencode(query)}"


def outlook_url(event: Event, site: Site, host: str = OUTLOOK_COM) -> str:
    """Outlook on the web's new-event form, filled in; ``host`` is ``OUTLOOK_COM`` (personal
    accounts) or ``OFFICE_365`` (work and school accounts)."""
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": event.title,
        "startdt": _utc_iso(event.starts_at),
        "enddt": _utc_iso(event.ends_at),
        "allday": "false",
        "body": _details(event, site),
        "location": location(event),
    }
    return f"{host}?{urlencode(query)}"
