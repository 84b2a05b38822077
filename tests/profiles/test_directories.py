"""The event attendee directory and the network member directory: who sees them, what they
show, search, filters, pages, and a constant number of queries."""

from __future__ import annotations

import re

import pytest

from eventnet.accounts.services import change_name
from eventnet.events.models import EventFormat, RegistrationMode
from eventnet.extensions import db
from eventnet.networks.models import Role
from eventnet.registration import services as registrations
from tests.factories import add_member, make_event, make_network, make_user, register
from tests.profiles.conftest import make_card


@pytest.fixture
def event(app):
    network = make_network(make_user("Olive Owner"))
    return make_event(network, format=EventFormat.HYBRID, capacity_in_person=50)


def attend(event, user, mode="in_person"):
    """Register ``user`` at the hybrid ``event`` (confirmed), returning the user."""
    return register(event, user, mode).user


def people_page(client, event, **args):
    return client.get(f"/e/{event.slug}/people", query_string=args)


def names_on(response) -> list[str]:
    import re

    return re.findall(r'class="pitch-card-name">([^<]+)<', response.get_data(as_text=True))


# --- who may see the event directory ---------------------------------------------------------


def _confirmed(event):
    return attend(event, make_user()), event


def _waitlisted(event):
    full = make_event(event.network, capacity_in_person=1)
    register(full, make_user())
    registration = register(full, make_user())
    assert registration.status is registrations.WAITLISTED
    return registration.user, full


def _pending(event):
    approval = make_event(event.network, registration_mode=RegistrationMode.APPROVAL)
    registration = register(approval, make_user())
    assert registration.status is registrations.PENDING
    return registration.user, approval


def _cancelled(event):
    registration = register(event, make_user())
    registrations.cancel(registration)
    db.session.commit()
    return registration.user, event


def _organiser(event):
    user = make_user()
    add_member(event.network, user, Role.ORGANISER)
    return user, event


def _member(event):
    user = make_user()
    add_member(event.network, user)
    return user, event


VIEWERS = {
    "confirmed attendee": (_confirmed, 200),
    "organiser who is not registered": (_organiser, 200),
    "site admin": (lambda e: (make_user(admin=True), e), 200),
    "waitlisted": (_waitlisted, 404),
    "pending approval": (_pending, 404),
    "cancelled": (_cancelled, 404),
    "network member not registered": (_member, 404),
    "stranger": (lambda e: (make_user(), e), 404),
}


@pytest.mark.parametrize("who", VIEWERS)
def test_the_attendee_directory_is_for_confirmed_attendees_and_organisers(
    app, client, login_as, who
):
    make_viewer, status = VIEWERS[who]
    viewer, event = make_viewer(make_event(make_network()))
    login_as(viewer)
    assert client.get(f"/e/{event.slug}/people").status_code == status


def test_anonymous_visitors_are_asked_to_log_in(client, event):
    response = people_page(client, event)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_a_private_networks_event_directory_is_404_to_outsiders(client, login_as):
    network = make_network(private=True)
    event = make_event(network)
    login_as(make_user())
    assert client.get(f"/e/{event.slug}/people").status_code == 404
    assert client.get("/e/no-such-event/people").status_code == 404


# --- what it shows ---------------------------------------------------------------------------


def test_the_directory_shows_confirmed_visible_attendees_with_their_cards(client, login_as, event):
    me = attend(event, make_user("Me Myself"))
    shown = attend(event, make_user("Amara Jones"))
    make_card(shown, headline="Headteacher", organisation="Hillcrest Primary", offers="phonics")
    hidden = attend(event, make_user("Hidden Harry"))
    make_card(hidden, headline="Deputy", hidden=True)
    full = make_event(event.network, capacity_in_person=0)  # others elsewhere are not shown
    register(full, make_user("Waiting Wendy"))
    login_as(me)
    response = people_page(client, event)
    assert names_on(response) == ["Amara Jones", "Me Myself"]
    body = response.get_data(as_text=True)
    assert "Headteacher, Hillcrest Primary" in body
    assert "Hidden Harry" not in body


# --- when there is nobody to show -----------------------------------------------------------


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def test_the_first_attendee_is_told_nobody_else_has_registered_and_what_to_do(
    client, login_as, event
):
    login_as(attend(event, make_user("Me Myself")))
    body = _text(people_page(client, event))
    assert "Nobody else has registered yet" in body
    assert 'href="/me/profile">Edit your pitch card' in body
    assert 'id="q"' not in body  # nothing to search
    assert "No suggestions" not in body


