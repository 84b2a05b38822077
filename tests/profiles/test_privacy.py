"""Contact details stay with their owner: no page but the owner's own edit page shows them."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from eventnet.events.models import EventFormat
from eventnet.extensions import db
from eventnet.mail.models import Email
from eventnet.networks.models import Role
from tests.factories import add_member, make_event, make_network, make_user, register
from tests.profiles.conftest import make_card

SECRET_EMAIL = "priya.private@home.example"
SECRET_PHONE = "+44 7700 900123"


@pytest.fixture
def world(app):
    """Priya, with contact details on her card, at an event of a network she belongs to;
    Tom, another attendee; an organiser; and a stranger."""
    organiser = make_user("Olive Organiser")
    network = make_network(organiser)
    event = make_event(network, format=EventFormat.HYBRID)
    priya = make_user("Priya Shah")
    add_member(network, priya)
    make_card(
        priya,
        headline="Headteacher",
        interests="wellbeing",
        offers="assessment",
        contact_email=SECRET_EMAIL,
        contact_phone=SECRET_PHONE,
    )
    register(event, priya, "in_person")
    tom = make_user("Tom Okafor")
    add_member(network, tom, Role.MEMBER)
    make_card(tom, needs="Assessment", interests="wellbeing")
    register(event, tom, "online")
    return {
        "priya": priya,
        "tom": tom,
        "organiser": organiser,
        "stranger": make_user("Sam Stranger"),
        "network": network,
        "event": event,
    }


def pages(world) -> list[str]:
    event, network = world["event"], world["network"]
    return [
        f"/e/{event.slug}",
        f"/e/{event.slug}/people",
        f"/e/{event.slug}/people?q=priya",
        f"/n/{network.slug}",
        f"/n/{network.slug}/members",
        "/",
        "/me",
        "/me/profile",
    ]


def assert_no_contact_details(text: str) -> None:
    assert SECRET_EMAIL not in text
    assert "priya.private" not in text
    assert SECRET_PHONE not in text
    assert "7700" not in text


@pytest.mark.parametrize("viewer", ["tom", "organiser", "stranger", "anonymous"])
def test_nobody_else_sees_contact_details_on_any_page(client, login_as, world, viewer):
    if viewer != "anonymous":
        login_as(world[viewer])
    seen_priya = False
    for url in pages(world):
        response = client.get(url)
        text = response.get_data(as_text=True)
        assert response.status_code < 500, url
        assert_no_contact_details(text)
        seen_priya = seen_priya or "Headteacher" in text
    if viewer in ("tom", "organiser"):
        assert seen_priya, "the check must look at pages that do show Priya's card"


def test_the_owner_sees_them_only_on_the_edit_page(client, login_as, world):
    login_as(world["priya"])
    for url in pages(world):
        text = client.get(url).get_data(as_text=True)
        if url == "/me/profile":
            assert SECRET_EMAIL in text
            # ...in the form, not on the preview of the card others see.
            preview = text.split('id="preview-heading"')[1].split("<form")[0]
            assert_no_contact_details(preview)
        else:
            assert_no_contact_details(text)


def test_contact_details_are_not_in_emails(app, world):
    emails = list(db.session.scalars(sa.select(Email)))
    assert emails, "registration emails were queued"
    for email in emails:
        assert_no_contact_details(f"{email.subject}\n{email.text_body}\n{email.html_body}")
