"""What the accounts package announces. Receivers: see eventnet/wiring.py."""

from __future__ import annotations

from eventnet.signals import signal

account_exporting = signal(
    "account-exporting",
    "send(user); each receiver returns (section name, JSON-ready data) for the user's export.",
)
account_deleting = signal(
    "account-deleting",
    "send(user) before the account is deleted; a receiver may raise DomainError to refuse.",
)
account_deletion_described = signal(
    "account-deletion-described",
    "send(user); each receiver returns the sentence the delete page shows about its part.",
)
signed_in_by_email = signal(
    "signed-in-by-email",
    "send(user) when an emailed sign-in link or code is used: the address is the person's.",
)
