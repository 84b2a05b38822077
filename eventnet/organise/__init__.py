"""The organiser's cockpit: the home of the organiser area (issue 17)."""
