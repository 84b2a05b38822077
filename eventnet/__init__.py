"""eventnet: self-hosted networking events. ``create_app`` wires the pieces together."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from eventnet import (
    config,
    models,  # noqa: F401 - every table in the metadata
    wiring,
)
from eventnet.accounts.login import register_login
from eventnet.cli import register_commands
from eventnet.errors import register_error_handlers
from eventnet.extensions import register_extensions
from eventnet.web import register_blueprints, register_web

ROOT = Path(__file__).resolve().parent.parent


def create_app(config_overrides: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        instance_path=str(ROOT / "instance"),
        instance_relative_config=True,
    )
    app.config.from_mapping(config.load(app.instance_path))
    app.config.from_mapping(config_overrides or {})
    register_extensions(app)
    register_login(app)
    wiring.connect_all()
    register_blueprints(app)
    register_web(app)
    register_error_handlers(app)
    register_commands(app)
    return app
