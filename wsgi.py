"""The WSGI entry point: ``gunicorn wsgi:app``."""

from eventnet import create_app

app = create_app()
