"""Registrations in an account's data export, and cancelled when the account is deleted."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from eventnet.accounts.models import User
from eventnet.db import utcnow
from eventnet.events.models import Event
from eventnet.extensions import db
from eventnet.registration.models import Registration
from eventnet.registration.services._common import CONFIRMED, PENDING, WAITLISTED
from eventnet.registration.services.lists import my_registrations
from eventnet.registration.services.questions import answer_sheets
from eventnet.registration.services.registering import cancel
from eventnet.urls import absolute_url


def _moment(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def export_registrations(user: User) -> list[dict]:
    mine = my_registrations(user)
    sheets = answer_sheets(mine.upcoming + mine.past)
    return [
        {
            "event": r.event.title,
            "event_url": absolute_url("events.show", slug=r.event.slug),
            "network": r.event.network.name,
            "starts_at": _moment(r.event.starts_at),
            "status": r.status.value,
            "attendance": r.mode.value,
            "registered_at": _moment(r.registered_at),
            "checked_in_at": _moment(r.checked_in_at),
            "answers": [
                {"question": q.prompt, "answer": answer} for q, answer in sheets[r.id].answered()
            ],
        }
        for r in mine.upcoming + mine.past
    ]


def cancel_registrations_on_deletion(user: User) -> None:
    active = db.session.scalars(
        sa.select(Registration)
        .join(Registration.event)
        .where(
            Registration.user_id == user.id,
            Registration.status.in_([CONFIRMED, WAITLISTED, PENDING]),
            Event.ends_at > utcnow(),
        )
        .order_by(Registration.event_id)  # locks in one order everywhere: no deadlocks
    ).all()
    for registration in active:
        cancel(registration)
