"""1:1 meetings through the API, on the meetings services: free slots, request, accept,
decline, cancel; only the two people see a meeting."""

from __future__ import annotations

from tests.factories import make_user
from tests.meetings.conftest import attendee, meeting_event, slot


def test_request_then_accept_books_a_table(app, api):
    event = meeting_event()
    ada, ben = attendee(event, "Ada"), attendee(event, "Ben")
    slots = api(ada).get(f"/events/{event.slug}/meetings/slots?with={ben.id}").get_json()["items"]
    assert slots[0]["starts_at"] == slot(event).isoformat()
    asked = api(ada).post(
        f"/events/{event.slug}/meetings",
        json={"with": ben.id, "starts_at": slots[0]["starts_at"], "message": "Phonics?"},
    )
    assert asked.status_code == 201, asked.get_json()
    meeting = asked.get_json()
    assert meeting["status"] == "proposed"
    assert meeting["with"]["name"] == "Ben"
    assert meeting["incoming"] is False

    incoming = api(ben).get("/me/meetings").get_json()["items"]
    assert [m["incoming"] for m in incoming] == [True]
    accepted = api(ben).post(f"/me/meetings/{meeting['id']}/accept", json={"reply": "Gladly"})
    assert accepted.get_json()["status"] == "accepted"
    assert accepted.get_json()["place"]

    # Only the invitee accepts; the requester cannot.
    again = api(ada).post(f"/me/meetings/{meeting['id']}/accept")
    assert again.status_code == 404


def test_decline_and_cancel(app, api):
    event = meeting_event()
    ada, ben = attendee(event), attendee(event)
    url = f"/events/{event.slug}/meetings"
    first = api(ada).post(url, json={"with": ben.id, "starts_at": slot(event, 0).isoformat()})
    second = api(ada).post(url, json={"with": ben.id, "starts_at": slot(event, 1).isoformat()})
    declined = api(ben).post(f"/me/meetings/{first.get_json()['id']}/decline")
    assert declined.get_json()["status"] == "declined"
    cancelled = api(ada).post(f"/me/meetings/{second.get_json()['id']}/cancel", json={})
    assert cancelled.get_json()["status"] == "cancelled"
    assert api(ada).post(f"/me/meetings/{second.get_json()['id']}/cancel").status_code == 409


def test_a_time_that_is_no_slot_is_refused_with_the_field(app, api):
    event = meeting_event()
    ada, ben = attendee(event), attendee(event)
    response = api(ada).post(
        f"/events/{event.slug}/meetings",
        json={"with": ben.id, "starts_at": "2031-01-01T03:07:00+00:00"},
    )
    assert response.status_code == 400
    assert "slot" in response.get_json()["error"]["fields"]


def test_strangers_neither_see_nor_book(app, api):
    event = meeting_event()
    ada, ben = attendee(event), attendee(event)
    stranger = make_user()
    meeting = (
        api(ada)
        .post(
            f"/events/{event.slug}/meetings",
            json={"with": ben.id, "starts_at": slot(event).isoformat()},
        )
        .get_json()
    )
    assert api(stranger).get(f"/me/meetings/{meeting['id']}").status_code == 404
    assert api(stranger).post(f"/me/meetings/{meeting['id']}/cancel").status_code == 404
    refused = api(stranger).post(
        f"/events/{event.slug}/meetings",
        json={"with": ben.id, "starts_at": slot(event).isoformat()},
    )
    assert refused.status_code == 400
    assert api(ada).get(f"/events/{event.slug}/meetings/slots").status_code == 400
