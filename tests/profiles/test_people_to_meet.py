"""People to meet: a page of its own for confirmed attendees, linked from the event page and
the directory; the event page itself shows a count and a few names, never the suggestions."""

from __future__ import annotations

import re

import pytest

from eventnet.events.models import RegistrationMode
from eventnet.networks.models import Role
from eventnet.profiles.directory import people_to_meet
from tests.factories import add_member, make_event, make_network, make_user, register
from tests.profiles.conftest import make_card


@pytest.fixture
def event(app):
    return make_event(make_network(), capacity_in_person=6)


def suggested_names(html: str) -> list[str]:
    section = html.split('id="people-to-meet-heading"')[1].split("</section>")[0]
    return re.findall(r'class="pitch-card-name">([^<]+)<', section)


def attendee(event, name, **card):
    user = register(event, make_user(name)).user
    if card:
        make_card(user, **card)
    return user


def suggestions_page(client, event):
    return client.get(f"/e/{event.slug}/people-to-meet")


def test_the_event_page_links_to_suggestions_with_reasons_best_first(client, login_as, event):
    me = attendee(event, "Me", needs="Assessment", offers="phonics", interests="wellbeing")
    attendee(event, "Helen Helper", offers="assessment", needs="Phonics")
    attendee(event, "Fran Friend", interests="Wellbeing")
    attendee(event, "Nora Nothing", interests="rugby")
    login_as(me)
    event_page = client.get(f"/e/{event.slug}").get_data(as_text=True)
    assert 'id="people-to-meet-heading"' not in event_page
    assert f'href="/e/{event.slug}/people-to-meet"' in event_page
    html = suggestions_page(client, event).get_data(as_text=True)
    assert suggested_names(html) == ["Helen Helper", "Fran Friend"]
    assert "can help with: assessment; is looking for: Phonics" in html
    assert "you both follow: Wellbeing" in html


def test_hidden_unconfirmed_and_absent_people_are_never_suggested(client, login_as, event):
    me = attendee(event, "Me", needs="assessment")
    attendee(event, "Shown", offers="assessment")
    attendee(event, "Hidden", offers="assessment", hidden=True)
    for _ in range(4):
        attendee(event, "Filler")  # fills the event: the next person is waitlisted
    waiting = register(event, make_user("Waiting")).user
    make_card(waiting, offers="assessment")
    elsewhere = make_user("Elsewhere")
    make_card(elsewhere, offers="assessment")
    approval = make_event(event.network, registration_mode=RegistrationMode.APPROVAL)
    register(approval, elsewhere)
    names = [s.user.name for s in people_to_meet(event, me)]
    assert names == ["Shown"]


def test_people_who_are_not_confirmed_get_no_suggestions(client, login_as, event):
    organiser = make_user()
    add_member(event.network, organiser, Role.ORGANISER)
    make_card(organiser, needs="assessment")
    attendee(event, "Helper", offers="assessment")
    assert people_to_meet(event, organiser) == []
    login_as(organiser)
    html = client.get(f"/e/{event.slug}").get_data(as_text=True)
    assert "people-to-meet" not in html
    assert suggestions_page(client, event).status_code == 404


@pytest.mark.parametrize("who", ["visitor", "stranger", "waitlisted"])
def test_the_suggestions_page_is_for_confirmed_attendees_only(client, login_as, who):
    event = make_event(make_network(), capacity_in_person=1)
    attendee(event, "Helper", offers="assessment")
    if who == "visitor":
        response = suggestions_page(client, event)
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]
        return
    user = make_user()
    make_card(user, needs="assessment")
    if who == "waitlisted":
        register(event, user)
    login_as(user)
    assert suggestions_page(client, event).status_code == 404


def empty_state(html: str) -> str:
    section = html.split('id="people-to-meet-heading"')[1].split("</section>")[0]
    return section.split('class="empty-state"')[1]


