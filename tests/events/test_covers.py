"""Event cover images: uploaded on the organiser's form, re-encoded to a 16:9 JPEG without
EXIF, shown in the event page's hero, served under a token that changes with each upload."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from eventnet.demo import seed
from eventnet.events import covers
from eventnet.events.models import Event
from eventnet.extensions import db
from tests.factories import add_member, make_event, make_network, make_user
from tests.profiles.conftest import image_bytes, jpeg_with_exif

# The column itself, not its token: ``events.cover`` in any SELECT.
COVER_COLUMN = re.compile(r"\bevents\.cover\b(?!_token)", re.IGNORECASE)


def fields_of(event: Event, **overrides) -> dict:
    """The organiser's edit form as the page would send it back, unchanged."""
    data = {
        "title": event.title,
        "slug": event.slug,
        "description": event.description,
        "hashtag": event.hashtag,
        "timezone": event.timezone,
        "starts_at": event.starts_at.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": event.ends_at.strftime("%Y-%m-%dT%H:%M"),
        "format": event.format.value,
        "venue_name": event.venue_name,
        "venue_address": event.venue_address,
        "join_url": event.join_url,
        "capacity_in_person": "",
        "capacity_online": "",
        "registration_mode": event.registration_mode.value,
        "visibility": event.visibility.value,
        "registration_opens_at": "",
        "registration_closes_at": "",
    }
    data.update(overrides)
    return data


def post_multipart(client, url: str, form: dict):
    """A real multipart body, encoded in memory (the test client's own would spill a large
    upload to a temporary file it never closes)."""
    boundary, body = encode_multipart(form)
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def upload(client, event, data: bytes | None, name: str = "cover.jpg", **fields):
    form = fields_of(event, **fields)
    if data is not None:
        form["cover"] = FileStorage(io.BytesIO(data), filename=name)
    return post_multipart(client, f"/organise/e/{event.slug}/edit", form)


def cover_src(page: str) -> str | None:
    match = re.search(r'<img class="event-cover hero-cover" src="([^"]+)"[^>]*alt=""', page)
    return match.group(1) if match else None


def reloaded(event: Event) -> Event:
    db.session.expire_all()
    return db.session.get(Event, event.id)


@pytest.fixture
def owner():
    return make_user("Priya Shah")


@pytest.fixture
def event(app, owner):
    return make_event(make_network(owner, "Midlands Heads", slug="midlands-heads"), timezone="UTC")


@pytest.mark.parametrize(
    ("size", "expected"),
    [((1600, 1200), (1600, 900)), ((4000, 3000), (1600, 900)), ((700, 1400), (688, 387)),
     ((640, 360), (640, 360)), ((3000, 400), (704, 396))],
)  # fmt: skip
def test_a_cover_is_a_16_9_jpeg_within_1600_by_900(size, expected):
    out = Image.open(io.BytesIO(covers.reencode(image_bytes("PNG", size=size))))
    assert out.format == "JPEG"
    assert out.size == expected
    assert out.width * 9 == out.height * 16


def test_the_organiser_uploads_a_cover_shown_in_the_hero_without_exif(
    client, login_as, owner, event
):
    login_as(owner)
    form_page = client.get(f"/organise/e/{event.slug}/edit").text
    assert 'enctype="multipart/form-data"' in form_page
    assert "at least 640 × 360" in form_page
    assert "Remove the cover image" not in form_page  # nothing to remove yet
    original = jpeg_with_exif()
    assert Image.open(io.BytesIO(original)).getexif()

    assert upload(client, event, original).status_code == 302

    src = cover_src(client.get(f"/e/{event.slug}").text)
    assert src
    assert 'width="1600" height="900"' in client.get(f"/e/{event.slug}").text
    response = client.get(src)
    assert response.status_code == 200
    assert response.mimetype == "image/jpeg"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    served = Image.open(io.BytesIO(response.data))
    assert served.format == "JPEG"
    assert served.size == (1600, 900)
    assert not served.getexif()
    assert b"Secret Camera" not in response.data
    assert b"Taken at home" not in response.data
    assert "Remove the cover image" in client.get(f"/organise/e/{event.slug}/edit").text


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (image_bytes("JPEG", size=(600, 400)), "small.jpg",
         "Choose an image of at least 640 × 360 pixels; this one is 600 × 400."),
        (b"\xff" * (covers.MAX_UPLOAD_BYTES + 1), "huge.jpg", "Choose an image of at most 5 MB."),
        (b"%PDF-1.4 not a picture", "cover.pdf", "Choose a JPEG or PNG image."),
        (image_bytes("GIF", size=(800, 600)), "cover.gif", "Choose a JPEG or PNG image."),
        (b"", "empty.jpg", "That file is empty."),
    ],
)  # fmt: skip
def test_an_unusable_cover_is_refused_beside_its_field_and_nothing_changes(
    client, login_as, owner, event, data, name, message
):
    login_as(owner)
    response = upload(client, event, data, name, title="A new title")
    assert response.status_code == 400
    error = re.search(r'<span class="field-error" id="cover-error">([^<]*)</span>', response.text)
    assert error, "no error beside the cover field"
    assert error.group(1) == message.replace("&", "&amp;")
    saved = reloaded(event)
    assert saved.title == event.title
    assert saved.cover_token is None


