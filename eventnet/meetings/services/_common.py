"""Meeting statuses under short names, shared by the meetings services."""

from __future__ import annotations

from eventnet.meetings.models import MeetingStatus

PROPOSED = MeetingStatus.PROPOSED
ACCEPTED = MeetingStatus.ACCEPTED
DECLINED = MeetingStatus.DECLINED
CANCELLED = MeetingStatus.CANCELLED
