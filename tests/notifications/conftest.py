"""Helpers for the automated-email tests: an event with people, and reading what was queued."""

from __future__ import annotations

from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
import sqlalchemy as sa

from eventnet.extensions import db
from eventnet.mail.delivery import build_message
from eventnet.mail.models import Email
from eventnet.notifications.services import schedule_due_emails
from eventnet.notifications.signals import follow_up_partners
from eventnet.registration import services as registration_services
from tests.factories import make_event, make_network, make_user, register

BASE_URL = "https://eventnet.test"


@pytest.fixture(autouse=True)
def _https_base_url(app_config):
    """One-click unsubscribe (RFC 8058) needs https links, as in production."""
    app_config["EVENTNET_BASE_URL"] = BASE_URL


def queued(kind: str | None = None, to: str | None = None) -> list[Email]:
    stmt = sa.select(Email).order_by(Email.id)
    if kind:
        stmt = stmt.where(Email.dedupe_key.startswith(f"{kind}:"))
    if to:
        stmt = stmt.where(Email.to_address == to)
    return list(db.session.scalars(stmt))


def as_mime(email: Email) -> EmailMessage:
    """The message exactly as delivery would build it, parsed back as a mail client would."""
    raw = bytes(build_message(email, "eventnet <no-reply@eventnet.test>"))
    return message_from_bytes(raw, policy=policy.default)


def attachment(message: EmailMessage, content_type: str):
    found = [a for a in message.iter_attachments() if a.get_content_type() == content_type]
    return found[0] if found else None


def run_scheduler(now) -> int:
    count = schedule_due_emails(now)
    db.session.commit()
    return count


class People:
    """An organised, published event and its people, made through the real services."""

    def __init__(self, **event_fields):
        self.organiser = make_user("Olive Organiser")
        self.network = make_network(self.organiser)
        self.event = make_event(self.network, **event_fields)
        self.event.sessions  # noqa: B018 - loaded while attached

    def attendee(self, name: str | None = None, mode=None, **kwargs):
        user = make_user(name)
        return register(self.event, user, mode, **kwargs)

    def check_in(self, registration) -> None:
        registration_services.check_in(registration, self.organiser, anyway=True)
        db.session.commit()

    @property
    def reminder_due(self):
        return self.event.starts_at - timedelta(hours=24)

    @property
    def follow_up_due(self):
        return self.event.ends_at + timedelta(hours=2)


@pytest.fixture
def people(app):
    return People()


@pytest.fixture
def partner_source():
    """``partner_source(fn)`` makes ``fn`` the only source of partners, for this test."""
    wired = list(follow_up_partners.receivers_for(None))
    added = []
    for receiver in wired:
        follow_up_partners.disconnect(receiver)

    def add(fn):
        follow_up_partners.connect(fn, weak=False)
        added.append(fn)
        return fn

    yield add
    for fn in added:
        follow_up_partners.disconnect(fn)
    for receiver in wired:
        follow_up_partners.connect(receiver, weak=False)
