"""Organiser messages: audiences, timing, preview, per-recipient status, and who may send."""

from __future__ import annotations

from datetime import timedelta

import pytest

from eventnet.extensions import db
from eventnet.mail.models import EmailStatus
from eventnet.mail.preferences import set_preference
from eventnet.networks.models import Role
from eventnet.notifications import services
from eventnet.notifications.models import Audience, OrganiserMessage, Timing
from eventnet.registration.models import RegistrationStatus
from tests.factories import add_member, make_network, make_user, register
from tests.notifications.conftest import People, as_mime, queued, run_scheduler


@pytest.fixture
def crowd(app):
    p = People(capacity_in_person=3)
    p.came = [p.attendee("Came One"), p.attendee("Came Two")]
    p.absent = p.attendee("Did Not Come")
    p.waiting = p.attendee("On The Waitlist")
    for r in p.came:
        p.check_in(r)
    assert p.waiting.status is RegistrationStatus.WAITLISTED
    return p


def _send(p, audience: Audience, **kwargs) -> OrganiserMessage:
    data = services.MessageData(
        subject=kwargs.pop("subject", "Parking"),
        body=kwargs.pop("body", "Use the **north** car park."),
        audience=audience,
        timing=kwargs.pop("timing", Timing.NOW),
        **kwargs,
    )
    message = services.create_message(p.event, p.organiser, data)
    db.session.commit()
    return message


@pytest.mark.parametrize(
    ("audience", "expected"),
    [
        (Audience.CONFIRMED, {"Came One", "Came Two", "Did Not Come"}),
        (Audience.CHECKED_IN, {"Came One", "Came Two"}),
        (Audience.NOT_CHECKED_IN, {"Did Not Come"}),
        (Audience.WAITLISTED, {"On The Waitlist"}),
    ],
)
def test_a_message_goes_to_exactly_its_audience(crowd, audience, expected):
    _send(crowd, audience)

    assert {e.to_name for e in queued("organiser-message")} == expected


def test_the_message_is_markdown_sanitised_with_text_and_html(crowd):
    _send(crowd, Audience.CHECKED_IN, body="Use the **north** car park.<script>x()</script>")

    email = queued("organiser-message")[0]
    assert "<strong>north</strong>" in email.html_body
    assert "<script>" not in email.html_body
    assert "**north**" in email.text_body
    message = as_mime(email)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Parking" in message["Subject"]


def test_a_message_at_an_offset_goes_when_due_to_the_audience_of_that_moment(crowd):
    message = _send(crowd, Audience.CHECKED_IN, timing=Timing.AFTER_END, offset_minutes=60)
    assert queued("organiser-message") == []
    late = crowd.absent
    crowd.check_in(late)

    assert run_scheduler(crowd.event.ends_at + timedelta(minutes=59)) == 0
    assert run_scheduler(crowd.event.ends_at + timedelta(minutes=60)) == 3
    assert run_scheduler(crowd.event.ends_at + timedelta(minutes=61)) == 0
    db.session.refresh(message)
    assert message.queued_at is not None
    assert message.recipients == 3


def test_a_message_at_a_date_goes_then(crowd):
    when = crowd.event.starts_at - timedelta(days=2)
    _send(crowd, Audience.CONFIRMED, timing=Timing.AT, send_at=when.replace(tzinfo=None))

    assert run_scheduler(when - timedelta(minutes=1)) == 0
    assert run_scheduler(when) == 3


def test_people_who_turned_organiser_messages_off_are_skipped(crowd):
    set_preference(crowd.came[0].user, "organiser_messages", False)
    db.session.commit()

    _send(crowd, Audience.CHECKED_IN)

    assert [e.to_name for e in queued("organiser-message")] == ["Came Two"]


def test_organiser_previews_then_sends_and_sees_each_recipients_status(crowd, client, login_as):
    login_as(crowd.organiser)
    url = f"/organise/e/{crowd.event.slug}/messages/new"
    form = {"subject": "Parking", "body": "Use the **north** car park.",
            "audience": "checked_in", "timing": "now"}  # fmt: skip

    preview = client.post(url, data={**form, "preview": "1"})
    assert preview.status_code == 200
    assert "<strong>north</strong>" in preview.get_data(as_text=True)
    assert queued("organiser-message") == []

    asked = client.post(url, data={**form, "send": "1"})
    assert asked.status_code == 200
    assert "Send to 2 people?" in asked.get_data(as_text=True)
    assert queued("organiser-message") == []

    sent = client.post(url, data={**form, "confirm": "1"})
    assert sent.status_code == 302
    emails = queued("organiser-message")
    assert len(emails) == 2
    emails[0].status = EmailStatus.FAILED
    emails[0].last_error = "SMTPRecipientsRefused: 550 no such mailbox"
    db.session.commit()

    page = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert "Came One" in page
    assert "Came Two" in page
    assert "failed" in page
    assert "550 no such mailbox" in page
    assert "queued" in page


