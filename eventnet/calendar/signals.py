"""What the calendar package announces. Receivers: see eventnet/wiring.py."""

from __future__ import annotations

from eventnet.signals import signal

personal_feed_built = signal(
    "personal-feed-built",
    "send(user, site=ical.Site) while /cal/<token>.ics is built; each receiver returns a "
    "FeedPart (its entries and when they last changed) added after the registered events.",
)
