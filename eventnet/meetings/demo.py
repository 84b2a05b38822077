"""Demo 1:1 meetings for `flask seed-demo`: lunchtime meetings at the summer conference."""

from __future__ import annotations

import sqlalchemy as sa

from eventnet.accounts.models import User
from eventnet.events.models import Event
from eventnet.extensions import db
from eventnet.meetings import services
from eventnet.meetings.models import Meeting

EVENT = "summer-leadership-conference"
SETTINGS = services.SettingsData(
    enabled=True,
    windows="12:00-13:00",  # lunch, between the workshops and the panel
    slot_minutes=15,
    table_count=4,
    cap_per_person=4,
)
# (requester, invitee, slot number, message, accepted)
MEETINGS = [
    (
        "helen.marsh@stmarys.example",
        "david.chen@northgate.example",
        0,
        "Could we talk through your phonics plan? I would love to borrow it.",
        True,
    ),
    (
        "priya.shah@oakfield.example",
        "david.chen@northgate.example",
        2,
        "Joining online: ten minutes on trust partnerships?",
        True,
    ),
    (
        "amara.jones@hillcrest.example",
        "helen.marsh@stmarys.example",
        1,
        "I'm new in post and would value your view on staff wellbeing.",
        False,
    ),
]


def seed_meetings(people: dict[str, User]) -> int:
    """Meeting settings and a few meetings at the upcoming conference; a pair that already
    has a meeting there is left as it is."""
    event = db.session.scalar(sa.select(Event).where(Event.slug == EVENT))
    if event is None:
        return 0
    if services.settings_of(event) is None:
        services.save_settings(event, SETTINGS)
    slots = services.slots_of(services.settings_of(event))
    created = 0
    for requester, invitee, n, message, accepted in MEETINGS:
        a, b = people[requester], people[invitee]
        exists = db.session.scalar(
            sa.select(Meeting.id).where(
                Meeting.event_id == event.id,
                Meeting.requester_id == a.id,
                Meeting.invitee_id == b.id,
            )
        )
        if exists is not None or n >= len(slots):
            continue
        meeting = services.request_meeting(event, a, b, slots[n].starts_at, message)
        if accepted:
            services.accept(meeting, b, "Yes, see you then.")
        created += 1
    return created
