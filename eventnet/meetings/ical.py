"""Until meetings/services imports calendar/ical.py itself (the services split is in flight)."""

from eventnet.calendar.ical import meeting_calendar  # noqa: F401
