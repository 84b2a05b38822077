"""Who wants which optional emails, and signed one-click unsubscribe links (RFC 8058)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from eventnet.db import utcnow
from eventnet.extensions import db
from eventnet.mail.models import EmailPreference
from eventnet.urls import absolute_url

# Account and registration emails (confirmations, changes, cancellations) always go, whatever
# a person's preferences; every other category carries List-Unsubscribe.
ESSENTIAL = frozenset({"account", "registration"})
# The optional categories, as people see them on /me/emails.
CATEGORIES = {
    "reminders": "Reminders before events you registered for",
    "follow_ups": "Follow-ups after events: the people you met, and a feedback question",
    "organiser_messages": "Messages from event organisers",
    "meetings": "Reminders of your 1:1 meetings",
}
_SALT = "eventnet-unsubscribe"


def _user_id(user) -> int:
    return user if isinstance(user, int) else user.id


def wants(user, category: str) -> bool:
    """Whether ``user`` (a User or an id) gets emails of ``category``; essential ones always."""
    if category in ESSENTIAL:
        return True
    enabled = db.session.scalar(
        sa.select(EmailPreference.enabled).where(
            EmailPreference.user_id == _user_id(user), EmailPreference.category == category
        )
    )
    return enabled is not False


def preferences_of(user) -> dict[str, bool]:
    off = set(
        db.session.scalars(
            sa.select(EmailPreference.category).where(
                EmailPreference.user_id == _user_id(user), EmailPreference.enabled.is_(False)
            )
        )
    )
    return {category: category not in off for category in CATEGORIES}


def set_preference(user, category: str, enabled: bool) -> None:
    if category not in CATEGORIES:
        raise ValueError(f"not an optional email category: {category!r}")
    row = db.session.scalar(
        sa.select(EmailPreference).where(
            EmailPreference.user_id == _user_id(user), EmailPreference.category == category
        )
    )
    if row is None:
        row = EmailPreference(user_id=_user_id(user), category=category)
        db.session.add(row)
    row.enabled = enabled
    row.updated_at = utcnow()
    db.session.flush()


# --- unsubscribe links -----------------------------------------------------------------------


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def unsubscribe_token(user, category: str) -> str:
    """Signed, not expiring: an old email's link must still work, and all it can do is turn
    one category of optional mail off for one person."""
    return _serializer().dumps([_user_id(user), category])


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    try:
        user_id, category = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(user_id, int) or category not in CATEGORIES:
        return None
    return user_id, category


def unsubscribe_url(user, category: str) -> str:
    return absolute_url("notifications.unsubscribe", token=unsubscribe_token(user, category))


def unsubscribe_headers(user, category: str) -> dict[str, str]:
    """``List-Unsubscribe`` with the signed link, and the one-click POST marker.

    RFC 8058 allows one-click only with an https link: a development site on plain http
    (``EVENTNET_BASE_URL=http://127.0.0.1:5000``) gets the link without the marker.
    """
    url = unsubscribe_url(user, category)
    headers = {"List-Unsubscribe": f"<{url}>"}
    if url.startswith("https://"):
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return headers


# --- the account's part ----------------------------------------------------------------------


def delete_preferences(user) -> None:
    db.session.execute(sa.delete(EmailPreference).where(EmailPreference.user_id == user.id))
