"""The mail outbox: messages queued in the caller's transaction, delivered by a worker."""
