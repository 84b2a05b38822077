"""How api answers other packages' signals (connected in eventnet/wiring.py)."""

from __future__ import annotations

from eventnet.api import services


def export_account_data(user) -> tuple[str, object]:
    """``account_exporting``: the "api_tokens" section."""
    return "api_tokens", services.export_tokens(user)
