"""The mail outbox: messages queued in the caller's transaction, delivered by a worker; who
turned which optional emails off, and the signed unsubscribe links."""
