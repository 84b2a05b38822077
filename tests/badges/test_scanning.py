"""Opening /b/<token>: what each kind of visitor gets, and what is recorded and revealed."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from freezegun import freeze_time

from eventnet.connections.models import Connection
from eventnet.extensions import db
from eventnet.registration.services import registration_of
from tests.badges.conftest import make_card
from tests.factories import make_event, make_user, register

ADA_EMAIL, ADA_PHONE = "ada@oakfield.example", "+44 121 496 0001"
BEN_EMAIL, BEN_PHONE = "ben@riverside.example", "+44 121 496 0002"


def connections() -> list[Connection]:
    return list(db.session.scalars(sa.select(Connection)))


def test_attendee_scan_records_the_connection_and_shows_the_card_with_shared_details(
    scene, client, login_as
):
    login_as(scene.ben)
    page = client.get(f"/b/{scene.badge(scene.ada).token}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Ada Lovelace" in text
    assert "Phonics and early reading." in text
    assert ADA_EMAIL in text
    assert ADA_PHONE in text
    assert "My private note" in text
    assert page.headers["Cache-Control"] == "private, no-store"
    [connection] = connections()
    assert connection.event_id == scene.event.id
    assert {connection.low_user_id, connection.high_user_id} == {scene.ada.id, scene.ben.id}
    assert connection.scanned_by_id == scene.ben.id


def test_a_second_scan_changes_nothing(scene, client, login_as):
    token = scene.badge(scene.ada).token
    login_as(scene.ben)
    client.get(f"/b/{token}")
    [first] = connections()
    before = (first.id, first.created_at, first.low_sharing, first.high_sharing)
    second = client.get(f"/b/{token}")
    assert "already connected" in second.get_data(as_text=True)
    # Ada scanning Ben back is the same pair at the same event: still one connection.
    login_as(scene.ada)
    client.get(f"/b/{scene.badge(scene.ben).token}")
    [again] = connections()
    assert (again.id, again.created_at, again.low_sharing, again.high_sharing) == before


def test_both_see_each_other_in_my_contacts(scene, client, login_as):
    login_as(scene.ben)
    client.get(f"/b/{scene.badge(scene.ada).token}")
    page = client.get("/me/contacts").get_data(as_text=True)
    assert "Ada Lovelace" in page
    assert ADA_EMAIL in page
    assert "Spring heads meet-up" in page
    login_as(scene.ada)
    page = client.get("/me/contacts").get_data(as_text=True)
    assert "Ben Okri" in page
    assert BEN_EMAIL in page
    assert BEN_PHONE in page


def test_ask_me_first_withholds_details_until_accepted(scene, client, login_as):
    make_card(
        scene.ada,
        headline="Headteacher",
        organisation="Oakfield Primary",
        contact_email=ADA_EMAIL,
        contact_phone=ADA_PHONE,
        share_on_scan=False,
    )
    login_as(scene.ben)
    page = client.get(f"/b/{scene.badge(scene.ada).token}").get_data(as_text=True)
    assert "Ada Lovelace" in page
    assert "Headteacher" in page
    assert ADA_EMAIL not in page
    assert ADA_PHONE not in page
    assert "asks to be asked first" in page
    contacts = client.get("/me/contacts").get_data(as_text=True)
    assert "Ada Lovelace" in contacts
    assert ADA_EMAIL not in contacts
    assert ADA_EMAIL not in client.get("/me/contacts.csv").get_data(as_text=True)
    assert ADA_EMAIL not in client.get("/me/contacts.vcf").get_data(as_text=True)

    # Ada sees the request, with Ben's details already (Ben shares when scanning).
    login_as(scene.ada)
    mine = client.get("/me/contacts").get_data(as_text=True)
    assert "Waiting for your consent (1)" in mine
    assert BEN_EMAIL in mine
    [connection] = connections()
    assert client.post(f"/me/contacts/{connection.id}/share").status_code == 302

    login_as(scene.ben)
    assert ADA_EMAIL in client.get("/me/contacts").get_data(as_text=True)
    assert ADA_PHONE in client.get("/me/contacts.csv").get_data(as_text=True)


def test_ignoring_a_request_keeps_details_private(scene, client, login_as):
    make_card(scene.ada, contact_email=ADA_EMAIL, share_on_scan=False)
    login_as(scene.ben)
    client.get(f"/b/{scene.badge(scene.ada).token}")
    [connection] = connections()
    login_as(scene.ada)
    client.post(f"/me/contacts/{connection.id}/ignore")
    assert "Waiting for your consent" not in client.get("/me/contacts").get_data(as_text=True)
    login_as(scene.ben)
    assert ADA_EMAIL not in client.get(f"/b/{scene.badge(scene.ada).token}").get_data(as_text=True)
    assert ADA_EMAIL not in client.get("/me/contacts").get_data(as_text=True)


def test_a_scanner_who_asks_first_keeps_their_own_details_until_they_share(scene, client, login_as):
    make_card(scene.ben, contact_email=BEN_EMAIL, share_on_scan=False)
    login_as(scene.ben)
    assert ADA_EMAIL in client.get(f"/b/{scene.badge(scene.ada).token}").get_data(as_text=True)
    login_as(scene.ada)
    page = client.get("/me/contacts").get_data(as_text=True)
    assert "Ben Okri" in page
    assert BEN_EMAIL not in page


def test_anonymous_visitors_see_only_the_public_card_and_a_login_prompt(scene, client):
    token = scene.badge(scene.ada).token
    page = client.get(f"/b/{token}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Ada Lovelace" in text
    assert "Headteacher" in text
    assert "Oakfield Primary" in text
    assert "Phonics and early reading." not in text  # the pitch is for attendees
    assert ADA_EMAIL not in text
    assert ADA_PHONE not in text
    assert f"/login?next=/b/{token}" in text
    assert connections() == []


@pytest.mark.parametrize("who", ["stranger", "waitlisted", "other_event", "cancelled"])
def test_other_logged_in_people_see_the_public_card_and_nothing_is_recorded(
    scene, client, login_as, who
):
    person = make_user()
    if who == "waitlisted":
        full = scene.event
        full.capacity_in_person = 2
        db.session.commit()
        register(full, person)
        assert registration_of(full, person).status.value == "waitlisted"
    elif who == "other_event":
        register(make_event(scene.event.network), person)
    elif who == "cancelled":
        from eventnet.registration.services import cancel

        cancel(register(scene.event, person))
        db.session.commit()
    login_as(person)
    text = client.get(f"/b/{scene.badge(scene.ada).token}").get_data(as_text=True)
    assert "Ada Lovelace" in text
    assert "Nothing was shared" in text
    assert ADA_EMAIL not in text
    assert "Phonics" not in text
    assert connections() == []
    assert "Ada Lovelace" not in client.get("/me/contacts").get_data(as_text=True)


def test_a_link_from_another_site_asks_before_exchanging(scene, client, login_as):
    """A planted link must not hand the visitor's details over: it takes a click (POST)."""
    token = scene.badge(scene.ada).token
    login_as(scene.ben)
    page = client.get(f"/b/{token}", headers={"Sec-Fetch-Site": "cross-site"})
    text = page.get_data(as_text=True)
    assert "Exchange contacts" in text
    assert ADA_EMAIL not in text
    assert connections() == []
    # A camera app or a typed address sends "none": that is a scan.
    done = client.post(f"/b/{token}")
    assert ADA_EMAIL in done.get_data(as_text=True)
    assert len(connections()) == 1


