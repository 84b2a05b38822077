"""Automated emails: reminders, the post-event follow-up, organiser messages, preferences."""
