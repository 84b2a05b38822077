"""Every row of every table, read fresh: a refused request must leave them all as they were,
and an allowed one must not."""

from __future__ import annotations

import sqlalchemy as sa

from eventnet.extensions import db


def every_row(*, skip=()) -> dict[str, list[str]]:
    """The rows of every table (but the models in ``skip``), sorted, by table name.

    An API token records when it was last used on every request, so the API's tests skip
    ``ApiToken``.
    """
    db.session.expire_all()
    skipped = {model.__table__.name for model in skip}
    return {
        table.name: sorted(repr(tuple(row)) for row in db.session.execute(sa.select(table)))
        for table in db.metadata.sorted_tables
        if table.name not in skipped
    }
