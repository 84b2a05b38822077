"""Pitch cards: one profile per person, its tags, and its photo."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from eventnet.accounts.models import User
from eventnet.db import TimestampMixin, str_enum, utcnow
from eventnet.extensions import db

PITCH_MAX = 300
TEXT_MAX = 120
URL_MAX = 300
TAG_MAX = 40
TAGS_PER_KIND = 10


class TagKind(enum.Enum):
    INTEREST = "interest"
    OFFER = "offer"  # "can help with"
    NEED = "need"  # "looking for"

    @property
    def label(self) -> str:
        return {
            "interest": "Interests",
            "offer": "Can help with",
            "need": "Looking for",
        }[self.value]


class Profile(TimestampMixin, db.Model):
    __tablename__ = "profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    # The part of the person's name that is their family name, as they set it: address books
    # file the card under it (vCard N). Empty: nobody guesses, the whole name is the given name.
    family_name: Mapped[str] = mapped_column(sa.String(TEXT_MAX), default="", server_default="")
    headline: Mapped[str] = mapped_column(sa.String(TEXT_MAX), default="")
    organisation: Mapped[str] = mapped_column(sa.String(TEXT_MAX), default="")
    location: Mapped[str] = mapped_column(sa.String(TEXT_MAX), default="")
    pitch: Mapped[str] = mapped_column(sa.String(PITCH_MAX), default="")
    website_url: Mapped[str] = mapped_column(sa.String(URL_MAX), default="")
    linkedin_url: Mapped[str] = mapped_column(sa.String(URL_MAX), default="")
    social_url: Mapped[str] = mapped_column(sa.String(URL_MAX), default="")  # X or Mastodon
    # Shared only through a contact exchange (SPEC §4); no page shows them to anyone else.
    contact_email: Mapped[str] = mapped_column(sa.String(254), default="")
    contact_phone: Mapped[str] = mapped_column(sa.String(40), default="")
    # True: a scan shares the contact details at once; False: "ask me first".
    share_on_scan: Mapped[bool] = mapped_column(default=True)
    hidden: Mapped[bool] = mapped_column(default=False)
    # The photo: a re-encoded JPEG, served under a random token that changes with each upload,
    # so only those shown the card learn its address. Deferred: lists never load the bytes.
    photo: Mapped[bytes | None] = deferred(mapped_column(sa.LargeBinary))
    photo_token: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship()
    tags: Mapped[list[ProfileTag]] = relationship(
        back_populates="profile",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(ProfileTag.kind, ProfileTag.position)",
    )

    def tags_of(self, kind: TagKind) -> list[ProfileTag]:
        return [t for t in self.tags if t.kind is kind]

    @property
    def tag_groups(self) -> list[tuple[TagKind, list[ProfileTag]]]:
        """The non-empty kinds with their tags, in card order."""
        groups = [(kind, self.tags_of(kind)) for kind in TagKind]
        return [(kind, tags) for kind, tags in groups if tags]

    @property
    def links(self) -> list[tuple[str, str]]:
        named = [
            ("Website", self.website_url),
            ("LinkedIn", self.linkedin_url),
            ("X / Mastodon", self.social_url),
        ]
        return [(name, url) for name, url in named if url]

    def __repr__(self) -> str:
        return f"<Profile of user {self.user_id}>"


class ProfileTag(db.Model):
    """A tag as typed (``label``) and as matched (``key``: spaces collapsed, case-folded)."""

    __tablename__ = "profile_tags"
    __table_args__ = (
        sa.UniqueConstraint("profile_id", "kind", "key"),
        sa.Index("ix_profile_tags_key_kind", "key", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_id: Mapped[int] = mapped_column(sa.ForeignKey("profiles.id", ondelete="CASCADE"))
    kind: Mapped[TagKind] = mapped_column(str_enum(TagKind))
    label: Mapped[str] = mapped_column(sa.String(TAG_MAX))
    key: Mapped[str] = mapped_column(sa.String(TAG_MAX * 2))
    position: Mapped[int] = mapped_column(default=0)

    profile: Mapped[Profile] = relationship(back_populates="tags")
