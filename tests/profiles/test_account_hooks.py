"""The pitch card in "download my data" and in account deletion."""

from __future__ import annotations

import base64
import io

import sqlalchemy as sa
from PIL import Image

from eventnet.extensions import db
from eventnet.profiles.models import Profile, ProfileTag
from tests.factories import make_user
from tests.profiles.conftest import image_bytes, make_card


def test_the_export_holds_the_whole_card_with_contact_details_and_photo(client, login_as):
    user = login_as(make_user())
    make_card(user, headline="SENCO", needs="Phonics", contact_phone="+44 121 496 0000")
    client.post(
        "/me/profile",
        data={
            "headline": "SENCO",
            "needs": "Phonics",
            "photo": (io.BytesIO(image_bytes()), "a.jpg"),
        },
        content_type="multipart/form-data",
    )
    data = client.get("/me/export.json").get_json()
    card = data["profile"]
    assert card["headline"] == "SENCO"
    assert card["looking_for"] == ["Phonics"]
    assert card["share_contact_details_when_scanned"] is True
    photo = base64.b64decode(card["photo_jpeg_base64"])
    assert Image.open(io.BytesIO(photo)).format == "JPEG"


def test_the_export_of_someone_without_a_card_says_so(client, login_as):
    login_as(make_user())
    assert client.get("/me/export.json").get_json()["profile"] is None


def test_deleting_the_account_deletes_the_card_and_its_tags(client, login_as):
    user = login_as(make_user())
    make_card(user, interests="wellbeing, curriculum")
    page = client.get("/me/delete").get_data(as_text=True)
    assert "Your pitch card, its tags and your photo are deleted." in page
    response = client.post(
        "/me/delete",
        data={"current_password": "correct horse battery staple", "confirm": "y"},
    )
    assert response.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Profile)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ProfileTag)) == 0
