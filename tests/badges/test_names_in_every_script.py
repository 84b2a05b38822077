"""Badges print every name as typed, in embedded fonts, and their QR codes survive a lanyard."""

from __future__ import annotations

import io
import re
import unicodedata

import pypdfium2
import pytest
import qrcode.constants
from PIL import Image, ImageDraw

from eventnet.badges import pdf, qr
from tests.badges.conftest import decode_image, decode_pdf, decode_pdf_quadrants
from tests.factories import make_user, register

BASE = "http://eventnet.test/b/"

NAMES = [
    "Łukasz Żółć",  # Latin beyond Latin-1
    "Seán Ó Briain",
    "Γιώργος Παπαδόπουλος",
    "Анна Кузнецова",
    "محمد عبد الله",  # Arabic: joined, right to left
    "שרה לוי",  # Hebrew: right to left
    "李小龍",  # Chinese (traditional)
    "山田 花子",  # Japanese
    "김민준",  # Korean
]
RIGHT_TO_LEFT = {"محمد عبد الله", "שרה לוי"}


def page_texts(data: bytes) -> list[str]:
    """The text of each page as PDFium extracts it (what search and copy-paste see)."""
    document = pypdfium2.PdfDocument(data)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def letters(text: str) -> list[str]:
    """The letters, in any order: shaping picks joined forms (NFKC folds them back) and a
    reader may give right-to-left text in visual order."""
    return sorted(c for c in unicodedata.normalize("NFKC", text) if c.isalpha())


def assert_prints(name: str, text: str) -> None:
    lines = [line.strip() for line in text.splitlines()]
    if name in RIGHT_TO_LEFT:
        assert any(letters(line) == letters(name) for line in lines), (name, lines)
    else:
        assert name in lines, (name, lines)


def embedded_fonts(data: bytes) -> set[str]:
    """The fonts whose program travels inside the PDF (a FontFile2 per TrueType subset)."""
    assert data.count(b"/FontFile2") >= 1
    return {m.decode() for m in re.findall(rb"/BaseFont /[A-Z]{6}\+([\w-]+)", data)}


def test_a_badge_prints_a_name_in_each_script_with_embedded_fonts(scene, client, login_as):
    for name in NAMES:
        person = make_user(name)
        register(scene.event, person)
        login_as(person)
        response = client.get(f"/e/{scene.event.slug}/badge.pdf")
        assert response.status_code == 200
        [text] = page_texts(response.data)
        assert_prints(name, text)
        assert "?" not in text
        assert "NotoSansBold" in embedded_fonts(response.data)
        assert decode_pdf(response.data) == [[BASE + scene.badge(person).token]]


def test_the_organisers_sheet_prints_every_script(scene, client, login_as):
    people = [make_user(name) for name in NAMES]
    for person in people:
        register(scene.event, person)
    login_as(scene.organiser)
    response = client.get(f"/organise/e/{scene.event.slug}/badges.pdf")
    assert response.status_code == 200
    text = "\n".join(page_texts(response.data))
    for name in NAMES:
        assert_prints(name, text)
    assert "?" not in text
    fonts = embedded_fonts(response.data)
    for family in ("NotoSans", "NotoSansArabic", "NotoSansHebrew", "DroidSansFallback"):
        assert any(font.startswith(family) for font in fonts), fonts
    tokens = {BASE + scene.badge(p).token for p in [scene.ada, scene.ben, *people]}
    assert {t for page in decode_pdf_quadrants(response.data) for t in page} == tokens


def test_latin_only_badges_carry_only_the_latin_font(scene, client, login_as):
    login_as(scene.ada)
    data = client.get(f"/e/{scene.event.slug}/badge.pdf").data
    assert {font.removesuffix("Bold") for font in embedded_fonts(data)} == {"NotoSans"}
    assert len(data) < 60_000  # subsets: kilobytes of font, not the 0.5 MB files


def test_what_no_font_can_draw_is_left_out_rather_than_boxed():
    assert pdf.printable("Ana 🌸 Silva") == "Ana Silva"
    assert pdf.printable("Zoe\u0308") == "Zoë"  # a combining accent is composed
    assert pdf.printable("Ada\x07") == "Ada"


# --- error correction: a lanyard across the code ---------------------------------------------

TOKENS = ["3q2-7wQpZk8vXyA1bC9dEfGhIjKlMnOp", "Zx_4sT9uV0wXyZaBcDeFgHiJkLmNoPqR", "a" * 32]


def _covered(url: str, box: tuple[float, float, float, float]) -> Image.Image:
    """The code as printed, with a dark box over ``box`` (x, y, width, height, as fractions
    of the code without its quiet zone)."""
    image = Image.open(io.BytesIO(qr.png(url))).convert("L")
    quiet = qr.QUIET_ZONE * qr.BOX_SIZE
    side = image.size[0] - 2 * quiet
    x, y, w, h = box
    ImageDraw.Draw(image).rectangle(
        [quiet + side * x, quiet + side * y, quiet + side * (x + w), quiet + side * (y + h)],
        fill=0,
    )
    return image


# Each covers 15–20 % of the code and none of its three finder patterns (the outer 19 %).
LANYARDS = {
    "a strap hanging down the middle, 15% of the code": (0.35, 0.0, 0.15, 1.0),
    "a wider strap, 20% of the code": (0.35, 0.0, 0.20, 1.0),
    "a clip over the middle-bottom, 15% of the code": (0.30, 0.50, 0.40, 0.375),
}


@pytest.mark.parametrize("box", LANYARDS.values(), ids=LANYARDS.keys())
@pytest.mark.parametrize("token", TOKENS)
def test_a_badge_qr_still_scans_under_a_lanyard(box, token):
    url = BASE + token
    assert decode_image(_covered(url, box)) == [url]


def test_medium_error_correction_would_not_survive_the_same_lanyard(monkeypatch):
    monkeypatch.setattr(qr, "ERROR_CORRECTION", qrcode.constants.ERROR_CORRECT_M)
    for box in LANYARDS.values():
        url = BASE + TOKENS[0]
        assert decode_image(_covered(url, box)) == []
