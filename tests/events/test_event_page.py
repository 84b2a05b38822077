"""The event page: its hero (date, place with a map link, organisers), the "You're going"
card's next steps, places per attendance mode, and the waitlist button's words."""

import html
import re

from eventnet.networks.models import Role
from tests.events.test_query_counts import queries_for
from tests.factories import add_member, make_event, make_network, make_user, register
from tests.meetings.conftest import meeting_event


def page_of(client, event) -> str:
    return html.unescape(client.get(f"/e/{event.slug}").get_data(as_text=True))


def test_the_venue_links_to_its_openstreetmap_search_encoded(client, app):
    event = make_event(venue_name="St Mary's & St John's", venue_address="1 High St\nLeeds LS1")
    page = page_of(client, event)
    link = re.search(r'<a class="hero-map" href="([^"]+)" rel="([^"]+)"', page)
    assert link.group(1) == (
        "https://www.openstreetmap.org/search?query="
        "St+Mary%27s+%26+St+John%27s%2C+1+High+St%2C+Leeds+LS1"
    )
    assert link.group(2) == "noopener noreferrer"


def test_an_online_event_has_no_map_link(client, app):
    event = make_event(format="virtual", capacity_online=10)
    assert "openstreetmap.org" not in page_of(client, event)


def test_the_networks_organisers_are_listed_by_name_and_members_are_not(client, app):
    owner = make_user("Ada Owner")
    network = make_network(owner)
    add_member(network, make_user("Bea Organiser"), Role.ORGANISER)
    add_member(network, make_user("Cy Member"), Role.MEMBER)
    page = page_of(client, make_event(network))
    assert '<span class="fact-value">Ada Owner, Bea Organiser</span>' in page
    assert "Cy Member" not in page


def test_a_confirmed_attendee_sees_you_are_going_with_the_next_steps(client, login_as, app):
    event = meeting_event(make_network())
    plain = make_event(capacity_in_person=5)
    person = make_user()
    register(event, person)
    register(plain, person)
    login_as(person)
    page = page_of(client, event)
    card = page[page.index("You're going") :]
    for label in ("My badge", "Add to calendar", "People to meet", "Book 1:1s"):
        assert f">{label}</a>" in card
    # Cancelling is a quiet link-styled button in a POST form, not the biggest button.
    form = re.search(
        r'<form method="post" action="[^"]+/cancel-registration".*?</form>',
        card,
        re.S,
    )
    assert 'class="link-button">Cancel my registration</button>' in form.group(0)
    # Without 1:1 meetings there is nothing to book.
    assert "Book 1:1s" not in page_of(client, plain)


def test_a_waitlisted_person_gets_their_own_card(client, login_as, app):
    event = make_event(capacity_in_person=1)
    register(event)
    person = make_user()
    register(event, person)
    login_as(person)
    page = page_of(client, event)
    assert "You're on the waitlist" in page
    assert "You're going" not in page
    assert "Cancel my place on the waitlist" in page


def test_a_full_event_offers_to_join_the_waitlist(client, login_as, app):
    event = make_event(capacity_in_person=1)
    login_as(make_user())
    assert ">Register</button>" in page_of(client, event)
    register(event)
    page = page_of(client, event)
    assert ">Join the waitlist</button>" in page
    assert ">Register</button>" not in page


def test_a_hybrid_event_shows_places_per_mode(client, login_as, app):
    event = make_event(format="hybrid", capacity_in_person=1, capacity_online=50)
    register(event, mode="in_person")
    register(event, mode="online")
    login_as(make_user())
    page = page_of(client, event)
    assert "In person: full — join the waitlist" in page
    assert "Online: 49 left" in page
    # One mode still has places: the button registers, the full mode's choice says it waitlists.
    assert ">Register</button>" in page
    assert '<option value="in_person">In person (full: join the waitlist)</option>' in page


def test_someone_registered_is_not_asked_to_join_a_full_modes_waitlist(client, login_as, app):
    event = make_event(format="hybrid", capacity_in_person=1, capacity_online=50)
    going = register(event, mode="in_person").user
    login_as(going)
    page = page_of(client, event)
    assert "join the waitlist" not in page
    assert "In person: full</li>" in page
    assert "Online: 50 left" in page


def test_the_event_page_queries_do_not_grow_with_attendees_or_organisers(
    client, login_as, count_queries
):
    owner = make_user()
    network = make_network(owner)
    event = make_event(network, capacity_in_person=100)
    register(event, owner)
    login_as(owner)
    before = queries_for(client, count_queries, f"/e/{event.slug}")
    for _ in range(12):
        add_member(network, make_user(), Role.ORGANISER)
        register(event)
    page = page_of(client, event)
    assert "and others" in page  # 13 organisers, the first 8 by name
    assert queries_for(client, count_queries, f"/e/{event.slug}") == before
