"""Who may meet whom: meetings on, both confirmed attendees, the per-person cap."""

from __future__ import annotations

import sqlalchemy as sa

from eventnet.accounts.models import User
from eventnet.errors import Conflict, DomainError, NotFound
from eventnet.events.models import Event, EventStatus
from eventnet.extensions import db
from eventnet.meetings.models import MeetingSettings
from eventnet.meetings.services.settings import settings_of
from eventnet.meetings.services.slots import _count_accepted, _registrations
from eventnet.profiles.models import Profile


def _hidden(user: User) -> bool:

    return bool(db.session.scalar(sa.select(Profile.hidden).where(Profile.user_id == user.id)))


def check_meetable(event: Event, requester: User, invitee: User) -> MeetingSettings:
    """Meetings are on, the event is on, and both people are confirmed attendees."""
    settings = settings_of(event)
    if settings is None or not settings.enabled:
        raise DomainError("This event does not offer 1:1 meetings.")
    if event.status is not EventStatus.PUBLISHED:
        raise DomainError("Meetings can be booked only at a published event.")
    if requester.id == invitee.id:
        raise DomainError("You cannot book a meeting with yourself.")
    registrations = _registrations(event, [requester, invitee])
    if requester.id not in registrations:
        raise DomainError("Only confirmed attendees of this event can book meetings.")
    if invitee.id not in registrations:
        raise DomainError(f"{invitee.name} is not a confirmed attendee of this event.")
    return settings


def _check_cap(event: Event, settings: MeetingSettings, user: User, you: bool) -> None:
    cap = settings.cap_per_person
    if cap is not None and _count_accepted(event, user) >= cap:
        who = "You have" if you else f"{user.name} has"
        raise Conflict(f"{who} already reached this event's limit of {cap} meetings.")


def requestable_person(event: Event, requester: User, user_id: int) -> User:
    """The person to ask, or 404 when they are not someone ``requester`` may ask here."""
    invitee = db.session.get(User, user_id)
    if invitee is None or _hidden(invitee) or invitee.id == requester.id:
        raise NotFound("There is no such person at this event.")
    if invitee.id not in _registrations(event, [invitee]):
        raise NotFound("There is no such person at this event.")
    return invitee
