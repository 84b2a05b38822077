"""How registration answers other packages' signals (connected in eventnet/wiring.py)."""

from __future__ import annotations

from eventnet.events.models import Event
from eventnet.registration import services


def fill_freed_places(event: Event, **_changes) -> None:
    """``event_changed``: a raised capacity promotes waitlisted people at once."""
    services.fill_free_places(event)


def email_event_cancelled(event: Event) -> int:
    """``event_cancelled``: everyone confirmed, waitlisted or pending is told."""
    return services.notify_event_cancelled(event)
