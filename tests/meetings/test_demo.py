"""seed-demo books lunchtime meetings at the upcoming conference, once."""

import sqlalchemy as sa

from eventnet.demo import seed
from eventnet.extensions import db
from eventnet.meetings.models import Meeting, MeetingStatus


def test_seed_demo_adds_meetings_at_the_upcoming_event_once(app):
    seed()
    db.session.commit()
    seed()
    db.session.commit()
    meetings = db.session.scalars(sa.select(Meeting).order_by(Meeting.starts_at)).all()
    assert [m.status for m in meetings] == [
        MeetingStatus.ACCEPTED,
        MeetingStatus.PROPOSED,
        MeetingStatus.ACCEPTED,
    ]
    assert meetings[0].place == "Table 1"
    assert meetings[2].video_url.startswith("https://meet.jit.si/")
