"""A pitch card with several mistakes is refused once, with every mistake beside its field,
and the card stays as it was."""

from __future__ import annotations

import pytest

from eventnet.errors import InvalidFields
from eventnet.extensions import db
from eventnet.profiles.services import ProfileData, profile_of, update_profile
from tests.factories import make_user
from tests.forms import post_refused
from tests.profiles.conftest import image_bytes, make_card

MISTAKES = {
    "headline": "Head\nteacher",
    "website_url": "javascript:alert(1)",
    "contact_email": "not an address",
    "contact_phone": "call me",
    "offers": "x" * 80,
}


def test_every_mistake_of_a_card_is_refused_at_once_and_nothing_changes(app):
    user = make_user("Priya Shah")
    make_card(user, headline="Headteacher", website_url="https://oakfield.example")
    with pytest.raises(InvalidFields) as refused:
        update_profile(user, ProfileData(**MISTAKES), photo=b"not an image")
    assert set(refused.value.fields) == {*MISTAKES, "photo"}
    db.session.rollback()
    profile = profile_of(user)
    assert (profile.headline, profile.website_url) == ("Headteacher", "https://oakfield.example")
    assert profile.photo is None


def test_a_good_photo_with_bad_fields_is_not_kept(app):
    user = make_user()
    with pytest.raises(InvalidFields):
        update_profile(user, ProfileData(**MISTAKES), photo=image_bytes())
    db.session.rollback()
    assert profile_of(user) is None


def test_one_post_shows_every_mistake_and_keeps_what_was_typed(client, login_as, card_form):
    user = login_as(make_user("Priya Shah"))
    page = post_refused(
        client,
        "/me/profile",
        card_form(
            organisation="Oakfield\x00Primary",
            website_url="ftp://oakfield.example",
            contact_email="priya at oakfield",
            contact_phone="call me",
        ),
        dict.fromkeys(("organisation", "website_url", "contact_email", "contact_phone"), ""),
    )
    assert 'value="priya at oakfield"' in page
    assert 'value="Birmingham"' in page
    assert profile_of(user) is None