def test_exchange_needs_csrf(scene, app, client, login_as):
    login_as(scene.ben)
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post(f"/b/{scene.badge(scene.ada).token}")
    assert response.status_code == 400
    assert connections() == []


def test_your_own_badge_takes_you_to_your_badge_page(scene, client, login_as):
    login_as(scene.ada)
    response = client.get(f"/b/{scene.badge(scene.ada).token}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/e/{scene.event.slug}/badge")
    assert connections() == []


def test_private_note_is_seen_by_its_author_only(scene, client, login_as):
    token = scene.badge(scene.ada).token
    login_as(scene.ben)
    client.get(f"/b/{token}")
    [connection] = connections()
    note = "met at the coffee queue, wants our phonics plan"
    response = client.post(f"/me/contacts/{connection.id}/note", data={"note": note, "back": token})
    assert response.headers["Location"].endswith(f"/b/{token}")
    assert note in client.get(f"/b/{token}").get_data(as_text=True)
    assert note in client.get("/me/contacts").get_data(as_text=True)
    login_as(scene.ada)
    assert note not in client.get("/me/contacts").get_data(as_text=True)
    assert (
        client.post(f"/me/contacts/{connection.id}/note", data={"note": "x" * 2001}).status_code
        == 302
    )
    db.session.refresh(connection)
    assert connection.note_of(scene.ada.id) == ""


def test_removing_a_connection_hides_it_for_the_remover_only(scene, client, login_as):
    login_as(scene.ben)
    client.get(f"/b/{scene.badge(scene.ada).token}")
    [connection] = connections()
    client.post(f"/me/contacts/{connection.id}/remove", follow_redirects=True)
    assert "Ada Lovelace" not in client.get("/me/contacts").get_data(as_text=True)
    assert client.post(f"/me/contacts/{connection.id}/note", data={"note": "x"}).status_code == 404
    login_as(scene.ada)
    assert "Ben Okri" in client.get("/me/contacts").get_data(as_text=True)
    client.post(f"/me/contacts/{connection.id}/remove")
    assert connections() == []


