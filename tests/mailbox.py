"""Reading the outbox in tests."""

from __future__ import annotations

import sqlalchemy as sa

from eventnet.extensions import db
from eventnet.mail.models import Email


def outbox(to: str | None = None) -> list[Email]:
    stmt = sa.select(Email).order_by(Email.id)
    if to is not None:
        stmt = stmt.where(Email.to_address == to)
    return list(db.session.scalars(stmt))
