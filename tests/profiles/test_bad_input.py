"""Bad input on the card: a clear message next to the field, never a 500, nothing half-saved."""

from __future__ import annotations

import html
import io

import pytest
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from eventnet.profiles.services import profile_of
from tests.factories import make_user
from tests.profiles.conftest import image_bytes, make_card

BAD = [
    ("pitch", "x" * 301, "Keep your pitch to 300 characters"),
    ("headline", "h" * 121, "Use at most 120 characters."),
    ("organisation", "Oak\x00field", "control characters"),
    ("interests", ", ".join(f"tag{i}" for i in range(11)), "at most 10 tags"),
    ("offers", "t" * 41, "Keep each tag to 40 characters"),
    ("website_url", "javascript:alert(1)", "starting with https://"),
    ("linkedin_url", "JavaScript:alert(document.cookie)", "starting with https://"),
    ("social_url", "data:text/html,<script>alert(1)</script>", "starting with https://"),
    ("website_url", "ftp://files.example/cv.pdf", "starting with https://"),
    ("website_url", "https://", "starting with https://"),
    ("website_url", "https://exa mple.org", "starting with https://"),
    ("contact_email", "not-an-email", "Enter a valid email address"),
    ("contact_phone", "call me maybe", "Enter a phone number"),
]


@pytest.mark.parametrize(
    ("name", "value", "message"), BAD, ids=[f"{b[0]}-{i}" for i, b in enumerate(BAD)]
)
def test_bad_input_is_refused_next_to_its_field_and_nothing_changes(
    client, login_as, card_form, name, value, message
):
    user = login_as(make_user())
    make_card(user, headline="Deputy Head", interests="wellbeing")
    # Every other field is valid and changed: none of it may be saved.
    response = client.post("/me/profile", data=card_form(**{"headline": "Changed", name: value}))
    assert response.status_code == 400
    page = html.unescape(response.get_data(as_text=True))
    assert f'id="{name}-error"' in response.get_data(as_text=True)
    assert message in page
    profile = profile_of(user)
    assert profile.headline == "Deputy Head"
    assert [t.label for t in profile.tags] == ["wellbeing"]
    assert profile.contact_email == ""


def test_several_mistakes_are_all_shown_at_once(client, login_as, card_form):
    login_as(make_user())
    response = client.post(
        "/me/profile", data=card_form(pitch="x" * 400, website_url="javascript:x", needs="n" * 50)
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    for name in ("pitch", "website_url", "needs"):
        assert f'id="{name}-error"' in body


def test_html_in_every_field_is_shown_as_text(client, login_as, card_form):
    user = login_as(make_user("<b>Bold</b> Name"))
    evil = "<script>alert(1)</script>"
    response = client.post(
        "/me/profile",
        data=card_form(
            headline=evil,
            organisation=f"<img src=x onerror=alert(1)>{evil}",
            location=evil,
            pitch=evil,
            interests=evil,
            offers="<i>x</i>",
            needs="<u>y</u>",
            website_url='https://example.org/"><script>alert(1)</script>',
        ),
    )
    assert response.status_code == 302
    page = client.get("/me/profile").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "<img src=x" not in page
    assert "<b>Bold</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;Bold&lt;/b&gt; Name" in page
    assert profile_of(user).headline == evil  # stored as typed, escaped when shown


def test_a_file_that_is_not_an_image_is_refused(client, login_as, card_form):
    user = login_as(make_user())
    data = card_form(photo=(io.BytesIO(b"%PDF-1.4 not a photo"), "me.jpg"))
    response = client.post("/me/profile", data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Choose a JPEG or PNG photo." in response.get_data(as_text=True)
    assert profile_of(user) is None


def test_a_gif_is_refused(client, login_as, card_form):
    login_as(make_user())
    gif = image_bytes("GIF", size=(10, 10))
    data = card_form(photo=(io.BytesIO(gif), "me.gif"))
    response = client.post("/me/profile", data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Choose a JPEG or PNG photo." in response.get_data(as_text=True)


def test_a_photo_over_2_mb_is_refused(client, login_as, card_form):
    user = login_as(make_user())
    big = image_bytes("PNG", size=(10, 10)) + b"\0" * (2 * 1024 * 1024)
    # Encoded here: the test client spools big bodies to a temporary file it never closes.
    boundary, body = encode_multipart(
        MultiDict(card_form(photo=FileStorage(io.BytesIO(big), "me.png", content_type="image/png")))
    )
    response = client.post(
        "/me/profile", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert response.status_code == 400
    assert "at most 2 MB" in response.get_data(as_text=True)
    assert profile_of(user) is None


def test_an_upload_over_the_request_limit_is_a_413_not_a_500(app, client, login_as, card_form):
    login_as(make_user())
    # A lowered limit keeps the test's body small (the test client spools big bodies to a
    # temporary file it never closes); the rule is the same at the real 4 MB.
    app.config["MAX_CONTENT_LENGTH"] = 300_000
    data = card_form(photo=(io.BytesIO(b"\0" * 400_000), "huge.jpg"))
    response = client.post("/me/profile", data=data, content_type="multipart/form-data")
    assert response.status_code == 413
    body = response.get_data(as_text=True)
    assert "That file is too large" in body
    assert "Profile photos: at most 2 MB" in body
    assert '<a class="btn" href="/me/profile">Choose a smaller file</a>' in body


def test_a_truncated_jpeg_is_refused(client, login_as, card_form):
    login_as(make_user())
    broken = image_bytes("JPEG", size=(400, 400))[:300]
    data = card_form(photo=(io.BytesIO(broken), "me.jpg"))
    response = client.post("/me/profile", data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    assert 'id="photo-error"' in response.get_data(as_text=True)


def test_a_bad_photo_leaves_the_rest_of_the_card_unsaved(client, login_as, card_form):
    user = login_as(make_user())
    make_card(user, headline="Deputy Head")
    data = card_form(headline="Headteacher", photo=(io.BytesIO(b"GIF89a nonsense"), "x.png"))
    response = client.post("/me/profile", data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    assert profile_of(user).headline == "Deputy Head"
