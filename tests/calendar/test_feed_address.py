"""The Calendar section of /me: the private feed address, made on first use, replaceable."""

from __future__ import annotations

import sqlalchemy as sa

from eventnet.accounts import services as accounts
from eventnet.calendar import services as calendar
from eventnet.calendar.models import FeedToken
from eventnet.extensions import db
from tests.conftest import PASSWORD
from tests.factories import make_event, make_user, register


def test_me_offers_a_feed_address_and_shows_it_as_webcal_and_https(client, app, login_as):
    person = login_as(make_user())
    page = client.get("/me").get_data(as_text=True)
    assert "Get my calendar address" in page
    assert calendar.feed_token_of(person) is None  # nothing is made by looking

    response = client.post("/me/calendar")
    assert response.status_code == 302
    token = calendar.feed_token_of(person)
    page = client.get("/me").get_data(as_text=True)
    assert f'href="webcal://eventnet.test/cal/{token.secret}.ics"' in page
    assert f"http://eventnet.test/cal/{token.secret}.ics" in page  # plain text to copy
    client.post("/me/calendar")
    assert calendar.feed_token_of(person).secret == token.secret  # one per person


def test_replacing_the_address_makes_the_old_one_404(client, app, login_as):
    person = login_as(make_user())
    register(make_event(), person)
    client.post("/me/calendar")
    old = calendar.feed_token_of(person).secret
    assert client.get(f"/cal/{old}.ics").status_code == 200
    response = client.post("/me/calendar/revoke", follow_redirects=True)
    assert "no longer works" in response.get_data(as_text=True)
    new = calendar.feed_token_of(person).secret
    assert new != old
    assert client.get(f"/cal/{old}.ics").status_code == 404
    assert client.get(f"/cal/{new}.ics").status_code == 200


def test_feed_address_pages_need_a_login(client, app):
    assert client.post("/me/calendar").status_code == 302
    assert client.post("/me/calendar/revoke").status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(FeedToken)) == 0


def test_export_says_whether_a_feed_address_exists_but_not_the_secret(app):
    person = make_user()
    assert accounts.export_user_data(person)["calendar_feed"]["has_feed_address"] is False
    token = calendar.make_feed_token(person)
    db.session.commit()
    exported = accounts.export_user_data(person)["calendar_feed"]
    assert exported["has_feed_address"] is True
    assert token.secret not in str(exported)


def test_deleting_the_account_deletes_its_feed_token(app):
    person = make_user()
    calendar.make_feed_token(person)
    db.session.commit()
    accounts.delete_account(person, PASSWORD)
    db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(FeedToken)) == 0
