"""Links that add one event to a calendar app without a file: Google Calendar's template."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlencode

from eventnet.calendar.ical import Site, location
from eventnet.calendar.plaintext import markdown_to_text
from eventnet.events.models import Event

GOOGLE = "https://calendar.google.com/calendar/render"
# Browsers and Google refuse very long addresses; the description is cut to fit.
MAX_DETAILS = 800


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def google_calendar_url(event: Event, site: Site) -> str:
    """The public view of the event (never the join URL), times in UTC, shown in its zone."""
    text = markdown_to_text(event.description)
    if len(text) > MAX_DETAILS:
        text = text[: MAX_DETAILS - 1].rstrip() + "…"
    details = "\n\n".join(p for p in (text, site.event_url(event)) if p)
    query = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": f"{_utc(event.starts_at)}/{_utc(event.ends_at)}",
        "details": details,
        "location": location(event),
        "ctz": event.timezone,
    }
    return f"{GOOGLE}?{urlencode(query)}"
