"""The emails about a registration, with the calendar invitation once confirmed."""

from __future__ import annotations

from eventnet.events import times
from eventnet.events.models import Event
from eventnet.mail.services import Attachment, queue_email
from eventnet.registration import access
from eventnet.registration.models import Registration
from eventnet.registration.services._common import CONFIRMED
from eventnet.registration.signals import registrant_emailed
from eventnet.signals import answers
from eventnet.urls import absolute_url


def _event_context(event: Event) -> dict:
    return {
        "event": event,
        "when": times.format_span(event.starts_at, event.ends_at, event.timezone),
        "link": absolute_url("events.show", slug=event.slug),
        "place": ", ".join(p for p in (event.venue_name, event.venue_address) if p),
    }


def calendar_files(registration: Registration, method: str) -> tuple[Attachment, ...]:
    """What ``registrant_emailed`` receivers attach (the calendar: its invitation file)."""
    return tuple(answers(registrant_emailed.send(registration, method=method)))


def _notify(registration: Registration, template: str, **extra) -> None:
    """Queue ``template`` to the registrant; each status change has its own dedupe key."""
    event, user = registration.event, registration.user
    attachments = ()
    if registration.status is CONFIRMED:
        # A confirmed place goes into the person's calendar: METHOD:REQUEST (SPEC §5).
        attachments = calendar_files(registration, "REQUEST")
    queue_email(
        to=user.email,
        to_name=user.name,
        user_id=user.id,
        template=template,
        context={
            **_event_context(event),
            "user": user,
            "registration": registration,
            "join_url": access.join_link_for(event, user, registration),
            **extra,
        },
        dedupe_key=f"{template.replace('_', '-')}:{registration.id}:{registration.revision}",
        category="registration",
        attachments=attachments,
    )