def test_an_organiser_of_an_empty_event_is_offered_its_share_panel(client, login_as, event):
    login_as(event.network.memberships[0].user)
    body = _text(people_page(client, event))
    assert "Nobody has registered yet" in body
    assert f'href="/e/{event.slug}#share">Share the event' in body


def test_an_organiser_of_an_empty_draft_is_sent_to_its_dashboard(client, login_as, app):
    draft = make_event(publish=False)
    login_as(draft.network.memberships[0].user)
    body = _text(people_page(client, draft))
    assert "Nobody has registered yet" in body
    assert f'href="/organise/e/{draft.slug}">Manage this event' in body
    assert "Share the event" not in body


def test_once_someone_else_registers_the_list_has_no_empty_state(client, login_as, event):
    me = attend(event, make_user("Me Myself"))
    attend(event, make_user("Amara Jones"))
    login_as(me)
    body = _text(people_page(client, event))
    assert "has registered yet" not in body
    assert 'id="q"' in body


def test_a_search_that_finds_nobody_says_so_and_offers_everyone(client, login_as, event):
    me = attend(event, make_user("Me Myself"))
    attend(event, make_user("Amara Jones"))
    login_as(me)
    body = _text(people_page(client, event, q="zebra"))
    assert "No one matches your search" in body
    assert f'href="/e/{event.slug}/people">Show everyone' in body
    assert "has registered yet" not in body


def test_search_by_name_organisation_and_tag(client, login_as, event):
    me = attend(event, make_user("Me Myself"))
    a = attend(event, make_user("Priya Shah"))
    make_card(a, organisation="Oakfield Primary", interests="Wellbeing")
    b = attend(event, make_user("Tom Okafor"))
    make_card(b, organisation="Riverside Trust", needs="Assessment Design")
    login_as(me)
    assert names_on(people_page(client, event, q="priya")) == ["Priya Shah"]
    assert names_on(people_page(client, event, q="riverside")) == ["Tom Okafor"]
    assert names_on(people_page(client, event, q="ASSESSMENT")) == ["Tom Okafor"]
    assert names_on(people_page(client, event, q="well")) == ["Priya Shah"]
    assert names_on(people_page(client, event, q="100%_\\")) == []


def test_filter_by_tag_and_by_attendance_mode(client, login_as, event):
    me = attend(event, make_user("Me Myself"), "in_person")
    a = attend(event, make_user("Anna Online"), "online")
    make_card(a, interests="SEND")
    b = attend(event, make_user("Ben Inperson"), "in_person")
    make_card(b, offers="send")
    login_as(me)
    page = people_page(client, event)
    assert '<option value="send">SEND (2)</option>' in page.get_data(as_text=True)
    assert names_on(people_page(client, event, tag="send")) == ["Anna Online", "Ben Inperson"]
    assert names_on(people_page(client, event, tag="  Send ")) == ["Anna Online", "Ben Inperson"]
    assert names_on(people_page(client, event, mode="online")) == ["Anna Online"]
    assert names_on(people_page(client, event, mode="in_person", tag="send")) == ["Ben Inperson"]
    assert names_on(people_page(client, event, mode="nonsense")) == [
        "Anna Online",
        "Ben Inperson",
        "Me Myself",
    ]


def test_the_directory_is_paginated(client, login_as, event):
    me = attend(event, make_user("Aaa First"))
    for i in range(29):
        attend(event, make_user(f"Person {i:02}"))
    login_as(me)
    first = people_page(client, event)
    assert len(names_on(first)) == 24
    assert "Page 1 of 2" in first.get_data(as_text=True)
    assert 'rel="next"' in first.get_data(as_text=True)
    second = people_page(client, event, page=2)
    assert len(names_on(second)) == 6
    assert names_on(second)[-1] == "Person 28"
    # Out-of-range and nonsense page numbers land on a real page, not an error.
    assert names_on(people_page(client, event, page=99)) == names_on(second)
    assert names_on(people_page(client, event, page="x")) == names_on(first)


