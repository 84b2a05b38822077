"""The event's email log for organisers, and retrying what failed."""

from __future__ import annotations

import sqlalchemy as sa

from eventnet.db import utcnow
from eventnet.events.models import Event
from eventnet.extensions import db
from eventnet.mail.models import Email, EmailStatus

LOG_KINDS = ("reminder", "follow-up", "organiser-message", "event-changed", "event-cancelled")


def email_log(event: Event, limit: int = 500) -> list[Email]:
    """Every automated email of this event: who, what, when, status, last error."""
    prefixes = [Email.dedupe_key.startswith(f"{kind}:{event.id}:") for kind in LOG_KINDS]
    return list(
        db.session.scalars(
            sa.select(Email).where(sa.or_(*prefixes)).order_by(Email.id.desc()).limit(limit)
        )
    )


def retry_failed(event: Event) -> int:
    """Put the event's failed emails back in the queue, as fresh."""

    failed = [e for e in email_log(event, limit=10_000) if e.status is EmailStatus.FAILED]
    for email in failed:
        email.status = EmailStatus.QUEUED
        email.attempts = 0
        email.send_after = utcnow()
        email.claimed_until = None
    db.session.flush()
    return len(failed)
