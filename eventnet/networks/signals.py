"""What the networks package announces. Receivers: see eventnet/wiring.py."""

from __future__ import annotations

from eventnet.signals import signal

network_changed = signal(
    "network-changed",
    "send(network) after its name, description or visibility is edited.",
)
