"""Invitations: an organiser emails a link that works once, for that address, until it
expires; someone without an account signs up with that address and then accepts."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from eventnet.db import utcnow
from eventnet.extensions import db
from eventnet.networks.models import Invitation, Role
from tests.conftest import PASSWORD
from tests.factories import make_network, make_user
from tests.mailbox import outbox
from tests.networks.conftest import (
    field_error,
    flashes,
    form_errors,
    login_next,
    memberships,
    snapshot,
    text,
)

LINK = re.compile(r"http://eventnet\.test(/invitations/[A-Za-z0-9_-]+)")


def invite(client, cast, email: str, role: str = "member"):
    return client.post(
        f"/organise/n/{cast.network.slug}/invite", data={"email": email, "role": role}
    )


def invitation_path(to: str) -> str:
    """The path of the invitation link in the last email sent to ``to``."""
    email = outbox(to)[-1]
    match = LINK.search(email.text_body)
    assert match, email.text_body
    assert match.group(0) in email.html_body
    return match.group(1)


def invitations() -> list[Invitation]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Invitation).order_by(Invitation.id)))


@pytest.fixture
def invited(client, act_as, private_cast):
    """Omar the organiser has invited Una (who has an account) to the private network."""
    act_as(private_cast.organiser)
    invite(client, private_cast, private_cast.outsider.email)
    return invitation_path(private_cast.outsider.email)


def test_an_organiser_invites_an_email_and_an_email_with_the_link_is_queued(
    client, act_as, private_cast
):
    act_as(private_cast.organiser)

    response = invite(client, private_cast, "new.head@school.example")

    assert response.status_code == 302
    page = text(client.get(response.headers["Location"]))
    assert "Invitation emailed to new.head@school.example." in flashes(page)
    assert "new.head@school.example (member)" in page  # listed as not yet accepted
    (email,) = outbox("new.head@school.example")
    assert "Omar Organiser invites you to join Midlands Heads Network" in email.subject
    assert "works once, for new.head@school.example" in email.text_body
    (invitation,) = invitations()
    assert invitation.email == "new.head@school.example"
    assert invitation.role is Role.MEMBER
    assert invitation.invited_by_id == private_cast.organiser.id
    # The token is kept only as a hash: the link's secret is not in the database.
    token = invitation_path("new.head@school.example").rsplit("/", 1)[1]
    assert token not in invitation.token_hash


def test_the_invited_person_accepts_and_becomes_a_member(client, act_as, private_cast, invited):
    act_as(private_cast.outsider)
    page = text(client.get(invited))
    assert "Join Midlands Heads Network" in page
    assert "Accept and join" in page

    response = client.post(invited, follow_redirects=True)

    assert response.request.path == "/n/midlands-heads"
    assert "Welcome to Midlands Heads Network." in flashes(text(response))
    assert memberships(private_cast.network)[private_cast.outsider.email] is Role.MEMBER
    (invitation,) = invitations()
    assert invitation.accepted_by_id == private_cast.outsider.id
    assert invitation.accepted_at is not None


def test_the_invitation_link_works_only_once(client, act_as, private_cast, invited):
    act_as(private_cast.outsider)
    client.post(invited)
    client.post(f"/n/{private_cast.network.slug}/leave")
    before = snapshot()

    for response in (client.get(invited), client.post(invited)):
        assert response.status_code == 400
        assert "This invitation has already been used." in text(response)
    assert snapshot() == before
    assert private_cast.outsider.email not in memberships(private_cast.network)


def test_a_used_link_cannot_be_used_by_someone_else_either(client, act_as, private_cast, invited):
    act_as(private_cast.outsider)
    client.post(invited)
    act_as(private_cast.other_member)
    before = snapshot()
    assert client.post(invited).status_code == 400
    assert snapshot() == before


def test_someone_logged_in_with_another_address_is_refused(client, act_as, private_cast, invited):
    act_as(private_cast.other_member)
    page = text(client.get(invited))
    assert "Only una@nowhere.example can accept this invitation" in page
    before = snapshot()

    response = client.post(invited)

    assert response.status_code == 400
    assert "This invitation was sent to another email address." in form_errors(text(response))
    assert snapshot() == before
    assert private_cast.other_member.email not in memberships(private_cast.network)
    # The invitation is still there for the right person.
    act_as(private_cast.outsider)
    client.post(invited)
    assert private_cast.outsider.email in memberships(private_cast.network)


def test_an_expired_link_is_refused(client, act_as, private_cast, invited):
    (invitation,) = invitations()
    invitation.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    act_as(private_cast.outsider)
    before = snapshot()

    for response in (client.get(invited), client.post(invited)):
        assert response.status_code == 400
        assert "This invitation has expired. Ask the organiser for a new one." in text(response)
    assert snapshot() == before
    # Nor is it listed as open any more.
    act_as(private_cast.organiser)
    assert "una@nowhere.example (member)" not in text(client.get("/organise/n/midlands-heads"))


@pytest.mark.parametrize("token", ["nope", "A" * 43, "%C3%A9", "a%00b", "x" * 2000])
def test_an_unknown_link_is_404(client, act_as, private_cast, token):
    act_as(private_cast.outsider)
    before = snapshot()
    assert client.get(f"/invitations/{token}").status_code == 404
    assert client.post(f"/invitations/{token}").status_code == 404
    assert snapshot() == before


def test_anonymous_people_are_offered_log_in_and_sign_up_and_nothing_changes(
    client, act_as, private_cast, invited
):
    act_as(None)
    page = text(client.get(invited))
    assert f'href="/login?next={invited}"' in page
    assert f'href="/signup?next={invited}"' in page
    before = snapshot()
    assert client.post(invited).status_code == 200
    assert snapshot() == before


def test_someone_without_an_account_signs_up_then_accepts(client, act_as, private_cast):
    act_as(private_cast.organiser)
    invite(client, private_cast, "Newcomer@School.Example")
    path = invitation_path("newcomer@school.example")
    act_as(None)

    signup = client.post(
        f"/signup?next={path}",
        data={
            "name": "Nia Newcomer",
            "email": "NEWCOMER@school.example",
            "password": PASSWORD,
            "next": path,
        },
    )
    assert signup.status_code == 302
    assert signup.headers["Location"] == path
    accepted = client.post(path, follow_redirects=True)

    assert accepted.request.path == "/n/midlands-heads"
    assert memberships(private_cast.network)["newcomer@school.example"] is Role.MEMBER


def test_the_signup_page_keeps_the_invitation_as_next(client, act_as, private_cast, invited):
    act_as(None)
    page = text(client.get(f"/signup?next={invited}"))
    assert f'value="{invited}"' in page


def test_logging_in_from_the_invitation_comes_back_to_it(client, act_as, private_cast, invited):
    act_as(None)
    response = client.post(
        f"/login?next={invited}",
        data={"email": private_cast.outsider.email, "password": PASSWORD, "next": invited},
    )
    assert response.headers["Location"] == invited


@pytest.mark.parametrize(
    ("invited_as", "account"),
    [
        ("Priya.Head@School.Example", "priya.head@school.example"),
        ("priya.head@school.example", "PRIYA.HEAD@SCHOOL.EXAMPLE"),
        ("  PRIYA.head@school.EXAMPLE ", "Priya.Head@school.example"),
    ],
)
def test_the_email_match_ignores_letter_case(client, act_as, private_cast, invited_as, account):
    person = make_user("Priya Head", account)
    act_as(private_cast.organiser)
    assert invite(client, private_cast, invited_as).status_code == 302
    path = invitation_path(person.email)
    act_as(person)
    client.post(path)
    assert memberships(private_cast.network)[person.email] is Role.MEMBER


def test_an_owner_invites_an_organiser_who_joins_as_organiser(client, act_as, private_cast):
    act_as(private_cast.owner)
    assert invite(client, private_cast, private_cast.outsider.email, "organiser").status_code == 302
    path = invitation_path(private_cast.outsider.email)
    assert "as organiser" in outbox(private_cast.outsider.email)[-1].text_body
    act_as(private_cast.outsider)
    assert "as organiser" in text(client.get(path))
    client.post(path)
    assert memberships(private_cast.network)[private_cast.outsider.email] is Role.ORGANISER
    assert client.get("/organise/n/midlands-heads").status_code == 200


@pytest.mark.parametrize("role", ["organiser", "owner"])
def test_an_organiser_cannot_invite_organisers_or_owners(client, act_as, private_cast, role):
    act_as(private_cast.organiser)
    before = snapshot()
    response = invite(client, private_cast, "someone@school.example", role)
    assert response.status_code == 400
    assert field_error(text(response), "role") == "Only owners can invite organisers and owners."
    assert snapshot() == before


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"email": "", "role": "member"}, "email", "Enter an email address."),
        ({"role": "member"}, "email", "Enter an email address."),
        ({"email": "not-an-email", "role": "member"}, "email", "Enter a valid email address."),
        ({"email": "a@b", "role": "member"}, "email", "Enter a valid email address."),
        ({"email": "x" * 250 + "@school.example", "role": "member"}, "email", "254"),
        ({"email": "a\x00b@school.example", "role": "member"}, "email", "valid email"),
        ({"email": "ok@school.example", "role": "admin"}, "role", "Not a valid choice"),
        ({"email": "ok@school.example", "role": ""}, "role", "Not a valid choice"),
        ({"email": "mina@heads.example", "role": "member"}, "email", "already a member"),
        ({"email": "MINA@Heads.Example", "role": "member"}, "email", "already a member"),
    ],
)
def test_bad_invitations_are_refused_next_to_the_field(
    client, act_as, private_cast, data, field, message
):
    act_as(private_cast.owner)
    before = snapshot()
    response = client.post("/organise/n/midlands-heads/invite", data=data)
    assert response.status_code == 400
    assert message in field_error(text(response), field)
    assert snapshot() == before


def test_an_invitation_without_a_role_is_for_a_member(client, act_as, private_cast):
    act_as(private_cast.owner)
    client.post("/organise/n/midlands-heads/invite", data={"email": "ok@school.example"})
    (invitation,) = invitations()
    assert invitation.role is Role.MEMBER


def test_inviting_into_a_public_network_works_too(client, act_as, public_cast):
    act_as(public_cast.organiser)
    invite(client, public_cast, public_cast.outsider.email)
    path = invitation_path(public_cast.outsider.email)
    act_as(public_cast.outsider)
    client.post(path)
    assert memberships(public_cast.network)[public_cast.outsider.email] is Role.MEMBER


def test_an_invitation_to_one_network_does_not_open_another(client, act_as, private_cast):
    other = make_network(private_cast.owner, "Another Network", private=True)
    act_as(private_cast.owner)
    invite(client, private_cast, private_cast.outsider.email)
    path = invitation_path(private_cast.outsider.email)
    act_as(private_cast.outsider)
    client.post(path)
    assert private_cast.outsider.email not in memberships(other)
    assert client.get(f"/n/{other.slug}").status_code == 404


def test_invitation_page_needs_no_login_to_read_but_login_to_accept(
    client, act_as, private_cast, invited
):
    act_as(None)
    response = client.get(invited)
    assert response.status_code == 200
    assert login_next(response) is None
