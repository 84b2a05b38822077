"""What the mail package announces. Receivers: see eventnet/wiring.py."""

from __future__ import annotations

from eventnet.signals import signal

worker_tick = signal(
    "worker-tick",
    "send(now) before each delivery pass; each receiver queues what is due and returns how "
    "many messages it queued. The worker commits after each receiver.",
)
