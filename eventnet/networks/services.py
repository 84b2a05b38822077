"""Network rules: who sees a network, who organises it, invitations and requests to join."""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import joinedload

from eventnet.accounts.models import User
from eventnet.accounts.services import find_by_email, normalise_email
from eventnet.db import lock_row, remembered_one, utcnow
from eventnet.errors import Conflict, DomainError, Forbidden, NotFound, Refusals
from eventnet.extensions import db
from eventnet.mail.services import queue_email
from eventnet.networks.accents import PALETTE
from eventnet.networks.models import (
    Invitation,
    JoinRequest,
    JoinRequestStatus,
    Membership,
    Network,
    Role,
    Visibility,
)
from eventnet.networks.signals import network_changed
from eventnet.text import multi_line, single_line
from eventnet.urls import absolute_url

SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$")


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- who may see and do what -----------------------------------------------------------------


def membership_of(network: Network, user) -> Membership | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return remembered_one(db.session, Membership, network_id=network.id, user_id=user.id)


def role_of(network: Network, user) -> Role | None:
    membership = membership_of(network, user)
    return membership.role if membership else None


def can_see(network: Network, user) -> bool:
    if not network.is_private:
        return True
    if getattr(user, "is_authenticated", False) and user.is_admin:
        return True
    return membership_of(network, user) is not None


