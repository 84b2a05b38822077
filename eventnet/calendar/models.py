"""A person's secret calendar feed address."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

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
