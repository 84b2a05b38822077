"""The organisers' share panel: on the event page for them alone, where publishing lands, with
each app's share link and an A4 poster whose QR code leads to the event page."""

from __future__ import annotations

import re
from datetime import datetime
from html import unescape
from urllib.parse import parse_qs, unquote, urlsplit

import pypdfium2
import pytest

from eventnet.events import services as events
from eventnet.extensions import db
from eventnet.networks.models import Role
from tests.badges.conftest import decode_pdf
from tests.factories import add_member, make_event, make_network, make_user, register

A4_POINTS = (595, 842)


@pytest.fixture
def event(app):
    network = make_network(make_user("Olive Organiser"), name="Midlands Heads")
    return make_event(
        network,
        title="Heads & deputies: summer conference",
        venue_name="Oakfield Academy",
        venue_address="1 High St\nBirmingham",
        timezone="Europe/London",
        starts_at=datetime(2031, 7, 10, 9, 0),
        ends_at=datetime(2031, 7, 10, 17, 30),
    )


def organiser(event):
    return event.network.memberships[0].user


def _panel(client, event) -> str | None:
    html = client.get(f"/e/{event.slug}").get_data(as_text=True)
    found = re.search(r'<section id="share".*?</section>', html, re.S)
    return found.group(0) if found else None


def _links(panel: str) -> dict[str, str]:
    return {
        re.sub(r"<[^>]+>", "", text).strip(): unescape(href)
        for href, text in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', panel)
    }


def _query(url: str) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


def test_organisers_see_the_link_to_copy_and_each_apps_share_link(client, login_as, event):
    login_as(organiser(event))
    panel = _panel(client, event)
    assert panel
    page = f"http://eventnet.test/e/{event.slug}"
    assert f"<code data-copy>{page}</code>" in panel
    assert f'data-share-url="{page}"' in panel
    links = _links(panel)
    mail = urlsplit(links["Email"])
    assert mail.scheme == "mailto"
    assert "+" not in mail.query  # mail apps would show a plus for each space
    mail_query = _query(links["Email"])
    assert mail_query["subject"] == event.title
    assert page in mail_query["body"]
    assert "Thu 10 July 2031, 09:00–17:30 BST" in mail_query["body"]
    assert links["WhatsApp"].startswith("https://wa.me/?text=")
    assert unquote(_query(links["WhatsApp"])["text"]).endswith(page)
    assert links["LinkedIn"].startswith("https://www.linkedin.com/sharing/share-offsite/?")
    assert _query(links["LinkedIn"]) == {"url": page}
    assert links["X"].startswith("https://x.com/intent/post?")
    assert _query(links["X"])["url"] == page
    assert _query(links["X"])["text"].startswith(event.title)
    assert links["QR poster (PDF)"] == f"/organise/e/{event.slug}/poster.pdf"


@pytest.mark.parametrize("who", ["visitor", "member", "attendee", "other_organiser"])
def test_nobody_else_sees_the_share_panel(client, login_as, event, who):
    if who == "member":
        person = make_user()
        add_member(event.network, person, Role.MEMBER)
        login_as(person)
    elif who == "attendee":
        login_as(register(event).user)
    elif who == "other_organiser":
        login_as(make_network(make_user()).memberships[0].user)
    assert client.get(f"/e/{event.slug}").status_code == 200
    assert _panel(client, event) is None


def test_publishing_lands_on_the_share_panel(client, login_as, app):
    draft = make_event(publish=False)
    login_as(organiser(draft))
    assert _panel(client, draft) is None  # a draft's link is 404 to everyone else
    response = client.post(f"/organise/e/{draft.slug}/publish")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/e/{draft.slug}#share"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Published: people can now see and register." in page
    assert _panel(client, draft)


def test_the_poster_is_one_a4_page_whose_code_opens_the_event_page(client, login_as, event):
    login_as(organiser(event))
    response = client.get(f"/organise/e/{event.slug}/poster.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == f'inline; filename="poster-{event.slug}.pdf"'
    document = pypdfium2.PdfDocument(response.data)
    try:
        assert len(document) == 1
        assert tuple(round(x) for x in document[0].get_size()) == A4_POINTS
        text = " ".join(document[0].get_textpage().get_text_range().split())
    finally:
        document.close()
    assert decode_pdf(response.data) == [[f"http://eventnet.test/e/{event.slug}"]]
    for expected in (
        "Heads & deputies: summer conference",
        "Midlands Heads",
        "2031",
        "Oakfield Academy, 1 High St, Birmingham",
        "Scan to see the event and register",
        f"http://eventnet.test/e/{event.slug}",
    ):
        assert expected in text


def test_a_long_title_in_another_script_still_fits_one_page(client, login_as, app):
    event = make_event(title="Συνάντηση διευθυντών σχολείων της Βόρειας Ελλάδας " * 3)
    login_as(organiser(event))
    response = client.get(f"/organise/e/{event.slug}/poster.pdf")
    assert response.status_code == 200
    assert decode_pdf(response.data) == [[f"http://eventnet.test/e/{event.slug}"]]


@pytest.mark.parametrize("state", ["draft", "cancelled"])
def test_no_poster_for_a_draft_or_a_cancelled_event(client, login_as, app, state):
    event = make_event(publish=state != "draft")
    if state == "cancelled":
        events.cancel_event(event, "")
        db.session.commit()
    login_as(organiser(event))
    response = client.get(f"/organise/e/{event.slug}/poster.pdf")
    assert response.status_code == 409
    message = "Publish the event first" if state == "draft" else "The event is cancelled"
    assert message in response.get_data(as_text=True)
