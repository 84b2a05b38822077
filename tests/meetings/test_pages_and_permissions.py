"""Who sees what: the organiser's settings, the request page, "My meetings" and its actions."""

from __future__ import annotations

import pytest

from eventnet.accounts.services import export_user_data
from eventnet.extensions import db
from eventnet.meetings import receivers as meetings_receivers
from eventnet.meetings import services
from eventnet.meetings.models import MeetingStatus
from eventnet.networks.models import Role
from tests.factories import add_member, make_network, make_user
from tests.meetings.conftest import accept, ask, attendee, meeting_event, slot

SETTINGS_URL = "/organise/e/{slug}/meetings"


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("owner", 200),
        ("organiser", 200),
        ("admin", 200),
        ("member", 404),
        ("attendee", 404),
        ("other_networks_organiser", 404),
        ("anonymous", 302),
    ],
)
def test_only_the_events_organisers_reach_its_meeting_settings(app, client, login_as, who, status):
    owner = make_user()
    network = make_network(owner)
    event = meeting_event(network)
    people = {
        "owner": owner,
        "organiser": add_member(network, make_user(), Role.ORGANISER).user,
        "admin": make_user(admin=True),
        "member": add_member(network, make_user()).user,
        "attendee": attendee(event),
        "other_networks_organiser": make_network().memberships[0].user,
    }
    if who != "anonymous":
        login_as(people[who])
    url = SETTINGS_URL.format(slug=event.slug)
    assert client.get(url).status_code == status
    posted = client.post(url, data={"enabled": "", "windows": "", "slot_minutes": "15"})
    assert posted.status_code == (302 if status == 200 else status)
    assert services.settings_of(event).enabled is (status != 200)


def test_the_organiser_sets_windows_tables_and_cap(app, client, login_as):
    event = meeting_event(timezone="Europe/London")
    login_as(event.network.memberships[0].user)
    response = client.post(
        f"/organise/e/{event.slug}/meetings",
        data={
            "enabled": "y",
            "windows": "10:00-11:00\n14:00-15:00",
            "slot_minutes": "20",
            "place_names": "Library\nStaff room",
            "cap_per_person": "3",
        },
    )
    assert response.status_code == 302
    settings = services.settings_of(event)
    assert settings.places == ["Library", "Staff room"]
    assert settings.cap_per_person == 3
    assert len(services.slots_of(settings)) == 6
    assert services.windows_text(event, settings) == "10:00-11:00\n14:00-15:00"
    page = client.get(f"/organise/e/{event.slug}/meetings").get_data(as_text=True)
    assert "Staff room" in page


def test_the_request_page_offers_only_slots_where_both_are_free(pair, client, login_as):
    event, priya, tom = pair
    helen = attendee(event, "Helen Marsh")
    accept(ask(event, helen, tom, n=1))  # Tom is busy at 12:15
    login_as(priya)
    page = client.get(f"/e/{event.slug}/meetings/request/{tom.id}").get_data(as_text=True)
    assert slot(event, 0).isoformat() in page
    assert slot(event, 1).isoformat() not in page
    response = client.post(
        f"/e/{event.slug}/meetings/request/{tom.id}",
        data={"slot": slot(event, 2).isoformat(), "message": "Phonics?"},
    )
    assert response.status_code == 302
    [meeting] = [m for m in services.my_meetings(tom)[0].entries if m.other.id == priya.id]
    assert meeting.meeting.message == "Phonics?"


def test_my_meetings_shows_time_in_the_events_zone_place_and_the_other_card(app, client, login_as):
    event = meeting_event(timezone="America/New_York", windows="12:00-13:00")
    priya, tom = attendee(event, "Priya Shah"), attendee(event, "Tom Okafor")
    meeting = ask(event, priya, tom, message="Hello")
    login_as(tom)
    page = client.get("/me/meetings").get_data(as_text=True)
    assert "12:00–12:15 with Priya Shah" in page
    assert "They ask you" in page
    assert (
        client.post(f"/me/meetings/{meeting.id}/accept", data={"reply": "Gladly"}).status_code
        == 302
    )
    db.session.refresh(meeting)
    assert meeting.status is MeetingStatus.ACCEPTED
    login_as(priya)
    page = client.get("/me/meetings").get_data(as_text=True)
    assert "12:00–12:15 with Tom Okafor" in page
    assert "Table 1" in page
    assert "Gladly" in page
    assert "America/New_York" in page


def test_other_people_cannot_act_on_a_meeting(pair, client, login_as):
    event, priya, tom = pair
    meeting = ask(event, priya, tom)
    login_as(attendee(event))
    for action in ("accept", "decline", "cancel"):
        assert client.post(f"/me/meetings/{meeting.id}/{action}").status_code == 404
    assert "Priya" not in client.get("/me/meetings").get_data(as_text=True)
    login_as(priya)  # the requester cannot accept their own request
    assert client.post(f"/me/meetings/{meeting.id}/accept").status_code == 404
    db.session.refresh(meeting)
    assert meeting.status is MeetingStatus.PROPOSED


def test_my_meetings_takes_the_same_queries_however_many_meetings(
    app, client, login_as, count_queries
):
    event = meeting_event(tables=20, windows="12:00-16:00")
    priya = attendee(event, "Priya Shah")
    login_as(priya)

    def queries_for_page() -> int:
        with count_queries() as queries:
            assert client.get("/me/meetings").status_code == 200
        return len(queries)

    accept(ask(event, priya, attendee(event)))
    one = queries_for_page()
    for n in range(1, 8):
        meeting = ask(event, attendee(event), priya, n=n)
        if n % 2:
            accept(meeting)
    assert queries_for_page() == one


def test_account_export_lists_meetings_and_deletion_cancels_them(pair, client, login_as):
    event, priya, tom = pair
    meeting = accept(ask(event, priya, tom))
    [row] = export_user_data(priya)["meetings"]
    assert row["with"] == "Tom Okafor"
    assert row["status"] == "accepted"
    assert row["place"] == "Table 1"
    meetings_receivers.delete_account_data(tom)  # the meetings step of account_deleting
    db.session.commit()
    db.session.refresh(meeting)
    assert meeting.status is MeetingStatus.CANCELLED


def test_the_organiser_dashboard_counts_meetings(pair, client, login_as):
    event, priya, tom = pair
    accept(ask(event, priya, tom))
    ask(event, attendee(event), tom, n=1)
    login_as(event.network.memberships[0].user)
    page = client.get(f"/organise/e/{event.slug}").get_data(as_text=True)
    assert "1:1 meetings: 1 accepted, 1 waiting for an answer, 0 declined, 0 cancelled." in page
