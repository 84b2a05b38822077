"""Every signal and its receivers, in the order they run: the one place to read what happens
when an event changes, an account is exported or deleted, or the mail worker ticks.

Lower packages send (``events/signals.py``: an event changed); higher packages answer in
their ``receivers.py``. Receivers run synchronously, in the order of this list, inside the
sender's transaction: a receiver that raises rolls the sender's change back with its own.
"""

from __future__ import annotations

from collections.abc import Callable

from eventnet.accounts import receivers as accounts
from eventnet.accounts.signals import (
    account_deleting,
    account_deletion_described,
    account_exporting,
    signed_in_by_email,
)
from eventnet.api import receivers as api
from eventnet.calendar import receivers as calendar
from eventnet.calendar.signals import personal_feed_built
from eventnet.connections import receivers as connections
from eventnet.events.signals import (
    agenda_changed,
    event_cancelled,
    event_changed,
    event_duplicated,
    event_published,
)
from eventnet.mail import receivers as mail
from eventnet.mail.signals import worker_tick
from eventnet.meetings import receivers as meetings
from eventnet.meetings import services as meeting_services
from eventnet.networks import receivers as networks
from eventnet.networks.signals import network_changed
from eventnet.notifications import receivers as notifications
from eventnet.notifications import services as notification_services
from eventnet.notifications import sources as follow_up
from eventnet.notifications.signals import follow_up_partners
from eventnet.profiles import receivers as profiles
from eventnet.registration import receivers as registration
from eventnet.registration.signals import registrant_emailed
from eventnet.signals import OrderedSignal

RECEIVERS: list[tuple[OrderedSignal, Callable]] = [
    # An edited event: waitlisted people move into raised capacity first, so the "event
    # changed" email that follows reaches them as confirmed attendees, with the invitation.
    (event_changed, registration.fill_freed_places),
    (event_changed, notifications.email_event_changed),
    (event_cancelled, registration.email_event_cancelled),
    # What a public calendar file shows changed: its stored copy goes (rebuilt when asked).
    (event_changed, calendar.forget_event_files),
    (event_cancelled, calendar.forget_event_files),
    (event_published, calendar.forget_event_files),
    (agenda_changed, calendar.forget_event_files),
    (network_changed, calendar.forget_network_files),
    # "Same again": the copy asks the same registration questions.
    (event_duplicated, registration.copy_questions),
    # The .ics on a registrant's email.
    (registrant_emailed, calendar.attach_to_registrant_email),
    # An emailed sign-in link or code was used: registrations made by name and email
    # from an event page are decided now, in the order they were made.
    (signed_in_by_email, registration.confirm_email_registrations),
    # "Download my data": the sections of the JSON file, in this order.
    (account_exporting, mail.export_emails),
    (account_exporting, accounts.export_account_data),
    (account_exporting, api.export_account_data),
    (account_exporting, networks.export_account_data),
    (account_exporting, registration.export_account_data),
    (account_exporting, profiles.export_account_data),
    (account_exporting, connections.export_account_data),
    (account_exporting, calendar.export_account_data),
    (account_exporting, meetings.export_account_data),
    (account_exporting, mail.export_email_preferences),
    (account_exporting, notifications.export_account_data),
    # Deleting an account, before its row goes: the outbox first (what the later steps queue
    # goes to other people); a step may refuse (the last owner of a shared network).
    (account_deleting, mail.delete_account_data),
    (account_deleting, networks.delete_account_data),
    (account_deleting, registration.delete_account_data),
    (account_deleting, profiles.delete_account_data),
    (account_deleting, connections.delete_account_data),
    (account_deleting, meetings.delete_account_data),
    (account_deleting, notifications.delete_account_data),
    # …and what the delete page says about each step, in the same order.
    (account_deletion_described, mail.describe_account_deletion),
    (account_deletion_described, networks.describe_account_deletion),
    (account_deletion_described, registration.describe_account_deletion),
    (account_deletion_described, profiles.describe_account_deletion),
    (account_deletion_described, connections.describe_account_deletion),
    (account_deletion_described, meetings.describe_account_deletion),
    (account_deletion_described, notifications.describe_account_deletion),
    # Each pass of the mail worker, before delivery (each commits): 1:1 meeting reminders,
    # then the event schedules (reminders, follow-ups, organiser messages).
    (worker_tick, meeting_services.queue_due_reminders),
    (worker_tick, notification_services.schedule_due_emails),
    # /cal/<token>.ics: after the registered events.
    (personal_feed_built, meetings.accepted_meetings),
    # Whom the follow-up email lists.
    (follow_up_partners, follow_up.exchanged_contacts),
    (follow_up_partners, follow_up.met_in_meetings),
]

_connected = False


def connect_all() -> None:
    """Connect every receiver above, once (a second app in the same process reuses them)."""
    global _connected
    if _connected:
        return
    for signal, receiver in RECEIVERS:
        signal.connect(receiver, weak=False)
    _connected = True


def receivers_of(signal: OrderedSignal) -> list[Callable]:
    """What ``signal`` calls, in order."""
    return list(signal.receivers_for(None))
