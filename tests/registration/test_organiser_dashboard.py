"""The organiser's dashboard: approve and decline, invite, give a place by hand, check people
in, search, figures, and a spreadsheet-safe CSV export."""

import csv
import io
import re

import pytest
import sqlalchemy as sa

from eventnet.extensions import db
from eventnet.registration import services
from eventnet.registration.export import safe_cell
from eventnet.registration.models import AttendanceMode, Registration, RegistrationStatus
from tests.factories import make_event, make_network, make_user, register
from tests.mailbox import outbox
from tests.rows import every_row

CONFIRMED = RegistrationStatus.CONFIRMED


@pytest.fixture
def owner(app, login_as):
    owner = make_user("Priya Shah")
    login_as(owner)
    return owner


@pytest.fixture
def network(owner):
    return make_network(owner, slug="heads")


def test_approval_events_hold_requests_as_pending_and_email_the_decision(client, network):
    event = make_event(network, registration_mode="approval", capacity_in_person=1)
    first, second, third = (register(event) for _ in range(3))
    assert {r.status for r in (first, second, third)} == {RegistrationStatus.PENDING}
    assert outbox(first.user.email)[0].subject == f"Request received: {event.title}"
    page = client.get(f"/organise/e/{event.slug}").get_data(as_text=True)
    assert "Pending approval: 3" in page

    client.post(f"/organise/e/{event.slug}/registrations/{first.id}/approve")
    client.post(f"/organise/e/{event.slug}/registrations/{second.id}/approve")
    client.post(f"/organise/e/{event.slug}/registrations/{third.id}/decline")
    db.session.expire_all()
    assert first.status is CONFIRMED
    assert second.status is RegistrationStatus.WAITLISTED  # approved, but the place is taken
    assert third.status is RegistrationStatus.DECLINED
    assert outbox(first.user.email)[-1].subject.startswith("Approved: you are registered")
    assert outbox(second.user.email)[-1].subject.startswith("Approved: you are on the waitlist")
    assert outbox(third.user.email)[-1].subject == f"Your request for {event.title}"
    # Deciding again is refused with a message, and changes nothing.
    before = every_row()
    response = client.post(
        f"/organise/e/{event.slug}/registrations/{third.id}/approve", follow_redirects=True
    )
    assert "Only pending requests can be approved." in response.get_data(as_text=True)
    assert every_row() == before
    assert third.status is RegistrationStatus.DECLINED


def test_declined_people_cannot_register_again(app, network):
    event = make_event(network, registration_mode="approval")
    registration = register(event)
    services.decline(registration)
    db.session.commit()
    with pytest.raises(Exception, match="declined"):
        services.register(event, registration.user)


def test_invite_only_events_accept_people_through_their_invitation_link(
    client, login_as, owner, network
):
    event = make_event(network, registration_mode="invite")
    guest = make_user(email="helen.marsh@stmarys.example")
    response = client.post(f"/organise/e/{event.slug}/invite", data={"email": guest.email})
    assert response.status_code == 302
    [mail] = outbox(guest.email)
    assert mail.subject == f"Priya Shah invites you to {event.title}"
    link = re.search(r"http://eventnet\.test(/e/\S+/invitation/\S+)", mail.text_body).group(1)

    # Without the link, a person cannot register; with someone else's link, neither.
    login_as(make_user())
    page = client.get(f"/e/{event.slug}").get_data(as_text=True)
    assert "by invitation only" in page
    response = client.post(f"/e/{event.slug}/register")
    assert response.status_code == 400
    response = client.post(link)
    assert "sent to another email address" in response.get_data(as_text=True)
    assert client.get(f"/e/{event.slug}/invitation/not-a-token").status_code == 404

    login_as(guest)
    assert "Register" in client.get(link).get_data(as_text=True)
    response = client.post(link)
    assert response.status_code == 302
    registration = services.registration_of(event, guest)
    assert registration.status is CONFIRMED
    page = client.get(f"/organise/e/{event.slug}", follow_redirects=True)
    assert page.status_code == 404  # the guest is not an organiser


def test_invitations_only_for_invite_mode_events(client, network):
    event = make_event(network)
    response = client.post(f"/organise/e/{event.slug}/invite", data={"email": "a@b.example"})
    assert response.status_code == 400
    assert "Invitations are for events" in response.get_data(as_text=True)
    response = client.post(f"/organise/e/{event.slug}/invite", data={"email": "not an email"})
    assert response.status_code == 400
    assert outbox() == []