def can_organise(network: Network, user) -> bool:
    """Owners and organisers of this network; site admins everywhere."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_admin:
        return True
    role = role_of(network, user)
    return role is not None and role.organises


def is_owner(network: Network, user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_admin or role_of(network, user) is Role.OWNER


def get_network(slug: str) -> Network:
    # A slug no network can have is not looked up: PostgreSQL refuses some characters (NUL).
    if not SLUG_RE.match(slug):
        raise NotFound("There is no such network.")
    network = db.session.scalar(sa.select(Network).where(Network.slug == slug))
    if network is None:
        raise NotFound("There is no such network.")
    return network


def visible_network(slug: str, user) -> Network:
    """The network, or 404 when it does not exist or is private and ``user`` is not in it."""
    network = get_network(slug)
    if not can_see(network, user):
        raise NotFound("There is no such network.")
    return network


def organised_network(slug: str, user) -> Network:
    """For the organiser area: anyone who does not organise it gets a 404, as if it were not."""
    network = get_network(slug)
    if not can_organise(network, user):
        raise NotFound("There is no such network.")
    return network


def owned_network(slug: str, user) -> Network:
    network = organised_network(slug, user)
    if not is_owner(network, user):
        raise Forbidden("Only the network's owners can do that.")
    return network


# --- lists -----------------------------------------------------------------------------------


def public_networks() -> list[Network]:
    return list(
        db.session.scalars(
            sa.select(Network).where(Network.visibility == Visibility.PUBLIC).order_by(Network.name)
        )
    )


def memberships_of(user) -> list[Membership]:
    return list(
        db.session.scalars(
            sa.select(Membership)
            .options(joinedload(Membership.network))
            .where(Membership.user_id == user.id)
            .join(Membership.network)
            .order_by(Network.name)
        )
    )


def organised_by(user) -> list[Network]:
    stmt = sa.select(Network).order_by(Network.name)
    if not user.is_admin:
        stmt = stmt.join(Membership).where(
            Membership.user_id == user.id, Membership.role.in_([Role.OWNER, Role.ORGANISER])
        )
    return list(db.session.scalars(stmt))


def organises_any(user) -> bool:
    """Whether the organiser area is where ``user`` works (owners, organisers, admins)."""
    if user.is_admin:
        return True
    return db.session.scalar(
        sa.select(
            sa.exists().where(
                Membership.user_id == user.id,
                Membership.role.in_([Role.OWNER, Role.ORGANISER]),
            )
        )
    )


def members(network: Network) -> list[Membership]:
    return list(
        db.session.scalars(
            sa.select(Membership)
            .options(joinedload(Membership.user))
            .join(Membership.user)
            .where(Membership.network_id == network.id)
            .order_by(User.name, User.id)
        )
    )


@dataclass(frozen=True)
class Organisers:
    """Who runs a network, for its public pages: the first few by name, and whether more."""

    names: list[str]
    more: bool


def organisers_of(network: Network, size: int = 8) -> Organisers:
    """The network's owners and organisers by name, ``size`` at most, in one query however
    many there are (the event page shows them, and its query count must not grow)."""
    names = list(
        db.session.scalars(
            sa.select(User.name)
            .select_from(Membership)
            .join(User, User.id == Membership.user_id)
            .where(
                Membership.network_id == network.id,
                Membership.role.in_([Role.OWNER, Role.ORGANISER]),
            )
            .order_by(User.name, User.id)
            .limit(size + 1)
        )
    )
    return Organisers(names[:size], len(names) > size)


def pending_requests(network: Network) -> list[JoinRequest]:
    return list(
        db.session.scalars(
            sa.select(JoinRequest)
            .options(joinedload(JoinRequest.user))
            .where(
                JoinRequest.network_id == network.id,
                JoinRequest.status == JoinRequestStatus.PENDING,
            )
            .order_by(JoinRequest.created_at, JoinRequest.id)
        )
    )


def open_invitations(network: Network) -> list[Invitation]:
    return list(
        db.session.scalars(
            sa.select(Invitation)
            .where(
                Invitation.network_id == network.id,
                Invitation.accepted_at.is_(None),
                Invitation.expires_at > utcnow(),
            )
            .order_by(Invitation.created_at.desc(), Invitation.id.desc())
        )
    )


# --- creating and editing --------------------------------------------------------------------


def _check_slug(slug: str) -> str:
    slug = slug.strip().lower()
    if not SLUG_RE.match(slug):
        raise DomainError(
            "Use 1–60 lower-case letters, digits and hyphens, starting and ending with a "
            "letter or digit.",
            "slug",
        )
    taken = db.session.scalar(sa.select(Network.id).where(Network.slug == slug))
    if taken is not None:
        raise DomainError("That address is taken by another network.", "slug")
    return slug


def create_network(
    owner: User, *, name: str, slug: str = "", description: str = "", private: bool = False
) -> Network:
    refusals = Refusals()
    with refusals.checking():
        name = single_line(name, "name")
        if not name:
            raise DomainError("Enter the network's name.", "name")
    with refusals.checking():
        description = multi_line(description, "description")
    with refusals.checking():
        slug = single_line(slug, "slug")
        if slug or not refusals.refused("name"):
            slug = _check_slug(slug or slugify(name))
    refusals.raise_if_any()
    network = Network(
        name=name,
        slug=slug,
        description=description.strip(),
        visibility=Visibility.PRIVATE if private else Visibility.PUBLIC,
    )
    network.memberships.append(Membership(user=owner, role=Role.OWNER))
    db.session.add(network)
    db.session.flush()
    return network


def update_network(network: Network, *, name: str, description: str, private: bool) -> None:
    """Name, description and visibility; the slug never changes, since /n/<slug> is a
    stable address (SPEC §2) printed on badges and pasted into calendar apps."""
    name = single_line(name, "name")
    description = multi_line(description, "description")
    if not name:
        raise DomainError("Enter the network's name.", "name")
    network.name = name
    network.description = description.strip()
    network.visibility = Visibility.PRIVATE if private else Visibility.PUBLIC
    db.session.flush()
    network_changed.send(network)


def set_accent(network: Network, accent: str) -> None:
    """The colour of the network's pages: one of the palette's, never one typed in."""
    if accent not in PALETTE:
        names = ", ".join(a.label.lower() for a in PALETTE.values())
        raise DomainError(f"Choose one of the listed colours: {names}.", "accent")
    network.accent = accent
    db.session.flush()


def new_request_link(network: Network) -> None:
    """Replace the private network's request-to-join link; the old one stops working."""
    network.request_code = secrets.token_urlsafe(16)


