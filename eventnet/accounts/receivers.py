"""How accounts answers other packages' signals (connected in eventnet/wiring.py)."""

from __future__ import annotations

from eventnet.accounts import services


def export_account_data(user) -> tuple[str, object]:
    """``account_exporting``: the "account" section."""
    return "account", services.export_account(user)
