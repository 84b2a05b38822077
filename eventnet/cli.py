"""Command-line commands (SPEC §7): thin wrappers over the services."""

from __future__ import annotations

import signal

import click
from email_validator import EmailNotValidError, validate_email
from flask import Flask

from eventnet.accounts.services import create_user, find_by_email
from eventnet.api.services import create_token
from eventnet.demo import seed
from eventnet.errors import DomainError
from eventnet.extensions import db
from eventnet.mail.worker import run_forever, run_pass


@click.command("create-user")
@click.argument("email")
@click.option("--name", required=True, help="The person's name.")
@click.option("--password", help="Asked for when not given.")
@click.option("--admin", is_flag=True, help="Make a site administrator.")
def create_user_command(email: str, name: str, password: str | None, admin: bool) -> None:
    """Create an account."""

    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as error:
        raise click.UsageError(f"Not a valid email address: {error}") from None
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = create_user(email, name, password, is_admin=admin)
    except DomainError as error:
        db.session.rollback()
        raise click.UsageError(error.message) from None
    db.session.commit()
    click.echo(f"Created {'admin ' if admin else ''}{user.email} (id {user.id}).")


@click.command("create-token")
@click.argument("email")
@click.option("--name", default="Command line", show_default=True, help="What the token is for.")
def create_token_command(email: str, name: str) -> None:
    """Print a new personal API token for EMAIL's account (shown only this once)."""

    user = find_by_email(email)
    if user is None:
        raise click.UsageError(f"There is no account with the email address {email!r}.")
    try:
        _, secret = create_token(user, name)
    except DomainError as error:
        db.session.rollback()
        raise click.UsageError(error.message) from None
    db.session.commit()
    click.echo(secret)


@click.command("seed-demo")
def seed_demo_command() -> None:
    """Load the demo data (idempotent: running it again changes nothing)."""

    summary = seed()
    db.session.commit()
    click.echo(summary)


@click.command("tick")
def tick_command() -> None:
    """One pass of the worker: schedule due emails, deliver what is due, then exit."""

    report = run_pass()
    click.echo(
        f"scheduled {report.scheduled}, sent {report.sent}, "
        f"retrying {report.retrying}, failed {report.failed}"
    )


@click.command("worker")
@click.option("--interval", default=5.0, show_default=True, help="Seconds between passes.")
def worker_command(interval: float) -> None:
    """Schedule and deliver emails until stopped (Ctrl-C or SIGTERM)."""

    stopping = []

    def stop(*_):
        stopping.append(True)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    click.echo(f"worker: delivering every {interval:g}s; stop with Ctrl-C")
    run_forever(interval, should_stop=lambda: bool(stopping))
    click.echo("worker: stopped")


def register_commands(app: Flask) -> None:
    for command in (
        create_user_command,
        create_token_command,
        seed_demo_command,
        tick_command,
        worker_command,
    ):
        app.cli.add_command(command)