# --- joining and leaving ---------------------------------------------------------------------


def _lock(network: Network) -> None:
    """Take the network's row lock: who joins or asks to join it is decided one request at a
    time, so twenty clicks at once make one membership or one request, never a 500."""
    lock_row(db.session, Network, network.id)


def _add_member(network: Network, user: User, role: Role = Role.MEMBER) -> Membership:
    _lock(network)
    membership = membership_of(network, user)
    if membership is None:
        membership = Membership(network=network, user=user, role=role)
        db.session.add(membership)
        db.session.flush()
    return membership


def join_public(network: Network, user: User) -> Membership:
    if network.is_private:
        raise NotFound("There is no such network.")
    return _add_member(network, user)


def network_for_request_code(slug: str, code: str) -> Network:
    network = get_network(slug)
    # Bytes: compare_digest refuses str with non-ASCII characters, which a typed URL may have.
    matches = secrets.compare_digest(network.request_code.encode(), code.encode())
    if not matches or not network.is_private:
        raise NotFound("There is no such network.")
    return network


def request_to_join(network: Network, user: User, message: str = "") -> JoinRequest:
    message = multi_line(message, "message")[:500]
    _lock(network)
    if membership_of(network, user) is not None:
        raise Conflict("You are already a member of this network.")
    request = db.session.scalar(
        sa.select(JoinRequest)
        .where(JoinRequest.network_id == network.id, JoinRequest.user_id == user.id)
        .execution_options(populate_existing=True)
    )
    if request is None:
        request = JoinRequest(network=network, user=user)
        db.session.add(request)
    elif request.status is JoinRequestStatus.PENDING:
        raise Conflict("You have already asked to join; an organiser will decide soon.")
    # A declined request may be asked again.
    request.status = JoinRequestStatus.PENDING
    request.message = message
    request.decided_at = None
    request.decided_by_id = None
    db.session.flush()
    return request


def decide_request(network: Network, request_id: int, organiser: User, approve: bool) -> None:
    request = db.session.get(JoinRequest, request_id)
    if request is None or request.network_id != network.id:
        raise NotFound("There is no such request.")
    if request.status is not JoinRequestStatus.PENDING:
        raise Conflict("That request has already been decided.")
    request.status = JoinRequestStatus.APPROVED if approve else JoinRequestStatus.DECLINED
    request.decided_at = utcnow()
    request.decided_by_id = organiser.id
    if approve:
        _add_member(network, request.user)
    queue_email(
        to=request.user.email,
        to_name=request.user.name,
        user_id=request.user.id,
        template="join_request_decided",
        context={
            "user": request.user,
            "network": network,
            "approved": approve,
            "link": absolute_url("networks.show", slug=network.slug),
        },
        dedupe_key=f"join-request:{request.id}:{request.decided_at.isoformat()}",
    )


def leave(network: Network, user: User) -> None:
    membership = membership_of(network, user)
    if membership is None:
        raise NotFound("You are not a member of this network.")
    if membership.role is Role.OWNER and _owner_count(network) == 1:
        raise DomainError(
            "You are the network's only owner: make someone else an owner before you leave."
        )
    db.session.delete(membership)
    db.session.flush()


def _owner_count(network: Network) -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Membership)
        .where(Membership.network_id == network.id, Membership.role == Role.OWNER)
    )


def set_role(network: Network, membership_id: int, role: Role) -> Membership:
    """Owners manage roles; a network always keeps at least one owner."""
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.network_id != network.id:
        raise NotFound("There is no such member.")
    if membership.role is Role.OWNER and role is not Role.OWNER and _owner_count(network) == 1:
        raise DomainError("A network needs at least one owner: make someone else owner first.")
    membership.role = role
    db.session.flush()
    return membership


