"""Link previews as a link-preview bot sees them: the Open Graph and Twitter card tags of
every public page, read without cookies, and the 1200 × 630 PNG they point to."""

from __future__ import annotations

import io
from datetime import datetime
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from PIL import Image

from eventnet.events import services as events
from eventnet.events.models import EventVisibility
from eventnet.extensions import db
from eventnet.networks.accents import PALETTE
from eventnet.sharing import og_image
from tests.events.test_covers import upload
from tests.factories import add_member, make_event, make_network, make_user, register
from tests.networks.test_accents import contrast
from tests.profiles.conftest import image_bytes

BASE = "http://eventnet.test"


class _Meta(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: dict[str, str] = {}
        self.icons: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and (attrs.get("property") or attrs.get("name")):
            self.tags.setdefault(attrs.get("property") or attrs["name"], attrs.get("content"))
        if tag == "link" and attrs.get("rel") in ("icon", "apple-touch-icon"):
            self.icons[attrs.get("type") or attrs["rel"]] = attrs["href"]


def meta_of(html: str) -> _Meta:
    parser = _Meta()
    parser.feed(html)
    return parser


def as_a_bot(app, url: str):
    """A fresh client: no cookies, no login, as a chat app's preview fetcher."""
    return app.test_client().get(url, headers={"User-Agent": "Slackbot-LinkExpanding 1.0"})


def image_path(url: str) -> str:
    assert url.startswith(BASE + "/"), url  # absolute, on EVENTNET_BASE_URL
    return urlsplit(url).path


@pytest.fixture
def owner(app):
    return make_user("Olive Organiser")


@pytest.fixture
def network(owner):
    return make_network(owner, "Midlands Heads", slug="midlands-heads")


@pytest.fixture
def event(network):
    return make_event(
        network,
        title="Heads & deputies: summer conference",
        slug="summer-conference",
        description="A day of **talks** and [workshops](https://example.org) for heads.",
        venue_name="Oakfield Academy",
        venue_address="1 High St\nBirmingham",
        timezone="Europe/London",
        starts_at=datetime(2031, 7, 10, 9, 0),
        ends_at=datetime(2031, 7, 10, 17, 30),
    )


def test_a_bot_reads_the_event_pages_tags_and_fetches_its_picture(app, event):
    page = as_a_bot(app, "/e/summer-conference")
    assert page.status_code == 200
    tags = meta_of(page.text).tags
    assert tags["og:title"] == "Heads & deputies: summer conference"
    assert tags["og:description"].startswith("Thu 10 July 2031")
    assert "Oakfield Academy, 1 High St, Birmingham" in tags["og:description"]
    assert "A day of talks and workshops for heads." in tags["og:description"]  # no markdown
    assert tags["og:url"] == f"{BASE}/e/summer-conference"
    assert tags["og:type"] == "website"
    assert tags["og:site_name"] == "eventnet"
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
    assert tags["og:image:alt"].startswith("Heads & deputies: summer conference: Thu 10 July")
    assert tags["twitter:card"] == "summary_large_image"

    picture = as_a_bot(app, image_path(tags["og:image"]))
    assert picture.status_code == 200
    assert picture.mimetype == "image/png"
    assert picture.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    image = Image.open(io.BytesIO(picture.data))
    assert (image.format, image.size) == ("PNG", (1200, 630))
    # No cover: the network's colour behind the text.
    blue = og_image.hex_rgb(PALETTE["blue"].accent)
    assert image.convert("RGB").getpixel((1190, 600)) == blue


def test_changing_the_title_changes_the_pictures_address_and_the_old_one_is_gone(app, event):
    before = meta_of(as_a_bot(app, "/e/summer-conference").text).tags["og:image"]
    events.update_event(event, _data(event, title="Heads: the winter conference"))
    db.session.commit()
    after = meta_of(as_a_bot(app, "/e/summer-conference").text).tags["og:image"]
    assert after != before
    assert as_a_bot(app, image_path(after)).status_code == 200
    assert as_a_bot(app, image_path(before)).status_code == 404
    # Unchanged, the address stays: caches keep it.
    assert meta_of(as_a_bot(app, "/e/summer-conference").text).tags["og:image"] == after


def _data(event, **changes):
    return events.EventData(
        **{
            name: getattr(event, name)
            for name in events.EventData.__dataclass_fields__
            if name not in changes
        },
        **changes,
    )


def test_a_new_colour_or_cover_changes_the_address(app, client, login_as, owner, event):
    def address():
        return meta_of(as_a_bot(app, "/e/summer-conference").text).tags["og:image"]

    first = address()
    event.network.accent = "teal"
    db.session.commit()
    teal = address()
    assert teal != first
    login_as(owner)
    assert upload(client, event, image_bytes("JPEG", size=(1600, 900))).status_code == 302
    with_cover = address()
    assert with_cover != teal
    image = Image.open(io.BytesIO(as_a_bot(app, image_path(with_cover)).data)).convert("RGB")
    assert image.size == (1200, 630)
    # The red cover shows through its veil, darkened: not the teal of a colour card.
    r, g, b = image.getpixel((1190, 600))
    assert r > max(g, b)
    assert (r, g, b) != og_image.hex_rgb(PALETTE["teal"].accent)


def test_white_text_stays_readable_on_the_brightest_cover():
    white_cover = image_bytes("JPEG", size=(1600, 900), colour=(255, 255, 255))
    card = og_image.Card("Net", "Title", ("When", "Where"), "eventnet", "#1d4ed8", white_cover)
    image = Image.open(io.BytesIO(og_image.card_png(card))).convert("RGB")
    behind_the_text = image.getpixel((1150, 400))
    hexed = "#" + "".join(f"{c:02x}" for c in behind_the_text)
    assert contrast("#ffffff", hexed) >= 4.5


@pytest.mark.parametrize(
    ("visibility", "publish", "who"),
    [
        (EventVisibility.MEMBERS, True, None),
        (EventVisibility.MEMBERS, True, "outsider"),
        (EventVisibility.PUBLIC, False, None),
        (EventVisibility.PUBLIC, False, "member"),
    ],
)
def test_a_hidden_events_picture_is_404_to_those_who_may_not_see_it(
    app, client, login_as, owner, network, visibility, publish, who
):
    hidden = make_event(
        network, title="Secret strategy day", visibility=visibility, publish=publish
    )
    login_as(owner)
    address = meta_of(client.get(f"/e/{hidden.slug}").text).tags["og:image"]
    assert meta_of(client.get(f"/e/{hidden.slug}").text).tags["og:title"] == "Secret strategy day"
    own = client.get(image_path(address))
    assert own.status_code == 200
    assert own.headers["Cache-Control"].startswith("private,")

    stranger = app.test_client()
    if who:
        person = make_user(f"A {who}")
        if who == "member":
            add_member(network, person)
        with stranger.session_transaction() as session:
            session["_user_id"] = person.get_id()
            session["_fresh"] = True
    response = stranger.get(image_path(address))
    assert response.status_code == 404
    assert b"Secret strategy day" not in response.data
    assert response.mimetype != "image/png"


def test_a_member_sees_a_members_only_events_picture_privately(app, login_as, client, network):
    hidden = make_event(network, title="Members' evening", visibility=EventVisibility.MEMBERS)
    member = make_user("Maya Member")
    add_member(network, member)
    login_as(member)
    tags = meta_of(client.get(f"/e/{hidden.slug}").text).tags
    response = client.get(image_path(tags["og:image"]))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, max-age=31536000, immutable"


def test_the_pictures_queries_do_not_grow_with_registrations(app, event, count_queries):
    path = image_path(meta_of(as_a_bot(app, "/e/summer-conference").text).tags["og:image"])
    as_a_bot(app, path)  # drawn once, then kept
    with count_queries() as few:
        assert as_a_bot(app, path).status_code == 200
    for n in range(5):
        register(event, make_user(f"Guest {n}"))
    with count_queries() as more:
        assert as_a_bot(app, path).status_code == 200
    assert len(more) == len(few)
    assert not any("events.cover " in q or "events.cover," in q for q in more)


def test_the_network_page_previews_as_the_network(app, network):
    network.description = "Headteachers of the Midlands, meeting every term."
    db.session.commit()
    tags = meta_of(as_a_bot(app, "/n/midlands-heads").text).tags
    assert tags["og:title"] == "Midlands Heads"
    assert tags["og:description"] == "Headteachers of the Midlands, meeting every term."
    assert tags["og:url"] == f"{BASE}/n/midlands-heads"
    picture = as_a_bot(app, image_path(tags["og:image"]))
    assert picture.mimetype == "image/png"
    assert picture.headers["Cache-Control"].startswith("public,")
    assert Image.open(io.BytesIO(picture.data)).size == (1200, 630)


def test_a_private_networks_picture_is_404_to_visitors(app, owner):
    private = make_network(owner, "Quiet Heads", slug="quiet-heads", private=True)
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = owner.get_id()
        session["_fresh"] = True
    address = meta_of(client.get("/n/quiet-heads").text).tags["og:image"]
    assert client.get(image_path(address)).status_code == 200
    assert as_a_bot(app, image_path(address)).status_code == 404
    assert private.name  # seen by its owner only


def test_a_private_networks_request_page_previews_as_the_site(app, owner):
    """Someone holding the request link may not see the network, nor its picture: the page
    does not point at a picture that would answer them 404."""
    private = make_network(owner, "Quiet Heads", slug="quiet-heads", private=True)
    stranger = make_user()
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = stranger.get_id()
        session["_fresh"] = True
    page = client.get(f"/n/quiet-heads/request/{private.request_code}")
    assert page.status_code == 200
    tags = meta_of(page.text).tags
    assert "/n/quiet-heads/og/" not in tags["og:image"]
    assert client.get(image_path(tags["og:image"])).status_code == 200


@pytest.mark.parametrize("url", ["/", "/login", "/signup"])
def test_other_pages_preview_as_the_site_with_their_own_title(app, url):
    meta = meta_of(as_a_bot(app, url).text)
    tags = meta.tags
    assert tags["og:url"] == BASE + url
    assert tags["og:site_name"] == "eventnet"
    assert tags["og:description"] == "Networking events your community owns."
    assert tags["twitter:card"] == "summary_large_image"
    picture = as_a_bot(app, image_path(tags["og:image"]))
    assert picture.mimetype == "image/png"
    assert Image.open(io.BytesIO(picture.data)).size == (1200, 630)
    assert set(meta.icons) == {"image/png", "image/svg+xml", "apple-touch-icon"}


def test_the_favicons_are_served_at_their_sizes(app):
    client = app.test_client()
    meta = meta_of(client.get("/").text)
    with client.get(meta.icons["image/svg+xml"]) as svg:
        assert svg.mimetype == "image/svg+xml"
        assert b"<svg" in svg.data
    for kind, size in (("image/png", (32, 32)), ("apple-touch-icon", (180, 180))):
        with client.get(meta.icons[kind]) as png:
            assert png.mimetype == "image/png"
            assert Image.open(io.BytesIO(png.data)).size == size


def test_organiser_pages_do_not_preview_their_event(client, login_as, owner, event):
    login_as(owner)
    tags = meta_of(client.get("/organise/e/summer-conference/edit").text).tags
    assert "/og/" in tags["og:image"]
    assert "/e/summer-conference/og/" not in tags["og:image"]


@pytest.mark.parametrize(
    "title",
    [
        "Heads, deputies, business managers and governors of every school in the West "
        "Midlands: the annual conference on curriculum, funding and wellbeing",
        "校長会の春の朝食会：新しい学校づくりについて語り合う一日",
        "ملتقى مديري المدارس في الرياض",
        "כנס מנהלי בתי ספר 2026",
        "Ein" + "sehr" * 40 + "langesWort",
    ],
)
def test_long_and_non_latin_titles_stay_inside_the_picture(title):
    size, lines = og_image.fit_title(og_image.printable(title), og_image.SIZE[0] - 144)
    assert 1 <= len(lines) <= og_image.TITLE_LINES
    for line in lines:
        assert og_image.width(line, size, bold=True) <= og_image.SIZE[0] - 144
    card = og_image.Card("Net", title, ("When", "Where"), "eventnet", "#0f766e")
    assert Image.open(io.BytesIO(og_image.card_png(card))).size == (1200, 630)


@pytest.mark.parametrize("version", ["0" * 16, "é" * 16, "..%2F..", "a" * 300])
def test_a_made_up_version_is_404_not_a_picture(app, event, version):
    for path in (f"/e/summer-conference/og/{version}.png", f"/og/{version}.png"):
        response = as_a_bot(app, path)
        assert response.status_code == 404
        assert response.mimetype == "text/html"


def test_an_error_page_previews_as_the_site_not_the_address_asked_for(app):
    tags = meta_of(as_a_bot(app, "/n/no-such-network").text).tags
    assert tags["og:url"] == BASE + "/"
    assert tags["og:title"] == "Page not found"
