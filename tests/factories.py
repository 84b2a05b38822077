"""Factories: make users and networks through the real services, committed."""

from __future__ import annotations

import itertools

from eventnet.accounts.services import create_user
from eventnet.extensions import db
from eventnet.networks.models import Membership, Network, Role
from eventnet.networks.services import create_network
from tests.conftest import PASSWORD

_seq = itertools.count(1)


def make_user(
    name: str | None = None,
    email: str | None = None,
    *,
    admin: bool = False,
    password: str = PASSWORD,
):
    n = next(_seq)
    user = create_user(
        email or f"person{n}@school{n}.example", name or f"Person {n}", password, is_admin=admin
    )
    db.session.commit()
    return user


def make_network(
    owner=None, name: str | None = None, *, private: bool = False, slug: str = ""
) -> Network:
    owner = owner or make_user()
    n = next(_seq)
    network = create_network(owner, name=name or f"Heads Network {n}", slug=slug, private=private)
    db.session.commit()
    return network


def add_member(network: Network, user, role: Role = Role.MEMBER) -> Membership:
    membership = Membership(network=network, user=user, role=role)
    db.session.add(membership)
    db.session.commit()
    return membership


def make_event(network=None, *, publish: bool = True, **fields):
    """An event through the real services; starts in a week, two hours long, open, public."""
    from datetime import timedelta

    from eventnet.db import utcnow
    from eventnet.events import services as events
    from eventnet.events.models import EventFormat, EventVisibility, RegistrationMode
    from eventnet.events.services import EventData

    network = network or make_network()
    creator = network.memberships[0].user
    start = (utcnow() + timedelta(days=7)).replace(second=0, microsecond=0, tzinfo=None)
    values = {
        "title": f"Termly meet-up {next(_seq)}",
        "starts_at": start,
        "ends_at": start + timedelta(hours=2),
        "timezone": "UTC",
        **fields,
    }
    for name, kind in (
        ("format", EventFormat),
        ("visibility", EventVisibility),
        ("registration_mode", RegistrationMode),
    ):
        if name in values:
            values[name] = kind(values[name])
    event = events.create_event(network, creator, EventData(**values))
    if publish:
        events.publish(event)
    db.session.commit()
    return event


def register(event, user=None, mode=None, **kwargs):
    """Register ``user`` (a new person by default) through the service, committed."""
    from eventnet.registration.services import register as register_service

    registration = register_service(event, user or make_user(), mode, **kwargs)
    db.session.commit()
    return registration
