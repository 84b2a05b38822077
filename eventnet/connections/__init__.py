"""Connections: contact exchanges between attendees, their notes, and "My contacts"."""
