"""A URL as a QR code, as PNG and SVG bytes. Pure: no request, no database."""

from __future__ import annotations

import io

import qrcode
import qrcode.constants
from qrcode.image.pil import PilImage
from qrcode.image.svg import SvgPathFillImage

# M restores 15% of damaged modules: enough for a creased badge, while keeping the modules
# large (fewer of them) so a phone reads the code from arm's length.
ERROR_CORRECTION = qrcode.constants.ERROR_CORRECT_M
QUIET_ZONE = 4  # modules of white around the code, as ISO/IEC 18004 asks
BOX_SIZE = 10  # pixels per module in the PNG


def _code(url: str) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=ERROR_CORRECTION, border=QUIET_ZONE, box_size=BOX_SIZE)
    code.add_data(url)
    code.make(fit=True)
    return code


def png(url: str) -> bytes:
    image = _code(url).make_image(image_factory=PilImage, fill_color="black", back_color="white")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def svg(url: str) -> bytes:
    # One path on a white background: readable on a dark page too.
    image = _code(url).make_image(image_factory=SvgPathFillImage)
    out = io.BytesIO()
    image.save(out)
    return out.getvalue()


def modules(url: str) -> list[list[bool]]:
    """The dark modules, quiet zone included, for renderers that draw the code themselves."""
    return _code(url).get_matrix()