def test_an_attendee_without_tags_is_told_to_add_tags_to_their_card(client, login_as, event):
    me = attendee(event, "Me")
    attendee(event, "Helper", offers="assessment")
    login_as(me)
    html = suggestions_page(client, event).get_data(as_text=True)
    assert suggested_names(html) == []
    state = empty_state(html)
    assert "No suggestions yet: your pitch card has no tags" in state
    assert '<a class="btn btn-secondary" href="/me/profile">Edit your pitch card</a>' in state


def test_the_only_attendee_is_told_nobody_else_is_listed_yet(client, login_as, event):
    me = attendee(event, "Me", needs="assessment")
    attendee(event, "Hidden Helper", offers="assessment", hidden=True)
    login_as(me)
    html = suggestions_page(client, event).get_data(as_text=True)
    state = empty_state(html)
    assert "Nobody else is on the attendee list yet" in state
    assert "no tags" not in state
    assert 'href="/me/profile"' in state


def test_an_attendee_whose_tags_match_nobody_is_sent_to_everyone_attending(client, login_as, event):
    me = attendee(event, "Me", needs="assessment")
    attendee(event, "Rugby Rob", interests="rugby")
    login_as(me)
    html = suggestions_page(client, event).get_data(as_text=True)
    state = empty_state(html)
    assert "No one here shares a tag with your pitch card yet" in state
    assert f'href="/e/{event.slug}/people">See everyone attending</a>' in state


def test_at_most_ten_suggestions_and_the_same_each_time(client, login_as, app):
    event = make_event(make_network())
    me = attendee(event, "Me", interests="wellbeing, SEND")
    for i in range(14):
        attendee(event, f"Person {i:02}", interests="wellbeing" if i % 2 else "wellbeing, send")
    first = [s.user.id for s in people_to_meet(event, me)]
    assert len(first) == 10
    assert first == [s.user.id for s in people_to_meet(event, me)]
    login_as(me)
    html = suggestions_page(client, event).get_data(as_text=True)
    names = suggested_names(html)
    assert len(names) == 10
    assert names[:7] == [f"Person {i:02}" for i in range(0, 14, 2)]


def test_the_event_page_leaves_hidden_people_out_of_who_is_coming(client, login_as, event):
    me = attendee(event, "Me")
    attendee(event, "Visible Val")
    attendee(event, "Hidden Harry", hidden=True)
    login_as(me)
    html = client.get(f"/e/{event.slug}").get_data(as_text=True)
    assert "Visible Val" in html
    assert "Hidden Harry" not in html


def test_the_suggestions_page_runs_the_same_queries_for_3_or_40_attendees(
    client, login_as, count_queries, app
):
    event = make_event(make_network())
    me = attendee(event, "Me", interests="wellbeing", needs="phonics")

    def add_people(n):
        for _ in range(n):
            attendee(event, "Someone", interests="wellbeing", offers="phonics")

    login_as(me)
    add_people(3)
    suggestions_page(client, event)
    with count_queries() as few:
        assert suggestions_page(client, event).status_code == 200
    add_people(37)
    with count_queries() as many:
        assert suggestions_page(client, event).status_code == 200
    assert len(many) == len(few)


def test_the_page_has_one_h1_its_section_an_h2_and_each_name_an_h3(client, login_as, event):
    me = attendee(event, "Me", needs="Assessment")
    attendee(event, "Helen Helper", offers="assessment")
    attendee(event, "Harry Helper", offers="assessment")
    login_as(me)
    html = suggestions_page(client, event).get_data(as_text=True)
    assert re.findall(r"<h1[^>]*>([^<]+)</h1>", html) == [f"People to meet at {event.title}"]
    assert re.findall(r"<h2[^>]*>([^<]+)</h2>", html) == ["Suggestions from your pitch card (2)"]
    assert re.findall(r'<h3 class="pitch-card-name">([^<]+)</h3>', html) == [
        "Harry Helper",
        "Helen Helper",
    ]
