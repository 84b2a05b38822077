"""Twenty identical clicks at once: one request to join, one membership, no 500, on SQLite and
PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa

from eventnet.extensions import db
from eventnet.networks import services
from eventnet.networks.models import JoinRequest, JoinRequestStatus, Membership
from tests.bursts import COPIES, burst, emails_queued, server_errors
from tests.factories import make_network, make_user
from tests.networks.test_invitations import invitation_path


def rows(model, network, user) -> list:
    return db.session.scalars(
        sa.select(model).where(model.network_id == network.id, model.user_id == user.id)
    ).all()


def test_asking_to_join_twenty_times_at_once_makes_one_waiting_request(app, client, login_as):
    network = make_network(name="Midlands Heads Network", private=True)
    una = login_as(make_user("Una Head"))
    emails = emails_queued()

    answers = burst(
        app,
        client,
        "POST",
        f"/n/{network.slug}/request/{network.request_code}",
        data={"message": "Head at Una Primary"},
    )

    assert not server_errors(answers), server_errors(answers)
    (request,) = rows(JoinRequest, network, una)
    assert request.status is JoinRequestStatus.PENDING
    assert request.message == "Head at Una Primary"
    assert rows(Membership, network, una) == []
    assert emails_queued() - emails <= 1
    # The first is sent; every other click is told it is waiting, on the form, not an error page.
    sent = [a for a in answers if a.status == 302]
    assert len(sent) == 1
    assert sent[0].location.endswith("/me")
    for answer in answers:
        if answer.status != 302:
            assert answer.status in (400, 409)  # the form again, with the refusal on it
            assert "You have already asked to join; an organiser will decide soon." in answer.page


def test_accepting_an_invitation_twenty_times_at_once_makes_one_membership(app, client, login_as):
    owner = make_user("Olivia Owner")
    network = make_network(owner, "Midlands Heads Network", private=True)
    una = make_user("Una Head", "una@school.example")
    services.invite(network, owner, una.email)
    db.session.commit()
    link = invitation_path(una.email)
    login_as(una)
    emails = emails_queued()

    answers = burst(app, client, "POST", link)

    assert not server_errors(answers), server_errors(answers)
    (membership,) = rows(Membership, network, una)
    assert membership.user_id == una.id
    assert emails_queued() - emails <= 1
    # Every click, the first or not, ends where the first did: welcome, on the network's page.
    assert [a.status for a in answers] == [302] * COPIES
    assert {a.location for a in answers} == {f"/n/{network.slug}"}
