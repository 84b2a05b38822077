"""Registration rules: places per mode, the waitlist, approval, invitations, check-in.

Every service that checks free places and then changes them takes the event's row lock
first (``lock_row``), before it reads any count, so concurrent requests queue up behind
each other and confirmed registrations never exceed capacity (SPEC §3).
"""

from __future__ import annotations

from eventnet.registration.services._common import (
    CANCELLED,
    CONFIRMED,
    DECLINED,
    PENDING,
    PENDING_EMAIL,
    WAITLISTED,
)
from eventnet.registration.services.by_email import (
    confirm_email_registrations,
    register_by_email,
)
from eventnet.registration.services.capacity import (
    Figures,
    ModePlaces,
    availability,
    capacity_of,
    figures,
    figures_for,
    modes_of,
    places_by_mode,
    places_left,
)
from eventnet.registration.services.decisions import (
    NotEventDay,
    approve,
    check_in,
    decline,
    undo_check_in,
)
from eventnet.registration.services.event_cancelled import notify_event_cancelled
from eventnet.registration.services.invitations import invitation_for_token, invitations_of, invite
from eventnet.registration.services.lists import (
    STATUS_ORDER,
    MyEvents,
    confirmed_attendees,
    get_registration,
    my_registrations,
    registration_of,
    registrations_for_organisers,
    waitlist_position,
)
from eventnet.registration.services.questions import (
    AnswerSheet,
    QuestionData,
    add_question,
    answer_label,
    answer_sheets,
    check_answers,
    check_question,
    copy_questions,
    get_question,
    move_question,
    questions_of,
    remove_question,
    update_question,
)
from eventnet.registration.services.registering import (
    cancel,
    change_mode,
    check_registering,
    closed_reason,
    register,
)
from eventnet.registration.services.waitlist import (
    fill_free_places,
    move_off_waitlist,
    promote_from_waitlist,
)

__all__ = [
    "NotEventDay",
    "AnswerSheet",
    "CANCELLED",
    "CONFIRMED",
    "DECLINED",
    "Figures",
    "ModePlaces",
    "MyEvents",
    "PENDING",
    "PENDING_EMAIL",
    "QuestionData",
    "STATUS_ORDER",
    "WAITLISTED",
    "add_question",
    "answer_label",
    "answer_sheets",
    "approve",
    "availability",
    "cancel",
    "change_mode",
    "capacity_of",
    "check_answers",
    "check_in",
    "check_question",
    "check_registering",
    "closed_reason",
    "confirm_email_registrations",
    "confirmed_attendees",
    "copy_questions",
    "decline",
    "figures",
    "figures_for",
    "fill_free_places",
    "get_question",
    "get_registration",
    "invitation_for_token",
    "invitations_of",
    "invite",
    "modes_of",
    "move_off_waitlist",
    "move_question",
    "my_registrations",
    "notify_event_cancelled",
    "places_by_mode",
    "places_left",
    "promote_from_waitlist",
    "questions_of",
    "register",
    "register_by_email",
    "registration_of",
    "registrations_for_organisers",
    "remove_question",
    "undo_check_in",
    "update_question",
    "waitlist_position",
]
