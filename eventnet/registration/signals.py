"""What the registration package announces. Receivers: see eventnet/wiring.py."""

from __future__ import annotations

from eventnet.signals import signal

registrant_emailed = signal(
    "registrant-emailed",
    'send(registration, method="REQUEST" or "CANCEL") while an email to the registrant is '
    "written; each receiver returns an Attachment for it (the calendar: the invitation).",
)
