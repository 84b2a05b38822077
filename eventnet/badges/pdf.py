"""Printable badges as PDF with fpdf2. Pure: plain data in, PDF bytes out.

One badge is an A6 page (105 × 148 mm, the common badge-holder size). The organisers'
sheet puts four A6 badges on each A4 page (2 × 2, sorted by name as given), shrunk to
95 × 134 mm so that printers' unprintable margins are spared, with cut marks outside them.
Names print as typed in any script: the fonts are embedded, and HarfBuzz shapes the text.
"""

from __future__ import annotations

import functools
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont
from fpdf import FPDF

A6 = (105.0, 148.0)
A4 = (210.0, 297.0)
SHEET_BADGE = (95.0, 134.0)
CUT_MARK = 5.0  # mm of each mark, drawn in the margin, 2 mm away from the badge edge


@dataclass(frozen=True)
class BadgeData:
    name: str
    headline: str
    organisation: str
    event_title: str
    event_date: str
    short_code: str  # as printed, e.g. "ABCD-EFGH"
    qr_png: bytes  # the stored QR of the badge address


# The fonts shipped in fonts/ (sources and licences: fonts/SOURCES.md). Noto Sans prints
# Latin with any accent, Greek and Cyrillic; the others add what it lacks. fpdf2 embeds each
# as a subset of the glyphs used, so a PDF carries kilobytes of font, not megabytes.
FONTS = Path(__file__).with_name("fonts")
MAIN = ("noto-sans", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf")
FALLBACKS = (
    ("noto-sans-arabic", "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"),
    ("noto-sans-hebrew", "NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf"),
    # Chinese, Japanese and Korean: every URO ideograph, kana and Hangul syllable in
    # 3.4 MB (Noto Sans CJK is 16 MB or more). One weight: bold names print regular.
    ("droid-sans-fallback", "DroidSansFallback.ttf", None),
)


@functools.cache
def coverage(filename: str) -> frozenset[int]:
    """The code points a font has a glyph for; read once per process."""
    with TTFont(FONTS / filename, lazy=True) as font:
        return frozenset(font.getBestCmap())


def add_fonts(pdf: FPDF, texts: list[str]) -> None:
    """The main font, and only those fallbacks the texts need: loading the CJK font costs
    about a second, which a badge of Latin names should not pay."""
    family, regular, bold = MAIN
    pdf.add_font(family, "", FONTS / regular)
    pdf.add_font(family, "B", FONTS / bold)
    missing = {ord(c) for text in texts for c in text} - coverage(regular)
    used = []
    for family, regular, bold in FALLBACKS:
        if missing & coverage(regular):
            pdf.add_font(family, "", FONTS / regular)
            if bold:
                pdf.add_font(family, "B", FONTS / bold)
            used.append(family)
            missing -= coverage(regular)
    if used:
        pdf.set_fallback_fonts(used, exact_match=False)


@functools.cache
def _all_coverage() -> frozenset[int]:
    return frozenset().union(*(coverage(f[1]) for f in (MAIN, *FALLBACKS)))


def printable(text: str) -> str:
    """The text as typed, composed (NFC, so "e" + combining accent is the one letter "é"),
    less what no shipped font can draw (emoji, control characters), rather than boxes."""
    text = unicodedata.normalize("NFC", text or "")
    known = _all_coverage()
    kept = "".join(c for c in text if ord(c) in known and unicodedata.category(c) != "Cc")
    return " ".join(kept.split())


def needs_shaping(text: str) -> bool:
    """Right-to-left letters (Hebrew, Arabic) and combining marks need HarfBuzz and the bidi
    algorithm; Latin, Greek, Cyrillic and CJK print as well without, and much faster."""
    return any(
        unicodedata.bidirectional(c) in ("R", "AL") or unicodedata.category(c)[0] == "M"
        for c in text
    )


class _BadgePDF(FPDF):
    """An FPDF that remembers how wide each text is: every badge of a sheet repeats the
    event's title and date, and measuring shaped text is the costly part of a sheet."""

    def __init__(self) -> None:
        super().__init__(unit="mm")
        self._widths: dict[tuple[str, str], float] = {}

    def width_per_point(self, text: str, style: str) -> float:
        """The width of ``text`` at 1 pt: widths grow in proportion to the font size."""
        key = (text, style)
        if key not in self._widths:
            self.set_font(MAIN[0], style, 100)
            self._widths[key] = self.get_string_width(text) / 100
        return self._widths[key]


def _fit(
    pdf: _BadgePDF, text: str, width: float, size: float, smallest: float, style: str = ""
) -> float:
    """The largest font size (≤ ``size``, in 1 pt steps) at which ``text`` fits on one line
    of ``width``."""
    per_point = pdf.width_per_point(text, style)
    while size > smallest and per_point * size > width:
        size -= 1
    size = max(size, smallest)
    pdf.set_font(MAIN[0], style, size)
    return size


def _line(
    pdf: _BadgePDF,
    x: float,
    y: float,
    w: float,
    text: str,
    size: float,
    style: str = "",
    smallest: float = 7,
    grey: int = 0,
) -> float:
    """A centred line, shrunk to fit and cut if still too long; returns the next y."""
    text = printable(text)
    if not text:
        return y
    pdf.set_text_shaping(needs_shaping(text))
    size = _fit(pdf, text, w, size, smallest, style)
    if pdf.width_per_point(text, style) * size > w:
        while len(text) > 1 and pdf.get_string_width(text + "...") > w:
            text = text[:-1]
        text = text.rstrip() + "..."
    pdf.set_text_color(grey)
    pdf.set_xy(x, y)
    height = size * 0.3528 * 1.25  # points to mm, with line spacing
    pdf.cell(w, height, text, align="C")
    return y + height


def _texts(badge: BadgeData) -> list[str]:
    fields = (badge.event_title, badge.event_date, badge.name, badge.headline, badge.organisation)
    return [printable(text) for text in fields]


def _draw_badge(pdf: _BadgePDF, x: float, y: float, w: float, h: float, badge: BadgeData) -> None:
    pad = 6.0
    inner = w - 2 * pad
    scale = h / A6[1]
    top = y + pad
    top = _line(pdf, x + pad, top, inner, badge.event_title, 10 * scale + 1, "B", grey=70)
    top = _line(pdf, x + pad, top, inner, badge.event_date, 8 * scale + 1, grey=90)
    top += 5 * scale
    top = _line(pdf, x + pad, top, inner, badge.name, 28 * scale, "B", smallest=12)
    top += 1
    top = _line(pdf, x + pad, top, inner, badge.headline, 13 * scale, smallest=7)
    top = _line(pdf, x + pad, top, inner, badge.organisation, 13 * scale, smallest=7, grey=60)
    # The QR takes the rest: 62 mm on A6, which phones read from well past arm's length.
    code_height = 6.0 * scale + 2
    side = min(inner, y + h - pad - code_height - top - 3)
    qr_y = y + h - pad - code_height - side
    pdf.image(io.BytesIO(badge.qr_png), x=x + (w - side) / 2, y=qr_y, w=side, h=side)
    pdf.set_text_shaping(False)
    pdf.set_font("courier", "B", 14 * scale + 2)
    pdf.set_text_color(0)
    pdf.set_xy(x + pad, qr_y + side)
    pdf.cell(inner, code_height, badge.short_code, align="C")


def _new_pdf(title: str, badges: list[BadgeData]) -> _BadgePDF:
    texts = [text for badge in badges for text in _texts(badge)]
    pdf = _BadgePDF()
    pdf.set_auto_page_break(False)
    pdf.set_margin(0)
    pdf.set_title(title)
    pdf.set_creator("eventnet")
    add_fonts(pdf, texts)
    return pdf


def badge_pdf(badge: BadgeData) -> bytes:
    """One badge on an A6 page."""
    pdf = _new_pdf(f"Badge: {badge.name}", [badge])
    pdf.add_page(format=A6)
    _draw_badge(pdf, 0, 0, *A6, badge)
    return bytes(pdf.output())


def _cut_marks(pdf: FPDF, xs: list[float], ys: list[float]) -> None:
    """Short lines in the margins, in line with every cutting edge of the grid."""
    pdf.set_draw_color(0)
    pdf.set_line_width(0.2)
    left, right, top, bottom = xs[0], xs[-1], ys[0], ys[-1]
    for x in xs:
        pdf.line(x, top - 2 - CUT_MARK, x, top - 2)
        pdf.line(x, bottom + 2, x, bottom + 2 + CUT_MARK)
    for y in ys:
        pdf.line(left - 2 - CUT_MARK, y, left - 2, y)
        pdf.line(right + 2, y, right + 2 + CUT_MARK, y)


def sheet_pdf(badges: list[BadgeData], title: str) -> bytes:
    """Four badges per A4 page, in the order given, with cut marks."""
    pdf = _new_pdf(title, badges)
    w, h = SHEET_BADGE
    left = (A4[0] - 2 * w) / 2
    top = (A4[1] - 2 * h) / 2
    xs, ys = [left, left + w, left + 2 * w], [top, top + h, top + 2 * h]
    for start in range(0, max(len(badges), 1), 4):
        pdf.add_page(format=A4)
        _cut_marks(pdf, xs, ys)
        for i, badge in enumerate(badges[start : start + 4]):
            _draw_badge(pdf, xs[i % 2], ys[i // 2], w, h, badge)
    return bytes(pdf.output())
