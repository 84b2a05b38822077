"""Email schedules per event, organiser messages and event feedback."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventnet.accounts.models import User
from eventnet.db import TimestampMixin, str_enum, utcnow
from eventnet.events.models import Event
from eventnet.extensions import db


class ScheduleKind(enum.Enum):
    REMINDER = "reminder"  # offset before the start
    FOLLOW_UP = "follow_up"  # offset after the end


class EmailSchedule(TimestampMixin, db.Model):
    """One automated email of an event, at an offset from its start or end.

    Removing a schedule only switches it off: its id stays in the dedupe keys of what was
    already sent, and "no rows at all" keeps meaning "this event still has the defaults".
    """

    __tablename__ = "email_schedules"
    __table_args__ = (sa.UniqueConstraint("event_id", "kind", "offset_minutes"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"))
    kind: Mapped[ScheduleKind] = mapped_column(str_enum(ScheduleKind))
    offset_minutes: Mapped[int]
    active: Mapped[bool] = mapped_column(default=True)

    event: Mapped[Event] = relationship()


class Audience(enum.Enum):
    CONFIRMED = "confirmed"
    CHECKED_IN = "checked_in"
    NOT_CHECKED_IN = "not_checked_in"
    WAITLISTED = "waitlisted"

    @property
    def label(self) -> str:
        return {
            "confirmed": "Everyone confirmed",
            "checked_in": "Confirmed and checked in",
            "not_checked_in": "Confirmed but not checked in",
            "waitlisted": "The waitlist",
        }[self.value]


class Timing(enum.Enum):
    NOW = "now"
    AT = "at"  # a moment (send_at)
    BEFORE_START = "before_start"  # offset_minutes before the event starts
    AFTER_END = "after_end"  # offset_minutes after it ends


class OrganiserMessage(TimestampMixin, db.Model):
    """A message an organiser writes to an audience of an event; sent when due.

    Recipients are decided when it goes out (``queued_at``), not when it was written.
    """

    __tablename__ = "organiser_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    subject: Mapped[str] = mapped_column(sa.String(200))
    body: Mapped[str] = mapped_column(sa.Text)  # Markdown
    audience: Mapped[Audience] = mapped_column(str_enum(Audience))
    timing: Mapped[Timing] = mapped_column(str_enum(Timing))
    send_at: Mapped[datetime | None]
    offset_minutes: Mapped[int | None]
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    queued_at: Mapped[datetime | None]
    recipients: Mapped[int | None]
    reply_to: Mapped[str | None] = mapped_column(sa.String(320))  # None: replies not exposed

    event: Mapped[Event] = relationship()
    created_by: Mapped[User | None] = relationship()


class Feedback(TimestampMixin, db.Model):
    """One rating (1–5) and comment per person per event, asked in the follow-up."""

    __tablename__ = "event_feedback"
    __table_args__ = (
        sa.UniqueConstraint("event_id", "user_id"),
        sa.CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    rating: Mapped[int]
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship()
