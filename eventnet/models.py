"""Every domain's tables, so the metadata (and so migrations) sees them all."""

from eventnet.accounts import models as accounts
from eventnet.api import models as api
from eventnet.badges import models as badges
from eventnet.calendar import models as calendar
from eventnet.connections import models as connections
from eventnet.events import models as events
from eventnet.mail import models as mail
from eventnet.meetings import models as meetings
from eventnet.networks import models as networks
from eventnet.notifications import models as notifications
from eventnet.profiles import models as profiles
from eventnet.registration import models as registration

DOMAINS = (
    accounts,
    api,
    badges,
    calendar,
    connections,
    events,
    mail,
    meetings,
    networks,
    notifications,
    profiles,
    registration,
)
