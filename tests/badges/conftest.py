"""An event with two attendees who have pitch cards, an organiser, and helpers to read QRs."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest
import zxingcpp
from PIL import Image

from eventnet.accounts.models import User
from eventnet.badges import services as badges
from eventnet.badges.models import Badge
from eventnet.events.models import Event
from eventnet.extensions import db
from eventnet.networks.models import Role
from eventnet.profiles.services import ProfileData, update_profile
from eventnet.registration.services import registration_of
from tests.factories import add_member, make_event, make_network, make_user, register


def make_card(user, **fields):
    profile = update_profile(user, ProfileData(**fields))
    db.session.commit()
    return profile


@dataclass
class Scene:
    event: Event
    organiser: User
    ada: User
    ben: User

    def badge(self, user: User) -> Badge:
        badge = badges.ensure_badge(registration_of(self.event, user))
        db.session.commit()
        return badge


@pytest.fixture
def scene(app) -> Scene:
    organiser = make_user("Olu Organiser")
    network = make_network(organiser)
    event = make_event(network, title="Spring heads meet-up", timezone="Europe/London")
    ada = make_user("Ada Lovelace")
    ben = make_user("Ben Okri")
    make_card(
        ada,
        headline="Headteacher",
        organisation="Oakfield Primary",
        pitch="Phonics and early reading.",
        contact_email="ada@oakfield.example",
        contact_phone="+44 121 496 0001",
    )
    make_card(
        ben,
        headline="Deputy head",
        organisation="Riverside Academy",
        pitch="Curriculum design.",
        contact_email="ben@riverside.example",
        contact_phone="+44 121 496 0002",
    )
    register(event, ada)
    register(event, ben)
    return Scene(event=event, organiser=organiser, ada=ada, ben=ben)


def add_organiser(network) -> User:
    user = make_user()
    add_member(network, user, Role.ORGANISER)
    return user


def decode_image(image: Image.Image) -> list[str]:
    """Every QR code zxing-cpp finds in the image."""
    return [r.text for r in zxingcpp.read_barcodes(image) if r.valid]


def decode_png(data: bytes) -> list[str]:
    return decode_image(Image.open(io.BytesIO(data)).convert("L"))


def decode_pdf(data: bytes, dpi: int = 150) -> list[list[str]]:
    """The QR codes of each page, rasterised with PDFium as a printer would."""
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        return [
            decode_image(page.render(scale=dpi / 72).to_pil().convert("L")) for page in document
        ]
    finally:
        document.close()


def decode_pdf_quadrants(data: bytes, dpi: int = 150) -> list[list[str]]:
    """For the A4 sheet: each page cut in four (2 × 2), each quarter's QR, in reading order."""
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    pages = []
    try:
        for page in document:
            image = page.render(scale=dpi / 72).to_pil().convert("L")
            w, h = image.size
            texts = []
            for top, left in ((0, 0), (0, 1), (1, 0), (1, 1)):
                box = (left * w // 2, top * h // 2, (left + 1) * w // 2, (top + 1) * h // 2)
                texts += decode_image(image.crop(box))
            pages.append(texts)
    finally:
        document.close()
    return pages


def decode_svg(data: bytes) -> list[str]:
    """The SVG drawn by fpdf2's SVG renderer onto a PDF page, rasterised by PDFium, read by
    zxing-cpp: its paths are really parsed, not trusted."""
    from fpdf import FPDF

    pdf = FPDF(unit="mm")
    pdf.add_page(format=(80, 80))
    pdf.image(io.BytesIO(data), x=10, y=10, w=60, h=60)
    return decode_pdf(bytes(pdf.output()))[0]
