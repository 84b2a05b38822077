"""Profile photos: uploaded bytes in, a small re-encoded JPEG out (no EXIF, no GPS)."""

from __future__ import annotations

import io

from PIL import Image

from eventnet import images

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_SIDE = 512
ADDRESS_BOOK_SIDE = 256
MAX_PIXELS = images.MAX_PIXELS
ACCEPTED_FORMATS = images.ACCEPTED_FORMATS
CONTENT_TYPE = images.CONTENT_TYPE
PhotoError = images.ImageError


def reencode(data: bytes) -> bytes:
    """Decode a JPEG or PNG, turn it upright, shrink it to fit ``MAX_SIDE``, and encode a
    fresh JPEG. Nothing of the original file but its pixels survives: no EXIF, no comments."""
    image = images.decode(
        data, max_bytes=MAX_UPLOAD_BYTES, too_big="Choose a photo of at most 2 MB.", noun="photo"
    )
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    return images.jpeg(image)


def for_address_book(jpeg: bytes) -> bytes:
    """A stored photo made small for a vCard (address books show it at thumbnail size), so a
    card with a photo stays about 10 kB. JPEG draft mode decodes at the smaller size."""
    image = Image.open(io.BytesIO(jpeg), formats=["JPEG"])
    image.draft("RGB", (ADDRESS_BOOK_SIDE, ADDRESS_BOOK_SIDE))
    image = image.convert("RGB")
    image.thumbnail((ADDRESS_BOOK_SIDE, ADDRESS_BOOK_SIDE), Image.Resampling.LANCZOS)
    return images.jpeg(image, quality=80)
