"""How connections answers other packages' signals (connected in eventnet/wiring.py)."""

from __future__ import annotations

from eventnet.connections import services


def export_account_data(user) -> tuple[str, object]:
    """``account_exporting``: the "contacts" section."""
    return "contacts", services.export_contacts(user)


def delete_account_data(user) -> None:
    """``account_deleting``."""
    services.delete_connections(user)


def describe_account_deletion(user) -> str:
    """``account_deletion_described``: the delete page's sentence."""
    return "Your contact exchanges are deleted: people you met no longer see your card or details."
