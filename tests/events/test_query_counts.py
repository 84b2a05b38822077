"""The event list and the event page run a fixed number of SQL queries, however many people
have registered."""

import pytest

from tests.factories import make_event, make_network, make_user, register


def fill(event, n: int) -> None:
    for _ in range(n):
        register(event)


def queries_for(client, count_queries, url: str) -> int:
    client.get(url)  # warm up: first-request work is not what we measure
    with count_queries() as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url", ["/", "/n/{network}", "/e/{event}", "/organise/e/{event}", "/me/events"]
)
def test_pages_run_the_same_queries_for_1_and_30_registrations(
    client, login_as, count_queries, url
):
    owner = make_user()
    small_network, big_network = make_network(owner), make_network(owner)
    small = make_event(small_network, capacity_in_person=10)
    big = make_event(big_network, capacity_in_person=10)
    register(small, owner)  # the viewer holds a place in both, so sees the attendee list
    register(big, owner)
    fill(small, 1)
    fill(big, 30)
    login_as(owner)
    counts = [
        queries_for(client, count_queries, url.format(network=n.slug, event=e.slug))
        for n, e in ((small_network, small), (big_network, big))
    ]
    assert counts[0] == counts[1]


def test_home_page_queries_do_not_grow_with_the_number_of_events(client, count_queries):
    network = make_network()
    make_event(network)
    one = queries_for(client, count_queries, "/")
    for _ in range(10):
        fill(make_event(network), 3)
    assert queries_for(client, count_queries, "/") == one
