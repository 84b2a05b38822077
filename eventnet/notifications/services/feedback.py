"""Feedback on an event: the signed link, the answer, the organisers' summary."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from eventnet.accounts.models import User
from eventnet.db import utcnow
from eventnet.errors import DomainError, NotFound
from eventnet.events.models import Event
from eventnet.extensions import db
from eventnet.notifications.models import Feedback
from eventnet.notifications.services._common import _insert
from eventnet.registration.access import attendee_clause
from eventnet.registration.models import Registration
from eventnet.text import multi_line
from eventnet.urls import absolute_url


def _feedback_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="eventnet-feedback")


def feedback_token(event: Event, user: User) -> str:
    return _feedback_serializer().dumps([event.id, user.id])


def feedback_url(event: Event, user: User) -> str:
    return absolute_url(
        "notifications.feedback", slug=event.slug, token=feedback_token(event, user)
    )


def feedback_person(event: Event, token: str) -> User:
    """Who a feedback link was made for; it works without logging in, for attendees only."""
    try:
        event_id, user_id = _feedback_serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        raise NotFound("This feedback link is not valid.") from None
    if event_id != event.id:
        raise NotFound("This feedback link is not valid.")
    registration = db.session.scalar(
        sa.select(Registration).where(
            Registration.event_id == event.id,
            Registration.user_id == user_id,
            attendee_clause(),
        )
    )
    if registration is None:
        raise NotFound("This feedback link is not valid.")
    return registration.user


def feedback_of(event: Event, user: User) -> Feedback | None:
    return db.session.scalar(
        sa.select(Feedback).where(Feedback.event_id == event.id, Feedback.user_id == user.id)
    )


def give_feedback(event: Event, user: User, rating: int, comment: str = "") -> Feedback:
    """One answer per person per event: answering again replaces the first."""
    if rating not in range(1, 6):
        raise DomainError("Choose a rating from 1 to 5.", "rating")
    comment = multi_line(comment, "comment")[:2000]
    now = utcnow()
    db.session.execute(
        _insert()(Feedback)
        .values(
            event_id=event.id,
            user_id=user.id,
            rating=rating,
            comment=comment,
            created_at=now,
            updated_at=now,
        )
        .on_conflict_do_update(
            index_elements=["event_id", "user_id"],
            set_={"rating": rating, "comment": comment, "updated_at": now},
        )
    )
    db.session.flush()
    return db.session.scalar(
        sa.select(Feedback)
        .where(Feedback.event_id == event.id, Feedback.user_id == user.id)
        .execution_options(populate_existing=True)
    )


@dataclass
class FeedbackSummary:
    count: int
    average: float | None
    by_rating: dict[int, int]
    comments: list[tuple[int, str]]


def feedback_summary(event: Event) -> FeedbackSummary:
    rows = db.session.execute(
        sa.select(Feedback.rating, Feedback.comment)
        .where(Feedback.event_id == event.id)
        .order_by(Feedback.created_at.desc())
    ).all()
    by_rating = {n: 0 for n in range(5, 0, -1)}
    for rating, _ in rows:
        by_rating[rating] += 1
    return FeedbackSummary(
        count=len(rows),
        average=round(sum(r for r, _ in rows) / len(rows), 1) if rows else None,
        by_rating=by_rating,
        comments=[(r, c) for r, c in rows if c],
    )
