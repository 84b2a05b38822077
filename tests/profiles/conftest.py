"""Helpers for pitch card tests: cards made through the real service, images made by Pillow."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from eventnet.extensions import db
from eventnet.profiles.services import ProfileData, update_profile


def make_card(user, **fields):
    """Save ``user``'s card with ``fields`` (tags as comma-separated text), committed."""
    profile = update_profile(user, ProfileData(**fields))
    db.session.commit()
    return profile


def image_bytes(fmt: str = "JPEG", size=(800, 600), colour=(200, 30, 30), **save) -> bytes:
    mode = "RGBA" if fmt == "PNG" and len(colour) == 4 else "RGB"
    out = io.BytesIO()
    Image.new(mode, size, colour).save(out, format=fmt, **save)
    return out.getvalue()


def jpeg_with_exif() -> bytes:
    """A JPEG carrying an EXIF block with a camera model and GPS position, as phones write."""
    exif = Image.Exif()
    exif[0x0110] = "Secret Camera 3000"  # Model
    exif[0x010E] = "Taken at home"  # ImageDescription
    gps = {1: "N", 2: (52.0, 28.0, 0.0), 3: "W", 4: (1.0, 53.0, 0.0)}
    exif[0x8825] = gps  # GPSInfo IFD
    return image_bytes("JPEG", size=(1600, 1200), exif=exif.tobytes())


@pytest.fixture
def card_form():
    """A complete, valid form submission for /me/profile; override keys per test."""

    def form(**overrides):
        data = {
            "headline": "Headteacher",
            "organisation": "Oakfield Primary",
            "location": "Birmingham",
            "pitch": "I lead a two-form entry primary and want to talk about assessment.",
            "interests": "Wellbeing, curriculum",
            "offers": "Phonics",
            "needs": "Assessment",
            "website_url": "https://oakfield.example",
            "linkedin_url": "",
            "social_url": "",
            "contact_email": "priya.private@oakfield.example",
            "contact_phone": "+44 121 496 0000",
        }
        data.update(overrides)
        return {k: v for k, v in data.items() if v is not None}

    return form
