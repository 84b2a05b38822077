"""Who gets what: audiences, follow-up recipients, opt-outs, the event's mail context."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from eventnet.events import times
from eventnet.events.models import Event
from eventnet.extensions import db
from eventnet.mail.models import EmailPreference
from eventnet.notifications.models import Audience
from eventnet.notifications.services._common import _registrations
from eventnet.registration.access import attendee_clause
from eventnet.registration.models import AttendanceMode, Registration, RegistrationStatus
from eventnet.urls import absolute_url


def opted_out(user_ids: Iterable[int], category: str) -> set[int]:
    user_ids = list(user_ids)
    if not user_ids:
        return set()
    return set(
        db.session.scalars(
            sa.select(EmailPreference.user_id).where(
                EmailPreference.user_id.in_(user_ids),
                EmailPreference.category == category,
                EmailPreference.enabled.is_(False),
            )
        )
    )


def audience_of(event: Event, audience: Audience) -> list[Registration]:
    if audience is Audience.WAITLISTED:
        return _registrations(event, Registration.status == RegistrationStatus.WAITLISTED)
    conditions = [attendee_clause()]
    if audience is Audience.CHECKED_IN:
        conditions.append(Registration.checked_in_at.is_not(None))
    elif audience is Audience.NOT_CHECKED_IN:
        conditions.append(Registration.checked_in_at.is_(None))
    return _registrations(event, *conditions)


def follow_up_recipients(event: Event) -> list[Registration]:
    """Those who came: checked in at the door, or attending online (nobody checks them in)."""
    return _registrations(
        event,
        attendee_clause(),
        sa.or_(
            Registration.checked_in_at.is_not(None),
            Registration.mode == AttendanceMode.ONLINE,
        ),
    )


def event_context(event: Event) -> dict:
    return {
        "event": event,
        "when": times.format_span(event.starts_at, event.ends_at, event.timezone),
        "link": absolute_url("events.show", slug=event.slug),
        "place": ", ".join(p for p in (event.venue_name, event.venue_address) if p),
    }
