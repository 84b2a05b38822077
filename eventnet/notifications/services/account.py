"""Email settings and feedback in an account's data export, and deleted with it."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from eventnet.accounts.models import User
from eventnet.extensions import db
from eventnet.mail import preferences
from eventnet.notifications.models import Feedback


def export_feedback(user: User) -> list[dict]:
    rows = db.session.scalars(
        sa.select(Feedback)
        .options(joinedload(Feedback.event))
        .where(Feedback.user_id == user.id)
        .order_by(Feedback.id)
    )
    return [
        {
            "event": f.event.title,
            "rating": f.rating,
            "comment": f.comment,
            "given_at": f.updated_at.isoformat(),
        }
        for f in rows
    ]


def delete_preferences_and_feedback(user: User) -> None:
    preferences.delete_preferences(user)
    db.session.execute(sa.delete(Feedback).where(Feedback.user_id == user.id))
