"""Telling registrants that their event changed (``event_changed``, after promotion)."""

from __future__ import annotations

from eventnet.calendar.services import invitation_attachment
from eventnet.events.models import Event, EventStatus
from eventnet.events.services import Snapshot, snapshot
from eventnet.mail.services import queue_email
from eventnet.notifications.services._common import CONFIRMED, _registrations
from eventnet.notifications.services.recipients import event_context
from eventnet.registration import access
from eventnet.registration.models import Registration, RegistrationStatus


def notify_event_changed(event: Event, before: Snapshot) -> int:
    """After an edit that changed the time or place (the SEQUENCE was raised): tell everyone
    registered or waiting; confirmed people get the updated invitation (METHOD:REQUEST)."""
    if event.status is not EventStatus.PUBLISHED or (event.sequence or 0) == before.sequence:
        return 0
    after = snapshot(event)
    registrations = _registrations(
        event,
        Registration.status.in_(
            [CONFIRMED, RegistrationStatus.WAITLISTED, RegistrationStatus.PENDING]
        ),
    )
    organises = access.organiser_check(event)
    for registration in registrations:
        organiser = organises(registration.user)
        join_url = access.join_link_for(event, registration.user, registration, organiser=organiser)
        attachments = ()
        if registration.status is CONFIRMED:
            attachments = (invitation_attachment(registration, organiser=organiser),)
        queue_email(
            to=registration.user.email,
            to_name=registration.user.name,
            user_id=registration.user_id,
            template="event_changed",
            context={
                **event_context(event),
                "user": registration.user,
                "registration": registration,
                "join_url": join_url,
                "before": before,
                "time_changed": before.when != after.when,
                "place_changed": before.place != after.place,
            },
            dedupe_key=f"event-changed:{event.id}:{event.sequence}:{registration.id}",
            category="registration",
            attachments=attachments,
        )
    return len(registrations)
