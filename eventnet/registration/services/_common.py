"""Registration statuses under short names, the event lock and the status change."""

from __future__ import annotations

from eventnet.db import lock_and_refresh, utcnow
from eventnet.events.models import Event
from eventnet.extensions import db
from eventnet.registration.models import Registration, RegistrationStatus

CONFIRMED = RegistrationStatus.CONFIRMED
WAITLISTED = RegistrationStatus.WAITLISTED
PENDING = RegistrationStatus.PENDING
DECLINED = RegistrationStatus.DECLINED
CANCELLED = RegistrationStatus.CANCELLED
PENDING_EMAIL = RegistrationStatus.PENDING_EMAIL


def _lock(event: Event) -> None:
    """Take the event's row lock and reread it: what we read before may be stale."""
    lock_and_refresh(db.session, event)


def _set_status(registration: Registration, status: RegistrationStatus) -> None:
    registration.status = status
    registration.status_changed_at = utcnow()
    registration.revision = (registration.revision or 0) + 1
