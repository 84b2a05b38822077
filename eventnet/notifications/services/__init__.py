"""Automated emails: per-event schedules, the scheduler step that queues what is due,
event changes and cancellations, organiser messages and feedback (SPEC §6)."""

from __future__ import annotations

from eventnet.notifications.services._common import CONFIRMED
from eventnet.notifications.services.email_log import LOG_KINDS, email_log, retry_failed
from eventnet.notifications.services.event_changes import (
    notify_event_changed,
)
from eventnet.notifications.services.feedback import (
    FeedbackSummary,
    feedback_of,
    feedback_person,
    feedback_summary,
    feedback_token,
    feedback_url,
    give_feedback,
)
from eventnet.notifications.services.organiser_messages import (
    MessageData,
    cancel_message,
    check_message,
    create_message,
    deliveries_of,
    get_message,
    message_context,
    message_due_at,
    messages_of,
    send_due_organiser_messages,
)
from eventnet.notifications.services.recipients import (
    audience_of,
    event_context,
    follow_up_recipients,
    opted_out,
)
from eventnet.notifications.services.scheduler import schedule_due_emails
from eventnet.notifications.services.schedules import (
    DEFAULT_FOLLOW_UP,
    DEFAULT_REMINDERS,
    FOLLOW_UP_GRACE,
    MAX_FOLLOW_UP_OFFSET,
    MAX_REMINDER_OFFSET,
    REMINDER_GRACE,
    add_schedule,
    describe_offset,
    due_at,
    remove_schedule,
    schedules_of,
)

__all__ = [
    "CONFIRMED",
    "DEFAULT_FOLLOW_UP",
    "DEFAULT_REMINDERS",
    "FOLLOW_UP_GRACE",
    "FeedbackSummary",
    "LOG_KINDS",
    "MAX_FOLLOW_UP_OFFSET",
    "MAX_REMINDER_OFFSET",
    "MessageData",
    "REMINDER_GRACE",
    "add_schedule",
    "audience_of",
    "cancel_message",
    "create_message",
    "deliveries_of",
    "describe_offset",
    "due_at",
    "email_log",
    "event_context",
    "feedback_of",
    "feedback_person",
    "feedback_summary",
    "feedback_token",
    "feedback_url",
    "follow_up_recipients",
    "get_message",
    "give_feedback",
    "message_context",
    "message_due_at",
    "messages_of",
    "notify_event_changed",
    "opted_out",
    "remove_schedule",
    "retry_failed",
    "schedule_due_emails",
    "schedules_of",
    "send_due_organiser_messages",
    "check_message",
]
