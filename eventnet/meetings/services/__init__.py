"""Meeting rules: settings and slots, requests, acceptance with places, reminders."""

from __future__ import annotations

from eventnet.meetings.models import DEFAULT_VIDEO_PATTERN
from eventnet.meetings.services._common import ACCEPTED, CANCELLED, DECLINED, PROPOSED
from eventnet.meetings.services.agenda import (
    AgendaEntry,
    EventAgenda,
    accepted_partners,
    figures,
    meeting_for,
    my_meetings,
)
from eventnet.meetings.services.booking import accept, cancel, decline, request_meeting
from eventnet.meetings.services.eligibility import check_meetable, requestable_person
from eventnet.meetings.services.reminders import (
    REMINDER_BEFORE,
    REMINDER_CATEGORY,
    queue_due_reminders,
)
from eventnet.meetings.services.settings import (
    MAX_PLACES,
    SLOT_MINUTES,
    WINDOW_RE,
    SettingsData,
    enabled_in,
    meetings_enabled,
    save_settings,
    settings_of,
    windows_text,
)
from eventnet.meetings.services.slots import Slot, free_slots, slots_of

__all__ = [
    "ACCEPTED",
    "AgendaEntry",
    "CANCELLED",
    "DECLINED",
    "DEFAULT_VIDEO_PATTERN",
    "EventAgenda",
    "MAX_PLACES",
    "PROPOSED",
    "REMINDER_BEFORE",
    "REMINDER_CATEGORY",
    "SLOT_MINUTES",
    "SettingsData",
    "Slot",
    "WINDOW_RE",
    "accept",
    "accepted_partners",
    "cancel",
    "check_meetable",
    "decline",
    "figures",
    "free_slots",
    "meeting_for",
    "enabled_in",
    "meetings_enabled",
    "my_meetings",
    "queue_due_reminders",
    "request_meeting",
    "requestable_person",
    "save_settings",
    "settings_of",
    "slots_of",
    "windows_text",
]
