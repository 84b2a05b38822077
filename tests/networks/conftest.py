"""Helpers for the network tests: a cast of people around one network, and a snapshot of
every network table to prove that a refused request changed nothing."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa

from eventnet.extensions import db
from eventnet.mail.models import Email
from eventnet.networks.models import (
    Invitation,
    JoinRequest,
    Membership,
    Network,
    Role,
)
from tests.factories import add_member, make_network, make_user

SNAPSHOT_TABLES = (Network, Membership, Invitation, JoinRequest, Email)


def snapshot() -> dict[str, list[tuple]]:
    """Every row of the network tables and the outbox, read fresh from the database."""
    db.session.expire_all()
    rows = {}
    for model in SNAPSHOT_TABLES:
        table = model.__table__
        rows[table.name] = [
            tuple(row) for row in db.session.execute(sa.select(table).order_by(table.c.id))
        ]
    return rows


def memberships(network: Network) -> dict[str, Role]:
    """Who is in ``network``, by email, with their role."""
    db.session.expire_all()
    return {
        m.user.email: m.role
        for m in db.session.scalars(
            sa.select(Membership).where(Membership.network_id == network.id)
        )
    }


def text(response) -> str:
    """The page's HTML without its <wbr> line-break hints, so addresses read whole."""
    return response.get_data(as_text=True).replace("<wbr>", "")


def field_error(page: str, field_id: str) -> str:
    """The error shown right below the field with this id ('' when there is none)."""
    match = re.search(rf'<span class="field-error" id="{field_id}-error">(.*?)</span>', page, re.S)
    return html.unescape(match.group(1).strip()) if match else ""


def form_errors(page: str) -> str:
    """The errors listed in the form's error summary, at the top."""
    match = re.search(r'<div class="error-summary"[^>]*>.*?<ul>(.*?)</ul>', page, re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", match.group(1))) if match else ""


def login_next(response) -> str | None:
    """Where a redirect to the login page will send the person afterwards (None when the
    response is not such a redirect)."""
    if response.status_code != 302:
        return None
    location = urlsplit(response.headers["Location"])
    if location.path != "/login":
        return None
    return parse_qs(location.query).get("next", [""])[0]


def flashes(page: str) -> str:
    return html.unescape(
        " ".join(re.findall(r'<div class="flash [^"]*" role="status">(.*?)</div>', page))
    )


@dataclass
class Cast:
    """A private or public network with one of each kind of person around it."""

    network: Network
    owner: object
    organiser: object
    member: object
    applicant: object  # has a pending request to join
    outsider: object  # logged in, in no network
    other_organiser: object  # organiser of another network
    other_member: object  # member of that other network
    admin: object
    other_network: Network
    join_request: JoinRequest
    member_membership: Membership

    def user(self, kind: str):
        return None if kind == "anonymous" else getattr(self, kind)


def make_cast(*, private: bool) -> Cast:
    owner = make_user("Olivia Owner", "olivia@heads.example")
    network = make_network(owner, "Midlands Heads Network", private=private, slug="midlands-heads")
    organiser = make_user("Omar Organiser", "omar@heads.example")
    add_member(network, organiser, Role.ORGANISER)
    member = make_user("Mina Member", "mina@heads.example")
    member_membership = add_member(network, member)
    applicant = make_user("Arun Applicant", "arun@school.example")
    join_request = JoinRequest(network=network, user=applicant, message="Head at Arun Primary")
    db.session.add(join_request)
    db.session.commit()

    other_owner = make_user("Tess Trust", "tess@trust.example")
    other_network = make_network(other_owner, "Trust Leaders", private=True, slug="trust-leaders")
    other_organiser = make_user("Otto Other", "otto@trust.example")
    add_member(other_network, other_organiser, Role.ORGANISER)
    other_member = make_user("Mo Other", "mo@trust.example")
    add_member(other_network, other_member)
    return Cast(
        network=network,
        owner=owner,
        organiser=organiser,
        member=member,
        applicant=applicant,
        outsider=make_user("Una Outsider", "una@nowhere.example"),
        other_organiser=other_organiser,
        other_member=other_member,
        admin=make_user("Ada Admin", "ada@eventnet.example", admin=True),
        other_network=other_network,
        join_request=join_request,
        member_membership=member_membership,
    )


@pytest.fixture
def private_cast(app) -> Cast:
    return make_cast(private=True)


@pytest.fixture
def public_cast(app) -> Cast:
    return make_cast(private=False)


@pytest.fixture
def act_as(client, login_as):
    """``act_as(user)`` logs the client in as ``user``; ``act_as(None)`` logs it out."""

    def switch(user):
        if user is None:
            client.post("/logout")
        else:
            login_as(user)
        return user

    return switch
