"""Invitations to invite-only events: the emailed link and its use."""

from __future__ import annotations

import hashlib
import secrets

import sqlalchemy as sa

from eventnet.accounts.models import User
from eventnet.accounts.services import find_by_email, normalise_email
from eventnet.db import utcnow
from eventnet.errors import DomainError, NotFound
from eventnet.events.models import Event, EventStatus, RegistrationMode
from eventnet.extensions import db
from eventnet.mail.services import queue_email
from eventnet.registration.models import EventInvitation
from eventnet.registration.services.emails import _event_context
from eventnet.registration.services.lists import registration_of
from eventnet.urls import absolute_url


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_for_token(event: Event, token: str) -> EventInvitation:
    invitation = db.session.scalar(
        sa.select(EventInvitation).where(
            EventInvitation.event_id == event.id, EventInvitation.token_hash == _hash(token or "")
        )
    )
    if invitation is None:
        raise NotFound("This invitation link is not valid.")
    return invitation


def _use_invitation(event: Event, user: User, token: str | None) -> None:
    if not token:
        raise DomainError("This event is by invitation only: use the link in your invitation.")
    invitation = invitation_for_token(event, token)
    if invitation.email != user.email:
        raise DomainError(
            "This invitation was sent to another email address. Log in with that address to "
            f"accept it (you are logged in as {user.email})."
        )
    if invitation.accepted_by_id not in (None, user.id):
        raise DomainError("This invitation has already been used.")
    invitation.accepted_at = invitation.accepted_at or utcnow()
    invitation.accepted_by_id = user.id


def invite(event: Event, inviter: User, email: str) -> EventInvitation:
    """Email a link that lets ``email`` register for an invite-only event (a new link each time)."""

    if event.registration_mode is not RegistrationMode.INVITE:
        raise DomainError("Invitations are for events whose registration is by invitation.")
    if event.status is not EventStatus.PUBLISHED:
        raise DomainError("Publish the event before inviting people.")
    email = normalise_email(email)
    person = find_by_email(email)
    if person is not None:
        existing = registration_of(event, person)
        if existing is not None and existing.status.is_active:
            raise DomainError("That person is already registered.", "email")
    invitation = db.session.scalar(
        sa.select(EventInvitation).where(
            EventInvitation.event_id == event.id, EventInvitation.email == email
        )
    )
    token = secrets.token_urlsafe(32)
    if invitation is None:
        invitation = EventInvitation(event=event, email=email)
        db.session.add(invitation)
    invitation.token_hash = _hash(token)
    invitation.invited_by_id = inviter.id
    invitation.accepted_at = invitation.accepted_by_id = None
    db.session.flush()
    queue_email(
        to=email,
        user_id=person.id if person else None,
        template="event_invitation",
        context={
            **_event_context(event),
            "inviter_name": inviter.name,
            "email": email,
            "invitation_link": absolute_url(
                "registration.invitation", slug=event.slug, token=token
            ),
        },
        dedupe_key=f"event-invitation:{invitation.id}:{token[-16:]}",
        category="registration",
    )
    return invitation


def invitations_of(event: Event) -> list[EventInvitation]:
    return list(
        db.session.scalars(
            sa.select(EventInvitation)
            .where(EventInvitation.event_id == event.id)
            .order_by(EventInvitation.created_at.desc(), EventInvitation.id.desc())
        )
    )
