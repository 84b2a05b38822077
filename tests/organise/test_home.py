"""The organiser's home (/organise): each network they run with its coming events, drafts,
figures and what happened lately; "Create event" from anywhere in the organiser area;
logging in lands organisers there."""

from __future__ import annotations

import re
from datetime import timedelta

from eventnet.db import utcnow
from eventnet.events import services as events
from eventnet.extensions import db
from eventnet.networks.models import Role
from eventnet.networks.services import request_to_join
from eventnet.organise.home import EVENTS_SHOWN
from tests.conftest import PASSWORD
from tests.factories import add_member, make_event, make_network, make_user, register


def text(response) -> str:
    html = response.get_data(as_text=True)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def desk(html: str, network) -> str:
    """The card of one network on the home page."""
    return html.split(f'id="desk-{network.id}"')[1].split("</section>")[0]


def test_an_organiser_sees_each_network_with_its_events_figures_drafts_and_news(client, login_as):
    owner = make_user("Priya Shah")
    network = make_network(owner, "Midlands Heads")
    soon = make_event(network, title="Spring meet-up", capacity_in_person=30)
    make_event(network, title="Summer conference", starts_at=soon.starts_at + timedelta(days=30),
               ends_at=soon.ends_at + timedelta(days=30))  # fmt: skip
    make_event(network, title="Autumn plans", publish=False)
    past = make_event(network, title="Last year's dinner")
    past.starts_at, past.ends_at = (
        utcnow() - timedelta(days=40),
        utcnow() - timedelta(days=40, hours=-2),
    )
    db.session.commit()
    for name in ("Helen Marsh", "Tom Okafor"):
        register(soon, make_user(name))
    other = make_network(make_user(), "Someone else's network")
    make_event(other, title="Not mine")

    login_as(owner)
    response = client.get("/organise")
    assert response.status_code == 200
    page = text(response)
    assert "Someone else's network" not in page
    assert "Not mine" not in page
    card = re.sub(
        r"\s+", " ", re.sub(r"<[^>]+>", " ", desk(response.get_data(as_text=True), network))
    )
    assert "Spring meet-up" in card
    assert "2 registered of 30" in card
    assert "in 7 days" in card
    assert "Summer conference" in card
    assert "0 registered ·" in card
    assert "in 37 days" in card
    assert card.index("Spring meet-up") < card.index("Summer conference")
    drafts = card.split("Drafts")[1]
    assert "Autumn plans" in drafts
    assert "Draft" in drafts
    assert "Last year's dinner" not in card
    lately = card.split("Lately")[1]
    assert "Tom Okafor registered for Spring meet-up" in lately
    assert lately.index("Tom Okafor") < lately.index("Helen Marsh")  # newest first
    html = response.get_data(as_text=True)
    assert f'href="/organise/e/{soon.slug}"' in html
    assert f'href="/organise/n/{network.slug}/events/new"' in html


def test_join_requests_to_decide_are_counted_and_linked(client, login_as):
    owner = make_user()
    network = make_network(owner, private=True)
    for _ in range(2):
        request_to_join(network, make_user(), "Hello")
    db.session.commit()
    login_as(owner)
    html = client.get("/organise").get_data(as_text=True)
    assert "2 requests to join to decide" in desk(html, network)
    assert f'href="/organise/n/{network.slug}#requests-heading"' in html


def test_a_network_with_many_events_shows_the_first_few_and_links_to_all(client, login_as):
    owner = make_user()
    network = make_network(owner)
    first = make_event(network, title="Event number 0")
    for n in range(1, EVENTS_SHOWN + 3):
        later = timedelta(days=n)
        make_event(
            network,
            title=f"Event number {n}",
            starts_at=first.starts_at + later,
            ends_at=first.ends_at + later,
        )
    login_as(owner)
    card = desk(client.get("/organise").get_data(as_text=True), network)
    shown = re.findall(r"Event number (\d+)", card)
    assert shown == [str(n) for n in range(EVENTS_SHOWN)]
    assert f"All {EVENTS_SHOWN + 3} coming events" in card


