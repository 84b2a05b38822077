"""1:1 networking meetings at events: requests, acceptance, places, reminders."""
