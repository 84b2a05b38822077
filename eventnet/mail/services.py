"""Queue messages in the outbox, inside the caller's transaction (SPEC §6)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app, render_template
from sqlalchemy.dialects import postgresql, sqlite

from eventnet.db import utcnow
from eventnet.extensions import db
from eventnet.mail.models import Email, EmailAttachment, EmailStatus
from eventnet.mail.preferences import ESSENTIAL as ESSENTIAL_CATEGORIES
from eventnet.mail.preferences import unsubscribe_headers, unsubscribe_url


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str  # may carry parameters, e.g. "text/calendar; method=REQUEST"
    data: bytes


def render_message(template: str, context: dict) -> tuple[str, str, str]:
    """Subject, text and HTML bodies from ``templates/mail/<template>/``."""
    context = {"base_url": current_app.config["EVENTNET_BASE_URL"], **context}
    subject = render_template(f"mail/{template}/subject.txt", **context)
    text = render_template(f"mail/{template}/body.txt", **context)
    html = render_template(f"mail/{template}/body.html", **context)
    return " ".join(subject.split()), text.strip() + "\n", html


def _insert_for_dialect():
    if db.session.get_bind().dialect.name == "postgresql":
        return postgresql.insert
    return sqlite.insert


def _message_id(dedupe_key: str) -> str:
    """Stored with the row, so every retry carries the same one; short enough not to fold.

    The random part keeps it unique when a database is rebuilt with the same dedupe keys.
    """
    digest = hashlib.sha256(dedupe_key.encode()).hexdigest()[:20]
    domain = urlsplit(current_app.config["EVENTNET_BASE_URL"]).hostname or "eventnet.invalid"
    return f"<{digest}.{secrets.token_hex(6)}@{domain}>"


def find_email(dedupe_key: str) -> Email | None:
    return db.session.scalar(sa.select(Email).where(Email.dedupe_key == dedupe_key))


def queue_email(
    *,
    to: str,
    template: str,
    context: dict,
    dedupe_key: str,
    to_name: str = "",
    user_id: int | None = None,
    category: str = "account",
    send_after: datetime | None = None,
    headers: dict[str, str] | None = None,
    attachments: tuple[Attachment, ...] = (),
) -> Email:
    """Add one message to the outbox; the caller's commit makes it real.

    A second call with the same ``dedupe_key`` returns the first message untouched, also when
    two transactions race: the unique key decides. Nothing is looked up first (the INSERT
    says whether the key was free), so a caller that may ask again and again, as a worker
    pass does, checks ``find_email`` itself before rendering anything.
    """
    if user_id is not None and category not in ESSENTIAL_CATEGORIES:
        # Optional mail can be turned off from the message itself (RFC 2369, RFC 8058).
        headers = {**unsubscribe_headers(user_id, category), **(headers or {})}
        context = {"unsubscribe_url": unsubscribe_url(user_id, category), **context}
    subject, text, html = render_message(template, context)
    now = utcnow()
    values = {
        "dedupe_key": dedupe_key,
        "message_id": _message_id(dedupe_key),
        "to_address": to,
        "to_name": to_name,
        "user_id": user_id,
        "subject": subject,
        "text_body": text,
        "html_body": html,
        "headers": dict(headers or {}),
        "category": category,
        "status": EmailStatus.QUEUED,
        "send_after": send_after or now,
        "attempts": 0,
        "created_at": now,
    }
    # INSERT … ON CONFLICT DO NOTHING settles a race on the key without a savepoint (a
    # SAVEPOINT on pysqlite would open, and its RELEASE commit, the caller's transaction).
    # RETURNING the row makes the Email without reading it back.
    insert = (
        _insert_for_dialect()(Email)
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
        .returning(Email)
    )
    email = db.session.scalars(insert, [values]).one_or_none()
    if email is None:
        return find_email(dedupe_key)
    if attachments:
        db.session.execute(
            sa.insert(EmailAttachment),
            [
                {
                    "email_id": email.id,
                    "filename": a.filename,
                    "content_type": a.content_type,
                    "data": a.data,
                }
                for a in attachments
            ],
        )
    return email


def export_emails(user) -> list[dict]:
    emails = db.session.scalars(
        sa.select(Email).where(Email.user_id == user.id).order_by(Email.id)
    ).all()
    return [
        {
            "subject": e.subject,
            "to": e.to_address,
            "status": e.status.value,
            "queued_at": e.created_at.isoformat(),
            "sent_at": e.sent_at.isoformat() if e.sent_at else None,
        }
        for e in emails
    ]


def delete_emails(user) -> None:
    db.session.execute(sa.delete(Email).where(Email.user_id == user.id))
