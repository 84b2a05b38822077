"""The event page's "Add to calendar": each app's own form with the right UTC times, the .ics
file and its webcal:// subscription, and the agenda file only where there is an agenda."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from eventnet.events import services as events
from eventnet.events.services import EventData, SessionData
from eventnet.extensions import db
from tests.factories import make_event


def _links(client, event) -> dict[str, str]:
    """Every link of the section, by its text."""
    html = client.get(f"/e/{event.slug}").get_data(as_text=True)
    section = re.search(r'<section aria-labelledby="add-to-calendar".*?</section>', html, re.S)
    assert section, "no Add to calendar section"
    return {
        re.sub(r"<[^>]+>", "", text).strip(): unescape(href)
        for href, text in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', section.group(0))
    }


@pytest.fixture
def summer_in_london(app):
    """09:00 to 17:30 London time in July: 08:00 to 16:30 UTC."""
    return make_event(
        title="Heads & deputies: summer conference",
        description="Bring **one** question.",
        venue_name="Oakfield Academy",
        venue_address="1 High St\nBirmingham",
        timezone="Europe/London",
        starts_at=datetime(2031, 7, 10, 9, 0),
        ends_at=datetime(2031, 7, 10, 17, 30),
    )


@pytest.mark.parametrize(
    ("label", "host"),
    [("Outlook.com", "outlook.live.com"), ("Office 365", "outlook.office.com")],
)
def test_outlook_links_open_the_compose_form_with_utc_times(client, summer_in_london, label, host):
    link = urlsplit(_links(client, summer_in_london)[label])
    assert (link.scheme, link.netloc, link.path) == ("https", host, "/calendar/0/action/compose")
    query = {name: values[0] for name, values in parse_qs(link.query).items()}
    assert query["path"] == "/calendar/action/compose"
    assert query["rru"] == "addevent"
    assert query["subject"] == "Heads & deputies: summer conference"
    assert query["startdt"] == "2031-07-10T08:00:00Z"
    assert query["enddt"] == "2031-07-10T16:30:00Z"
    assert query["location"] == "Oakfield Academy, 1 High St, Birmingham"
    assert query["body"].startswith("Bring one question.")
    assert query["body"].endswith(f"/e/{summer_in_london.slug}")


def test_google_link_carries_the_same_utc_times(client, summer_in_london):
    link = urlsplit(_links(client, summer_in_london)["Google Calendar"])
    assert link.netloc == "calendar.google.com"
    query = parse_qs(link.query)
    assert query["dates"] == ["20310710T080000Z/20310710T163000Z"]
    assert query["ctz"] == ["Europe/London"]


def test_the_file_and_its_subscription_point_at_the_same_address(client, summer_in_london):
    links = _links(client, summer_in_london)
    slug = summer_in_london.slug
    assert links["Apple, other (.ics)"] == f"/e/{slug}.ics"
    assert links["Subscribe (webcal)"] == f"webcal://eventnet.test/e/{slug}.ics"
    assert client.get(links["Apple, other (.ics)"]).status_code == 200


def test_the_agenda_file_is_offered_only_with_an_agenda(client, summer_in_london):
    event = summer_in_london
    assert "Agenda sessions as separate entries" not in _links(client, event)
    start = EventData.of(event).starts_at
    events.add_session(event, SessionData("Welcome", start, start + timedelta(minutes=30)))
    db.session.commit()
    link = _links(client, event)["Agenda sessions as separate entries"]
    assert link == f"/e/{event.slug}/agenda.ics"
    assert b"SUMMARY:Welcome" in client.get(link).data


def test_drafts_offer_no_calendar_links(client, login_as, app):
    draft = make_event(publish=False)
    login_as(draft.network.memberships[0].user)
    html = client.get(f"/e/{draft.slug}").get_data(as_text=True)
    assert "add-to-calendar" not in html
