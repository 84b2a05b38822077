"""Calendar files and feeds (SPEC §5): /e/<event>.ics, /n/<network>/events.ics, /cal/<token>.ics."""
