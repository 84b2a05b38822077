"""The JSON API under /api/v1: personal tokens, resources over the domain services, OpenAPI."""
