"""Events through the API: the same visibility as the pages, filters, pages with `next`
links, and organisers creating and changing events under the services' rules."""

from __future__ import annotations

from datetime import timedelta

from eventnet.db import utcnow
from eventnet.events.models import Event
from eventnet.extensions import db
from eventnet.networks.models import Role
from tests.factories import add_member, make_event, make_network, make_user, register


def _slugs(response) -> list[str]:
    assert response.status_code == 200, response.get_json()
    return [e["slug"] for e in response.get_json()["items"]]


def _past_event(network, **fields):
    start = (utcnow() - timedelta(days=3)).replace(second=0, microsecond=0, tzinfo=None)
    return make_event(network, starts_at=start, ends_at=start + timedelta(hours=2), **fields)


def test_the_list_holds_what_the_caller_may_see(app, api):
    public = make_event(title="Open meet-up")
    private_network = make_network(private=True)
    private = make_event(private_network)
    members_only = make_event(public.network, visibility="members")
    unlisted = make_event(public.network, visibility="unlisted")
    draft = make_event(public.network, publish=False)

    outsider = make_user()
    assert _slugs(api(outsider).get("/events")) == [public.slug]

    member = make_user()
    add_member(public.network, member)
    add_member(private_network, member)
    assert set(_slugs(api(member).get("/events"))) == {public.slug, members_only.slug, private.slug}

    organiser = public.network.memberships[0].user
    assert set(_slugs(api(organiser).get("/events"))) == {
        public.slug,
        members_only.slug,
        unlisted.slug,
        draft.slug,
    }
    admin = make_user(admin=True)
    assert len(_slugs(api(admin).get("/events"))) == 5


def test_filters_by_network_and_by_upcoming_or_past(app, api):
    network = make_network()
    upcoming = make_event(network)
    past = _past_event(network)
    elsewhere = make_event()
    caller = api(make_user())
    assert set(_slugs(caller.get(f"/events?network={network.slug}"))) == {upcoming.slug, past.slug}
    assert _slugs(caller.get(f"/events?network={network.slug}&when=upcoming")) == [upcoming.slug]
    assert _slugs(caller.get("/events?when=past")) == [past.slug]
    assert elsewhere.slug in _slugs(caller.get("/events?when=upcoming"))


def test_a_private_network_as_filter_is_404(app, api):
    hidden = make_network(private=True)
    response = api(make_user()).get(f"/events?network={hidden.slug}")
    assert response.status_code == 404
    assert response.get_json()["error"]["fields"] == {"network": "There is no such network."}


def test_lists_come_in_pages_with_next_links(app, api, client):
    network = make_network()
    made = [make_event(network) for _ in range(5)]
    caller = api(make_user())
    first = caller.get(f"/events?network={network.slug}&per_page=2").get_json()
    assert [e["slug"] for e in first["items"]] == [e.slug for e in made[:2]]
    seen = [e["slug"] for e in first["items"]]
    following = first["next"]
    while following:
        assert following.startswith("http://localhost/api/v1/events?")
        page = caller.get(following.removeprefix("http://localhost/api/v1")).get_json()
        seen += [e["slug"] for e in page["items"]]
        following = page["next"]
    assert seen == [e.slug for e in made]


def test_bad_filters_are_400_with_the_field(app, api):
    caller = api(make_user())
    for query, field in [
        ("when=tomorrow", "when"),
        ("page=0", "page"),
        ("per_page=1000", "per_page"),
        ("page=99999999999999999999", "page"),
    ]:
        response = caller.get(f"/events?{query}")
        assert response.status_code == 400, query
        assert field in response.get_json()["error"]["fields"]


def test_an_event_reads_with_times_in_its_zone_and_offset(app, api):
    event = make_event(
        timezone="Europe/London", starts_at=_at(2031, 7, 1, 18, 30), ends_at=_at(2031, 7, 1, 20)
    )
    data = api(make_user()).get(f"/events/{event.slug}").get_json()
    assert data["starts_at"] == "2031-07-01T18:30:00+01:00"
    assert data["timezone"] == "Europe/London"
    assert data["url"] == f"http://eventnet.test/e/{event.slug}"


def _at(*parts):
    from datetime import datetime

    return datetime(*parts)


def test_invisible_events_are_404(app, api):
    hidden = make_event(make_network(private=True))
    draft = make_event(publish=False)
    caller = api(make_user())
    for slug in (hidden.slug, draft.slug, "no-such-event", "NUL%00"):
        assert caller.get(f"/events/{slug}").status_code == 404


