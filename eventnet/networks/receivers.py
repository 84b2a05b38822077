"""How networks answers other packages' signals (connected in eventnet/wiring.py)."""

from __future__ import annotations

from eventnet.networks import services


def export_account_data(user) -> tuple[str, object]:
    """``account_exporting``: the "networks" section."""
    return "networks", services.export_memberships(user)


def delete_account_data(user) -> None:
    """``account_deleting``."""
    services.leave_networks_on_deletion(user)


def describe_account_deletion(user) -> str:
    """``account_deletion_described``: the delete page's sentence."""
    return (
        "You leave every network. A network where you are the only member is deleted; if "
        "you are the only owner of a network with other members, make someone else owner "
        "first."
    )
