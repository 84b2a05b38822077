"""Outbox rows: one message to one person, and its attachments; who turned which optional
emails off."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventnet.db import TimestampMixin, str_enum, utcnow
from eventnet.extensions import db


class EmailStatus(enum.Enum):
    QUEUED = "queued"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class Email(TimestampMixin, db.Model):
    __tablename__ = "emails"
    __table_args__ = (sa.Index("ix_emails_status_send_after", "status", "send_after"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # "Scheduling twice never sends twice": the key is unique, queue_email() reuses the row.
    dedupe_key: Mapped[str] = mapped_column(sa.String(255), unique=True)
    message_id: Mapped[str] = mapped_column(sa.String(255), unique=True)
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    to_address: Mapped[str] = mapped_column(sa.String(254))
    to_name: Mapped[str] = mapped_column(sa.String(120), default="")
    subject: Mapped[str] = mapped_column(sa.String(255))
    text_body: Mapped[str] = mapped_column(sa.Text)
    html_body: Mapped[str] = mapped_column(sa.Text)
    headers: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # Account and registration messages are essential; others can be unsubscribed from.
    category: Mapped[str] = mapped_column(sa.String(32), default="account")
    status: Mapped[EmailStatus] = mapped_column(str_enum(EmailStatus), default=EmailStatus.QUEUED)
    send_after: Mapped[datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    # A worker that claims a message holds it until then; after that another may retry it.
    claimed_until: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]

    attachments: Mapped[list[EmailAttachment]] = relationship(
        back_populates="email", cascade="all, delete-orphan", order_by="EmailAttachment.id"
    )

    def __repr__(self) -> str:
        return f"<Email {self.id} {self.dedupe_key} {self.status.value}>"


class EmailAttachment(db.Model):
    __tablename__ = "email_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    email_id: Mapped[int] = mapped_column(
        sa.ForeignKey("emails.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(sa.String(255))
    content_type: Mapped[str] = mapped_column(sa.String(120))
    data: Mapped[bytes] = mapped_column(sa.LargeBinary)

    email: Mapped[Email] = relationship(back_populates="attachments")


class EmailPreference(db.Model):
    """A category of optional email someone turned off (no row: they get it)."""

    __tablename__ = "email_preferences"
    __table_args__ = (sa.UniqueConstraint("user_id", "category"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    category: Mapped[str] = mapped_column(sa.String(32))
    enabled: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
