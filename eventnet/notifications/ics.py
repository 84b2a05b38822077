"""Until notifications/services imports the calendar's attachments itself (the services split
is in flight): the invitation and cancellation files come from calendar/ical.py."""

from __future__ import annotations

from eventnet.calendar.services import cancellation_attachment as cancellation_for  # noqa: F401
from eventnet.calendar.services import invitation_attachment as invitation_for  # noqa: F401
