"""Badges through the API: organisers check people in by a scanned or typed badge; attendees
exchange contacts by badge, read them with their notes, note and remove them."""

from __future__ import annotations

import pytest

from eventnet.badges import services as badges
from eventnet.extensions import db
from eventnet.profiles.services import ProfileData, update_profile
from tests.factories import make_event, make_network, make_user, register


@pytest.fixture
def scene(app):
    network = make_network()
    event = make_event(network)
    ada, ben = make_user("Ada Lovelace"), make_user("Ben Okri")
    update_profile(ben, ProfileData(headline="Deputy head", contact_email="ben@riverside.example"))
    badge_of = {}
    for person in (ada, ben):
        badge_of[person.id] = badges.ensure_badge(register(event, person))
    db.session.commit()
    return event, network.memberships[0].user, ada, ben, badge_of


def test_organisers_check_in_by_badge_token_then_hear_already_checked_in(scene, api):
    event, organiser, ada, _, badge_of = scene
    url = f"/events/{event.slug}/check-in"
    first = api(organiser).post(url, json={"badge_token": badge_of[ada.id].token})
    assert first.status_code == 200
    assert first.get_json()["result"] == "checked_in"
    assert first.get_json()["registration"]["person"]["name"] == "Ada Lovelace"
    again = api(organiser).post(url, json={"short_code": badge_of[ada.id].short_code.lower()})
    assert again.get_json()["result"] == "already_checked_in"


def test_a_badge_of_another_event_or_a_wrong_code_is_not_found(scene, api):
    event, organiser, ada, _, badge_of = scene
    other = make_event(event.network)
    url = f"/events/{other.slug}/check-in"
    response = api(organiser).post(url, json={"badge_token": badge_of[ada.id].token})
    assert response.status_code == 404
    assert "badge_token" in response.get_json()["error"]["fields"]
    typed = api(organiser).post(url, json={"short_code": badge_of[ada.id].short_code})
    assert typed.status_code == 404
    both = api(organiser).post(url, json={})
    assert both.status_code == 400


def test_only_organisers_check_in(scene, api):
    event, _, ada, ben, badge_of = scene
    response = api(ben).post(
        f"/events/{event.slug}/check-in", json={"badge_token": badge_of[ada.id].token}
    )
    assert response.status_code == 404


def test_attendees_exchange_contacts_by_badge_once(scene, api):
    event, _, ada, ben, badge_of = scene
    url = f"/events/{event.slug}/connections"
    made = api(ada).post(url, json={"badge_token": badge_of[ben.id].token})
    assert made.status_code == 201
    contact = made.get_json()
    assert contact["person"]["headline"] == "Deputy head"
    assert contact["contact_details"]["email"] == "ben@riverside.example"
    again = api(ada).post(url, json={"short_code": badge_of[ben.id].short_code})
    assert again.status_code == 200
    assert again.get_json()["id"] == contact["id"]


def test_outsiders_cannot_exchange(scene, api):
    event, _, _, ben, badge_of = scene
    stranger = make_user()
    url = f"/events/{event.slug}/connections"
    assert api(stranger).post(url, json={"badge_token": badge_of[ben.id].token}).status_code == 404


def test_my_contacts_with_notes_and_removing_one(scene, api):
    event, _, ada, ben, badge_of = scene
    made = api(ada).post(
        f"/events/{event.slug}/connections", json={"badge_token": badge_of[ben.id].token}
    )
    contact_id = made.get_json()["id"]
    noted = api(ada).patch(f"/me/contacts/{contact_id}", json={"note": "Phonics pilot in May"})
    assert noted.get_json()["note"] == "Phonics pilot in May"
    listed = api(ada).get("/me/contacts").get_json()
    assert [c["note"] for c in listed["items"]] == ["Phonics pilot in May"]
    assert api(ben).get(f"/me/contacts/{contact_id}").get_json()["note"] == ""
    assert api(make_user()).get(f"/me/contacts/{contact_id}").status_code == 404

    assert api(ada).delete(f"/me/contacts/{contact_id}").status_code == 204
    assert api(ada).get("/me/contacts").get_json()["items"] == []
    assert api(ben).get("/me/contacts").get_json()["items"] != []
