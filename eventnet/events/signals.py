"""What the events package announces. Receivers: see eventnet/wiring.py."""

from __future__ import annotations

from eventnet.signals import signal

event_changed = signal(
    "event-changed",
    "send(event, before=Snapshot) after an edit, under the event's row lock.",
)
event_cancelled = signal(
    "event-cancelled",
    "send(event) after a cancellation; each receiver returns how many people it told.",
)
event_published = signal(
    "event-published",
    "send(event) after a draft is published: it enters its network's calendar feed.",
)
agenda_changed = signal(
    "agenda-changed",
    "send(event) after an agenda session is added or deleted.",
)
event_duplicated = signal(
    "event-duplicated",
    "send(event, copy=Event) after a draft copy of the event is made, before it is shown.",
)
