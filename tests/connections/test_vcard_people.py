"""vCards file people under the family name they set and carry their photo (3.0 and 4.0),
in the contacts export and in the follow-up email alike."""

from __future__ import annotations

import base64
import io

import pytest
import vobject
from PIL import Image

from eventnet.extensions import db
from eventnet.profiles.models import Profile
from eventnet.profiles.photos import ADDRESS_BOOK_SIDE
from eventnet.profiles.services import ProfileData, split_name, update_profile
from tests.badges.conftest import make_card
from tests.factories import make_user, register
from tests.profiles.conftest import image_bytes


def _met(scene, client, login_as, name: str, **card) -> None:
    """Ben scans someone called ``name`` at the scene's event."""
    person = make_user(name)
    make_card(person, **card)
    register(scene.event, person)
    login_as(scene.ben)
    client.get(f"/b/{scene.badge(person).token}")
    return person


def _cards(client, version: str = "3.0") -> dict[str, vobject.base.Component]:
    text = client.get(f"/me/contacts.vcf?version={version}").data.decode()
    return {card.fn.value: card for card in vobject.readComponents(text)}


@pytest.mark.parametrize("version", ["3.0", "4.0"])
@pytest.mark.parametrize(
    ("name", "family", "expected"),
    [
        ("Zoë Ní Bhriain", "Ní Bhriain", ("Ní Bhriain", "Zoë")),
        ("Zoë Ní Bhriain", "", ("", "Zoë Ní Bhriain")),  # nobody guesses "Bhriain"
        ("李小龍", "李", ("李", "小龍")),
        ("Nguyễn Thị Minh Khai", "Nguyễn", ("Nguyễn", "Thị Minh Khai")),
        ("Ludwig van Beethoven", "van Beethoven", ("van Beethoven", "Ludwig")),
    ],
)
def test_n_holds_the_names_as_the_person_set_them(
    scene, client, login_as, version, name, family, expected
):
    _met(scene, client, login_as, name, family_name=family)
    card = _cards(client, version)[name]
    assert (card.n.value.family, card.n.value.given) == expected
    assert card.fn.value == name


def test_a_family_name_that_is_not_part_of_the_name_is_refused_and_changes_nothing(
    client, login_as
):
    zoe = make_user("Zoë Ní Bhriain")
    make_card(zoe, headline="Principal", family_name="Ní Bhriain")
    login_as(zoe)
    before = db.session.execute(db.select(Profile.__table__)).all()
    response = client.post(
        "/me/profile", data={"family_name": "Bhriai", "headline": "Head of school"}
    )
    assert response.status_code == 400
    assert "that is your family name" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.execute(db.select(Profile.__table__)).all() == before


def test_after_a_change_of_name_the_old_family_name_is_not_used():
    # The name changed on the account; the card still says the old family name.
    assert split_name("Zoë Murphy", "Ní Bhriain") == ("", "Zoë Murphy")
    assert split_name("Ana Bhriain", "Bhriain") == ("Bhriain", "Ana")
    assert split_name("Ana Obhriain", "Bhriain") == ("", "Ana Obhriain")  # not mid-word


def _with_photo(user) -> None:
    update_profile(user, ProfileData(headline="Headteacher"), photo=image_bytes(size=(900, 600)))
    db.session.commit()


def _jpeg(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG"
    return image


def test_vcard_3_carries_the_photo_as_base64_jpeg(scene, client, login_as):
    person = _met(scene, client, login_as, "Chloé Dubois", family_name="Dubois")
    _with_photo(person)
    _met(scene, client, login_as, "Bea Barros")
    card = _cards(client, "3.0")["Chloé Dubois"]
    assert card.photo.params == {"ENCODING": ["b"], "TYPE": ["JPEG"]}
    image = _jpeg(card.photo.value)  # vobject decodes the base64
    assert max(image.size) == ADDRESS_BOOK_SIDE
    assert image.size[1] in (170, 171)  # the 3:2 shape kept
    assert "photo" not in _cards(client, "3.0")["Bea Barros"].contents  # Bea has none


def test_vcard_4_carries_the_photo_as_a_data_uri(scene, client, login_as):
    person = _met(scene, client, login_as, "Chloé Dubois")
    _with_photo(person)
    text = client.get("/me/contacts.vcf?version=4.0").data.decode()
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert _cards(client, "4.0")["Chloé Dubois"].fn.value == "Chloé Dubois"
    # vobject reads 4.0's URI value as 3.0 text (splitting at the comma): read the line itself.
    unfolded = text.replace("\r\n ", "").split("\r\n")
    [photo] = [line for line in unfolded if line.startswith("PHOTO")]
    prefix = "PHOTO:data:image/jpeg;base64,"
    assert photo.startswith(prefix)
    assert max(_jpeg(base64.b64decode(photo[len(prefix) :])).size) == ADDRESS_BOOK_SIDE


def test_photos_do_not_add_a_query_per_contact(scene, client, login_as, count_queries):
    def export_queries() -> int:
        with count_queries() as queries:
            assert client.get("/me/contacts.vcf").status_code == 200
        return len(queries)

    _with_photo(_met(scene, client, login_as, "Chloé Dubois"))
    one = export_queries()
    for name in ("Dara Ó Briain", "Eilís Ní Dhuibhne", "Fionn Mac Cumhaill"):
        _with_photo(_met(scene, client, login_as, name))
    assert export_queries() == one
    assert sum("photo" in card.contents for card in _cards(client).values()) == 4
