"""The network feed and the personal feed, as calendar apps subscribe to them."""

from __future__ import annotations

from datetime import datetime, timedelta

from eventnet.calendar import services as calendar
from eventnet.calendar.signals import personal_feed_built
from eventnet.events import services as events
from eventnet.extensions import db
from eventnet.registration import services as registration
from tests.calendar.helpers import by_uid, expand, parse, vevents
from tests.factories import make_event, make_network, make_user, register

NOW = datetime.now().replace(second=0, microsecond=0)


def _at(days: float, hours: int = 2) -> dict:
    start = NOW + timedelta(days=days)
    return {"starts_at": start, "ends_at": start + timedelta(hours=hours)}


def _uid(event) -> str:
    return f"event-{event.id}@eventnet.test"


def _feed_url(user) -> str:
    token = calendar.make_feed_token(user)
    db.session.commit()
    return f"/cal/{token.secret}.ics"


# --- the network feed ------------------------------------------------------------------------


def test_network_feed_holds_public_events_upcoming_and_of_the_last_90_days(client, app):
    network = make_network(name="Midlands Heads Network")
    upcoming = make_event(network, **_at(10))
    recent = make_event(network, **_at(-80))
    old = make_event(network, **_at(-100))
    cancelled = make_event(network, **_at(20))
    events.cancel_event(cancelled)
    draft = make_event(network, publish=False, **_at(5))
    members_only = make_event(network, visibility="members", **_at(6))
    unlisted = make_event(network, visibility="unlisted", **_at(7))
    other_network = make_event(**_at(8))
    db.session.commit()

    response = client.get(f"/n/{network.slug}/events.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    found = by_uid(response.data)
    assert set(found) == {_uid(upcoming), _uid(recent), _uid(cancelled)}
    assert str(found[_uid(cancelled)]["status"]) == "CANCELLED"
    for left_out in (old, draft, members_only, unlisted, other_network):
        assert left_out.slug.encode() not in response.data
    feed = parse(response.data)
    assert str(feed["x-wr-calname"]) == "Midlands Heads Network"
    assert str(feed["x-wr-timezone"]) == "UTC"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in response.data
    assert b"X-PUBLISHED-TTL:PT1H\r\n" in response.data
    assert len(expand(response.data)) == 3


def test_network_feed_never_carries_a_join_url(client, app, login_as):
    network = make_network()
    event = make_event(network, format="virtual", join_url="https://meet.example/room-42")
    person = make_user()
    register(event, person)
    login_as(person)  # even for a confirmed registrant who is logged in
    body = client.get(f"/n/{network.slug}/events.ics").data
    assert _uid(event).encode() in body
    assert b"room-42" not in body


def test_private_network_feed_is_404_to_outsiders(client, app, login_as):
    network = make_network(private=True)
    make_event(network)
    assert client.get(f"/n/{network.slug}/events.ics").status_code == 404
    login_as(make_user())
    assert client.get(f"/n/{network.slug}/events.ics").status_code == 404
    assert client.get("/n/no-such-network/events.ics").status_code == 404


def test_a_network_page_is_still_the_network_page(client, app):
    network = make_network()
    assert client.get(f"/n/{network.slug}").headers["Content-Type"].startswith("text/html")


# --- the personal feed -----------------------------------------------------------------------


def test_personal_feed_holds_confirmed_waitlisted_and_pending_events(client, app):
    person = make_user(name="Priya Shah")
    confirmed = make_event(**_at(3))
    register(confirmed, person)
    full = make_event(capacity_in_person=1, **_at(4))
    register(full)
    register(full, person)
    approval = make_event(registration_mode="approval", **_at(5))
    register(approval, person)
    given_up = make_event(**_at(6))
    registration.cancel(register(given_up, person))
    db.session.commit()
    not_mine = make_event(**_at(7))
    register(not_mine)

    response = client.get(_feed_url(person))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert "private" in response.headers["Cache-Control"]
    found = by_uid(response.data)
    assert set(found) == {_uid(confirmed), _uid(full), _uid(approval)}
    assert str(found[_uid(confirmed)]["status"]) == "CONFIRMED"
    assert str(found[_uid(full)]["status"]) == "TENTATIVE"
    assert str(found[_uid(approval)]["status"]) == "TENTATIVE"
    assert str(found[_uid(full)]["summary"]).endswith("(on the waitlist)")
    assert "awaiting" in str(found[_uid(approval)]["summary"])
    feed = parse(response.data)
    assert "Priya Shah" in str(feed["x-wr-calname"])
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in response.data
    assert len(expand(response.data)) == 3


def test_personal_feed_shows_a_cancelled_event_as_cancelled(client, app):
    person = make_user()
    event = make_event(**_at(3))
    register(event, person)
    events.cancel_event(event, "Flooded hall.")
    db.session.commit()
    (vevent,) = vevents(client.get(_feed_url(person)).data)
    assert str(vevent["status"]) == "CANCELLED"
    assert vevent["sequence"] == 1


def test_another_persons_feed_shows_only_their_events(client, app):
    priya, tom = make_user(), make_user()
    hers, his = make_event(**_at(3)), make_event(**_at(4))
    register(hers, priya)
    register(his, tom)
    assert set(by_uid(client.get(_feed_url(priya)).data)) == {_uid(hers)}
    assert set(by_uid(client.get(_feed_url(tom)).data)) == {_uid(his)}


def test_a_revoked_feed_address_is_404_and_the_new_one_works(client, app):
    person = make_user()
    register(make_event(**_at(3)), person)
    old_url = _feed_url(person)
    assert client.get(old_url).status_code == 200
    token = calendar.revoke_feed_token(person)
    db.session.commit()
    assert client.get(old_url).status_code == 404
    assert client.get(f"/cal/{token.secret}.ics").status_code == 200
    assert client.get("/cal/not-a-real-token-at-all-xxxxxx.ics").status_code == 404
    assert client.get("/cal/x.ics").status_code == 404


def test_feed_tokens_are_random_long_and_one_per_person(app):
    person = make_user()
    first = calendar.make_feed_token(person)
    again = calendar.make_feed_token(person)
    assert first is again
    assert len(first.secret) >= 22  # at least 128 bits of token_urlsafe
    others = {calendar.make_feed_token(make_user()).secret for _ in range(3)}
    assert first.secret not in others
    assert len(others) == 3


# --- conditional requests --------------------------------------------------------------------


def test_unchanged_files_answer_304_to_if_none_match_and_if_modified_since(client, app):
    person = make_user()
    event = make_event(**_at(3))
    register(event, person)
    for url in (f"/e/{event.slug}.ics", f"/n/{event.network.slug}/events.ics", _feed_url(person)):
        first = client.get(url)
        etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
        again = client.get(url)
        assert again.headers["ETag"] == etag  # the same data renders the same bytes
        current = client.get(url, headers={"If-None-Match": etag})
        assert current.status_code == 304
        assert current.data == b""
        # A 304 repeats the validators and caching rules the 200 sent (RFC 9110 §15.4.5).
        assert current.headers["ETag"] == etag
        assert current.headers["Cache-Control"] == first.headers["Cache-Control"]
        assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
        assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200


def test_a_change_makes_feeds_answer_200_again(client, app):
    person = make_user()
    event = make_event(**_at(3))
    register(event, person)
    urls = [f"/e/{event.slug}.ics", f"/n/{event.network.slug}/events.ics", _feed_url(person)]
    etags = {url: client.get(url).headers["ETag"] for url in urls}
    events.cancel_event(event)
    db.session.commit()
    for url in urls:
        response = client.get(url, headers={"If-None-Match": etags[url]})
        assert response.status_code == 200
        assert b"STATUS:CANCELLED" in response.data


# --- speed -----------------------------------------------------------------------------------


def test_feeds_take_the_same_queries_for_1_and_20_events(client, app, count_queries):
    network, person = make_network(), make_user()
    counts = {}
    for n in (1, 20):
        while len(by_uid(client.get(_feed_url(person)).data)) < n:
            event = make_event(network, **_at(3 + len(counts) + n))
            register(event, person)
        personal_url, network_url = _feed_url(person), f"/n/{network.slug}/events.ics"
        with count_queries() as built:  # the first request after a change builds the copy
            etag = client.get(network_url).headers["ETag"]
        with count_queries() as stored:
            assert client.get(network_url).headers["ETag"] == etag
        with count_queries() as current:
            assert client.get(network_url, headers={"If-None-Match": etag}).status_code == 304
        with count_queries() as personal_queries:
            client.get(personal_url)
        counts[n] = (len(built), len(stored), len(current), len(personal_queries))
    assert counts[1] == counts[20]
    # The stored copy looked for, then the network with its copy, its events, the copy kept.
    assert counts[20][0] <= 4
    # One narrow row (whether the network is private, the copy's ETag), then the bytes; a
    # 304 reads that row alone and commits nothing.
    assert counts[20][1] == 2
    assert counts[20][2] == 1
    # The token and its owner, then one query per part of the feed (events, meetings, …).
    parts = 1 + len(list(personal_feed_built.receivers_for(None)))
    assert counts[20][3] <= 1 + parts


def test_a_public_network_page_offers_its_feed_and_a_private_one_does_not(client, app, login_as):
    public = make_network()
    html = client.get(f"/n/{public.slug}").get_data(as_text=True)
    assert f'href="webcal://eventnet.test/n/{public.slug}/events.ics"' in html
    assert f"http://eventnet.test/n/{public.slug}/events.ics" in html
    private = make_network(private=True)
    login_as(private.memberships[0].user)
    assert "events.ics" not in client.get(f"/n/{private.slug}").get_data(as_text=True)
