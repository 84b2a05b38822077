"""What the notifications package announces. Receivers: see eventnet/wiring.py."""

from __future__ import annotations

from eventnet.signals import signal

follow_up_partners = signal(
    "follow-up-partners",
    "send(event, user=user) while a follow-up is written; each receiver returns the Partners "
    "user connected with at event (what they shared with user, user's note).",
)
