"""Demo data for `flask seed-demo`: school leaders and their networks. Idempotent."""

from __future__ import annotations

import sqlalchemy as sa

from eventnet.accounts.models import User
from eventnet.accounts.services import create_user, find_by_email
from eventnet.extensions import db
from eventnet.networks.models import Membership, Network, Role, Visibility

DEMO_PASSWORD = "demo-password"  # noqa: S105 - documented in the README, demo data only

PEOPLE = [
    ("admin@eventnet.example", "Site Admin", True),
    ("priya.shah@oakfield.example", "Priya Shah", False),
    ("tom.okafor@riverside-trust.example", "Tom Okafor", False),
    ("helen.marsh@stmarys.example", "Helen Marsh", False),
    ("david.chen@northgate.example", "David Chen", False),
    ("amara.jones@hillcrest.example", "Amara Jones", False),
    ("sean.murphy@brookvale.example", "Seán Murphy", False),
]

NETWORKS = [
    {
        "slug": "midlands-heads",
        "name": "Midlands Heads Network",
        "description": "Headteachers and system leaders across the Midlands meeting each term "
        "to share what works: curriculum, wellbeing, recruitment and school improvement.",
        "visibility": Visibility.PUBLIC,
        "members": {
            "priya.shah@oakfield.example": Role.OWNER,
            "tom.okafor@riverside-trust.example": Role.ORGANISER,
            "helen.marsh@stmarys.example": Role.MEMBER,
            "david.chen@northgate.example": Role.MEMBER,
            "amara.jones@hillcrest.example": Role.MEMBER,
        },
    },
    {
        "slug": "new-heads-circle",
        "name": "New Heads Peer Circle",
        "description": "A private peer-support group for headteachers in their first three "
        "years. What is said in the circle stays in the circle.",
        "visibility": Visibility.PRIVATE,
        "members": {
            "helen.marsh@stmarys.example": Role.OWNER,
            "amara.jones@hillcrest.example": Role.MEMBER,
            "sean.murphy@brookvale.example": Role.MEMBER,
        },
    },
]


def _person(email: str, name: str, admin: bool) -> User:
    user = find_by_email(email)
    if user is None:
        user = create_user(email, name, DEMO_PASSWORD, is_admin=admin)
    return user


def seed() -> str:
    people = {email: _person(email, name, admin) for email, name, admin in PEOPLE}
    created = 0
    for spec in NETWORKS:
        network = db.session.scalar(sa.select(Network).where(Network.slug == spec["slug"]))
        if network is None:
            network = Network(
                slug=spec["slug"],
                name=spec["name"],
                description=spec["description"],
                visibility=spec["visibility"],
            )
            db.session.add(network)
            created += 1
        for email, role in spec["members"].items():
            user = people[email]
            exists = db.session.scalar(
                sa.select(Membership.id).where(
                    Membership.network_id == network.id, Membership.user_id == user.id
                )
            ) if network.id else None
            if exists is None:
                db.session.add(Membership(network=network, user=user, role=role))
        db.session.flush()
    return (
        f"demo data ready: {len(people)} people, {len(NETWORKS)} networks "
        f"({created} new); every demo password is {DEMO_PASSWORD!r}"
    )
