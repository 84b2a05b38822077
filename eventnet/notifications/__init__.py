"""Automated emails: reminders, the post-event follow-up, organiser messages and feedback
(the preferences they honour live in mail/preferences.py)."""
