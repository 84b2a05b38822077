"""Asking for a meeting, accepting it with a place, declining and cancelling."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from eventnet.errors import DomainError, NotFound
from eventnet.extensions import db
from eventnet.meetings import services
from eventnet.meetings.models import MeetingBooking, MeetingStatus
from tests.meetings.conftest import accept, ask, attendee, emails_to, meeting_event, slot


def test_a_request_waits_for_the_invitee_and_emails_them(pair):
    event, priya, tom = pair
    meeting = ask(event, priya, tom, message="Assessment ideas?")
    assert meeting.status is MeetingStatus.PROPOSED
    assert meeting.place == ""
    [email] = emails_to(tom, "meeting-requested")
    assert "Priya Shah" in email.subject
    assert "Assessment ideas?" in email.text_body


def test_accepting_assigns_the_first_free_table_and_books_both_people(pair):
    event, priya, tom = pair
    meeting = accept(ask(event, priya, tom))
    assert meeting.status is MeetingStatus.ACCEPTED
    assert meeting.place == "Table 1"
    assert meeting.video_url == ""
    resources = set(db.session.scalars(sa.select(MeetingBooking.resource)))
    assert resources == {f"user:{priya.id}", f"user:{tom.id}", "place:Table 1"}
    assert emails_to(priya, "meeting-accepted")
    assert emails_to(tom, "meeting-accepted")


def test_a_second_pair_in_the_same_slot_gets_the_next_table(pair):
    event, priya, tom = pair
    accept(ask(event, priya, tom))
    a, b = attendee(event), attendee(event)
    assert accept(ask(event, a, b)).place == "Table 2"


def test_when_every_table_is_taken_accepting_is_refused_and_nothing_changes(app):
    event = meeting_event(tables=1)
    priya, tom, a, b = (attendee(event) for _ in range(4))
    accept(ask(event, priya, tom))
    # The slot is no longer offered to anyone...
    assert slot(event, 0) not in [s.starts_at for s in services.free_slots(event, a, b)]
    # ...and a request made while it was free cannot be accepted once it is full.
    late = ask(event, a, b, n=1)
    late.starts_at, late.ends_at = slot(event, 0), slot(event, 1)
    db.session.commit()
    with pytest.raises(DomainError, match="Every table is taken"):
        services.accept(late, b)
    db.session.rollback()
    assert late.status is MeetingStatus.PROPOSED


def test_pending_requests_do_not_block_a_slot(pair):
    event, priya, tom = pair
    helen = attendee(event, "Helen Marsh")
    ask(event, priya, tom)
    assert slot(event, 0) in [s.starts_at for s in services.free_slots(event, helen, tom)]
    ask(event, helen, tom)


def test_accepting_declines_both_peoples_other_overlapping_requests_with_a_note(pair):
    event, priya, tom = pair
    helen, david, amara = (attendee(event, n) for n in ("Helen", "David", "Amara"))
    chosen = ask(event, priya, tom)
    to_tom = ask(event, helen, tom)  # Tom was asked twice for 12:00
    from_priya = ask(event, priya, david)  # Priya asked someone else for 12:00 too
    later = ask(event, amara, tom, n=1)  # 12:15 does not overlap
    accept(chosen)
    db.session.refresh(to_tom)
    db.session.refresh(from_priya)
    db.session.refresh(later)
    assert to_tom.status is MeetingStatus.DECLINED
    assert "Tom Okafor now has another meeting" in to_tom.note
    assert from_priya.status is MeetingStatus.DECLINED
    assert "Priya Shah now has another meeting" in from_priya.note
    assert later.status is MeetingStatus.PROPOSED
    assert emails_to(helen, "meeting-declined")
    assert emails_to(david, "meeting-declined")


def test_nobody_has_two_overlapping_accepted_meetings(pair):
    event, priya, tom = pair
    helen = attendee(event, "Helen Marsh")
    first = ask(event, priya, tom)
    second = ask(event, helen, tom)
    accept(first)
    db.session.refresh(second)
    second.status = MeetingStatus.PROPOSED  # as if it had escaped the automatic decline
    db.session.commit()
    with pytest.raises(DomainError, match="another meeting at this time"):
        services.accept(second, tom)
    db.session.rollback()


def test_the_cap_per_person_holds(app):
    event = meeting_event(cap=1)
    priya, tom, helen = (attendee(event) for _ in range(3))
    accept(ask(event, priya, tom))
    with pytest.raises(DomainError, match="limit of 1 meetings"):
        services.request_meeting(event, helen, tom, slot(event, 1))
    db.session.rollback()
    with pytest.raises(DomainError, match="limit of 1 meetings"):
        services.request_meeting(event, priya, helen, slot(event, 1))
    db.session.rollback()


def test_online_and_mixed_pairs_get_a_video_link(app):
    event = meeting_event(fmt="hybrid")
    here, there, also_there = (
        attendee(event, mode="in_person"),
        attendee(event, mode="online"),
        attendee(event, mode="online"),
    )
    mixed = accept(ask(event, here, there))
    assert mixed.place == ""
    assert mixed.video_url.startswith("https://meet.jit.si/eventnet-")
    online = accept(ask(event, also_there, here, n=1))
    assert online.video_url.startswith("https://meet.jit.si/eventnet-")
    assert online.video_url != mixed.video_url


def test_a_place_link_gives_each_table_its_fixed_room(app):
    event = meeting_event(fmt="virtual", tables=1, pattern="https://video.example/room-{place}")
    a, b, c, d = (attendee(event) for _ in range(4))
    meeting = accept(ask(event, a, b))
    assert (meeting.place, meeting.video_url) == ("Table 1", "https://video.example/room-table-1")
    assert slot(event, 0) not in [s.starts_at for s in services.free_slots(event, c, d)]


def test_declining_with_a_reply_tells_the_requester(pair):
    event, priya, tom = pair
    meeting = ask(event, priya, tom)
    services.decline(meeting, tom, "Sorry, I am presenting then.")
    db.session.commit()
    assert meeting.status is MeetingStatus.DECLINED
    [email] = emails_to(priya, "meeting-declined")
    assert "Sorry, I am presenting then." in email.text_body


def test_either_person_can_cancel_and_the_table_is_free_again(pair):
    event, priya, tom = pair
    meeting = accept(ask(event, priya, tom))
    services.cancel(meeting, priya, "Train delayed")
    db.session.commit()
    assert meeting.status is MeetingStatus.CANCELLED
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MeetingBooking)) == 0
    assert emails_to(tom, "meeting-cancelled")
    a, b = attendee(event), attendee(event)
    assert accept(ask(event, a, b)).place == "Table 1"


def test_only_the_invitee_accepts_and_only_the_two_people_cancel(pair):
    event, priya, tom = pair
    stranger = attendee(event)
    meeting = ask(event, priya, tom)
    for who, action in ((priya, services.accept), (stranger, services.accept)):
        with pytest.raises(NotFound):
            action(meeting, who)
    with pytest.raises(NotFound):
        services.decline(meeting, priya)
    with pytest.raises(NotFound):
        services.cancel(meeting, stranger)
    db.session.rollback()
    assert meeting.status is MeetingStatus.PROPOSED


def test_accepted_meetings_are_mutual_contacts(pair):
    event, priya, tom = pair
    helen = attendee(event, "Helen Marsh")
    accept(ask(event, priya, tom))
    ask(event, helen, priya, n=2)
    assert services.accepted_partners(priya, event) == [tom]
    assert services.accepted_partners(tom, event) == [priya]
    assert services.accepted_partners(helen, event) == []


def test_an_accepted_meeting_appears_in_both_peoples_contacts(pair):
    from eventnet.connections.services import contacts_of

    event, priya, tom = pair
    assert contacts_of(priya) == []
    accept(ask(event, priya, tom))
    assert [c.person.id for c in contacts_of(priya)] == [tom.id]
    assert [c.person.id for c in contacts_of(tom)] == [priya.id]
