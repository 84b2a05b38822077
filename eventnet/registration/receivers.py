"""How registration answers other packages' signals (connected in eventnet/wiring.py)."""

from __future__ import annotations

from eventnet.accounts.models import User
from eventnet.events.models import Event
from eventnet.registration import services
from eventnet.registration.services import account


def fill_freed_places(event: Event, **_changes) -> None:
    """``event_changed``: a raised capacity promotes waitlisted people at once."""
    services.fill_free_places(event)


def email_event_cancelled(event: Event) -> int:
    """``event_cancelled``: everyone confirmed, waitlisted or pending is told."""
    return services.notify_event_cancelled(event)


def copy_questions(event: Event, copy: Event) -> None:
    """``event_duplicated``: the copy asks the same registration questions."""
    services.copy_questions(event, copy)


def export_account_data(user: User) -> tuple[str, object]:
    """``account_exporting``: the "registrations" section."""
    return "registrations", account.export_registrations(user)


def delete_account_data(user: User) -> None:
    """``account_deleting``: a freed place goes to the next person on the waitlist."""
    account.cancel_registrations_on_deletion(user)


def describe_account_deletion(user: User) -> str:
    """``account_deletion_described``: the delete page's sentence."""
    return "Your registrations are cancelled; your places go to the next people on the waitlists."


def confirm_email_registrations(user: User) -> list:
    """``signed_in_by_email``: one-step registrations waiting for this address are decided."""
    return services.confirm_email_registrations(user)
