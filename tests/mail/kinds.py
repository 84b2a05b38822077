"""One of each kind of email the app sends, made through the services as the app makes them."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from eventnet.accounts import services as accounts
from eventnet.events import services as events
from eventnet.events.services import EventData
from eventnet.extensions import db
from eventnet.mail.models import Email
from eventnet.meetings import services as meetings
from eventnet.networks import services as networks
from eventnet.notifications import services as notifications
from eventnet.notifications.models import Audience, Timing
from eventnet.registration import services as registration
from tests.conftest import PASSWORD
from tests.factories import make_event, make_network, make_user, register
from tests.meetings.conftest import accept, ask, meeting_event

# Every template under templates/mail/ that a person can receive.
KINDS = (
    "registration_confirmed",
    "registration_waitlisted",
    "registration_promoted",
    "registration_pending",
    "registration_approved",
    "registration_declined",
    "event_invitation",
    "event_changed",
    "event_cancelled",
    "reminder",
    "follow_up",
    "organiser_message",
    "meeting_requested",
    "meeting_accepted",
    "meeting_declined",
    "meeting_cancelled",
    "meeting_reminder",
    "join_request_decided",
    "network_invitation",
    "password_reset",
    "email_changed",
)


# Dedupe keys start with the template's name in kebab case, but for these.
_KEY_PREFIXES = {"join-request": "join_request_decided"}


def kind_of(email: Email) -> str:
    prefix = email.dedupe_key.split(":", 1)[0]
    return _KEY_PREFIXES.get(prefix, prefix.replace("-", "_"))


def queue_every_kind() -> dict[str, Email]:
    """Run one organiser's term through the services; the first email of each kind, queued."""
    organiser = make_user("Olive Organiser")
    network = make_network(organiser, "Oakfield Heads")
    conference = meeting_event(
        network, title="Summer leadership conference", venue_name="Oakfield Academy",
        capacity_in_person=3,
    )  # fmt: skip
    ada, grace, carl, dan = (
        make_user(n) for n in ("Ada Lovelace", "Grace Hopper", "Carl Jung", "Dan Brown")
    )
    for person in (ada, grace, carl):
        register(conference, person)  # registration_confirmed
    register(conference, dan)  # registration_waitlisted
    registration.cancel(registration.registration_of(conference, carl))  # dan is promoted
    db.session.commit()

    first = ask(conference, ada, grace, 0, "Shall we talk about mentoring?")
    accept(first, "Yes, see you at the table.")
    meetings.decline(ask(conference, grace, ada, 1), ada, "I am busy then, sorry.")
    meetings.cancel(accept(ask(conference, ada, dan, 2)), ada, "Something came up.")
    db.session.commit()
    meetings.queue_due_reminders(first.starts_at - timedelta(minutes=5))
    notifications.schedule_due_emails(conference.starts_at - timedelta(hours=24))
    notifications.create_message(
        conference, organiser,
        notifications.MessageData(subject="Parking", body="Use the **north** car park.",
                                  audience=Audience.CONFIRMED, timing=Timing.NOW),
    )  # fmt: skip
    for person in (ada, grace):
        registration.check_in(
            registration.registration_of(conference, person), organiser, anyway=True
        )
    db.session.commit()
    notifications.schedule_due_emails(conference.ends_at + timedelta(hours=2))

    workshop = make_event(network, title="Curriculum roundtable", registration_mode="approval")
    registration.approve(register(workshop, ada))
    registration.decline(register(workshop, grace))
    data = EventData.of(workshop)
    data.venue_name = "The Old Library, Oakfield"
    events.update_event(workshop, data)
    events.cancel_event(workshop, "The speaker is ill; we will find a new date.")
    circle = make_event(network, title="New heads' circle", registration_mode="invite")
    registration.invite(circle, organiser, "new.head@school.example")

    private = make_network(organiser, "Oakfield Deputies", private=True)
    request = networks.request_to_join(private, ada, "I am the new deputy at St Mary's.")
    networks.decide_request(private, request.id, organiser, approve=True)
    networks.invite(private, organiser, "deputy@school.example")
    accounts.request_password_reset(grace.email)
    accounts.change_email(grace, PASSWORD, "grace.hopper@new-school.example")
    db.session.commit()

    found: dict[str, Email] = {}
    for email in db.session.scalars(sa.select(Email).order_by(Email.id)):
        found.setdefault(kind_of(email), email)
    return found
