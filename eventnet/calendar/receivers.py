"""How the calendar answers other packages' signals (connected in eventnet/wiring.py)."""

from __future__ import annotations

from eventnet.calendar import copies, services
from eventnet.mail.services import Attachment
from eventnet.registration.models import Registration


def attach_to_registrant_email(registration: Registration, method: str) -> Attachment:
    """``registrant_emailed``: a confirmed place goes into the person's calendar
    (METHOD:REQUEST); a cancelled event leaves it (METHOD:CANCEL, the raised SEQUENCE)."""
    if method == "CANCEL":
        return services.cancellation_attachment(registration)
    return services.invitation_attachment(registration)


def export_account_data(user) -> tuple[str, object]:
    """``account_exporting``: the "calendar_feed" section."""
    return "calendar_feed", services.export_feed_token(user)


# --- the stored public files (copies.py): dropped by every change to what they show ---------


def forget_event_files(event, **_) -> None:
    """``event_changed``, ``event_cancelled``, ``event_published``, ``agenda_changed``: the
    event's file and its network's feed."""
    copies.forget_event(event)


def forget_network_files(network) -> None:
    """``network_changed``: the network's feed and its events' files (they name it)."""
    copies.forget_network(network.id)
