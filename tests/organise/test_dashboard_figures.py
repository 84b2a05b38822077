"""The event dashboard's tiles and charts, held against what the services recorded."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

import pytest
from freezegun import freeze_time

from eventnet.connections import services as connections
from eventnet.db import utcnow
from eventnet.extensions import db
from eventnet.notifications import services as notifications
from eventnet.organise.figures import QUERIES, dashboard_figures
from eventnet.registration import services as registration
from eventnet.registration.models import RegistrationStatus
from tests.factories import make_event, make_network, make_user, register
from tests.meetings.conftest import accept, ask, meeting_event


@pytest.fixture
def owner(app, login_as):
    owner = make_user("Priya Shah")
    login_as(owner)
    return owner


@pytest.fixture
def network(owner):
    return make_network(owner, slug="heads")


def chart_rows(page: str, title: str) -> list[tuple[str, int]]:
    """The (label, value) rows of the table behind the chart called ``title``."""
    (figure,) = [
        f.split("</figure>")[0]
        for f in page.split('<figure class="chart"')[1:]
        if f"<strong>{title}</strong>" in f.split("</figcaption>")[0]
    ]
    assert f">{title}</title>" in figure
    assert 'role="img"' in figure
    assert "<summary>Show the figures</summary>" in figure
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td>(\d+)</td></tr>', figure)
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", figure, re.S).group(1)
    assert desc.endswith(".")
    assert all(f"{label}: {n}" in desc for label, n in rows)
    # One bar per row, each with the same number.
    bars = re.findall(r"<rect [^>]*><title>([^<]+): (\d+)</title></rect>", figure)
    assert bars == rows
    return [(label, int(n)) for label, n in rows]


def tile(page: str, label_start: str) -> str:
    match = re.search(
        rf'<span class="stat-value">([^<]*)</span><span class="stat-label">{label_start}', page
    )
    assert match, label_start
    return match.group(1)


def test_tiles_and_charts_show_what_happened(client, owner, network):
    event = meeting_event(network, capacity_in_person=10)
    day = event.starts_at.date()
    first_day = utcnow().date() - timedelta(days=3)
    people = []
    with freeze_time(datetime.combine(first_day, time(10))):
        people += [register(event).user for _ in range(4)]
    with freeze_time(datetime.combine(first_day + timedelta(days=2), time(10))):
        people += [register(event).user for _ in range(6)]
        waiting = [register(event) for _ in range(2)]
    assert {w.status for w in waiting} == {RegistrationStatus.WAITLISTED}
    regs = {r.user_id: r for r in registration.registrations_for_organisers(event, "", None)}
    for minute, person in zip((5, 10, 20, 35, 40, 50), people, strict=False):
        with freeze_time(datetime.combine(day, time(9, minute))):
            registration.check_in(regs[person.id], owner)
    a, b, c, d, e = people[:5]
    connections.record_scan(event, a, b)
    connections.record_scan(event, a, c)
    connections.record_scan(event, c, b)
    db.session.commit()
    accept(ask(event, d, e))  # a meeting at 12:00 on the day; accepting exchanges contacts
    for person, rating in ((a, 5), (b, 4), (c, 4)):
        notifications.give_feedback(event, person, rating)
    db.session.commit()

    with freeze_time(datetime.combine(day, time(13))):
        page = client.get(f"/organise/e/{event.slug}").get_data(as_text=True)

    assert tile(page, "In person: registered") == "10 / 10"
    assert tile(page, "Attended") == "60%"
    assert "Attended (6 of 10 checked in)" in page
    assert tile(page, "No-shows") == "4"
    assert tile(page, "On the waitlist") == "2"
    assert tile(page, "Connections per attendee") == "0.8"  # 4 connections, 10 attendees
    assert "(4 in all)" in page
    assert tile(page, "1:1 meetings held") == "1"
    assert tile(page, "Feedback rating") == "4.3 / 5"
    assert tile(page, "Feedback response rate") == "50%"  # 3 answers from 6 who came

    def label(day):
        return f"{day.day} {day:%b}"

    assert chart_rows(page, "Registrations over time") == [
        (label(first_day), 4),
        (label(first_day + timedelta(days=1)), 4),
        (label(first_day + timedelta(days=2)), 12),
    ]
    assert chart_rows(page, "Check-ins by quarter-hour") == [
        ("09:00", 2),
        ("09:15", 1),
        ("09:30", 2),
        ("09:45", 1),
    ]
    # a, b, c: two each; d and e: one (their meeting); the other five: none.
    assert chart_rows(page, "Connections per attendee") == [("0", 5), ("1", 2), ("2", 3)]
    assert chart_rows(page, "Feedback ratings") == [
        ("1", 0),
        ("2", 0),
        ("3", 0),
        ("4", 2),
        ("5", 1),
    ]
    assert 'style="' not in page.split('<section aria-labelledby="figures-heading">')[1]


def test_no_shows_wait_for_the_event_to_start(client, network):
    event = make_event(network)
    register(event)
    page = client.get(f"/organise/e/{event.slug}").get_data(as_text=True)
    assert "No-shows" not in page
    assert tile(page, "Attended") == "0%"


def test_an_event_without_registrations_shows_empty_states(client, network):
    event = make_event(network)
    page = client.get(f"/organise/e/{event.slug}").get_data(as_text=True)
    assert "No registrations yet" in page
    assert "No check-ins yet" in page
    assert "No connections yet" in page
    assert "No feedback yet" in page
    assert (
        "<svg"
        not in page.split('<section aria-labelledby="figures-heading">')[1].split("</section>")[0]
    )
    assert tile(page, "Attended") == "–"


@pytest.mark.parametrize("size", [3, 30])
def test_figures_take_the_same_queries_however_many_came(app, network, count_queries, size):

    event = make_event(network)
    people = [register(event) for _ in range(size)]
    for r in people:
        registration.check_in(r, network.memberships[0].user, anyway=True)
    for left, right in zip(people, people[1:], strict=False):
        connections.record_scan(event, left.user, right.user)
        notifications.give_feedback(event, left.user, 4)
    db.session.commit()
    db.session.expire_all()
    db.session.refresh(event)  # the event itself is the page's; count only the figures
    with count_queries() as queries:
        figures = dashboard_figures(event)
    assert figures.confirmed == size
    assert figures.connections == size - 1
    assert len(queries) == QUERIES


def test_a_check_in_days_later_lists_only_the_busy_quarters(app, network):

    event = make_event(network)
    day = event.starts_at.date()
    owner = network.memberships[0].user
    people = [register(event) for _ in range(3)]
    for person, moment in zip(
        people,
        (
            datetime.combine(day, time(9, 5)),
            datetime.combine(day, time(9, 7)),
            datetime.combine(day + timedelta(days=3), time(10, 1)),
        ),
        strict=True,
    ):
        with freeze_time(moment):
            registration.check_in(person, owner, anyway=True)  # days later too
    check_ins = dashboard_figures(event).charts[1]
    assert check_ins.points == [
        (f"{day:%d %b} 09:00", 2),
        (f"{day + timedelta(days=3):%d %b} 10:00", 1),
    ]


def test_a_lone_bar_is_a_bar_not_the_whole_plot():
    from eventnet.organise.charts import MAX_BAR, bar_chart

    (bar,) = bar_chart([("4 Dec", 3)]).bars
    assert bar.width == MAX_BAR
    assert bar.value == 3
