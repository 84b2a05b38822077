"""How profiles answers other packages' signals (connected in eventnet/wiring.py)."""

from __future__ import annotations

from eventnet.profiles import services


def export_account_data(user) -> tuple[str, object]:
    """``account_exporting``: the "profile" section."""
    return "profile", services.export_profile(user)


def delete_account_data(user) -> None:
    """``account_deleting``."""
    services.delete_profile(user)


def describe_account_deletion(user) -> str:
    """``account_deletion_described``: the delete page's sentence."""
    return "Your pitch card, its tags and your photo are deleted."
