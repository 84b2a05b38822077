"""Registries through which each domain adds its part to "download my data" and to deletion."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from eventnet.accounts.models import User

Exporter = Callable[[User], Any]
DeletionStep = Callable[[User], None]

exporters: dict[str, Exporter] = {}
deletion_steps: list[DeletionStep] = []
# What each domain does to a deleted account's data, in words shown on the delete page.
deletion_notes: list[str] = []


def exporter(section: str) -> Callable[[Exporter], Exporter]:
    """Register ``fn(user)`` whose JSON-ready result becomes ``section`` of the export."""

    def decorate(fn: Exporter) -> Exporter:
        exporters[section] = fn
        return fn

    return decorate


def on_account_deletion(note: str) -> Callable[[DeletionStep], DeletionStep]:
    """Register ``fn(user)`` run before an account is deleted; it may raise a DomainError
    to refuse (e.g. the last owner of a network with other members)."""

    def decorate(fn: DeletionStep) -> DeletionStep:
        deletion_steps.append(fn)
        deletion_notes.append(note)
        return fn

    return decorate