def test_a_message_needs_a_subject_and_a_body(crowd, client, login_as):
    login_as(crowd.organiser)
    response = client.post(
        f"/organise/e/{crowd.event.slug}/messages/new",
        data={"subject": "", "body": "", "audience": "confirmed", "timing": "now", "confirm": "1"},
    )
    assert response.status_code == 400
    assert queued("organiser-message") == []


# --- permissions -----------------------------------------------------------------------------

GET_URLS = [
    "/organise/e/{event}/emails",
    "/organise/e/{event}/messages/new",
    "/organise/e/{event}/messages/{message}",
]
POST_URLS = [
    (
        "/organise/e/{event}/messages/new",
        {"subject": "Hi", "body": "x", "audience": "confirmed", "timing": "now", "confirm": "1"},
    ),  # fmt: skip
    ("/organise/e/{event}/emails/schedules", {"kind": "reminder", "days": "7", "hours": "0"}),
    ("/organise/e/{event}/emails/schedules/{schedule}/remove", {}),
    ("/organise/e/{event}/emails/retry", {}),
    ("/organise/e/{event}/messages/{message}/cancel", {}),
]
WHO = {
    "anonymous": 302,
    "attendee": 404,
    "member": 404,
    "other_organiser": 404,
    "event_organiser": 200,
    "site_admin": 200,
}


@pytest.fixture
def world(app):
    owner = make_user("Owner")
    network = make_network(owner)
    member, other = make_user("Member"), make_user("Other organiser")
    add_member(network, member, Role.MEMBER)
    make_network(other)
    organiser = make_user("Event organiser")
    add_member(network, organiser, Role.ORGANISER)
    p = People.__new__(People)
    p.organiser, p.network = owner, network
    from tests.factories import make_event

    p.event = make_event(network)
    attendee = register(p.event).user
    send_at = (p.event.starts_at - timedelta(days=1)).replace(tzinfo=None)
    message = _send(p, Audience.CONFIRMED, timing=Timing.AT, send_at=send_at)
    [schedule] = [s for s in services.schedules_of(p.event) if s.kind.value == "reminder"]
    db.session.commit()
    return {
        "event": p.event.slug,
        "message": message.id,
        "schedule": schedule.id,
        "users": {
            "attendee": attendee,
            "member": member,
            "other_organiser": other,
            "event_organiser": organiser,
            "site_admin": make_user("Admin", admin=True),
        },
    }


def _as(client, login_as, world, who):
    if who != "anonymous":
        login_as(world["users"][who])


@pytest.mark.parametrize("who", list(WHO))
@pytest.mark.parametrize("template", GET_URLS)
def test_organiser_email_pages_are_for_the_events_organisers_only(
    client, login_as, world, who, template
):
    _as(client, login_as, world, who)
    response = client.get(template.format(**world))
    assert response.status_code == WHO[who]


@pytest.mark.parametrize("who", [w for w, status in WHO.items() if status != 200])
@pytest.mark.parametrize(("template", "data"), POST_URLS)
def test_outsiders_cannot_send_or_change_anything(client, login_as, world, who, template, data):
    before = (len(queued()), db.session.query(OrganiserMessage).count())
    _as(client, login_as, world, who)

    response = client.post(template.format(**world), data=data)

    assert response.status_code in (302, 404)
    if who != "anonymous":
        assert response.status_code == 404
    assert (len(queued()), db.session.query(OrganiserMessage).count()) == before
    assert len(services.schedules_of(db.session.merge(_event(world)))) == 2


@pytest.mark.parametrize("who", ["event_organiser", "site_admin"])
@pytest.mark.parametrize(("template", "data"), POST_URLS)
def test_the_events_organisers_may_act(client, login_as, world, who, template, data):
    _as(client, login_as, world, who)
    response = client.post(template.format(**world), data=data)
    assert response.status_code == 302


def _event(world):
    from eventnet.events.services import get_event

    return get_event(world["event"])


def test_organisers_retry_the_events_failed_emails(crowd, client, login_as):
    _send(crowd, Audience.CHECKED_IN)
    failed = queued("organiser-message")[0]
    failed.status, failed.attempts, failed.last_error = EmailStatus.FAILED, 6, "550 gone"
    db.session.commit()
    login_as(crowd.organiser)

    log = client.get(f"/organise/e/{crowd.event.slug}/emails").get_data(as_text=True)
    assert "550 gone" in log
    client.post(f"/organise/e/{crowd.event.slug}/emails/retry")

    db.session.refresh(failed)
    assert failed.status is EmailStatus.QUEUED
    assert failed.attempts == 0
