"""Registrations through the API: people register and cancel themselves; organisers list,
approve, decline, check in (idempotently) and undo, with the same rules as the pages."""

from __future__ import annotations

from eventnet.extensions import db
from eventnet.mail.models import Email
from eventnet.registration.models import RegistrationStatus
from tests.factories import make_event, make_user, register


def test_registering_confirms_while_places_last_then_waitlists(app, api):
    event = make_event(capacity_in_person=1)
    first = api(make_user()).post(f"/events/{event.slug}/registration")
    assert first.status_code == 201
    assert first.get_json()["status"] == "confirmed"
    second = api(make_user()).post(f"/events/{event.slug}/registration", json={})
    assert second.get_json()["status"] == "waitlisted"
    assert db.session.query(Email).count() == 2  # each is emailed, as from the page


def test_registering_twice_is_a_conflict(app, api):
    event = make_event()
    caller = api(make_user())
    caller.post(f"/events/{event.slug}/registration")
    again = caller.post(f"/events/{event.slug}/registration")
    assert again.status_code == 409
    assert again.get_json()["error"]["code"] == "conflict"


def test_a_hybrid_event_takes_the_mode(app, api):
    event = make_event(format="hybrid", join_url="https://meet.example.org/x")
    response = api(make_user()).post(f"/events/{event.slug}/registration", json={"mode": "online"})
    assert response.get_json()["mode"] == "online"
    wrong = api(make_user()).post(f"/events/{event.slug}/registration", json={"mode": "astral"})
    assert wrong.status_code == 400
    assert "mode" in wrong.get_json()["error"]["fields"]


def test_invite_only_events_refuse_people_without_an_invitation(app, api):
    event = make_event(registration_mode="invite")
    response = api(make_user()).post(f"/events/{event.slug}/registration")
    assert 400 <= response.status_code < 500


def test_cancelling_frees_the_place_for_the_oldest_waitlisted(app, api):
    event = make_event(capacity_in_person=1)
    holder = make_user()
    register(event, holder)
    waiting = register(event)
    response = api(holder).delete(f"/events/{event.slug}/registration")
    assert response.status_code == 200
    assert response.get_json()["status"] == "cancelled"
    db.session.refresh(waiting)
    assert waiting.status is RegistrationStatus.CONFIRMED


def test_my_registration_reads_back_and_is_404_without_one(app, api):
    event = make_event()
    person = make_user()
    assert api(person).get(f"/events/{event.slug}/registration").status_code == 404
    assert api(person).delete(f"/events/{event.slug}/registration").status_code == 404
    register(event, person)
    mine = api(person).get(f"/events/{event.slug}/registration").get_json()
    assert mine["status"] == "confirmed"
    assert "person" not in mine
    listed = api(person).get("/me/registrations").get_json()["items"]
    assert [r["event"] for r in listed] == [event.slug]


def test_organisers_list_registrations_by_status_in_pages(app, api):
    event = make_event(registration_mode="approval")
    for _ in range(3):
        register(event)
    organiser = api(event.network.memberships[0].user)
    first = organiser.get(f"/events/{event.slug}/registrations?status=pending&per_page=2")
    data = first.get_json()
    assert [r["status"] for r in data["items"]] == ["pending", "pending"]
    assert data["items"][0]["person"]["email"].endswith(".example")
    assert "status=pending" in data["next"]
    rest = organiser.get(data["next"].removeprefix("http://localhost/api/v1")).get_json()
    assert len(rest["items"]) == 1
    assert rest["next"] is None
    assert organiser.get(f"/events/{event.slug}/registrations?status=confirmed").get_json() == {
        "items": [],
        "next": None,
    }
    assert organiser.get(f"/events/{event.slug}/registrations?status=maybe").status_code == 400


def test_organisers_approve_and_decline_pending_requests(app, api):
    event = make_event(registration_mode="approval")
    yes, no = register(event), register(event)
    organiser = api(event.network.memberships[0].user)
    base = f"/events/{event.slug}/registrations"
    assert organiser.post(f"{base}/{yes.id}/approve").get_json()["status"] == "confirmed"
    assert organiser.post(f"{base}/{no.id}/decline").get_json()["status"] == "declined"
    again = organiser.post(f"{base}/{yes.id}/approve")
    assert again.status_code == 400
    assert again.get_json()["error"]["message"] == "Only pending requests can be approved."


def test_check_in_is_idempotent_and_says_already_checked_in(app, api):
    event = make_event()
    person = register(event)
    organiser = api(event.network.memberships[0].user)
    url = f"/events/{event.slug}/registrations/{person.id}/check-in"
    first = organiser.post(url).get_json()
    assert first["result"] == "checked_in"
    second = organiser.post(url).get_json()
    assert second["result"] == "already_checked_in"
    assert second["registration"]["checked_in_at"] == first["registration"]["checked_in_at"]

    undone = organiser.delete(url)
    assert undone.status_code == 200
    assert undone.get_json()["checked_in_at"] is None
    assert organiser.post(url).get_json()["result"] == "checked_in"


def test_only_confirmed_people_are_checked_in(app, api):
    event = make_event(registration_mode="approval")
    pending = register(event)
    organiser = api(event.network.memberships[0].user)
    response = organiser.post(f"/events/{event.slug}/registrations/{pending.id}/check-in")
    assert response.status_code == 400


def test_a_registration_of_another_event_is_404(app, api):
    event, other = make_event(), make_event()
    elsewhere = register(other)
    organiser = api(event.network.memberships[0].user)
    for path in ("", "/approve", "/check-in"):
        method = organiser.get if not path else organiser.post
        assert method(f"/events/{event.slug}/registrations/{elsewhere.id}{path}").status_code == 404
    assert organiser.get(f"/events/{event.slug}/registrations/99999999999").status_code == 404


def test_registering_takes_the_same_few_statements_however_many_are_registered(
    app, api, count_queries
):
    """The lock, the capacity count and the queued confirmation (with its calendar file) in
    a fixed number of statements: none per registration already there."""
    event = make_event(capacity_in_person=100)
    path = f"/events/{event.slug}/registration"

    def register_one():
        caller = api(make_user())  # a token used for the first time: last_used_at is written
        with count_queries() as statements:
            response = caller.post(path, json={})
        assert response.status_code == 201
        assert response.get_json()["status"] == "confirmed"
        return statements

    few = register_one()
    for _ in range(15):
        register(event)
    many = register_one()
    assert len(many) == len(few)
    # 11, and the event's registration questions: read to check the answers, and to show them.
    assert len(few) <= 13, "\n".join(few)
    assert db.session.query(Email).count() == 17
