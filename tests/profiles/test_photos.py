"""Profile photos: re-encoded server-side, EXIF gone, served as JPEG under a changing address."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from eventnet.profiles import photos
from eventnet.profiles.services import profile_of
from tests.factories import make_user
from tests.profiles.conftest import image_bytes, jpeg_with_exif


def upload(client, card_form, data: bytes, name: str = "me.jpg", **fields):
    form = card_form(photo=(io.BytesIO(data), name), **fields)
    return client.post("/me/profile", data=form, content_type="multipart/form-data")


def photo_src(page: str) -> str:
    match = re.search(r'<img class="pitch-card-photo" src="([^"]+)" alt="([^"]*)"', page)
    assert match, "no photo on the card"
    return match.group(1)


def test_reencoding_strips_exif_and_gps():
    original = jpeg_with_exif()
    assert Image.open(io.BytesIO(original)).getexif()  # the test photo does carry EXIF
    out = photos.reencode(original)
    image = Image.open(io.BytesIO(out))
    assert image.format == "JPEG"
    assert not image.getexif()
    assert "exif" not in image.info
    assert b"Secret Camera 3000" not in out
    assert b"Taken at home" not in out


def test_reencoding_shrinks_big_photos_and_keeps_their_shape():
    out = Image.open(io.BytesIO(photos.reencode(image_bytes("JPEG", size=(2000, 1000)))))
    assert out.size == (512, 256)


def test_a_transparent_png_becomes_a_jpeg_on_white():
    png = image_bytes("PNG", size=(40, 40), colour=(0, 0, 0, 0))
    image = Image.open(io.BytesIO(photos.reencode(png)))
    assert image.format == "JPEG"
    assert image.getpixel((20, 20)) == pytest.approx((255, 255, 255), abs=3)


def test_an_upright_photo_is_turned_by_its_exif_orientation():
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    sideways = image_bytes("JPEG", size=(300, 100), exif=exif.tobytes())
    assert Image.open(io.BytesIO(photos.reencode(sideways))).size == (100, 300)


def test_an_uploaded_photo_is_served_as_jpeg_with_the_persons_name_as_alt_text(
    client, login_as, card_form
):
    user = login_as(make_user("Amara Jones"))
    assert upload(client, card_form, jpeg_with_exif()).status_code == 302
    page = client.get("/me/profile").get_data(as_text=True)
    assert 'alt="Amara Jones"' in page
    response = client.get(photo_src(page))
    assert response.status_code == 200
    assert response.mimetype == "image/jpeg"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    served = Image.open(io.BytesIO(response.data))
    assert not served.getexif()
    assert max(served.size) == 512
    assert b"Secret Camera 3000" not in response.data
    assert profile_of(user).photo_token in photo_src(page)


def test_a_new_photo_gets_a_new_address_and_the_old_one_stops_working(client, login_as, card_form):
    login_as(make_user())
    upload(client, card_form, image_bytes("JPEG"))
    first = photo_src(client.get("/me/profile").get_data(as_text=True))
    upload(client, card_form, image_bytes("PNG", colour=(0, 0, 200)), name="me.png")
    second = photo_src(client.get("/me/profile").get_data(as_text=True))
    assert first != second
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200


def test_saving_the_card_without_a_file_keeps_the_photo(client, login_as, card_form):
    user = login_as(make_user())
    upload(client, card_form, image_bytes("JPEG"))
    token = profile_of(user).photo_token
    client.post("/me/profile", data=card_form(headline="Deputy Head"))
    assert profile_of(user).photo_token == token


def test_removing_the_photo(client, login_as, card_form):
    user = login_as(make_user())
    upload(client, card_form, image_bytes("JPEG"))
    src = photo_src(client.get("/me/profile").get_data(as_text=True))
    client.post("/me/profile", data=card_form(remove_photo="y"))
    assert profile_of(user).photo_token is None
    assert client.get(src).status_code == 404
    assert "pitch-card-photo" not in client.get("/me/profile").get_data(as_text=True)


@pytest.mark.parametrize("token", ["nope", "x" * 200, "%00"])
def test_unknown_photo_addresses_are_404(client, token):
    assert client.get(f"/photos/{token}.jpg").status_code == 404
