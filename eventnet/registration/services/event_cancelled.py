"""Telling everyone registered that the event is cancelled (``event_cancelled``)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from eventnet.events.models import Event
from eventnet.extensions import db
from eventnet.mail.services import queue_email
from eventnet.registration.models import Registration
from eventnet.registration.services._common import CONFIRMED, PENDING, WAITLISTED
from eventnet.registration.services.emails import _event_context, calendar_files


def notify_event_cancelled(event: Event) -> int:
    """Email everyone confirmed, waitlisted or pending that ``event`` is cancelled; confirmed
    people get METHOD:CANCEL for their calendar."""
    registrations = db.session.scalars(
        sa.select(Registration)
        .options(joinedload(Registration.user))
        .where(
            Registration.event_id == event.id,
            Registration.status.in_([CONFIRMED, WAITLISTED, PENDING]),
        )
        .order_by(Registration.id)
    ).all()
    for registration in registrations:
        queue_email(
            to=registration.user.email,
            to_name=registration.user.name,
            user_id=registration.user_id,
            template="event_cancelled",
            context={
                **_event_context(event),
                "user": registration.user,
                "message": event.cancellation_message,
            },
            dedupe_key=f"event-cancelled:{event.id}:{registration.id}",
            category="registration",
            # Those who had the invitation get METHOD:CANCEL with the raised SEQUENCE.
            attachments=calendar_files(registration, "CANCEL")
            if registration.status is CONFIRMED
            else (),
        )
    return len(registrations)
