"""How notifications answer other packages' signals (connected in eventnet/wiring.py)."""

from __future__ import annotations

from eventnet.accounts.models import User
from eventnet.events.models import Event
from eventnet.events.services import Snapshot
from eventnet.notifications import services
from eventnet.notifications.services import account


def email_event_changed(event: Event, before: Snapshot) -> int:
    """``event_changed``: a new time or place is emailed to everyone registered or waiting."""
    return services.notify_event_changed(event, before)


def export_account_data(user: User) -> tuple[str, object]:
    """``account_exporting``: the "event_feedback" section."""
    return "event_feedback", account.export_feedback(user)


def delete_account_data(user: User) -> None:
    """``account_deleting``."""
    account.delete_preferences_and_feedback(user)


def describe_account_deletion(user: User) -> str:
    """``account_deletion_described``: the delete page's sentence."""
    return "Your email settings and the feedback you gave on events are deleted."
