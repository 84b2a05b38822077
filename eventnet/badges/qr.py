"""A URL as a QR code, as PNG and SVG bytes. Pure: no request, no database.

`qrcode` computes the code (version, error correction, the best of eight masks: the costly
part, tens of milliseconds); both images are then drawn from that one matrix.
"""

from __future__ import annotations

import io

import qrcode
import qrcode.constants
from PIL import Image

# Q restores 25% of damaged codewords: a lanyard or a thumb across 15-20% of the printed code
# still scans (M, at 15%, did not). A badge address then takes version 5 (37 modules) where M
# took 4 (33): on the 62 mm badge a module is still about 1.4 mm, read from arm's length.
ERROR_CORRECTION = qrcode.constants.ERROR_CORRECT_Q
QUIET_ZONE = 4  # modules of white around the code, as ISO/IEC 18004 asks
BOX_SIZE = 10  # pixels per module in the PNG


def modules(url: str) -> list[list[bool]]:
    """The dark modules, quiet zone included."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECTION, border=QUIET_ZONE)
    code.add_data(url)
    code.make(fit=True)
    return code.get_matrix()


def _png(matrix: list[list[bool]]) -> bytes:
    size = len(matrix)
    image = Image.new("1", (size, size), 1)
    image.putdata([0 if dark else 1 for row in matrix for dark in row])
    image = image.resize((size * BOX_SIZE, size * BOX_SIZE), Image.NEAREST)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _svg(matrix: list[list[bool]]) -> bytes:
    """One path of horizontal runs on a white square (readable on a dark page too); sized in
    millimetres like qrcode's own SVG, one unit per module."""
    size = len(matrix)
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < size:
            if row[x]:
                start = x
                while x < size and row[x]:
                    x += 1
                runs.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{size}mm" '
        f'height="{size}mm" viewBox="0 0 {size} {size}" shape-rendering="crispEdges">'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path fill="#000" d="{"".join(runs)}"/></svg>\n'
    ).encode()


def draw(url: str) -> tuple[bytes, bytes]:
    """(PNG, SVG) of the same code: computed once."""
    matrix = modules(url)
    return _png(matrix), _svg(matrix)


def png(url: str) -> bytes:
    return _png(modules(url))


def svg(url: str) -> bytes:
    return _svg(modules(url))
