"""Twenty identical requests at once for a badge's first view: one badge issued, one
connection recorded, no 500, on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa

from eventnet.badges.models import Badge
from eventnet.connections.models import Connection
from eventnet.extensions import db
from eventnet.registration.services import registration_of
from tests.bursts import COPIES, burst, emails_queued, server_errors


def test_opening_my_badge_twenty_times_at_once_issues_one_badge(app, client, login_as, scene):
    login_as(scene.ada)
    emails = emails_queued()

    answers = burst(app, client, "GET", f"/e/{scene.event.slug}/badge")

    assert not server_errors(answers), server_errors(answers)
    registration = registration_of(scene.event, scene.ada)
    (badge,) = db.session.scalars(
        sa.select(Badge).where(Badge.registration_id == registration.id)
    ).all()
    assert emails_queued() - emails <= 1
    # Every page shows that one badge: its short code, not one that lost the race.
    assert [a.status for a in answers] == [200] * COPIES
    for answer in answers:
        assert badge.short_code_display in answer.page


def test_scanning_a_badge_twenty_times_at_once_records_one_connection(app, client, login_as, scene):
    token = scene.badge(scene.ben).token
    login_as(scene.ada)
    emails = emails_queued()

    answers = burst(app, client, "GET", f"/b/{token}")

    assert not server_errors(answers), server_errors(answers)
    (connection,) = db.session.scalars(
        sa.select(Connection).where(Connection.event_id == scene.event.id)
    ).all()
    assert {connection.low_user_id, connection.high_user_id} == {scene.ada.id, scene.ben.id}
    assert emails_queued() - emails <= 1
    assert [a.status for a in answers] == [200] * COPIES
    for answer in answers:
        assert "Ben Okri" in answer.page
