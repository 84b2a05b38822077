"""Who sees which event: members-only events and private networks are invisible to everyone
else (404 on their pages, absent from lists); unlisted events open by link only."""

import pytest

from eventnet.errors import NotFound
from eventnet.events import services as events
from eventnet.events.services import EventData
from eventnet.extensions import db
from eventnet.networks.models import Role
from eventnet.networks.services import update_network
from eventnet.registration import services
from tests.factories import add_member, make_event, make_network, make_user


@pytest.fixture
def network(app):
    network = make_network(make_user("Owner"), slug="heads")
    return network


def test_home_page_lists_upcoming_public_events_only(client, network):
    make_event(network, title="Public meet-up")
    make_event(network, title="Secret circle", visibility="members")
    make_event(network, title="Link only", visibility="unlisted")
    make_event(network, title="Still a draft", publish=False)
    private = make_network(private=True)
    make_event(private, title="Private network event")
    page = client.get("/").get_data(as_text=True)
    assert "Public meet-up" in page
    for hidden in ("Secret circle", "Link only", "Still a draft", "Private network event"):
        assert hidden not in page


def test_past_events_leave_the_home_page(client, network):
    from datetime import UTC, datetime, timedelta

    now = datetime.now(UTC).replace(second=0, microsecond=0, tzinfo=None)
    make_event(
        network,
        title="Long gone",
        starts_at=now - timedelta(days=3),
        ends_at=now - timedelta(days=3) + timedelta(hours=2),
    )
    assert "Long gone" not in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_members_only_events_are_404_and_unlisted_to_non_members(client, login_as, network, who):
    event = make_event(network, title="Heads circle", visibility="members")
    if who == "outsider":
        login_as(make_user())
    assert client.get(f"/e/{event.slug}").status_code == 404
    assert "Heads circle" not in client.get("/n/heads").get_data(as_text=True)
    assert "Heads circle" not in client.get("/").get_data(as_text=True)


def test_members_see_members_only_events_on_the_network_page(client, login_as, network):
    event = make_event(network, title="Heads circle", visibility="members")
    member = make_user()
    add_member(network, member, Role.MEMBER)
    login_as(member)
    assert client.get(f"/e/{event.slug}").status_code == 200
    assert "Heads circle" in client.get("/n/heads").get_data(as_text=True)
    assert "Heads circle" not in client.get("/").get_data(as_text=True)


def test_non_members_cannot_register_for_members_only_events(app, network):
    event = make_event(network, visibility="members")
    with pytest.raises(NotFound):
        services.register(event, make_user())


def test_unlisted_events_open_by_link_but_are_not_listed(client, network):
    event = make_event(network, title="Link only", visibility="unlisted")
    assert client.get(f"/e/{event.slug}").status_code == 200
    assert "Link only" not in client.get("/n/heads").get_data(as_text=True)


def test_events_of_private_networks_are_404_to_outsiders(client, login_as):
    private = make_network(private=True, slug="secret")
    event = make_event(private, title="Private dinner")
    login_as(make_user())
    assert client.get(f"/e/{event.slug}").status_code == 404


def test_site_admins_see_every_event(client, login_as, network):
    event = make_event(network, visibility="members")
    draft = make_event(make_network(private=True), publish=False)
    login_as(make_user(admin=True))
    assert client.get(f"/e/{event.slug}").status_code == 200
    assert client.get(f"/e/{draft.slug}").status_code == 200


def test_descriptions_are_rendered_markdown_with_no_script_surviving(client, network):
    event = make_event(
        network,
        description="**Bold** <script>alert(1)</script> [x](javascript:alert(1)) "
        "<img src=x onerror=alert(1)> [ok](https://example.org)",
    )
    page = client.get(f"/e/{event.slug}").get_data(as_text=True)
    assert "<strong>Bold</strong>" in page
    assert "<script>alert(1)" not in page
    assert 'href="javascript' not in page
    assert "<img" not in page
    assert 'href="https://example.org"' in page


def test_the_home_pages_cards_follow_every_change_to_what_they_show(client, network):
    """The cards are kept per process under what they show (core.views, eventnet.kept):
    every change below reaches the very next view."""

    def cards():
        page = client.get("/").get_data(as_text=True)
        return page.split('id="events-heading"')[1].split("</section>")[0]

    event = make_event(network, title="Termly heads", capacity_in_person=2)
    assert "Termly heads" in cards()
    assert "2 places left" in cards()
    registration = services.register(event, make_user(), mode=None)
    db.session.commit()
    assert "1 place left" in cards()
    services.cancel(registration)
    db.session.commit()
    assert "2 places left" in cards()
    data = EventData.of(event)
    data.title = "Summer heads"
    events.update_event(event, data)
    db.session.commit()
    assert "Summer heads" in cards()
    assert "Termly heads" not in cards()
    update_network(network, name="Heads Renamed", description="", private=False)
    db.session.commit()
    assert "Heads Renamed" in cards()
    make_event(network, title="Another meet-up")
    assert "Another meet-up" in cards()
    events.cancel_event(event)
    db.session.commit()
    assert "Summer heads" not in cards()  # cancelled: off the list of upcoming events