def test_the_page_links_work_without_javascript_and_keep_the_search(client, login_as, event):
    me = attend(event, make_user("Aaa First"))
    for i in range(29):
        attend(event, make_user(f"Person {i:02}"))
    hidden = attend(event, make_user("Person Hidden"))
    make_card(hidden, hidden=True)
    login_as(me)
    first = people_page(client, event, q="person")
    html = first.get_data(as_text=True)
    assert "29 people match" in html
    next_link = re.search(r'<a href="([^"]+)" rel="next">', html).group(1).replace("&amp;", "&")
    second = client.get(next_link)
    assert "Page 2 of 2" in second.get_data(as_text=True)
    assert names_on(second) == [f"Person {i:02}" for i in range(24, 29)]
    prev_link = re.search(r'<a href="([^"]+)" rel="prev">', second.get_data(as_text=True))
    assert names_on(client.get(prev_link.group(1).replace("&amp;", "&"))) == names_on(first)
    every_page = names_on(first) + names_on(second) + names_on(people_page(client, event))
    assert "Person Hidden" not in every_page
    assert "Aaa First" not in names_on(first)


# --- the event page's preview of the directory -----------------------------------------------


def test_the_event_page_shows_a_count_and_the_first_few_names(client, login_as, event):
    me = attend(event, make_user("Aaa First"))
    for i in range(20):
        attend(event, make_user(f"Person {i:02}"))
    make_card(attend(event, make_user("Aab Hidden")), hidden=True)
    login_as(me)
    html = client.get(f"/e/{event.slug}").get_data(as_text=True)
    section = html.split('id="attendees-heading"')[1].split("</section>")[0]
    assert "Who is coming (21)" in section
    listed = re.findall(r"<li>([^<]+)</li>", section)
    assert listed == ["Aaa First"] + [f"Person {i:02}" for i in range(11)]
    assert f'<a href="/e/{event.slug}/people">See all 21 attendees</a>' in section
    assert "Aab Hidden" not in html


def test_a_small_events_page_lists_everyone_and_links_to_their_cards(client, login_as, event):
    me = attend(event, make_user("Aaa First"))
    attend(event, make_user("Bea Second"))
    login_as(me)
    html = client.get(f"/e/{event.slug}").get_data(as_text=True)
    assert "Who is coming (2)" in html
    assert "<li>Bea Second</li>" in html
    link = f'<a href="/e/{event.slug}/people">Browse attendees\' pitch cards</a>'
    assert link in html


def test_the_preview_follows_every_change_to_who_is_coming(client, login_as, count_queries, event):
    """The preview is kept per event.people_revision: each change below is seen by the very
    next view, and a view with no change in between does not read the list again."""
    me = attend(event, make_user("Aaa First"))
    bea = attend(event, make_user("Bea Second"))
    login_as(me)
    changed_at = db.session.get(type(event), event.id).updated_at

    def preview():
        html = client.get(f"/e/{event.slug}").get_data(as_text=True)
        section = html.split('id="attendees-heading"')[1].split("</section>")[0]
        total = int(re.search(r"Who is coming \((\d+)\)", section).group(1))
        return total, re.findall(r"<li>([^<]+)</li>", section)

    assert preview() == (2, ["Aaa First", "Bea Second"])
    with count_queries() as queries:
        assert preview() == (2, ["Aaa First", "Bea Second"])
    assert not [q for q in queries if re.search(r"\bOVER\s*\(", q, re.IGNORECASE)], (
        "an unchanged list is read again"
    )
    carl = attend(event, make_user("Carl Third"))
    assert preview() == (3, ["Aaa First", "Bea Second", "Carl Third"])
    make_card(bea, hidden=True)
    assert preview() == (2, ["Aaa First", "Carl Third"])
    change_name(carl, "Ann Renamed")
    db.session.commit()
    assert preview() == (2, ["Aaa First", "Ann Renamed"])
    registrations.cancel(registrations.registration_of(event, carl))
    db.session.commit()
    assert preview() == (1, ["Aaa First"])
    db.session.expire_all()
    assert db.session.get(type(event), event.id).updated_at == changed_at


@pytest.mark.parametrize("who", [*VIEWERS, "visitor"])
def test_only_those_who_may_browse_the_directory_see_the_preview(app, client, login_as, who):
    """The same people as the directory's own rule, on the same kinds of event."""
    event = make_event(make_network())
    if who == "visitor":
        expected = False
    else:
        make_viewer, status = VIEWERS[who]
        viewer, event = make_viewer(event)
        login_as(viewer)
        expected = status == 200
    html = client.get(f"/e/{event.slug}").get_data(as_text=True)
    assert ('id="attendees-heading"' in html) is expected
    assert (f'href="/e/{event.slug}/people"' in html) is expected


