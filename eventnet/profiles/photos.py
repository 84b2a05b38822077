"""Profile photos: uploaded bytes in, a small re-encoded JPEG out (no EXIF, no GPS)."""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_SIDE = 512
ADDRESS_BOOK_SIDE = 256
# Far more than any phone photo, far less than a decompression bomb.
MAX_PIXELS = 50_000_000
ACCEPTED_FORMATS = {"JPEG", "PNG"}
CONTENT_TYPE = "image/jpeg"


class PhotoError(ValueError):
    """The upload is not a photo we can use; the message says why, for the form."""


def reencode(data: bytes) -> bytes:
    """Decode a JPEG or PNG, turn it upright, shrink it to fit ``MAX_SIDE``, and encode a
    fresh JPEG. Nothing of the original file but its pixels survives: no EXIF, no comments."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise PhotoError("Choose a photo of at most 2 MB.")
    if not data:
        raise PhotoError("That file is empty.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=sorted(ACCEPTED_FORMATS))
            if image.width * image.height > MAX_PIXELS:
                raise PhotoError("That photo has too many pixels; choose a smaller one.")
            image.load()
            image = ImageOps.exif_transpose(image)
    except PhotoError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoError("Choose a JPEG or PNG photo.") from None
    except (OSError, SyntaxError, ValueError):
        # Truncated or corrupt files surface as any of these from Pillow's decoders.
        raise PhotoError("That photo could not be read; try another file.") from None
    image = _flatten(image)
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85, optimize=True)
    return out.getvalue()


def for_address_book(jpeg: bytes) -> bytes:
    """A stored photo made small for a vCard (address books show it at thumbnail size), so a
    card with a photo stays about 10 kB. JPEG draft mode decodes at the smaller size."""
    image = Image.open(io.BytesIO(jpeg), formats=["JPEG"])
    image.draft("RGB", (ADDRESS_BOOK_SIDE, ADDRESS_BOOK_SIDE))
    image = image.convert("RGB")
    image.thumbnail((ADDRESS_BOOK_SIDE, ADDRESS_BOOK_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80, optimize=True)
    return out.getvalue()


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on white: JPEG has no transparency, and palette or 16-bit images need converting."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")
