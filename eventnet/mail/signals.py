"""What the mail package announces. Receivers: see eventnet/wiring.py."""

from __future__ import annotations

from eventnet.signals import signal

worker_tick = signal(
    "worker-tick",
    "each pass, before delivery, the worker calls every receiver with now and commits after "
    "each; a receiver queues what is due and returns how many messages it queued.",
)