def test_cancelled_events_say_so_and_members_see_an_empty_state(client, login_as):
    owner = make_user()
    network = make_network(owner)
    event = make_event(network, title="Called off")
    events.cancel_event(event, "Snow.")
    db.session.commit()
    login_as(owner)
    card = text(client.get("/organise"))
    assert "Called off Cancelled" in card
    member = make_user()
    add_member(network, member, Role.MEMBER)
    login_as(member)
    page = text(client.get("/organise"))
    assert "You do not organise any network yet" in page
    assert "Called off" not in page


def test_the_home_runs_the_same_queries_for_few_or_many_networks_events_and_people(
    client, login_as, count_queries
):
    owner = make_user()

    def grow():
        network = make_network(owner)
        add_member(network, make_user(), Role.ORGANISER)
        for publish in (True, True, False):
            event = make_event(network, publish=publish, capacity_in_person=50)
            if publish:
                for _ in range(3):
                    register(event, make_user())
        request_to_join(make_network(owner, private=True), make_user())
        db.session.commit()

    grow()
    login_as(owner)
    client.get("/organise")
    with count_queries() as few:
        assert client.get("/organise").status_code == 200
    for _ in range(3):
        grow()
    with count_queries() as many:
        assert client.get("/organise").status_code == 200
    assert len(many) == len(few), many


def test_create_event_goes_straight_to_the_form_of_the_one_network(client, login_as):
    owner = make_user()
    network = make_network(owner)
    login_as(owner)
    response = client.get("/organise/new-event")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/organise/n/{network.slug}/events/new")


def test_create_event_asks_which_network_when_there_are_several(client, login_as):
    owner = make_user()
    first, second = make_network(owner, "Alpha Heads"), make_network(owner, "Beta Heads")
    login_as(owner)
    response = client.get("/organise/new-event")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for network in (first, second):
        assert f'href="/organise/n/{network.slug}/events/new"' in html
    assert "Create an event in Alpha Heads" in text(response)


def test_create_event_without_a_network_leads_to_starting_one(client, login_as):
    login_as(make_user())
    response = client.get("/organise/new-event", follow_redirects=True)
    assert response.request.path == "/networks/new"
    assert "Events belong to a network: start one first" in text(response)


def test_every_organiser_page_offers_create_event_for_its_network(client, login_as):
    owner = make_user()
    network = make_network(owner)
    event = make_event(network)
    make_network(owner)
    login_as(owner)
    for path in (f"/organise/e/{event.slug}", f"/organise/n/{network.slug}",
                 f"/organise/e/{event.slug}/agenda"):  # fmt: skip
        bar = client.get(path).get_data(as_text=True).split('aria-label="Organiser"')[1]
        bar = bar.split("</nav>")[0]
        assert f'href="/organise/n/{network.slug}/events/new"' in bar, path
    bar = client.get("/organise/n/" + network.slug + "/events").get_data(as_text=True)
    assert f'href="/organise/n/{network.slug}/events/new"' in bar.split('aria-label="Organiser"')[1]
    home = client.get("/organise").get_data(as_text=True)
    assert 'aria-label="Organiser"' not in home  # the home has its own "Create event"
    assert 'href="/organise/new-event"' in home


def test_logging_in_lands_organisers_on_their_home_and_others_on_theirs(client):
    owner = make_user()
    make_network(owner)
    member = make_user()
    for user, landing in ((owner, "/organise"), (member, "/me")):
        client.post("/logout")
        response = client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302
        assert response.headers["Location"] == landing
    client.post("/logout")
    response = client.post(
        "/login?next=/me/events",
        data={"email": owner.email, "password": PASSWORD, "next": "/me/events"},
    )
    assert response.headers["Location"] == "/me/events"


def test_visitors_are_sent_to_log_in(client):
    for path in ("/organise", "/organise/new-event"):
        response = client.get(path)
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]
