"""Changing name, email and password; downloading my data; deleting my account."""

from __future__ import annotations

import json

import sqlalchemy as sa

from eventnet.accounts.models import User
from eventnet.accounts.services import authenticate
from eventnet.extensions import db
from eventnet.networks.models import Membership, Network, Role
from tests.conftest import PASSWORD
from tests.factories import add_member, make_network, make_user
from tests.mailbox import outbox


def test_change_email_needs_the_current_password_and_tells_the_old_address(client, login_as):
    user = login_as(make_user(email="old@school.example"))
    refused = client.post(
        "/me/settings",
        data={
            "action": "email",
            "email-email": "new@school.example",
            "email-current_password": "wrong one!",
        },
    )
    assert refused.status_code == 400
    assert "not your current password" in refused.get_data(as_text=True)
    db.session.refresh(user)
    assert user.email == "old@school.example"

    done = client.post(
        "/me/settings",
        data={
            "action": "email",
            "email-email": "New@School.example",
            "email-current_password": PASSWORD,
        },
    )
    assert done.status_code == 302
    db.session.refresh(user)
    assert user.email == "new@school.example"
    [notice] = outbox("old@school.example")
    assert "new@school.example" in notice.text_body


def test_change_email_refuses_an_address_taken_in_any_case(client, login_as):
    make_user(email="taken@school.example")
    user = login_as(make_user(email="mine@school.example"))
    response = client.post(
        "/me/settings",
        data={
            "action": "email",
            "email-email": "TAKEN@school.example",
            "email-current_password": PASSWORD,
        },
    )
    assert response.status_code == 400
    assert "already exists" in response.get_data(as_text=True)
    db.session.refresh(user)
    assert user.email == "mine@school.example"


def test_change_password_signs_out_other_devices_but_not_this_one(app, client, login_as):
    user = login_as(make_user(email="pw@school.example"))
    other_device = app.test_client()
    other_device.post("/login", data={"email": user.email, "password": PASSWORD})
    assert other_device.get("/me").status_code == 200

    response = client.post(
        "/me/settings",
        data={
            "action": "password",
            "password-current_password": PASSWORD,
            "password-new_password": "my new long password",
        },
    )
    assert response.status_code == 302
    assert client.get("/me").status_code == 200
    assert other_device.get("/me").status_code == 302
    assert authenticate(user.email, "my new long password") is not None
    assert authenticate(user.email, PASSWORD) is None


def test_change_password_refuses_a_wrong_current_password(client, login_as):
    user = login_as(make_user(email="pw2@school.example"))
    response = client.post(
        "/me/settings",
        data={
            "action": "password",
            "password-current_password": "not my password",
            "password-new_password": "my new long password",
        },
    )
    assert response.status_code == 400
    assert authenticate(user.email, PASSWORD) is not None


def test_change_name_rejects_an_empty_name(client, login_as):
    user = login_as(make_user(name="Amara Jones"))
    response = client.post("/me/settings", data={"action": "name", "name-name": "   "})
    assert response.status_code == 400
    db.session.refresh(user)
    assert user.name == "Amara Jones"


def test_unknown_settings_action_changes_nothing(client, login_as):
    login_as(make_user(name="Amara Jones"))
    response = client.post("/me/settings", data={"action": "everything", "name-name": "X"})
    assert response.status_code == 200


def test_download_my_data_has_a_section_from_each_domain(client, login_as):
    user = login_as(make_user(name="Seán Murphy", email="sean@brookvale.example"))
    network = make_network(owner=user, name="Brookvale Heads")
    client.post("/forgot-password", data={"email": user.email})
    response = client.get("/me/export.json")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == "sean@brookvale.example"
    assert data["account"]["name"] == "Seán Murphy"
    assert data["networks"] == [
        {
            "network": "Brookvale Heads",
            "slug": network.slug,
            "role": "owner",
            "joined_at": data["networks"][0]["joined_at"],
        }
    ]
    assert [e["subject"] for e in data["emails"]] == ["Choose a new eventnet password"]
    assert "password_hash" not in response.get_data(as_text=True)


def test_delete_account_removes_the_person_and_their_lone_networks(client, login_as):
    user = login_as(make_user(email="leaving@school.example"))
    alone = make_network(owner=user, name="Just Me")
    shared = make_network(name="Shared Network")
    add_member(shared, user)
    alone_id, shared_id = alone.id, shared.id
    response = client.post("/me/delete", data={"current_password": PASSWORD, "confirm": "y"})
    assert response.status_code == 302
    assert db.session.scalar(sa.select(User).where(User.email == "leaving@school.example")) is None
    assert db.session.get(Network, alone_id) is None
    assert db.session.get(Network, shared_id) is not None
    # The owner of the shared network is still its member; the deleted person is not.
    members = db.session.scalars(sa.select(Membership).where(Membership.network_id == shared_id))
    assert [m.role for m in members] == [Role.OWNER]
    assert client.get("/me").status_code == 302


def test_delete_account_is_refused_for_the_only_owner_of_a_shared_network(client, login_as):
    user = login_as(make_user(email="owner@school.example"))
    network = make_network(owner=user, name="Midlands Heads")
    add_member(network, make_user(), Role.MEMBER)
    response = client.post("/me/delete", data={"current_password": PASSWORD, "confirm": "y"})
    assert response.status_code == 400
    assert "only owner of Midlands Heads" in response.get_data(as_text=True)
    assert db.session.get(User, user.id) is not None
    assert db.session.get(Network, network.id) is not None


def test_delete_account_needs_password_and_confirmation(client, login_as):
    user = login_as(make_user(email="careful@school.example"))
    assert client.post("/me/delete", data={"current_password": PASSWORD}).status_code == 400
    assert (
        client.post("/me/delete", data={"current_password": "wrong!", "confirm": "y"}).status_code
        == 400
    )
    assert db.session.get(User, user.id) is not None


def test_delete_page_states_what_happens(client, login_as):
    login_as(make_user())
    page = client.get("/me/delete").get_data(as_text=True)
    assert "You leave every network" in page
    assert "outbox" in page
