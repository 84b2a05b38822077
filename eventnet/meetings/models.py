"""Meetings: an event's meeting settings and windows, the meetings, and their bookings."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventnet.accounts.models import User
from eventnet.db import TimestampMixin, str_enum, utcnow
from eventnet.events.models import Event
from eventnet.extensions import db

MESSAGE_MAX = 500
PLACE_MAX = 120
LINK_MAX = 500
DEFAULT_VIDEO_PATTERN = "https://meet.jit.si/eventnet-{random}"


class MeetingSettings(db.Model):
    """An organiser's meeting set-up for one event; absent means meetings are off."""

    __tablename__ = "meeting_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("events.id", ondelete="CASCADE"), unique=True
    )
    enabled: Mapped[bool] = mapped_column(default=False)
    slot_minutes: Mapped[int] = mapped_column(default=15)
    # In-person places, in the order they are handed out ("Table 1", "Table 2", … by default).
    places: Mapped[list] = mapped_column(sa.JSON, default=list)
    # {random}: a fresh room per meeting; {place}: one fixed room per place (then online
    # meetings take a place too, so no two share a room in one slot).
    video_link_pattern: Mapped[str] = mapped_column(
        sa.String(LINK_MAX), default=DEFAULT_VIDEO_PATTERN
    )
    # Accepted meetings per person at this event; None is no limit.
    cap_per_person: Mapped[int | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship()
    windows: Mapped[list[MeetingWindow]] = relationship(
        back_populates="settings",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="MeetingWindow.starts_at",
    )

    @property
    def video_link_uses_places(self) -> bool:
        return "{place}" in self.video_link_pattern


class MeetingWindow(db.Model):
    """A stretch of the event when meetings may happen, cut into slots of the set length."""

    __tablename__ = "meeting_windows"

    id: Mapped[int] = mapped_column(primary_key=True)
    settings_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meeting_settings.id", ondelete="CASCADE"), index=True
    )
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]

    settings: Mapped[MeetingSettings] = relationship(back_populates="windows")


class MeetingStatus(enum.Enum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return {
            "proposed": "Waiting for an answer",
            "accepted": "Accepted",
            "declined": "Declined",
            "cancelled": "Cancelled",
        }[self.value]


class Meeting(TimestampMixin, db.Model):
    __tablename__ = "meetings"
    __table_args__ = (
        sa.Index("ix_meetings_event_id_status_starts_at", "event_id", "status", "starts_at"),
        sa.Index("ix_meetings_status_starts_at", "status", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"))
    requester_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    invitee_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    status: Mapped[MeetingStatus] = mapped_column(
        str_enum(MeetingStatus), default=MeetingStatus.PROPOSED
    )
    message: Mapped[str] = mapped_column(sa.String(MESSAGE_MAX), default="")
    reply: Mapped[str] = mapped_column(sa.String(MESSAGE_MAX), default="")
    # Why eventnet (not a person) closed it, e.g. declined because another meeting was accepted.
    note: Mapped[str] = mapped_column(sa.String(300), default="")
    # Set on acceptance: an in-person place, or a video link (or both with a {place} pattern).
    place: Mapped[str] = mapped_column(sa.String(PLACE_MAX), default="")
    video_url: Mapped[str] = mapped_column(sa.String(LINK_MAX), default="")
    # Raised on each change of status, time or place, for calendar clients (iCal SEQUENCE).
    sequence: Mapped[int] = mapped_column(default=0)
    decided_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    cancelled_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    event: Mapped[Event] = relationship()
    requester: Mapped[User] = relationship(foreign_keys=[requester_id])
    invitee: Mapped[User] = relationship(foreign_keys=[invitee_id])

    def involves(self, user) -> bool:
        return getattr(user, "id", None) in (self.requester_id, self.invitee_id)

    def other(self, user) -> User:
        return self.invitee if user.id == self.requester_id else self.requester

    @property
    def is_open(self) -> bool:
        return self.status in (MeetingStatus.PROPOSED, MeetingStatus.ACCEPTED)

    def __repr__(self) -> str:
        return f"<Meeting {self.id} {self.status.value} {self.starts_at:%Y-%m-%d %H:%M}>"


class MeetingBooking(db.Model):
    """What an accepted meeting holds in its slot: each person, and its place if it has one.

    The unique key makes the database itself refuse a second booking of a person or a place
    at the same slot start, whatever the application does; the service's event lock and
    overlap check come first and give the clear message.
    """

    __tablename__ = "meeting_bookings"
    __table_args__ = (sa.UniqueConstraint("event_id", "starts_at", "resource"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        sa.ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime]
    # "user:<id>" or "place:<name>"
    resource: Mapped[str] = mapped_column(sa.String(PLACE_MAX + 10))
