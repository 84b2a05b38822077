"""Pitch cards, the attendee and member directories, and "people to meet"."""
