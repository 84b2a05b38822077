"""Events and their agenda sessions."""

from __future__ import annotations

import enum
from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from eventnet.db import TimestampMixin, str_enum, utcnow
from eventnet.extensions import db
from eventnet.networks.models import Network


class EventFormat(enum.Enum):
    IN_PERSON = "in_person"
    VIRTUAL = "virtual"
    HYBRID = "hybrid"

    @property
    def label(self) -> str:
        return {"in_person": "In person", "virtual": "Online", "hybrid": "Hybrid"}[self.value]


class EventVisibility(enum.Enum):
    PUBLIC = "public"  # listed, and open to anyone who can see the network
    UNLISTED = "unlisted"  # anyone with the link; absent from lists
    MEMBERS = "members"  # the network's members only; 404 to everyone else


class RegistrationMode(enum.Enum):
    OPEN = "open"
    APPROVAL = "approval"
    INVITE = "invite"


class EventStatus(enum.Enum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CANCELLED = "cancelled"


class Event(TimestampMixin, db.Model):
    __tablename__ = "events"
    __table_args__ = (sa.Index("ix_events_status_starts_at", "status", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(
        sa.ForeignKey("networks.id", ondelete="CASCADE"), index=True
    )
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    format: Mapped[EventFormat] = mapped_column(
        str_enum(EventFormat), default=EventFormat.IN_PERSON
    )
    venue_name: Mapped[str] = mapped_column(sa.String(200), default="")
    venue_address: Mapped[str] = mapped_column(sa.String(500), default="")
    # Shown only to confirmed registrants (SPEC §3).
    join_url: Mapped[str] = mapped_column(sa.String(500), default="")
    # An IANA zone name; times are stored in UTC and shown in this zone.
    timezone: Mapped[str] = mapped_column(sa.String(64), default="Europe/London")
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    # Places per attendance mode; None is unlimited.
    capacity_in_person: Mapped[int | None]
    capacity_online: Mapped[int | None]
    registration_opens_at: Mapped[datetime | None]
    registration_closes_at: Mapped[datetime | None]
    visibility: Mapped[EventVisibility] = mapped_column(
        str_enum(EventVisibility), default=EventVisibility.PUBLIC
    )
    registration_mode: Mapped[RegistrationMode] = mapped_column(
        str_enum(RegistrationMode), default=RegistrationMode.OPEN
    )
    status: Mapped[EventStatus] = mapped_column(str_enum(EventStatus), default=EventStatus.DRAFT)
    hashtag: Mapped[str] = mapped_column(sa.String(60), default="")
    cancellation_message: Mapped[str] = mapped_column(sa.Text, default="")
    # Raised on each change of time or place, for calendar clients (iCal SEQUENCE, SPEC §5).
    sequence: Mapped[int] = mapped_column(default=0)
    # Raised with every change to who is coming (a registration's status or mode, a
    # person's name or pitch card): pages keep what they show of it per revision.
    people_revision: Mapped[int] = mapped_column(default=0, server_default="0")
    # Raised with every change to what the page shows of the event beside its own row: the
    # agenda and the network's organisers (``events/page_revision.py``). The row's own edits
    # move ``updated_at``.
    page_revision: Mapped[int] = mapped_column(default=0, server_default="0")
    # The cover image: a re-encoded 16:9 JPEG, never loaded with the event (lists and pages
    # need only its token), served under a random token that changes with each upload, so
    # its address can be cached for ever.
    cover: Mapped[bytes | None] = deferred(mapped_column(sa.LargeBinary))
    cover_token: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    published_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    network: Mapped[Network] = relationship()
    sessions: Mapped[list[AgendaSession]] = relationship(
        back_populates="event",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(AgendaSession.starts_at, AgendaSession.id)",
    )

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def is_draft(self) -> bool:
        return self.status is EventStatus.DRAFT

    @property
    def is_published(self) -> bool:
        return self.status is EventStatus.PUBLISHED

    @property
    def is_cancelled(self) -> bool:
        return self.status is EventStatus.CANCELLED

    @property
    def has_venue(self) -> bool:
        return self.format is not EventFormat.VIRTUAL

    @property
    def is_online(self) -> bool:
        return self.format is not EventFormat.IN_PERSON

    def __repr__(self) -> str:
        return f"<Event {self.slug}>"


class AgendaSession(db.Model):
    __tablename__ = "agenda_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(200))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    room: Mapped[str] = mapped_column(sa.String(120), default="")
    speaker: Mapped[str] = mapped_column(sa.String(200), default="")

    event: Mapped[Event] = relationship(back_populates="sessions")