def remove_member(network: Network, membership_id: int) -> None:
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.network_id != network.id:
        raise NotFound("There is no such member.")
    if membership.role is Role.OWNER and _owner_count(network) == 1:
        raise DomainError("A network needs at least one owner: make someone else owner first.")
    db.session.delete(membership)
    db.session.flush()


# --- invitations -----------------------------------------------------------------------------


def invite(network: Network, inviter: User, email: str, role: Role = Role.MEMBER) -> Invitation:
    """Email a one-time link to join, valid only for ``email``."""

    if role is not Role.MEMBER and not is_owner(network, inviter):
        raise DomainError("Only owners can invite organisers and owners.", "role")
    email = normalise_email(email)
    existing = find_by_email(email)
    if existing is not None and membership_of(network, existing) is not None:
        raise DomainError("That person is already a member.", "email")
    token = secrets.token_urlsafe(32)
    days = current_app.config["EVENTNET_INVITATION_DAYS"]
    invitation = Invitation(
        network=network,
        email=email,
        token_hash=_hash(token),
        role=role,
        invited_by_id=inviter.id,
        expires_at=utcnow() + timedelta(days=days),
    )
    db.session.add(invitation)
    db.session.flush()
    queue_email(
        to=email,
        user_id=existing.id if existing else None,
        template="network_invitation",
        context={
            "network": network,
            "inviter_name": inviter.name,
            "role": role.value,
            "email": email,
            "expires": invitation.expires_at.strftime("%-d %B %Y"),
            "link": absolute_url("networks.invitation", token=token),
        },
        dedupe_key=f"network-invitation:{invitation.id}",
    )
    return invitation


def invitation_for_token(token: str, user=None) -> Invitation:
    """The invitation behind a link; refused once used, except by the member who used it
    (whose second click, or double click, lands where the first did)."""
    invitation = db.session.scalar(
        sa.select(Invitation)
        .where(Invitation.token_hash == _hash(token))
        .execution_options(populate_existing=True)
    )
    if invitation is None:
        raise NotFound("This invitation link is not valid.")
    if invitation.accepted_at is not None and not _accepted_by_member(invitation, user):
        raise DomainError("This invitation has already been used.")
    if invitation.accepted_at is None and invitation.expires_at <= utcnow():
        raise DomainError("This invitation has expired. Ask the organiser for a new one.")
    return invitation


def _accepted_by_member(invitation: Invitation, user) -> bool:
    return (
        user is not None
        and invitation.accepted_by_id == getattr(user, "id", None)
        and membership_of(invitation.network, user) is not None
    )


def accept_invitation(token: str, user: User) -> Membership:
    """Join through the link. Under the network's lock: of twenty clicks at once, the first
    accepts and the others find the membership it made."""
    _lock(invitation_for_token(token, user).network)
    invitation = invitation_for_token(token, user)
    if invitation.accepted_at is not None:
        return membership_of(invitation.network, user)
    if invitation.email != user.email:
        raise DomainError(
            f"This invitation was sent to another email address. Log in with that address "
            f"to accept it (you are logged in as {user.email})."
        )
    invitation.accepted_at = utcnow()
    invitation.accepted_by_id = user.id
    membership = _add_member(invitation.network, user, invitation.role)
    return membership


# --- the account registries ------------------------------------------------------------------


def export_memberships(user: User) -> list[dict]:
    return [
        {
            "network": m.network.name,
            "slug": m.network.slug,
            "role": m.role.value,
            "joined_at": m.created_at.isoformat(),
        }
        for m in memberships_of(user)
    ]


def leave_networks_on_deletion(user: User) -> None:
    for membership in memberships_of(user):
        network = membership.network
        others = db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Membership)
            .where(Membership.network_id == network.id, Membership.user_id != user.id)
        )
        if others == 0:
            db.session.delete(network)
        elif membership.role is Role.OWNER and _owner_count(network) == 1:
            raise DomainError(
                f"You are the only owner of {network.name}: make someone else owner first."
            )
    db.session.flush()
