"""Registration: people at events, capacity and waitlist, approval, invitations, check-in."""
