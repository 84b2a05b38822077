"""Registrations of people at events, the organisers' questions and their answers, and
invitations to invite-only events."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventnet.accounts.models import User
from eventnet.db import TimestampMixin, str_enum, utcnow
from eventnet.events.models import Event
from eventnet.extensions import db


class RegistrationStatus(enum.Enum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    PENDING = "pending"  # waiting for an organiser's approval
    DECLINED = "declined"
    CANCELLED = "cancelled"
    # Registered from the event page by name and email: no place is held until the
    # emailed link or code is used (then confirmed, waitlisted or pending as usual).
    PENDING_EMAIL = "pending_email"

    @property
    def is_active(self) -> bool:
        """Holding a place, or waiting for one."""
        return self in (
            RegistrationStatus.CONFIRMED,
            RegistrationStatus.WAITLISTED,
            RegistrationStatus.PENDING,
        )


class AttendanceMode(enum.Enum):
    IN_PERSON = "in_person"
    ONLINE = "online"

    @property
    def label(self) -> str:
        return "In person" if self is AttendanceMode.IN_PERSON else "Online"


class Registration(TimestampMixin, db.Model):
    __tablename__ = "registrations"
    # One row per person and event: registering again after cancelling reuses it.
    __table_args__ = (
        sa.UniqueConstraint("event_id", "user_id"),
        # Covers the per-event figures (counts by status and mode, checked in): read from the
        # index alone, however many people registered.
        sa.Index(
            "ix_registrations_event_id_status_mode", "event_id", "status", "mode", "checked_in_at"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[RegistrationStatus] = mapped_column(str_enum(RegistrationStatus))
    mode: Mapped[AttendanceMode] = mapped_column(str_enum(AttendanceMode))
    # When the person last asked for a place: the waitlist is served in this order.
    registered_at: Mapped[datetime] = mapped_column(default=utcnow)
    status_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Raised on every status change, so each change's email has its own dedupe key.
    revision: Mapped[int] = mapped_column(default=0)
    checked_in_at: Mapped[datetime | None]
    checked_in_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    event: Mapped[Event] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])

    def __repr__(self) -> str:
        return f"<Registration {self.id} event={self.event_id} {self.status.value}>"


class EventInvitation(TimestampMixin, db.Model):
    """An emailed link to register for an invite-only event, for the address it was sent to."""

    __tablename__ = "event_invitations"
    __table_args__ = (sa.UniqueConstraint("event_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(sa.String(254))
    # Only a hash is kept: the database alone cannot be used to accept an invitation.
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    accepted_at: Mapped[datetime | None]
    accepted_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    event: Mapped[Event] = relationship()


class QuestionKind(enum.Enum):
    TEXT = "text"  # a short answer typed in
    CHOICE = "choice"  # one of the organiser's options
    YES_NO = "yes_no"

    @property
    def label(self) -> str:
        return {"text": "Short text", "choice": "One of several choices", "yes_no": "Yes or no"}[
            self.value
        ]


class RegistrationQuestion(TimestampMixin, db.Model):
    """A question the organisers ask everyone who registers (dietary needs, access needs)."""

    __tablename__ = "registration_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    # Asked in this order, smallest first.
    position: Mapped[int] = mapped_column(default=0)
    prompt: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[QuestionKind] = mapped_column(str_enum(QuestionKind))
    # The options of a CHOICE question, in the order shown; empty for the other kinds.
    choices: Mapped[list] = mapped_column(sa.JSON, default=list)
    required: Mapped[bool] = mapped_column(default=False)

    event: Mapped[Event] = relationship()

    @property
    def field_name(self) -> str:
        """The form field (and the refusal's field) that carries the answer."""
        return f"question_{self.id}"

    def __repr__(self) -> str:
        return f"<RegistrationQuestion {self.id} event={self.event_id} {self.kind.value}>"


class RegistrationAnswer(db.Model):
    """One registrant's answer to one question; none is kept for a question left blank."""

    __tablename__ = "registration_answers"
    __table_args__ = (sa.UniqueConstraint("registration_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="CASCADE")
    )
    # A removed question takes its answers with it.
    question_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registration_questions.id", ondelete="CASCADE"), index=True
    )
    # The text typed, the option chosen, or "yes" / "no".
    value: Mapped[str] = mapped_column(sa.String(500))
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)
