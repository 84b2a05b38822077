"""The post-event follow-up: who gets it, the people they met, the vCard, feedback."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from PIL import Image

from eventnet.extensions import db
from eventnet.mail.preferences import set_preference
from eventnet.notifications import services
from eventnet.notifications.models import Feedback
from eventnet.notifications.partners import Partner, partners_of
from eventnet.profiles.services import ProfileData, update_profile
from tests.factories import make_event
from tests.notifications.conftest import People, as_mime, attachment, queued, run_scheduler
from tests.profiles.conftest import image_bytes


def test_follow_up_goes_to_checked_in_attendees_only(people):
    came = people.attendee("Came Along")
    people.attendee("Stayed Home")
    people.check_in(came)

    assert run_scheduler(people.follow_up_due - timedelta(minutes=1)) == 0
    assert run_scheduler(people.follow_up_due) == 1
    [email] = queued("follow-up")
    assert email.to_address == came.user.email
    assert email.category == "follow_ups"
    assert run_scheduler(people.follow_up_due + timedelta(hours=1)) == 0


def test_follow_up_of_a_virtual_event_goes_to_everyone_confirmed(app):
    p = People(format="virtual", join_url="https://meet.example/x")
    a, b = p.attendee(), p.attendee()

    assert run_scheduler(p.follow_up_due) == 2
    assert {e.to_address for e in queued("follow-up")} == {a.user.email, b.user.email}


def test_follow_up_lists_exactly_the_attendees_connections(people, partner_source):
    ada = people.attendee("Ada Lovelace")
    grace = people.attendee("Grace Hopper")
    alan = people.attendee("Alan Turing")
    for r in (ada, grace, alan):
        people.check_in(r)
    met = {
        ada.user_id: [
            Partner(
                grace.user,
                {"exchanged contacts"},
                {"email": "grace@navy.example", "phone": "+44 7700 900123"},
                "Talk about COBOL for Year 9",
            ),  # fmt: skip
        ],
        grace.user_id: [Partner(ada.user, {"exchanged contacts"}, {"email": "ada@ae.example"})],
    }
    partner_source(lambda event, user: met.get(user.id, []))
    meetings = {ada.user_id: [Partner(alan.user, {"met"}, {}, "")]}
    partner_source(lambda event, user: meetings.get(user.id, []))

    run_scheduler(people.follow_up_due)

    [to_ada] = queued("follow-up", to=ada.user.email)
    for text in ("Grace Hopper", "grace@navy.example", "+44 7700 900123",
                 "Talk about COBOL for Year 9", "Alan Turing"):  # fmt: skip
        assert text in to_ada.text_body
        assert text in to_ada.html_body
    assert "ada@ae.example" not in to_ada.text_body
    vcf = attachment(as_mime(to_ada), "text/vcard")
    cards = vcf.get_content()
    assert cards.count("BEGIN:VCARD") == 2
    assert "FN:Grace Hopper" in cards
    assert "N:;Grace Hopper;;;" in cards  # no family name set: nobody guesses one
    assert "EMAIL;TYPE=INTERNET:grace@navy.example" in cards
    assert "NOTE:Talk about COBOL for Year 9" in cards
    assert "FN:Alan Turing" in cards

    [to_alan] = queued("follow-up", to=alan.user.email)
    assert "Ada Lovelace" not in to_alan.text_body
    assert attachment(as_mime(to_alan), "text/vcard") is None


def test_vcard_attachment_parses_as_a_contact(people, partner_source):
    import vobject

    ada, grace = people.attendee("Ada Lovelace"), people.attendee("Grace Hopper")
    people.check_in(ada)
    update_profile(grace.user, ProfileData(family_name="Hopper"), photo=image_bytes())
    db.session.commit()
    partner_source(
        lambda event, user: [Partner(grace.user, {"exchanged contacts"},
                             {"email": "grace@navy.example"}, "Note, with; punctuation")]
        if user.id == ada.user_id else []
    )  # fmt: skip
    run_scheduler(people.follow_up_due)

    [email] = queued("follow-up")
    card = vobject.readOne(attachment(as_mime(email), "text/vcard").get_content())
    assert card.fn.value == "Grace Hopper"
    assert card.email.value == "grace@navy.example"
    assert card.note.value == "Note, with; punctuation"
    assert (card.n.value.family, card.n.value.given) == ("Hopper", "Grace")
    assert card.photo.params["TYPE"] == ["JPEG"]
    assert Image.open(io.BytesIO(card.photo.value)).format == "JPEG"


def test_people_who_connected_with_nobody_are_pointed_to_the_attendee_directory(people):
    ada = people.attendee("Ada Lovelace")
    people.check_in(ada)

    run_scheduler(people.follow_up_due)

    [email] = queued("follow-up")
    assert "Thank you for coming" in email.subject
    assert "attendee list" in email.text_body
    assert f"/e/{people.event.slug}" in email.text_body


def test_follow_up_has_a_feedback_link_and_the_networks_next_events(people):
    later = make_event(people.network, title="Summer term meet-up")
    later.starts_at = people.event.starts_at + timedelta(days=30)
    later.ends_at = later.starts_at + timedelta(hours=2)
    db.session.commit()
    ada = people.attendee()
    people.check_in(ada)

    run_scheduler(people.follow_up_due)

    [email] = queued("follow-up")
    assert f"/e/{people.event.slug}/feedback/" in email.text_body
    assert "Summer term meet-up" in email.text_body


def test_follow_up_respects_the_preference(people):
    ada = people.attendee()
    people.check_in(ada)
    set_preference(ada.user, "follow_ups", False)
    db.session.commit()

    assert run_scheduler(people.follow_up_due) == 0


def test_a_follow_up_more_than_three_days_late_is_not_sent(people):
    ada = people.attendee()
    people.check_in(ada)

    assert run_scheduler(people.follow_up_due + services.FOLLOW_UP_GRACE) == 0


def test_feedback_link_works_without_logging_in_and_keeps_one_answer(people, client):
    ada = people.attendee()
    people.check_in(ada)
    url = services.feedback_url(people.event, ada.user).removeprefix("https://eventnet.test")

    assert client.get(url).status_code == 200
    assert client.post(url, data={"rating": "4", "comment": "Good"}).status_code == 200
    assert client.post(url, data={"rating": "5", "comment": "Better"}).status_code == 200

    [feedback] = db.session.query(Feedback).all()
    assert (feedback.rating, feedback.comment) == (5, "Better")
    summary = services.feedback_summary(people.event)
    assert (summary.count, summary.average) == (1, 5.0)


def test_a_tampered_feedback_link_is_refused(people, client):
    ada = people.attendee()
    url = services.feedback_url(people.event, ada.user).removeprefix("https://eventnet.test")

    assert client.get(url[:-3] + "xyz").status_code == 404
    assert client.post(url[:-3] + "xyz", data={"rating": "1"}).status_code == 404
    assert db.session.query(Feedback).count() == 0


def test_a_rating_outside_one_to_five_is_refused_with_a_message(people, client):
    ada = people.attendee()
    url = services.feedback_url(people.event, ada.user).removeprefix("https://eventnet.test")

    response = client.post(url, data={"rating": "9"})

    assert response.status_code == 400
    assert db.session.query(Feedback).count() == 0


def test_organisers_see_the_feedback_summary(people, client, login_as):
    for rating in (4, 5):
        r = people.attendee()
        services.give_feedback(people.event, r.user, rating, f"comment {rating}")
    db.session.commit()
    login_as(people.organiser)

    page = client.get(f"/organise/e/{people.event.slug}/emails").get_data(as_text=True)

    assert "4.5" in page
    assert "comment 5" in page


def test_the_event_dashboard_shows_the_feedback_summary_and_links_the_emails_page(
    people, client, login_as
):
    r = people.attendee()
    services.give_feedback(people.event, r.user, 3, "")
    db.session.commit()
    login_as(people.organiser)

    page = client.get(f"/organise/e/{people.event.slug}").get_data(as_text=True)

    assert "Feedback" in page
    assert "3.0" in page
    assert f"/organise/e/{people.event.slug}/emails" in page


def test_the_follow_up_lists_badge_scans_through_the_connections_package(people):
    connections = pytest.importorskip("eventnet.connections.services")
    ada, grace = people.attendee("Ada Lovelace"), people.attendee("Grace Hopper")
    people.check_in(ada)
    people.check_in(grace)
    connections.record_scan(people.event, ada.user, grace.user)
    db.session.commit()

    [with_ada] = partners_of(people.event, ada.user)
    assert with_ada.user.id == grace.user_id
    assert "exchanged contacts" in with_ada.how
