"""Link-preview pictures (Open Graph, 1200 × 630 PNG) with Pillow: the title, date and place
in the badges' fonts, over the event's cover (darkened) or the network's colour. Pure: plain
data in, PNG bytes out.

White text must stay readable whatever the picture: a cover is dimmed by a black veil that
leaves its brightest pixel at most ``255 × (1 − VEIL)``, which gives white text at least
5:1 (WCAG AA wants 4.5:1); a colour background is an accent, whose contrast with white
tests/networks/test_accents.py checks.
"""

from __future__ import annotations

import functools
import io
import unicodedata
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont, features

from eventnet.badges.pdf import FALLBACKS, FONTS, MAIN, coverage, printable

SIZE = (1200, 630)
MARGIN = 72
VEIL = 0.62  # how much black covers a cover photo
WHITE = (255, 255, 255)
TITLE_SIZES = (72, 64, 56, 50)  # the largest that fits in TITLE_LINES, else the last, cut
TITLE_LINES = 3
ELLIPSIS = "…"


@dataclass(frozen=True)
class Card:
    kicker: str  # small, above the title: the network's name
    title: str
    lines: tuple[str, ...]  # under the title, one line each: the date, the place
    footer: str  # the site's name, bottom left
    background: str  # "#rrggbb": the accent, behind the text when there is no cover
    cover: bytes | None = None  # the event's cover JPEG


def hex_rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]


# --- fonts: the first shipped font that has a letter draws it ----------------------------


def _font_files(bold: bool) -> list[str]:
    return [(f[2] if bold and f[2] else f[1]) for f in (MAIN, *FALLBACKS)]


@functools.cache
def _font(filename: str, size: int) -> ImageFont.FreeTypeFont:
    # Raqm shapes Arabic and Hebrew (joined letters, right to left) where Pillow has it.
    engine = ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC
    return ImageFont.truetype(str(FONTS / filename), size, layout_engine=engine)


def _coverage_of(index: int) -> frozenset[int]:
    return coverage((MAIN, *FALLBACKS)[index][1])


def _runs(text: str, bold: bool) -> list[tuple[str, str]]:
    """``text`` cut into (font file, piece) runs; spaces and marks stay with the run before."""
    files = _font_files(bold)
    runs: list[list[str]] = []
    for char in text:
        neutral = char.isspace() or unicodedata.category(char)[0] == "M"
        if neutral and runs:
            runs[-1][1] += char
            continue
        index = next(
            (i for i in range(len(files)) if ord(char) in _coverage_of(i)),
            0,
        )
        if runs and runs[-1][0] == files[index]:
            runs[-1][1] += char
        else:
            runs.append([files[index], char])
    return [(f, piece) for f, piece in runs]


def _is_rtl(text: str) -> bool:
    """The first strong letter decides the line's direction (the bidi algorithm's rule)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def width(text: str, size: int, bold: bool = False) -> float:
    return sum(_font(f, size).getlength(piece) for f, piece in _runs(text, bold))


def draw_line(draw, text: str, y: int, size: int, bold: bool, fill, box: tuple[int, int]):
    """One line at ``y`` between x = box[0] and box[1]: left-aligned, or right-aligned and its
    runs in reverse order when the line is right to left."""
    runs = _runs(text, bold)
    left, right = box
    if _is_rtl(text):
        x = right
        for filename, piece in runs:
            font = _font(filename, size)
            x -= font.getlength(piece)
            draw.text((x, y), piece, font=font, fill=fill)
        return
    x = left
    for filename, piece in runs:
        font = _font(filename, size)
        draw.text((x, y), piece, font=font, fill=fill)
        x += font.getlength(piece)


# --- fitting text ------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    """Words, with each ideograph or kana a word of its own: CJK wraps between letters."""
    words: list[str] = []
    for word in text.split(" "):
        piece = ""
        for char in word:
            if unicodedata.east_asian_width(char) in ("W", "F"):
                if piece:
                    words.append(piece)
                    piece = ""
                words.append(char)
            else:
                piece += char
        if piece:
            words.append(piece)
        words.append(" ")
    return words[:-1]


def _cut(text: str, size: int, bold: bool, room: float) -> str:
    """``text`` shortened to fit ``room`` with an ellipsis."""
    if width(text, size, bold) <= room:
        return text
    while text and width(text.rstrip() + ELLIPSIS, size, bold) > room:
        text = text[:-1]
    return text.rstrip() + ELLIPSIS


def wrap(text: str, size: int, bold: bool, room: float, most: int) -> tuple[list[str], bool]:
    """``text`` in at most ``most`` lines no wider than ``room``; True if it all fit."""
    lines: list[str] = []
    line = ""
    for word in _words(text):
        candidate = line + word
        if not line.strip() or width(candidate.strip(), size, bold) <= room:
            line = candidate
            continue
        lines.append(line.strip())
        line = "" if word == " " else word
    if line.strip():
        lines.append(line.strip())
    fits = len(lines) <= most and all(width(w, size, bold) <= room for w in lines)
    if len(lines) > most:
        lines = lines[: most - 1] + [_cut(" ".join(lines[most - 1 :]) + ELLIPSIS, size, bold, room)]
    return [_cut(w, size, bold, room) for w in lines], fits


def fit_title(text: str, room: float) -> tuple[int, list[str]]:
    """The largest title size at which the whole title fits; at the smallest, cut short."""
    for size in TITLE_SIZES:
        lines, fits = wrap(text, size, True, room, TITLE_LINES)
        if fits:
            return size, lines
    return TITLE_SIZES[-1], lines


# --- the picture -------------------------------------------------------------------------


def _background(card: Card) -> Image.Image:
    if card.cover is None:
        return Image.new("RGB", SIZE, hex_rgb(card.background))
    with Image.open(io.BytesIO(card.cover)) as cover:
        photo = cover.convert("RGB")
    # Fill the frame, cut from the centre (a 16:9 cover loses a little at top and bottom).
    scale = max(SIZE[0] / photo.width, SIZE[1] / photo.height)
    photo = photo.resize((round(photo.width * scale), round(photo.height * scale)))
    left, top = (photo.width - SIZE[0]) // 2, (photo.height - SIZE[1]) // 2
    photo = photo.crop((left, top, left + SIZE[0], top + SIZE[1]))
    return Image.blend(photo, Image.new("RGB", SIZE, (0, 0, 0)), VEIL)


def card_png(card: Card) -> bytes:
    image = _background(card)
    draw = ImageDraw.Draw(image)
    box = (MARGIN, SIZE[0] - MARGIN)
    room = box[1] - box[0]
    # A band of the accent along the top: the network's colour even over a photo.
    draw.rectangle((0, 0, SIZE[0], 12), fill=hex_rgb(card.background))

    kicker, title = printable(card.kicker), printable(card.title)
    lines = [printable(line) for line in card.lines if printable(line)]
    y = 64
    if kicker:
        draw_line(draw, _cut(kicker, 32, True, room), y, 32, True, WHITE, box)
    y += 70
    size, title_lines = fit_title(title, room)
    for line in title_lines:
        draw_line(draw, line, y, size, True, WHITE, box)
        y += round(size * 1.18)
    y += 20
    for line in lines[:2]:
        draw_line(draw, _cut(line, 36, False, room), y, 36, False, WHITE, box)
        y += 50
    footer = printable(card.footer)
    if footer:
        draw_line(draw, _cut(footer, 28, True, room), SIZE[1] - 64 - 28, 28, True, WHITE, box)

    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