@pytest.mark.parametrize("kept_seconds", [0, 60], ids=["tags-counted", "tags-kept"])
def test_the_directory_runs_the_same_number_of_queries_for_5_or_40_people(
    app, client, login_as, count_queries, event, kept_seconds
):
    app.config["EVENTNET_DIRECTORY_TAGS_SECONDS"] = kept_seconds
    me = attend(event, make_user("Me Myself"))
    make_card(me, interests="wellbeing")
    login_as(me)

    def add_people(n):
        for _ in range(n):
            user = attend(event, make_user())
            make_card(user, headline="Head", interests="wellbeing, SEND", offers="phonics")

    add_people(4)
    people_page(client, event)  # the tag counts, when kept, are kept from here
    add_people(1)  # a change: the next view builds the page again
    with count_queries() as few:
        assert people_page(client, event).status_code == 200
    with count_queries() as unchanged:  # no change since: the kept page
        assert people_page(client, event).status_code == 200
    add_people(35)
    with count_queries() as many:
        assert people_page(client, event).status_code == 200
    assert len(many) == len(few)
    assert len(few) < 25
    assert len(unchanged) < len(few)


def test_tag_counts_are_kept_a_while_but_the_cards_are_always_fresh(client, login_as, event):
    me = attend(event, make_user("Me Myself"))
    other = attend(event, make_user("Olu Other"))
    make_card(other, interests="phonics")
    login_as(me)
    assert "phonics (1)" in people_page(client, event).get_data(as_text=True)
    make_card(other, interests="phonics", hidden=True)
    later = people_page(client, event)
    assert "Olu Other" not in names_on(later)
    assert names_on(people_page(client, event, tag="phonics")) == []


def test_the_kept_directory_page_follows_every_change_to_a_card(client, login_as, event):
    """Directory pages are kept per event.people_revision: an edited card, new tags, a new
    name and a new attendee are all on the very next view."""
    me = attend(event, make_user("Me Myself"))
    other = attend(event, make_user("Olu Other"))
    make_card(other, headline="Deputy head", interests="phonics")
    login_as(me)

    def page():
        return people_page(client, event).get_data(as_text=True)

    assert "Deputy head" in page()
    make_card(other, headline="Headteacher", interests="phonics, wellbeing")
    html = page()
    assert "Headteacher" in html
    assert "Deputy head" not in html
    assert ">wellbeing</span>" in html
    change_name(other, "Olu Renamed")
    db.session.commit()
    assert "Olu Renamed" in names_on(people_page(client, event))
    attend(event, make_user("Nia Newcomer"))
    assert "Nia Newcomer" in names_on(people_page(client, event))


# --- the network member directory ------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [("member", 200), ("organiser", 200), ("admin", 200), ("stranger", 404)],
)
@pytest.mark.parametrize("private", [False, True], ids=["public", "private"])
def test_the_member_directory_is_for_members(client, login_as, who, status, private):
    network = make_network(private=private)
    viewer = make_user(admin=who == "admin")
    if who in ("member", "organiser"):
        add_member(network, viewer, Role.MEMBER if who == "member" else Role.ORGANISER)
    login_as(viewer)
    assert client.get(f"/n/{network.slug}/members").status_code == status


def test_the_member_directory_lists_visible_members_and_searches(client, login_as):
    owner = make_user("Priya Shah")
    network = make_network(owner)
    make_card(owner, organisation="Oakfield Primary", interests="curriculum")
    member = make_user("Tom Okafor")
    add_member(network, member)
    hidden = make_user("Hidden Harry")
    add_member(network, hidden)
    make_card(hidden, hidden=True)
    make_user("Not A Member")
    login_as(member)
    response = client.get(f"/n/{network.slug}/members")
    assert names_on(response) == ["Priya Shah", "Tom Okafor"]
    assert names_on(client.get(f"/n/{network.slug}/members?q=oakfield")) == ["Priya Shah"]
    assert names_on(client.get(f"/n/{network.slug}/members?tag=Curriculum")) == ["Priya Shah"]


def test_a_hidden_person_is_told_they_are_hidden(client, login_as):
    network = make_network()
    me = make_user()
    add_member(network, me)
    make_card(me, hidden=True)
    login_as(me)
    assert "You are hidden from this list" in client.get(f"/n/{network.slug}/members").get_data(
        as_text=True
    )
