"""Event cover images: an upload in, a 16:9 JPEG of at most 1600 × 900 out (no EXIF)."""

from __future__ import annotations

from PIL import Image

from eventnet import images

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MIN_SIZE = (640, 360)
MAX_SIZE = (1600, 900)
CONTENT_TYPE = images.CONTENT_TYPE
CoverError = images.ImageError


def reencode(data: bytes) -> bytes:
    """Decode a JPEG or PNG, turn it upright, cut the largest 16:9 piece from its centre,
    shrink that to fit ``MAX_SIZE``, and encode a fresh JPEG."""
    image = images.decode(
        data, max_bytes=MAX_UPLOAD_BYTES, too_big="Choose an image of at most 5 MB.", noun="image"
    )
    width, height = image.size
    if width < MIN_SIZE[0] or height < MIN_SIZE[1]:
        raise CoverError(
            f"Choose an image of at least {MIN_SIZE[0]} × {MIN_SIZE[1]} pixels; "
            f"this one is {width} × {height}."
        )
    # Whole steps of 16 × 9, so the cover is exactly 16:9 (at least 640 × 360, as 40 steps).
    step = min(width // 16, height // 9)
    crop_w, crop_h = 16 * step, 9 * step
    left, top = (width - crop_w) // 2, (height - crop_h) // 2
    image = image.crop((left, top, left + crop_w, top + crop_h))
    if crop_w > MAX_SIZE[0]:
        image = image.resize(MAX_SIZE, Image.Resampling.LANCZOS)
    return images.jpeg(image)
