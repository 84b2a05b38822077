"""Demo pitch cards for `flask seed-demo`: school leaders whose tags make good suggestions."""

from __future__ import annotations

from eventnet.accounts.models import User
from eventnet.profiles.services import ProfileData, profile_of, update_profile

CARDS = {
    "priya.shah@oakfield.example": ProfileData(
        family_name="Shah",
        headline="Headteacher",
        organisation="Oakfield Primary",
        location="Birmingham",
        pitch="Twelve years a head, the last four at Oakfield, a two-form entry primary. We "
        "rebuilt our assessment around fewer, better checkpoints and I am happy to share what "
        "worked. I want to hear how others keep good teachers in the first five years.",
        interests="Curriculum, Wellbeing, Distributed leadership",
        offers="Assessment, Phonics, Ofsted preparation",
        needs="Recruitment, Retention",
        website_url="https://oakfield.example",
        linkedin_url="https://www.linkedin.com/in/priya-shah-example",
        contact_email="priya.shah@oakfield.example",
        contact_phone="+44 121 496 0101",
    ),
    "tom.okafor@riverside-trust.example": ProfileData(
        family_name="Okafor",
        headline="Director of Education",
        organisation="Riverside Learning Trust",
        location="Nottingham",
        pitch="I support eleven schools across the trust on school improvement and leadership "
        "development. Ask me about growing middle leaders or trust-wide CPD; I am looking for "
        "heads who have made a four-day timetable or flexible working stick.",
        interests="School improvement, Distributed leadership, Governance",
        offers="Recruitment, Leadership coaching, Trust partnerships",
        needs="Flexible working, Wellbeing",
        social_url="https://mastodon.example/@tomokafor",
        contact_email="tom.okafor@riverside-trust.example",
    ),
    "helen.marsh@stmarys.example": ProfileData(
        family_name="Marsh",
        headline="Headteacher",
        organisation="St Mary's CE Primary",
        location="Coventry",
        pitch="Small church school, big ambitions. Since joining I have focused on staff "
        "wellbeing and a curriculum that starts from our village's history. Keen to swap "
        "ideas on workload and on making the most of a tiny budget.",
        interests="Wellbeing, Curriculum, Rural schools",
        offers="Wellbeing, Flexible working",
        needs="Curriculum, Assessment",
        website_url="https://stmarys.example",
        contact_phone="+44 24 7649 0202",
    ),
    "david.chen@northgate.example": ProfileData(
        family_name="Chen",
        headline="Deputy Headteacher",
        organisation="Northgate Academy",
        location="Leicester",
        pitch="Deputy head at an 11–18 academy, leading behaviour and attendance. Preparing "
        "for headship and looking for a mentor who has made the step in the last few years.",
        interests="Behaviour, Attendance, Curriculum",
        offers="Attendance, Behaviour",
        needs="Headship preparation, Leadership coaching",
        linkedin_url="https://www.linkedin.com/in/david-chen-example",
        contact_email="d.chen@northgate.example",
    ),
    "amara.jones@hillcrest.example": ProfileData(
        family_name="Jones",
        headline="SENCO and Assistant Head",
        organisation="Hillcrest Primary",
        location="Derby",
        pitch="SENCO for 400 children, a third with additional needs. I can help with EHCP "
        "applications and inclusive classroom practice, and I am looking for better ways to "
        "assess progress for pupils working below their age.",
        interests="SEND, Inclusion, Wellbeing",
        offers="SEND, EHCP applications",
        needs="Assessment, Phonics",
        contact_email="amara.jones@hillcrest.example",
        contact_phone="+44 1332 496 303",
    ),
    "sean.murphy@brookvale.example": ProfileData(
        family_name="Murphy",
        headline="Headteacher (first year)",
        organisation="Brookvale Primary",
        location="Wolverhampton",
        pitch="New head since September, stepping up from deputy in the same school. "
        "Learning fast about budgets and governance; would value a chat with anyone who has "
        "led a school through its first Ofsted under a new head.",
        interests="Distributed leadership, Wellbeing",
        offers="Maths mastery",
        needs="Ofsted preparation, Governance, Leadership coaching",
        contact_email="sean.murphy@brookvale.example",
    ),
    "admin@eventnet.example": ProfileData(
        headline="Platform administrator",
        organisation="eventnet",
        pitch="I look after this eventnet site. Tell me if something does not work.",
        hidden=True,
    ),
}


def seed_cards(people: dict[str, User]) -> int:
    """Give each demo person their card unless they have one (their edits are kept)."""
    created = 0
    for email, data in CARDS.items():
        user = people.get(email)
        if user is not None and profile_of(user) is None:
            update_profile(user, data)
            created += 1
    return created
