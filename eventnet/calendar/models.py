"""A person's secret calendar feed address, and the stored copies of the public files."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from eventnet.accounts.models import User
from eventnet.db import TimestampMixin, utcnow
from eventnet.extensions import db


class FeedToken(TimestampMixin, db.Model):
    """The secret in ``/cal/<secret>.ics``: random, one per person, replaced on revocation.

    Kept in clear (unlike invitation tokens) because the person's page shows the link again;
    it grants read access to one feed and nothing else.
    """

    __tablename__ = "feed_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    secret: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # When the current secret was made: creation, or the last revocation.
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<FeedToken user={self.user_id}>"


class CalendarCopy(db.Model):
    """The serialised public ``/e/<event>.ics`` or ``/n/<network>/events.ics`` and its ETag,
    so a calendar app polling the address costs a lookup, not a rebuild.

    One row per file (exactly one of ``event_id``, ``network_id``). A change to what the file
    shows (a signal, see ``calendar/receivers.py``) empties it and raises ``generation``; the
    next request builds it again and stores it only if ``generation`` is still the one it
    read, so a build that raced a change is served once but never kept. Deleting the event or
    network deletes its copy (foreign key cascade), so a reused id never finds an old file.
    """

    __tablename__ = "calendar_copies"
    __table_args__ = (
        sa.CheckConstraint("(event_id IS NULL) <> (network_id IS NULL)", name="one_owner"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("events.id", ondelete="CASCADE"), unique=True
    )
    network_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("networks.id", ondelete="CASCADE"), unique=True
    )
    generation: Mapped[int] = mapped_column(default=0)
    # Empty until built (and after each change): then the rest is set together.
    etag: Mapped[str | None] = mapped_column(sa.String(32))
    # The installation it was built for (base URL, sender): a new one rebuilds.
    site: Mapped[str | None] = mapped_column(sa.String(16))
    last_modified: Mapped[datetime | None]
    # When the first event ages out of a network feed's window: rebuilt from then on.
    fresh_until: Mapped[datetime | None]
    body: Mapped[bytes | None] = deferred(mapped_column(sa.LargeBinary))

    def __repr__(self) -> str:
        return f"<CalendarCopy event={self.event_id} network={self.network_id}>"
