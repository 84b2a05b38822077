"""A badge per registration: its secret token, the short code printed under the QR, the QR."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from eventnet.db import TimestampMixin
from eventnet.extensions import db
from eventnet.registration.models import Registration

TOKEN_MAX = 64
SHORT_CODE_LENGTH = 8


class Badge(TimestampMixin, db.Model):
    __tablename__ = "badges"
    # The short code only has to be unique among one event's badges: it is typed in there.
    __table_args__ = (sa.UniqueConstraint("event_id", "short_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registrations.id", ondelete="CASCADE"), unique=True
    )
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"))
    # secrets.token_urlsafe: random, never derived from ids (SPEC §4). Reissuing replaces it.
    token: Mapped[str] = mapped_column(sa.String(TOKEN_MAX), unique=True)
    short_code: Mapped[str] = mapped_column(sa.String(SHORT_CODE_LENGTH))
    issued_at: Mapped[datetime]
    # The QR of the badge address, drawn once per token (drawing costs milliseconds).
    # Deferred: lists and scans never load the bytes.
    qr_png: Mapped[bytes] = deferred(mapped_column(sa.LargeBinary, nullable=False))
    qr_svg: Mapped[bytes] = deferred(mapped_column(sa.LargeBinary, nullable=False))

    registration: Mapped[Registration] = relationship()

    @property
    def short_code_display(self) -> str:
        """ "ABCD-EFGH": two groups of four are easier to read out and type."""
        return f"{self.short_code[:4]}-{self.short_code[4:]}"

    def __repr__(self) -> str:
        return f"<Badge {self.id} registration={self.registration_id}>"
