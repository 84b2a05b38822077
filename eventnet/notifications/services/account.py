"""Email settings and feedback in an account's data export, and deleted with it."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from eventnet.accounts import hooks
from eventnet.accounts.models import User
from eventnet.extensions import db
from eventnet.notifications.models import EmailPreference, Feedback


@hooks.exporter("email_preferences")
def _export_preferences(user: User) -> dict[str, bool]:
    from eventnet.notifications.preferences import preferences_of

    return preferences_of(user)


@hooks.exporter("event_feedback")
def _export_feedback(user: User) -> list[dict]:
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


@hooks.on_account_deletion("Your email settings and the feedback you gave on events are deleted.")
def _delete_preferences_and_feedback(user: User) -> None:
    db.session.execute(sa.delete(EmailPreference).where(EmailPreference.user_id == user.id))
    db.session.execute(sa.delete(Feedback).where(Feedback.user_id == user.id))
