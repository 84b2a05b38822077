"""How notifications answer other packages' signals (connected in eventnet/wiring.py)."""

from __future__ import annotations

from eventnet.events.models import Event
from eventnet.events.services import Snapshot
from eventnet.notifications import services


def email_event_changed(event: Event, before: Snapshot) -> int:
    """``event_changed``: a new time or place is emailed to everyone registered or waiting."""
    return services.notify_event_changed(event, before)