def test_the_join_link_is_only_for_confirmed_registrants_and_organisers(app, api):
    event = make_event(format="virtual", join_url="https://meet.example.org/heads")
    person = make_user()
    assert api(person).get(f"/events/{event.slug}").get_json()["join_url"] is None
    register(event, person)
    assert api(person).get(f"/events/{event.slug}").get_json()["join_url"] == (
        "https://meet.example.org/heads"
    )
    organiser = event.network.memberships[0].user
    listed = api(organiser).get("/events").get_json()["items"][0]
    assert listed["join_url"] == "https://meet.example.org/heads"
    assert api(make_user()).get("/events").get_json()["items"][0]["join_url"] is None


NEW = {
    "title": "Summer leadership breakfast",
    "starts_at": "2031-06-12T08:00:00+01:00",
    "ends_at": "2031-06-12T10:00:00+01:00",
    "timezone": "Europe/London",
    "venue_name": "Oakfield Academy",
    "capacity_in_person": 40,
}


def test_an_organiser_creates_a_draft_and_publishes_it(app, api):
    network = make_network()
    organiser = make_user()
    add_member(network, organiser, Role.ORGANISER)
    caller = api(organiser)
    response = caller.post("/events", json={"network": network.slug, **NEW})
    assert response.status_code == 201, response.get_json()
    created = response.get_json()
    assert created["status"] == "draft"
    assert created["slug"] == "summer-leadership-breakfast"
    assert created["starts_at"] == "2031-06-12T08:00:00+01:00"
    assert created["capacity_in_person"] == 40
    assert api(make_user()).get(f"/events/{created['slug']}").status_code == 404

    published = caller.post(f"/events/{created['slug']}/publish")
    assert published.get_json()["status"] == "published"
    assert api(make_user()).get(f"/events/{created['slug']}").status_code == 200


def test_wall_clock_times_are_taken_in_the_events_zone(app, api):
    network = make_network()
    body = {**NEW, "starts_at": "2031-01-12T08:00", "ends_at": "2031-01-12T10:00:00"}
    body["timezone"] = "America/New_York"
    response = api(network.memberships[0].user).post(
        "/events", json={"network": network.slug, **body}
    )
    assert response.get_json()["starts_at"] == "2031-01-12T08:00:00-05:00"


def test_nobody_creates_events_in_a_network_they_do_not_organise(app, api):
    network = make_network()
    member = make_user()
    add_member(network, member)
    for caller in (member, make_user()):
        response = api(caller).post("/events", json={"network": network.slug, **NEW})
        assert response.status_code == 404
        assert "network" in response.get_json()["error"]["fields"]
    assert db.session.query(Event).count() == 0


def test_the_services_rules_answer_with_the_field(app, api):
    network = make_network()
    caller = api(network.memberships[0].user)
    cases = [
        ({"ends_at": "2031-06-12T07:00:00+01:00"}, "ends_at"),
        ({"title": "   "}, "title"),
        ({"timezone": "Mars/Olympus_Mons"}, "timezone"),
        ({"join_url": "javascript:alert(1)", "format": "virtual"}, "join_url"),
        ({"hashtag": "#not valid"}, "hashtag"),
        ({"slug": "Not A Slug"}, "slug"),
    ]
    for change, field in cases:
        response = caller.post("/events", json={"network": network.slug, **NEW, **change})
        assert response.status_code == 400, change
        error = response.get_json()["error"]
        assert error["code"] == "invalid"
        assert list(error["fields"]) == [field], change


def test_changes_apply_only_the_fields_sent(app, api):
    event = make_event(title="Termly meet-up", capacity_in_person=10, hashtag="MHN")
    caller = api(event.network.memberships[0].user)
    response = caller.patch(f"/events/{event.slug}", json={"title": "Autumn meet-up"})
    assert response.status_code == 200, response.get_json()
    data = response.get_json()
    assert data["title"] == "Autumn meet-up"
    assert data["capacity_in_person"] == 10
    assert data["hashtag"] == "MHN"


def test_a_raised_capacity_promotes_the_waitlist_as_on_the_page(app, api):
    event = make_event(capacity_in_person=1)
    register(event)
    waiting = register(event)
    assert waiting.status.value == "waitlisted"
    caller = api(event.network.memberships[0].user)
    assert caller.patch(f"/events/{event.slug}", json={"capacity_in_person": 2}).status_code == 200
    db.session.refresh(waiting)
    assert waiting.status.value == "confirmed"


def test_attendees_and_other_organisers_cannot_change_an_event(app, api):
    event = make_event()
    attendee = make_user()
    register(event, attendee)
    other = make_network().memberships[0].user
    for caller in (attendee, other):
        response = api(caller).patch(f"/events/{event.slug}", json={"title": "Mine now"})
        assert response.status_code == 404
    db.session.refresh(event)
    assert event.title != "Mine now"
