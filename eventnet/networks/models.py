"""Networks, memberships, invitations and requests to join."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eventnet.accounts.models import User
from eventnet.db import TimestampMixin, str_enum
from eventnet.extensions import db
from eventnet.networks.accents import DEFAULT as DEFAULT_ACCENT


class Role(enum.Enum):
    OWNER = "owner"
    ORGANISER = "organiser"
    MEMBER = "member"

    @property
    def organises(self) -> bool:
        return self in (Role.OWNER, Role.ORGANISER)


class Visibility(enum.Enum):
    PUBLIC = "public"
    PRIVATE = "private"


class JoinRequestStatus(enum.Enum):
    PENDING = "pending"
    APPROVED = "approved"
    DECLINED = "declined"


class Network(TimestampMixin, db.Model):
    __tablename__ = "networks"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(60), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    visibility: Mapped[Visibility] = mapped_column(str_enum(Visibility), default=Visibility.PUBLIC)
    # A private network is invisible; whoever holds this link may ask to join it.
    request_code: Mapped[str] = mapped_column(
        sa.String(64), unique=True, default=lambda: secrets.token_urlsafe(16)
    )
    # The colour of its pages and its events' pages: a name from networks/accents.py.
    accent: Mapped[str] = mapped_column(
        sa.String(20), default=DEFAULT_ACCENT, server_default=DEFAULT_ACCENT
    )

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="network", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def is_private(self) -> bool:
        return self.visibility is Visibility.PRIVATE

    def __repr__(self) -> str:
        return f"<Network {self.slug}>"


class Membership(TimestampMixin, db.Model):
    __tablename__ = "memberships"
    __table_args__ = (sa.UniqueConstraint("network_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(
        sa.ForeignKey("networks.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(str_enum(Role), default=Role.MEMBER)

    network: Mapped[Network] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship()


class Invitation(TimestampMixin, db.Model):
    """An emailed link to join a network; it works once, for the address it was sent to."""

    __tablename__ = "network_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(
        sa.ForeignKey("networks.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(sa.String(254))
    # Only a hash is kept: the database alone cannot be used to accept an invitation.
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    role: Mapped[Role] = mapped_column(str_enum(Role), default=Role.MEMBER)
    invited_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    accepted_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    network: Mapped[Network] = relationship()


class JoinRequest(TimestampMixin, db.Model):
    __tablename__ = "network_join_requests"
    __table_args__ = (sa.UniqueConstraint("network_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(
        sa.ForeignKey("networks.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    message: Mapped[str] = mapped_column(sa.String(500), default="")
    status: Mapped[JoinRequestStatus] = mapped_column(
        str_enum(JoinRequestStatus), default=JoinRequestStatus.PENDING
    )
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    network: Mapped[Network] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])
