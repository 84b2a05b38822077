"""seed-demo adds the issue's events around today, and running it again changes nothing."""

import sqlalchemy as sa

from eventnet.demo import seed
from eventnet.events.models import Event
from eventnet.extensions import db
from eventnet.registration import services
from eventnet.registration.models import Registration


def test_seed_demo_adds_events_around_today_once(app):
    seed()
    db.session.commit()
    seed()
    db.session.commit()
    events = {e.slug: e for e in db.session.scalars(sa.select(Event))}
    assert len(events) == 4
    past = services.figures(events["spring-term-meet-up"])
    assert past.checked_in == 2
    conference = services.figures(events["summer-leadership-conference"])
    assert conference.waitlisted == 2
    assert services.figures(events["curriculum-roundtable"]).pending == 2
    assert events["new-heads-circle-online"].visibility.value == "members"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Registration)) == 13


def test_seed_demo_has_one_person_without_a_password_who_signs_in_by_link(app, client):
    import re

    from eventnet.accounts.services import find_by_email
    from eventnet.demo import PASSWORDLESS
    from tests.mailbox import outbox

    seed()
    db.session.commit()
    person = find_by_email(PASSWORDLESS[0])
    assert person is not None
    assert not person.has_password
    client.post("/login/email", data={"email": person.email})
    link = re.search(r"http://eventnet\.test(/login/link/\S+)", outbox(person.email)[-1].text_body)
    assert client.get(link.group(1)).status_code == 302
    assert client.get("/me").status_code == 200
