"""seed-demo gives every demo person a realistic card, once, and keeps their later edits."""

from __future__ import annotations

import sqlalchemy as sa

from eventnet.accounts.services import find_by_email
from eventnet.demo import seed
from eventnet.extensions import db
from eventnet.profiles.demo import CARDS
from eventnet.profiles.models import Profile, TagKind
from eventnet.profiles.services import ProfileData, profile_of, update_profile


def test_seed_demo_gives_each_person_a_card_once_and_keeps_their_edits(app):
    seed()
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Profile)) == len(CARDS)
    priya = find_by_email("priya.shah@oakfield.example")
    card = profile_of(priya)
    assert (card.headline, card.organisation) == ("Headteacher", "Oakfield Primary")
    assert "Assessment" in [t.label for t in card.tags_of(TagKind.OFFER)]
    update_profile(priya, ProfileData(headline="Executive Head"))
    db.session.commit()
    seed()
    db.session.commit()
    assert profile_of(priya).headline == "Executive Head"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Profile)) == len(CARDS)