def test_check_in_is_idempotent_and_can_be_undone(client, network):
    event = make_event(network)
    registration = register(event)
    url = f"/organise/e/{event.slug}/registrations/{registration.id}"
    client.post(f"{url}/check-in")
    db.session.expire_all()
    first_time = registration.checked_in_at
    assert first_time is not None
    page = client.post(f"{url}/check-in", follow_redirects=True).get_data(as_text=True)
    assert "already checked in at" in page
    db.session.expire_all()
    assert registration.checked_in_at == first_time
    client.post(f"{url}/undo-check-in")
    db.session.expire_all()
    assert registration.checked_in_at is None


def test_waitlisted_people_cannot_be_checked_in(client, network):
    event = make_event(network, capacity_in_person=0)
    registration = register(event)
    page = client.post(
        f"/organise/e/{event.slug}/registrations/{registration.id}/check-in",
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Only confirmed registrations can be checked in." in page


def test_give_a_place_by_hand_from_the_dashboard(client, network):
    event = make_event(network, capacity_in_person=1)
    register(event)
    older, chosen = register(event), register(event)
    page = client.post(
        f"/organise/e/{event.slug}/registrations/{chosen.id}/promote", follow_redirects=True
    ).get_data(as_text=True)
    assert "capacity went up by one" in page
    db.session.expire_all()
    assert chosen.status is CONFIRMED
    assert older.status is RegistrationStatus.WAITLISTED


def test_figures_count_registered_waitlisted_and_checked_in_by_mode(client, network):
    event = make_event(network, format="hybrid", capacity_in_person=2, capacity_online=None)
    people = [register(event, mode="in_person") for _ in range(3)]
    register(event, mode="online")
    services.check_in(people[0], network.memberships[0].user, anyway=True)
    db.session.commit()
    figures = services.figures(event)
    assert figures.count(CONFIRMED, AttendanceMode.IN_PERSON) == 2
    assert figures.count(CONFIRMED, AttendanceMode.ONLINE) == 1
    assert (figures.confirmed, figures.waitlisted, figures.checked_in) == (3, 1, 1)
    page = client.get(f"/organise/e/{event.slug}").get_data(as_text=True)
    assert "2 of 2" in page
    assert "1 of unlimited" in page


def test_dashboard_search_by_name_or_email_and_status(client, network):
    event = make_event(network, capacity_in_person=1)
    register(event, make_user("Helen Marsh", "helen@stmarys.example"))
    register(event, make_user("David Chen", "david@northgate.example"))
    page = client.get(f"/organise/e/{event.slug}?q=marsh").get_data(as_text=True)
    assert "Helen Marsh" in page
    assert "David Chen" not in page
    page = client.get(f"/organise/e/{event.slug}?q=northgate").get_data(as_text=True)
    assert "David Chen" in page
    assert "Helen Marsh" not in page
    page = client.get(f"/organise/e/{event.slug}?status=waitlisted").get_data(as_text=True)
    assert "David Chen" in page
    assert "Helen Marsh" not in page
    for nasty in ("%", "_", "\\", "'", "\x00", "x" * 5000):
        assert client.get(f"/organise/e/{event.slug}", query_string={"q": nasty}).status_code == 200
    assert client.get(f"/organise/e/{event.slug}?status=bogus").status_code == 200


def test_csv_export_is_utf8_and_neutralises_formulas(client, network):
    event = make_event(network)
    register(event, make_user('=HYPERLINK("http://evil.example")', "evil@example.org"))
    register(event, make_user("Seán Murphy", "sean@brookvale.example"))
    for name in ("+1 234", "-2+3", "@SUM(A1)", "\tTab"):
        register(event, make_user(name))
    response = client.get(f"/organise/e/{event.slug}/attendees.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["Name", "Email", "Status"]
    names = [row[0] for row in rows[1:]]
    assert "Seán Murphy" in names
    assert '\'=HYPERLINK("http://evil.example")' in names
    for name in names:
        assert not name.startswith(("=", "+", "-", "@", "\t"))


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1"])
def test_safe_cell_neutralises_every_formula_start(value):
    assert safe_cell(value) == "'" + value


def test_safe_cell_leaves_ordinary_text_alone():
    assert safe_cell("Helen Marsh") == "Helen Marsh"
    assert safe_cell(None) == ""
    assert safe_cell(12) == "12"


def test_no_organiser_reads_another_networks_registrations(client, login_as, network):
    other = make_event(make_network(slug="other"), capacity_in_person=3)
    register(other, make_user("Someone Else"))
    assert client.get(f"/organise/e/{other.slug}/attendees.csv").status_code == 404
    assert client.get(f"/organise/e/{other.slug}").status_code == 404
    count = db.session.scalar(sa.select(sa.func.count()).select_from(Registration))
    assert count == 1
