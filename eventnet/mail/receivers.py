"""How mail answers other packages' signals (connected in eventnet/wiring.py)."""

from __future__ import annotations

from eventnet.mail import preferences, services


def export_emails(user) -> tuple[str, object]:
    """``account_exporting``: the "emails" section."""
    return "emails", services.export_emails(user)


def export_email_preferences(user) -> tuple[str, object]:
    """``account_exporting``: the "email_preferences" section."""
    return "email_preferences", preferences.preferences_of(user)


def delete_account_data(user) -> None:
    """``account_deleting``."""
    services.delete_emails(user)


def describe_account_deletion(user) -> str:
    """``account_deletion_described``: the delete page's sentence."""
    return "Emails to you that are still in our outbox are deleted, unsent."
