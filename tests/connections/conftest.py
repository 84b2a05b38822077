"""The badge tests' scene: an event, two attendees with cards, and an organiser."""

from tests.badges.conftest import scene  # noqa: F401
