"""My contacts as CSV and vCard: only shared details, spreadsheet-safe, phone-importable."""

from __future__ import annotations

import csv
import io

import pytest
import vobject

from eventnet.connections import vcard
from eventnet.extensions import db
from tests.badges.conftest import make_card
from tests.factories import make_user, register

ADA_EMAIL = "ada@oakfield.example"


@pytest.fixture
def met(scene, client, login_as):
    """Ben scanned Ada and wrote a note; Ben is logged in."""
    login_as(scene.ben)
    client.get(f"/b/{scene.badge(scene.ada).token}")
    from eventnet.connections.models import Connection

    connection = db.session.scalars(db.select(Connection)).one()
    client.post(
        f"/me/contacts/{connection.id}/note",
        data={"note": "Coffee queue; wants our phonics plan, call Tuesday"},
    )
    return scene


def test_csv_has_the_shared_details_and_my_note(met, client):
    response = client.get("/me/contacts.csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.data.startswith(b"\xef\xbb\xbf")  # a BOM, so Excel reads UTF-8
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert len(rows) == 1
    row = rows[0]
    assert row["Name"] == "Ada Lovelace"
    assert row["Email"] == ADA_EMAIL
    assert row["Phone"] == "+44 121 496 0001"  # a phone number stays as typed
    assert row["Organisation"] == "Oakfield Primary"
    assert row["Event"] == "Spring heads meet-up"
    assert row["My note"].startswith("Coffee queue")


# A carriage return cannot reach a card any more (eventnet/text.py refuses it in one-line
# fields); text.safe_cell still defuses one, see tests/core/test_hostile_input.py.
@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t"])
def test_csv_defuses_formula_like_cells(scene, client, login_as, start):
    make_card(
        scene.ada,
        headline=f'{start}HYPERLINK("http://evil.example")',
        organisation=f"{start}1+1",
    )
    login_as(scene.ben)
    client.get(f"/b/{scene.badge(scene.ada).token}")
    rows = list(csv.reader(io.StringIO(client.get("/me/contacts.csv").data.decode("utf-8-sig"))))
    for cell in rows[1]:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_vcard_3_parses_back_one_card_per_contact(met, client, login_as):
    other = make_user("Chloé Dubois")
    make_card(
        other,
        family_name="Dubois",
        headline="Head of maths",
        organisation="Lycée; Ouest",
        contact_email="chloe@ouest.example",
    )
    register(met.event, other)
    client.get(f"/b/{met.badge(other).token}")
    response = client.get("/me/contacts.vcf")
    assert response.headers["Content-Type"] == "text/vcard; charset=utf-8"
    text = response.data.decode()
    cards = list(vobject.readComponents(text))
    assert len(cards) == 2
    by_name = {c.fn.value: c for c in cards}
    ada = by_name["Ada Lovelace"]
    assert ada.version.value == "3.0"
    assert ada.email.value == ADA_EMAIL
    assert ada.tel.value == "+44 121 496 0001"
    assert ada.org.value == ["Oakfield Primary"]
    assert ada.title.value == "Headteacher"
    assert "Spring heads meet-up" in ada.note.value
    assert "Coffee queue" in ada.note.value
    chloe = by_name["Chloé Dubois"]
    assert chloe.org.value == ["Lycée; Ouest"]
    assert chloe.n.value.family == "Dubois"
    assert chloe.n.value.given == "Chloé"
    assert "\r\n" in text


def test_vcard_4_parses_back(met, client):
    text = client.get("/me/contacts.vcf?version=4.0").data.decode()
    assert text.startswith("BEGIN:VCARD\r\nVERSION:4.0\r\n")
    [card] = list(vobject.readComponents(text))
    assert card.fn.value == "Ada Lovelace"
    assert card.email.value == ADA_EMAIL
    assert card.tel.value == "tel:+441214960001"
    assert "Coffee queue; wants our phonics plan, call Tuesday" in card.note.value
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_vcard_4_escapes_and_folds():
    card = vcard.Card(
        name="Zoë O'Neill", organisation="A, B; C", note="line one\nline two " + "é" * 80
    )
    text = vcard.vcard4([card])
    assert "ORG:A\\, B\\; C" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    [parsed] = list(vobject.readComponents(text))
    assert parsed.note.value == card.note
    assert parsed.fn.value == "Zoë O'Neill"


def test_contacts_without_shared_details_export_without_them(scene, client, login_as):
    make_card(scene.ada, contact_email=ADA_EMAIL, share_on_scan=False)
    login_as(scene.ben)
    client.get(f"/b/{scene.badge(scene.ada).token}")
    text = client.get("/me/contacts.vcf").data.decode()
    [card] = list(vobject.readComponents(text))
    assert card.fn.value == "Ada Lovelace"
    assert not hasattr(card, "email")
    assert ADA_EMAIL not in client.get("/me/contacts.vcf?version=4.0").data.decode()


def test_exports_need_a_login(client, app):
    for path in ("/me/contacts", "/me/contacts.csv", "/me/contacts.vcf"):
        assert "/login" in client.get(path).headers["Location"]
