"""The event's A4 poster as PDF (fpdf2, the badges' fonts): title, date, place and a big QR
code of the event page. Pure: plain data in, PDF bytes out."""

from __future__ import annotations

import io
from dataclasses import dataclass

from fpdf import FPDF

from eventnet.badges.pdf import A4, add_fonts, needs_shaping, printable
from eventnet.badges.pdf import MAIN as FONT

MARGIN = 18.0  # mm: clear of any printer's unprintable edge
QR_SIDE = 135.0  # mm: a phone reads it from a few metres down a corridor
PT = 0.3528  # mm per point


@dataclass(frozen=True)
class PosterData:
    network: str
    title: str
    when: str
    place: str
    url: str  # the event page, printed under the code for those without a camera
    qr_png: bytes  # the code of ``url``


def _lines(pdf: FPDF, text: str, width: float, size: float, smallest: float, most: int) -> int:
    """The largest font size (≤ ``size``) at which ``text`` wraps into ``most`` lines."""
    while size > smallest:
        pdf.set_font(FONT[0], "B", size)
        lines = pdf.multi_cell(width, size * PT * 1.2, text, dry_run=True, output="LINES")
        if len(lines) <= most:
            break
        size -= 2
    return max(size, smallest)


def _block(pdf: FPDF, text: str, size: float, style: str = "", grey: int = 0) -> None:
    """A centred paragraph across the page, wrapped at word boundaries."""
    text = printable(text)
    if not text:
        return
    width = A4[0] - 2 * MARGIN
    pdf.set_text_shaping(needs_shaping(text))
    pdf.set_font(FONT[0], style, size)
    pdf.set_text_color(grey)
    pdf.set_x(MARGIN)
    pdf.multi_cell(width, size * PT * 1.25, text, align="C")


def poster_pdf(poster: PosterData) -> bytes:
    texts = [printable(t) for t in (poster.network, poster.title, poster.when, poster.place)]
    pdf = FPDF(unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margin(MARGIN)
    pdf.set_title(f"Poster: {texts[1]}")
    pdf.set_creator("eventnet")
    add_fonts(pdf, texts)
    pdf.add_page()
    width = A4[0] - 2 * MARGIN
    pdf.set_y(MARGIN)
    _block(pdf, poster.network, 14, grey=90)
    pdf.ln(4)
    title = texts[1]
    pdf.set_text_shaping(needs_shaping(title))
    size = _lines(pdf, title, width, 44, 22, 3)
    _block(pdf, title, size, "B")
    pdf.ln(5)
    _block(pdf, poster.when, 20, "B", grey=30)
    pdf.ln(1)
    _block(pdf, poster.place, 16, grey=60)
    # The code, centred in what is left above the caption.
    caption = 30.0
    top = pdf.get_y() + 6
    side = min(QR_SIDE, A4[1] - MARGIN - caption - top)
    pdf.image(io.BytesIO(poster.qr_png), x=(A4[0] - side) / 2, y=top, w=side, h=side)
    pdf.set_y(top + side + 2)
    _block(pdf, "Scan to see the event and register", 16, "B")
    pdf.set_text_shaping(False)
    # Courier's letters are 0.6 em wide: the address on one line where it can be (≥ 7 pt).
    pdf.set_font("courier", "", max(7, min(11, (width - 4) / (len(poster.url) * 0.6 * PT))))
    pdf.set_text_color(60)
    pdf.set_x(MARGIN)
    pdf.multi_cell(width, 5, poster.url, align="C")
    return bytes(pdf.output())