def test_scanning_again_brings_back_a_connection_the_scanner_removed(scene, client, login_as):
    token = scene.badge(scene.ada).token
    login_as(scene.ben)
    client.get(f"/b/{token}")
    [connection] = connections()
    client.post(f"/me/contacts/{connection.id}/remove", follow_redirects=True)
    assert "Ada Lovelace" not in client.get("/me/contacts").get_data(as_text=True)
    page = client.get(f"/b/{token}").get_data(as_text=True)
    assert "already connected" in page
    assert ADA_EMAIL in page
    assert "Ada Lovelace" in client.get("/me/contacts").get_data(as_text=True)
    [again] = connections()
    assert again.id == connection.id


def test_nobody_else_can_touch_a_connection(scene, client, login_as):
    login_as(scene.ben)
    client.get(f"/b/{scene.badge(scene.ada).token}")
    [connection] = connections()
    login_as(make_user())
    for action in ("share", "ignore", "remove"):
        assert client.post(f"/me/contacts/{connection.id}/{action}").status_code == 404
    assert client.post(f"/me/contacts/{connection.id}/note", data={"note": "x"}).status_code == 404
    assert len(connections()) == 1


# --- organisers ------------------------------------------------------------------------------


def test_organiser_scan_offers_check_in_and_records_no_connection(scene, client, login_as):
    token = scene.badge(scene.ada).token
    login_as(scene.organiser)
    page = client.get(f"/b/{token}").get_data(as_text=True)
    assert "Check in: Ada Lovelace" in page
    assert "Not checked in yet" in page
    assert "Confirmed" in page
    assert connections() == []


@freeze_time(datetime(2026, 3, 12, 18, 5, tzinfo=UTC))
def test_check_in_is_idempotent_and_says_when_in_the_event_time_zone(app, client, login_as):
    from eventnet.badges.services import ensure_badge

    event = make_event(timezone="America/New_York")
    organiser = event.network.memberships[0].user
    registration = register(event, make_user("Ada Lovelace"))
    token = ensure_badge(registration).token
    db.session.commit()
    login_as(organiser)
    first = client.post(f"/b/{token}/check-in", data={"confirm": "1"}, follow_redirects=True)
    assert "Ada Lovelace is checked in." in first.get_data(as_text=True)
    db.session.refresh(registration)
    at = registration.checked_in_at
    assert at == datetime(2026, 3, 12, 18, 5, tzinfo=UTC)
    second = client.post(f"/b/{token}/check-in", data={"confirm": "1"}, follow_redirects=True)
    # 18:05 UTC is 14:05 in New York (EDT since 8 March 2026).
    assert "already checked in at 14:05" in second.get_data(as_text=True)
    assert "Already checked in at 14:05" in client.get(f"/b/{token}").get_data(as_text=True)
    db.session.refresh(registration)
    assert registration.checked_in_at == at


def test_undo_check_in(scene, client, login_as):
    token = scene.badge(scene.ada).token
    login_as(scene.organiser)
    client.post(f"/b/{token}/check-in", data={"confirm": "1"})
    client.post(f"/b/{token}/undo-check-in")
    assert registration_of(scene.event, scene.ada).checked_in_at is None


def _words(response) -> str:
    """The page's text as a person reads it: tags (a figure in bold) left out."""
    return re.sub(r"<[^>]+>", "", response.get_data(as_text=True))


def test_door_mode_goes_from_one_badge_to_the_next(scene, client, login_as):
    login_as(scene.organiser)
    slug = scene.event.slug
    assert "0 of 2 confirmed attendees checked in" in _words(client.get(f"/organise/e/{slug}/door"))
    code = scene.badge(scene.ada).short_code_display.lower()
    found = client.post(f"/organise/e/{slug}/door", data={"code": code})
    assert found.headers["Location"].endswith(f"/b/{scene.badge(scene.ada).token}?door=1")
    done = client.post(
        f"/b/{scene.badge(scene.ada).token}/check-in", data={"door": "1", "confirm": "1"}
    )
    assert done.headers["Location"].endswith(f"/organise/e/{slug}/door")
    assert "1 of 2 confirmed attendees checked in" in _words(client.get(f"/organise/e/{slug}/door"))


def test_only_confirmed_registrations_can_be_checked_in(scene, client, login_as):
    from eventnet.registration.services import cancel

    token = scene.badge(scene.ada).token
    cancel(registration_of(scene.event, scene.ada))
    db.session.commit()
    login_as(scene.organiser)
    page = client.get(f"/b/{token}").get_data(as_text=True)
    assert "This registration is cancelled" in page
    client.post(f"/b/{token}/check-in")
    assert registration_of(scene.event, scene.ada).checked_in_at is None


def test_organisers_see_how_many_contacts_were_exchanged(scene, client, login_as):
    login_as(scene.ben)
    client.get(f"/b/{scene.badge(scene.ada).token}")
    login_as(scene.organiser)
    page = client.get(f"/organise/e/{scene.event.slug}").get_data(as_text=True)
    assert "Contact exchanges (badge scans): 1" in page
