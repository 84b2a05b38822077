"""Until the services import mail/preferences.py themselves (the services split is in flight)."""

from eventnet.mail.preferences import *  # noqa: F403
from eventnet.mail.preferences import CATEGORIES, preferences_of, set_preference  # noqa: F401
