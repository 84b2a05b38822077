"""The event form's time zones: the likely ones first (the event's own, the one the network's
events use, the UK's, UTC), then every place tzdata names by region, without its old aliases;
an event that already has an old name keeps it."""

from __future__ import annotations

import re

from eventnet.events import services
from eventnet.events.models import Event
from eventnet.extensions import db
from tests.events.test_creating_and_editing import form
from tests.factories import make_event, make_network, make_user


def zone_groups(html: str) -> dict[str, list[str]]:
    select = html.split('name="timezone"')[1].split("</select>")[0]
    return {
        label: re.findall(r'<option[^>]*value="([^"]+)"', body)
        for label, body in re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', select, re.S)
    }


def test_a_new_event_offers_the_networks_zone_the_uk_and_utc_first(client, login_as):
    owner = make_user()
    network = make_network(owner, slug="lisbon-heads")
    make_event(network, timezone="Europe/Lisbon")
    login_as(owner)
    groups = zone_groups(client.get("/organise/n/lisbon-heads/events/new").get_data(as_text=True))
    assert list(groups)[0] == "Most used"
    assert groups["Most used"] == ["Europe/Lisbon", "Europe/London", "UTC"]
    everything = [name for names in groups.values() for name in names]
    assert len(everything) == len(set(everything)), "a zone listed twice"
    assert "Asia/Kolkata" in groups["Asia"]
    assert "America/Argentina/Buenos_Aires" in groups["America"]
    for alias in ("Asia/Calcutta", "US/Eastern", "Europe/Belfast", "America/Buenos_Aires",
                  "Etc/GMT+5", "EST5EDT", "Europe/Kiev"):  # fmt: skip
        assert alias not in everything, alias
    assert "Europe/Kyiv" in everything
    assert len(everything) < 400


def test_a_network_without_events_starts_with_the_uk(client, login_as):
    owner = make_user()
    make_network(owner, slug="new-heads")
    login_as(owner)
    groups = zone_groups(client.get("/organise/n/new-heads/events/new").get_data(as_text=True))
    assert groups["Most used"] == ["Europe/London", "UTC"]


def test_an_event_with_an_old_zone_name_keeps_it_and_saves(client, login_as):
    owner = make_user()
    network = make_network(owner, slug="old-heads")
    event = make_event(network, timezone="Asia/Calcutta", title="Old zone")
    login_as(owner)
    groups = zone_groups(client.get(f"/organise/e/{event.slug}/edit").get_data(as_text=True))
    assert groups["Most used"][0] == "Asia/Calcutta"
    response = client.post(
        f"/organise/e/{event.slug}/edit",
        data=form(title="Old zone, renamed", timezone="Asia/Calcutta", slug=event.slug),
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    db.session.expire_all()
    saved = db.session.get(Event, event.id)
    assert (saved.title, saved.timezone) == ("Old zone, renamed", "Asia/Calcutta")


def test_a_zone_outside_the_list_is_refused_and_nothing_is_made(client, login_as):
    owner = make_user()
    network = make_network(owner, slug="strict-heads")
    login_as(owner)
    response = client.post(
        "/organise/n/strict-heads/events/new", data=form(timezone="Mars/Olympus_Mons")
    )
    assert response.status_code == 400
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert services.usual_zone(network) is None