def test_a_cover_refusal_shows_with_the_forms_own_errors_in_one_submit(
    client, login_as, owner, event
):
    login_as(owner)
    response = upload(client, event, b"not an image", title="")
    assert response.status_code == 400
    assert 'id="cover-error">Choose a JPEG or PNG image.' in response.text
    assert 'id="title-error">' in response.text


def test_a_new_cover_gets_a_new_address_and_the_old_one_is_gone(client, login_as, owner, event):
    login_as(owner)
    upload(client, event, image_bytes("JPEG", size=(1280, 720)))
    first = cover_src(client.get(f"/e/{event.slug}").text)
    upload(client, event, image_bytes("PNG", size=(1280, 720), colour=(0, 90, 200)))
    second = cover_src(client.get(f"/e/{event.slug}").text)
    assert first != second
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    # A token of any other letters is missing too, not a server error.
    assert client.get(f"/e/{event.slug}/cover/caf%C3%A9.jpg").status_code == 404


def test_the_organiser_removes_the_cover(client, login_as, owner, event):
    login_as(owner)
    upload(client, event, image_bytes("JPEG", size=(1280, 720)))
    src = cover_src(client.get(f"/e/{event.slug}").text)
    assert upload(client, event, None, remove_cover="y").status_code == 302
    assert cover_src(client.get(f"/e/{event.slug}").text) is None
    assert client.get(src).status_code == 404
    assert reloaded(event).cover is None


def test_a_new_event_can_have_a_cover_from_the_start(client, login_as, owner, event):
    login_as(owner)
    form = fields_of(event, title="Summer meet-up", slug="")
    form["cover"] = FileStorage(io.BytesIO(image_bytes("JPEG", size=(1280, 720))), "cover.jpg")
    response = post_multipart(client, "/organise/n/midlands-heads/events/new", form)
    assert response.status_code == 302
    assert "enctype" in client.get("/organise/n/midlands-heads/events/new").text
    login_as(owner)
    assert cover_src(client.get("/e/summer-meet-up").text)


def test_a_drafts_cover_is_for_its_organisers_only(client, login_as, owner, event):
    draft = make_event(event.network, publish=False, timezone="UTC")
    member = make_user("Sam Member")
    add_member(event.network, member)
    login_as(owner)
    upload(client, draft, image_bytes("JPEG", size=(1280, 720)))
    src = cover_src(client.get(f"/e/{draft.slug}").text)
    organiser_view = client.get(src)
    assert organiser_view.status_code == 200
    # Not visible to a visitor, so kept out of shared caches.
    assert organiser_view.headers["Cache-Control"] == "private, max-age=31536000, immutable"
    login_as(member)
    assert client.get(src).status_code == 404
    client.post("/logout")
    assert client.get(src).status_code == 404


def test_a_duplicate_keeps_the_picture_under_its_own_address(client, login_as, owner, event):
    login_as(owner)
    upload(client, event, image_bytes("JPEG", size=(1280, 720)))
    client.post(f"/organise/e/{event.slug}/duplicate", data={})
    copy = db.session.scalars(db.select(Event).where(Event.id != event.id)).one()
    assert copy.cover_token
    assert copy.cover_token != reloaded(event).cover_token
    assert copy.cover == reloaded(event).cover


@pytest.mark.parametrize("url", ["/e/{event}", "/", "/organise/e/{event}/edit", "/n/{network}"])
def test_pages_never_read_the_cover_bytes(client, login_as, owner, event, count_queries, url):
    login_as(owner)
    upload(client, event, image_bytes("JPEG", size=(1280, 720)))
    url = url.format(event=event.slug, network=event.network.slug)
    with count_queries() as queries:
        assert client.get(url).status_code == 200
    assert queries
    assert [q for q in queries if COVER_COLUMN.search(q)] == []
    assert any("cover_token" in q for q in queries)


def test_saving_the_form_does_not_read_the_cover_bytes(
    client, login_as, owner, event, count_queries
):
    login_as(owner)
    upload(client, event, image_bytes("JPEG", size=(1280, 720)))
    with count_queries() as queries:
        assert upload(client, event, None, title="Renamed").status_code == 302
    assert [q for q in queries if COVER_COLUMN.search(q)] == []


def test_the_demos_upcoming_events_have_covers_and_the_past_one_none(app):
    seed()
    db.session.commit()
    events = {e.slug: e for e in db.session.scalars(db.select(Event))}
    assert events["spring-term-meet-up"].cover_token is None
    upcoming = [e for slug, e in events.items() if slug != "spring-term-meet-up"]
    assert all(e.cover_token for e in upcoming)
    for event in upcoming:
        assert Image.open(io.BytesIO(event.cover)).size == (1600, 900)
