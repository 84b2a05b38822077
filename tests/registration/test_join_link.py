"""One rule for the online join link, on every surface that can show it (STYLE.md rule 13).

The link is for confirmed registrants attending online (every confirmed registrant of a
virtual event; at a hybrid event, those attending online) and for the event's organisers
and site admins. Never for visitors, other members, in-person attendees, or waitlisted or
cancelled people; never in the public network feed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest

from eventnet.calendar import services as calendar
from eventnet.events import services as events
from eventnet.events.services import EventData
from eventnet.extensions import db
from eventnet.mail.delivery import build_message
from eventnet.mail.models import Email
from eventnet.networks.models import Role
from eventnet.notifications.models import Audience, Timing
from eventnet.notifications.services import MessageData, create_message, schedule_due_emails
from eventnet.registration import access
from eventnet.registration import services as registration
from tests.factories import add_member, make_event, make_network, make_user, register
from tests.mailbox import outbox

JOIN = "https://meet.example/heads-circle-7f3a"


@dataclass
class Case:
    event: object
    person: object | None  # None: a visitor, not logged in
    registration: object | None = None
    # Emails before this many to the person are not theirs to judge now: a cancelled
    # person's confirmation carried the link while they held the place.
    emails_before: int = 0


def _hybrid(network):
    return make_event(network, format="hybrid", join_url=JOIN, venue_name="Oakfield Academy")


def _virtual(network, **fields):
    return make_event(network, format="virtual", join_url=JOIN, **fields)


def visitor(network) -> Case:
    return Case(_hybrid(network), None)


def member_not_attending(network) -> Case:
    person = make_user()
    add_member(network, person)
    return Case(_hybrid(network), person)


def hybrid_in_person(network) -> Case:
    event = _hybrid(network)
    mine = register(event, mode="in_person")
    return Case(event, mine.user, mine)


def hybrid_online(network) -> Case:
    event = _hybrid(network)
    mine = register(event, mode="online")
    return Case(event, mine.user, mine)


def virtual_attendee(network) -> Case:
    event = _virtual(network)
    mine = register(event)
    return Case(event, mine.user, mine)


def waitlisted(network) -> Case:
    event = _virtual(network, capacity_online=1)
    register(event)
    mine = register(event)
    assert mine.status.value == "waitlisted"
    return Case(event, mine.user, mine)


def cancelled(network) -> Case:
    event = _virtual(network)
    mine = register(event)
    sent = len(outbox(mine.user.email))
    registration.cancel(mine)
    db.session.commit()
    return Case(event, mine.user, mine, emails_before=sent)


def organiser(network) -> Case:
    # Registered in person, so every surface (feed, emails) reaches them: the role decides.
    person = make_user()
    add_member(network, person, Role.ORGANISER)
    event = _hybrid(network)
    return Case(event, person, register(event, person, "in_person"))


def admin(network) -> Case:
    person = make_user(admin=True)
    event = _hybrid(network)
    return Case(event, person, register(event, person, "in_person"))


# Who sees the link, by the rule.
PEOPLE: dict[Callable[[object], Case], bool] = {
    visitor: False,
    member_not_attending: False,
    hybrid_in_person: False,
    hybrid_online: True,
    virtual_attendee: True,
    waitlisted: False,
    cancelled: False,
    organiser: True,
    admin: True,
}


# --- the surfaces: each returns everything the person is shown there ------------------------


def _as_logged_in(client, case: Case, login_as) -> None:
    client.post("/logout")
    if case.person is not None:
        login_as(case.person)


def event_page(client, case, login_as, **_) -> str:
    _as_logged_in(client, case, login_as)
    return client.get(f"/e/{case.event.slug}").get_data(as_text=True)


def api_event(client, case, token_for, **_) -> str:
    headers = {"Authorization": f"Bearer {token_for(case.person)}"} if case.person else {}
    one = client.get(f"/api/v1/events/{case.event.slug}", headers=headers)
    listed = client.get("/api/v1/events", headers=headers)
    return one.get_data(as_text=True) + listed.get_data(as_text=True)


def event_file(client, case, login_as, **_) -> str:
    _as_logged_in(client, case, login_as)
    return client.get(f"/e/{case.event.slug}.ics").get_data(as_text=True)


def personal_feed(client, case, **_) -> str:
    if case.person is None:
        return ""
    token = calendar.make_feed_token(case.person)
    db.session.commit()
    return client.get(f"/cal/{token.secret}.ics").get_data(as_text=True)


def network_feed(client, case, **_) -> str:
    # Public: the same for everyone, so never the link, whoever asks.
    return client.get(f"/n/{case.event.network.slug}/events.ics").get_data(as_text=True)


def _shown(email: Email) -> str:
    """Every part of the email as the recipient's mail app decodes it, attachments too."""
    message = build_message(email, "eventnet <no-reply@eventnet.test>")
    return "\n".join(str(part.get_content()) for part in message.walk() if not part.is_multipart())


def _emails(case, kind: str = "") -> str:
    if case.person is None:
        return ""
    mine = outbox(case.person.email)[case.emails_before :]
    return "\n".join(_shown(e) for e in mine if e.dedupe_key.startswith(kind))


def registration_email(case, **_) -> str:
    """What registering sent them: confirmed, waitlisted (and nothing once cancelled)."""
    return _emails(case)


def reminder_email(case, **_) -> str:
    schedule_due_emails(case.event.starts_at - timedelta(hours=24))
    db.session.commit()
    return _emails(case, "reminder:")


def organiser_message(case, **_) -> str:
    author = case.event.network.memberships[0].user
    create_message(
        case.event,
        author,
        MessageData("Parking", "Use the back gate.", Audience.CONFIRMED, Timing.NOW),
    )
    db.session.commit()
    return _emails(case, "organiser-message:")


def event_changed_email(case, **_) -> str:
    data = EventData.of(case.event)
    data.starts_at += timedelta(hours=1)
    data.ends_at += timedelta(hours=1)
    events.update_event(case.event, data)
    db.session.commit()
    return _emails(case, "event-changed:")


SURFACES = [
    event_page,
    api_event,
    event_file,
    personal_feed,
    registration_email,
    reminder_email,
    organiser_message,
    event_changed_email,
]


@pytest.mark.parametrize("surface", SURFACES, ids=lambda s: s.__name__)
@pytest.mark.parametrize("person", PEOPLE, ids=lambda p: p.__name__)
def test_every_surface_shows_the_join_link_by_one_rule(
    app, client, login_as, token_for, person, surface
):
    case = person(make_network())
    sees = PEOPLE[person]
    assert access.may_see_join_link(case.event, case.person, case.registration) is sees
    shown = surface(client=client, case=case, login_as=login_as, token_for=token_for)
    assert (JOIN in shown) is sees, f"{surface.__name__} for {person.__name__}"
    assert JOIN not in network_feed(client, case)


@pytest.fixture
def token_for():
    from eventnet.api.services import create_token

    def make(user) -> str:
        _, secret = create_token(user, "Tests")
        db.session.commit()
        return secret

    return make
