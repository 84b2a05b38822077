"""Twenty identical saves of one pitch card at once, from the form and from the API: one
card with its tags once, no 500, on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa

from eventnet.api.services import create_token
from eventnet.extensions import db
from eventnet.profiles.models import Profile, ProfileTag
from tests.bursts import COPIES, burst, emails_queued, server_errors
from tests.factories import make_user


def the_card(user) -> tuple[Profile, list[str]]:
    (profile,) = db.session.scalars(sa.select(Profile).where(Profile.user_id == user.id)).all()
    tags = db.session.scalars(
        sa.select(ProfileTag.label)
        .where(ProfileTag.profile_id == profile.id)
        .order_by(ProfileTag.label)
    ).all()
    return profile, sorted(tags)


def test_saving_the_card_form_twenty_times_at_once_saves_one_card(app, client, login_as, card_form):
    priya = login_as(make_user("Priya Shah"))
    emails = emails_queued()

    answers = burst(app, client, "POST", "/me/profile", data=card_form())

    assert not server_errors(answers), server_errors(answers)
    profile, tags = the_card(priya)
    assert profile.headline == "Headteacher"
    assert tags == ["Assessment", "Phonics", "Wellbeing", "curriculum"]
    assert emails_queued() - emails <= 1
    assert [a.status for a in answers] == [302] * COPIES


def test_saving_my_card_through_the_api_twenty_times_at_once_saves_one_card(app):
    priya = make_user("Priya Shah")
    _, secret = create_token(priya, "Phone")
    db.session.commit()
    emails = emails_queued()

    answers = burst(
        app,
        None,
        "PATCH",
        "/api/v1/me/profile",
        headers={"Authorization": f"Bearer {secret}"},
        json={"headline": "Headteacher", "interests": ["Wellbeing", "Curriculum"]},
    )

    assert not server_errors(answers), server_errors(answers)
    profile, tags = the_card(priya)
    assert profile.headline == "Headteacher"
    assert tags == ["Curriculum", "Wellbeing"]
    assert emails_queued() - emails <= 1
    assert [a.status for a in answers] == [200] * COPIES
    assert all('"headline":"Headteacher"' in a.page.replace(" ", "") for a in answers)
