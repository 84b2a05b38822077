"""Helpers shared by the notifications services: registrations, inserts, queue-once."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import joinedload

from eventnet.accounts.models import User
from eventnet.events.models import Event
from eventnet.extensions import db
from eventnet.mail.models import Email
from eventnet.mail.services import queue_email
from eventnet.registration.models import Registration, RegistrationStatus

CONFIRMED = RegistrationStatus.CONFIRMED


def _insert():
    return (
        postgresql.insert if db.session.get_bind().dialect.name == "postgresql" else sqlite.insert
    )


def _registrations(event: Event, *conditions) -> list[Registration]:
    return list(
        db.session.scalars(
            sa.select(Registration)
            .options(joinedload(Registration.user))
            .where(Registration.event_id == event.id, *conditions)
            .order_by(Registration.id)
        )
    )


def _already_queued(prefix: str) -> set[int]:
    """Users whose ``prefix<user id>`` email exists: one query, so a pass that finds a due
    schedule already done costs no query per attendee."""
    keys = db.session.scalars(
        sa.select(Email.dedupe_key).where(Email.dedupe_key.startswith(prefix))
    )
    return {int(key.rsplit(":", 1)[1]) for key in keys}


def _queue_once(user: User, *, dedupe_key: str, **kwargs) -> int:
    """Queue unless the key is taken; 1 if this call queued it. Checked first so that a
    second pass renders nothing (the follow-up's cards and vCard cost queries)."""
    if db.session.scalar(sa.select(Email.id).where(Email.dedupe_key == dedupe_key)):
        return 0
    email = queue_email(
        to=user.email, to_name=user.name, user_id=user.id, dedupe_key=dedupe_key, **kwargs
    )
    return 1 if email.status.value == "queued" and email.attempts == 0 else 0
