"""Site-wide pages: the home page and the health check."""
