"""seed-demo leaves the past event's follow-ups and the upcoming events' reminders due."""

from __future__ import annotations

from eventnet.demo import seed
from eventnet.extensions import db
from eventnet.mail.worker import run_pass
from tests.notifications.conftest import queued


def test_a_tick_right_after_seeding_sends_follow_ups_and_reminders_once(app):
    seed()
    db.session.commit()

    run_pass()

    follow_ups, reminders = queued("follow-up"), queued("reminder")
    assert follow_ups
    assert reminders
    # Delivered in that same pass: one tick is enough.
    assert {e.status.value for e in follow_ups + reminders} == {"sent"}
    assert any("contacts.vcf" in [a.filename for a in e.attachments] for e in follow_ups)
    # Seeding again and ticking again changes nothing.
    seed()
    db.session.commit()
    run_pass()
    assert len(queued("follow-up")) == len(follow_ups)
    assert len(queued("reminder")) == len(reminders)
