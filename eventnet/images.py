"""Uploaded pictures, decoded safely and encoded afresh: the part profile photos and event
covers share. Only the pixels of an upload survive: no EXIF, no GPS, no comments."""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError

# Far more than any phone photo, far less than a decompression bomb.
MAX_PIXELS = 50_000_000
ACCEPTED_FORMATS = {"JPEG", "PNG"}
CONTENT_TYPE = "image/jpeg"


class ImageError(ValueError):
    """The upload is not a picture we can use; the message says why, for the form."""


def decode(data: bytes, *, max_bytes: int, too_big: str, noun: str) -> Image.Image:
    """A JPEG or PNG upload as upright RGB pixels (flattened on white), or ``ImageError``
    in words about a ``noun`` ("photo", "image"). ``too_big`` is the message for a file
    over ``max_bytes``."""
    if len(data) > max_bytes:
        raise ImageError(too_big)
    if not data:
        raise ImageError("That file is empty.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=sorted(ACCEPTED_FORMATS))
            if image.width * image.height > MAX_PIXELS:
                raise ImageError(f"That {noun} has too many pixels; choose a smaller one.")
            image.load()
            image = ImageOps.exif_transpose(image)
    except ImageError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageError(f"Choose a JPEG or PNG {noun}.") from None
    except (OSError, SyntaxError, ValueError):
        # Truncated or corrupt files surface as any of these from Pillow's decoders.
        raise ImageError(f"That {noun} could not be read; try another file.") from None
    return _flatten(image)


def jpeg(image: Image.Image, quality: int = 85) -> bytes:
    """A fresh JPEG of ``image``'s pixels, carrying nothing else."""
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=quality, optimize=True)
    return out.getvalue()


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on white: JPEG has no transparency, and palette or 16-bit images need converting."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")
