"""A connection: two attendees of one event who exchanged contacts by scanning a badge."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventnet.accounts.models import User
from eventnet.db import TimestampMixin, str_enum
from eventnet.events.models import Event
from eventnet.extensions import db

NOTE_MAX = 2000


class Sharing(enum.Enum):
    """Whether one side's contact details go to the other side."""

    SHARED = "shared"
    REQUESTED = "requested"  # "ask me first": waiting for this side to accept
    IGNORED = "ignored"  # this side ignored the request; they may still share later


class Connection(TimestampMixin, db.Model):
    """One row per pair and event. The pair is stored in id order (``low`` < ``high``) so
    the unique constraint holds whoever scanned whom; each side has its own note, its own
    consent to share contact details, and may remove the connection for itself only."""

    __tablename__ = "connections"
    __table_args__ = (
        sa.UniqueConstraint("event_id", "low_user_id", "high_user_id"),
        sa.CheckConstraint("low_user_id < high_user_id", name="ordered_pair"),
        sa.Index("ix_connections_high_user_id", "high_user_id"),
        sa.Index("ix_connections_low_user_id", "low_user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"))
    low_user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    high_user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    scanned_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    low_note: Mapped[str] = mapped_column(sa.Text, default="")
    high_note: Mapped[str] = mapped_column(sa.Text, default="")
    low_sharing: Mapped[Sharing] = mapped_column(str_enum(Sharing))
    high_sharing: Mapped[Sharing] = mapped_column(str_enum(Sharing))
    low_removed_at: Mapped[datetime | None]
    high_removed_at: Mapped[datetime | None]

    event: Mapped[Event] = relationship()
    low_user: Mapped[User] = relationship(foreign_keys=[low_user_id])
    high_user: Mapped[User] = relationship(foreign_keys=[high_user_id])

    # --- one side's view ---------------------------------------------------------------------

    def _side(self, user_id: int) -> str:
        if user_id == self.low_user_id:
            return "low"
        if user_id == self.high_user_id:
            return "high"
        raise ValueError(f"user {user_id} is not part of connection {self.id}")

    def _other_side(self, user_id: int) -> str:
        return "high" if self._side(user_id) == "low" else "low"

    def other(self, user_id: int) -> User:
        return getattr(self, f"{self._other_side(user_id)}_user")

    def other_id(self, user_id: int) -> int:
        return getattr(self, f"{self._other_side(user_id)}_user_id")

    def note_of(self, user_id: int) -> str:
        return getattr(self, f"{self._side(user_id)}_note")

    def set_note(self, user_id: int, note: str) -> None:
        setattr(self, f"{self._side(user_id)}_note", note)

    def sharing_of(self, user_id: int) -> Sharing:
        """Whether ``user_id``'s own contact details go to the other side."""
        return getattr(self, f"{self._side(user_id)}_sharing")

    def set_sharing(self, user_id: int, sharing: Sharing) -> None:
        setattr(self, f"{self._side(user_id)}_sharing", sharing)

    def removed_by(self, user_id: int) -> bool:
        return getattr(self, f"{self._side(user_id)}_removed_at") is not None

    def set_removed(self, user_id: int, when: datetime | None) -> None:
        setattr(self, f"{self._side(user_id)}_removed_at", when)

    def sees_contact_of_other(self, user_id: int) -> bool:
        """The privacy rule: the other's details only once they shared them (SPEC §4)."""
        return self.sharing_of(self.other_id(user_id)) is Sharing.SHARED

    def __repr__(self) -> str:
        return (
            f"<Connection {self.id} event={self.event_id} {self.low_user_id}-{self.high_user_id}>"
        )
