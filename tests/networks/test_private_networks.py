"""Private networks are invisible to everyone outside them; people ask to join through a
secret request link that organisers share, and organisers decide."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from eventnet.extensions import db
from eventnet.networks import services
from eventnet.networks.models import JoinRequest, JoinRequestStatus, Role
from tests.factories import make_user
from tests.mailbox import outbox
from tests.networks.conftest import (
    flashes,
    form_errors,
    login_next,
    memberships,
    snapshot,
    text,
)

OUTSIDERS = ["anonymous", "outsider", "other_member", "other_organiser", "applicant"]


# --- invisible to outsiders ------------------------------------------------------------------


@pytest.mark.parametrize("kind", OUTSIDERS)
def test_private_network_page_is_404_to_outsiders(client, act_as, private_cast, kind):
    act_as(private_cast.user(kind))
    response = client.get("/n/midlands-heads")
    assert response.status_code == 404
    assert "Midlands Heads" not in text(response)


@pytest.mark.parametrize("kind", OUTSIDERS)
def test_private_network_is_absent_from_the_home_page(client, act_as, private_cast, kind):
    act_as(private_cast.user(kind))
    page = text(client.get("/"))
    assert "Midlands Heads" not in page
    assert "midlands-heads" not in page


@pytest.mark.parametrize("kind", ["outsider", "other_member", "other_organiser", "applicant"])
def test_joining_a_private_network_is_404_to_outsiders(client, act_as, private_cast, kind):
    act_as(private_cast.user(kind))
    before = snapshot()
    assert client.post("/n/midlands-heads/join").status_code == 404
    assert client.post("/n/midlands-heads/leave").status_code == 404
    assert snapshot() == before


def test_anonymous_join_of_a_private_network_answers_as_for_a_missing_one(client, private_cast):
    """Anonymous people are sent to log in before anything is looked up, so the answer says
    nothing about whether the network exists."""
    before = snapshot()
    private = client.post("/n/midlands-heads/join")
    missing = client.post("/n/no-such-network/join")
    assert login_next(private) == "/n/midlands-heads/join"
    assert login_next(missing) == "/n/no-such-network/join"
    assert snapshot() == before


@pytest.mark.parametrize("kind", ["member", "organiser", "owner", "admin"])
def test_members_and_site_admins_see_the_private_network(client, act_as, private_cast, kind):
    act_as(private_cast.user(kind))
    response = client.get("/n/midlands-heads")
    assert response.status_code == 200
    assert "Private network" in text(response)


def test_a_member_sees_their_private_network_in_my_space_but_not_on_the_home_page(
    client, act_as, private_cast
):
    act_as(private_cast.member)
    assert "Midlands Heads Network" in text(client.get("/me"))
    assert "Midlands Heads Network" not in text(client.get("/"))


def test_public_networks_lists_only_public_ones(public_cast):
    names = [n.name for n in services.public_networks()]
    assert names == ["Midlands Heads Network"]  # "Trust Leaders" is private


# --- the request link ------------------------------------------------------------------------


def request_url(cast) -> str:
    db.session.refresh(cast.network)
    return f"/n/{cast.network.slug}/request/{cast.network.request_code}"


def requests_of(user) -> list[JoinRequest]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(JoinRequest).where(JoinRequest.user_id == user.id)))


def test_organisers_see_the_request_link_on_the_manage_page(client, act_as, private_cast):
    act_as(private_cast.organiser)
    page = text(client.get("/organise/n/midlands-heads"))
    assert f"http://eventnet.test{request_url(private_cast)}" in page


def test_someone_with_the_request_link_asks_to_join(client, act_as, private_cast):
    act_as(private_cast.outsider)
    url = request_url(private_cast)
    page = text(client.get(url))
    assert "Ask to join Midlands Heads Network" in page

    response = client.post(url, data={"message": "Deputy head at Una Academy"})

    assert response.status_code == 302
    (join_request,) = requests_of(private_cast.outsider)
    assert join_request.status is JoinRequestStatus.PENDING
    assert join_request.message == "Deputy head at Una Academy"
    assert private_cast.outsider.email not in memberships(private_cast.network)
    # Asking does not let them in: the network stays invisible until an organiser decides.
    assert client.get("/n/midlands-heads").status_code == 404
    # The organisers see it waiting.
    act_as(private_cast.organiser)
    assert "Deputy head at Una Academy" in text(client.get("/organise/n/midlands-heads"))


@pytest.mark.parametrize("code", ["wrong", "x" * 22, "%C3%A9t%C3%A9", "a%00b", "%20", "A" * 500])
def test_a_wrong_request_code_is_404(client, act_as, private_cast, code):
    act_as(private_cast.outsider)
    before = snapshot()
    assert client.get(f"/n/midlands-heads/request/{code}").status_code == 404
    assert (
        client.post(f"/n/midlands-heads/request/{code}", data={"message": "hi"}).status_code == 404
    )
    assert snapshot() == before


def test_another_networks_request_code_does_not_open_this_one(client, act_as, private_cast):
    act_as(private_cast.outsider)
    other_code = private_cast.other_network.request_code
    assert client.get(f"/n/midlands-heads/request/{other_code}").status_code == 404


def test_a_public_network_has_no_request_link(client, act_as, public_cast):
    act_as(public_cast.outsider)
    assert client.get(request_url(public_cast)).status_code == 404


def test_the_request_link_asks_anonymous_people_to_log_in(client, private_cast):
    url = request_url(private_cast)
    assert login_next(client.get(url)) == url


def test_a_member_following_the_request_link_goes_to_the_network(client, act_as, private_cast):
    act_as(private_cast.member)
    response = client.get(request_url(private_cast))
    assert response.status_code == 302
    assert response.headers["Location"] == "/n/midlands-heads"


def test_a_second_pending_request_is_refused(client, act_as, private_cast):
    act_as(private_cast.applicant)
    before = snapshot()
    response = client.post(request_url(private_cast), data={"message": "Please!"})
    assert response.status_code == 400
    assert "You have already asked to join" in form_errors(text(response))
    assert snapshot() == before


def test_an_overlong_request_message_is_refused(client, act_as, private_cast):
    act_as(private_cast.outsider)
    before = snapshot()
    response = client.post(request_url(private_cast), data={"message": "x" * 501})
    assert response.status_code == 400
    assert "500" in text(response)
    assert snapshot() == before


def approve_url(cast, decision: str = "approve") -> str:
    return f"/organise/n/midlands-heads/requests/{cast.join_request.id}/{decision}"


def test_an_organiser_approves_a_request_and_the_requester_is_emailed(client, act_as, private_cast):
    applicant = private_cast.applicant
    act_as(private_cast.organiser)

    response = client.post(approve_url(private_cast), follow_redirects=True)

    assert "Request approved." in flashes(text(response))
    assert memberships(private_cast.network)[applicant.email] is Role.MEMBER
    (join_request,) = requests_of(applicant)
    assert join_request.status is JoinRequestStatus.APPROVED
    assert join_request.decided_by_id == private_cast.organiser.id
    (email,) = outbox(applicant.email)
    assert "Midlands Heads Network" in email.subject
    assert "http://eventnet.test/n/midlands-heads" in email.text_body
    # The new member now sees the network.
    act_as(applicant)
    assert client.get("/n/midlands-heads").status_code == 200


def test_an_organiser_declines_a_request_and_the_requester_is_emailed(client, act_as, private_cast):
    applicant = private_cast.applicant
    act_as(private_cast.organiser)

    response = client.post(approve_url(private_cast, "decline"), follow_redirects=True)

    assert "Request declined." in flashes(text(response))
    assert applicant.email not in memberships(private_cast.network)
    (join_request,) = requests_of(applicant)
    assert join_request.status is JoinRequestStatus.DECLINED
    (email,) = outbox(applicant.email)
    assert email.to_address == applicant.email
    assert "Midlands Heads Network" in email.subject + email.text_body
    act_as(applicant)
    assert client.get("/n/midlands-heads").status_code == 404


def test_the_approval_and_decline_emails_say_what_was_decided(client, act_as, private_cast):
    second = make_user("Bea Second", "bea@school.example")
    db.session.add(JoinRequest(network=private_cast.network, user=second))
    db.session.commit()
    second_request = requests_of(second)[0]
    act_as(private_cast.organiser)
    client.post(approve_url(private_cast))
    client.post(f"/organise/n/midlands-heads/requests/{second_request.id}/decline")
    (approved,) = outbox(private_cast.applicant.email)
    (declined,) = outbox(second.email)
    assert approved.subject == "Welcome to Midlands Heads Network"
    assert "was approved" in approved.text_body
    assert declined.subject == "Your request to join Midlands Heads Network"
    assert "was not approved" in declined.text_body
    assert "http://eventnet.test/n/midlands-heads" not in declined.text_body


def test_a_decided_request_cannot_be_decided_again(client, act_as, private_cast):
    act_as(private_cast.organiser)
    client.post(approve_url(private_cast, "decline"))
    before = snapshot()
    response = client.post(approve_url(private_cast), follow_redirects=True)
    assert "That request has already been decided." in flashes(text(response))
    assert snapshot() == before


def test_a_declined_person_may_ask_again(client, act_as, private_cast):
    act_as(private_cast.organiser)
    client.post(approve_url(private_cast, "decline"))
    act_as(private_cast.applicant)
    response = client.post(request_url(private_cast), data={"message": "Second try"})
    assert response.status_code == 302
    (join_request,) = requests_of(private_cast.applicant)
    assert join_request.status is JoinRequestStatus.PENDING
    assert join_request.message == "Second try"


def test_regenerating_the_request_link_makes_the_old_one_404(client, act_as, private_cast):
    old_url = request_url(private_cast)
    act_as(private_cast.organiser)

    response = client.post("/organise/n/midlands-heads/request-link", follow_redirects=True)

    assert "the old one no longer works" in flashes(text(response))
    new_url = request_url(private_cast)
    assert new_url != old_url
    assert f"http://eventnet.test{new_url}" in text(response)
    act_as(private_cast.outsider)
    assert client.get(old_url).status_code == 404
    assert client.post(old_url, data={"message": "hi"}).status_code == 404
    assert requests_of(private_cast.outsider) == []
    assert client.get(new_url).status_code == 200
