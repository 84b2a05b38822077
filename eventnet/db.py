"""Declarative base, naming convention, and the column types every domain shares."""

from __future__ import annotations

import enum
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, registry
from sqlalchemy.orm.attributes import set_committed_value

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(sa.types.TypeDecorator):
    """An aware datetime stored as UTC; SQLite (which keeps no zone) gets it back aware too."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where an aware one is required")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def str_enum(enum_class: type[enum.Enum]) -> sa.Enum:
    """A portable enum column: VARCHAR of the member values, no native database type."""
    return sa.Enum(
        enum_class,
        native_enum=False,
        create_constraint=False,
        length=max(len(m.value) for m in enum_class),
        values_callable=lambda members: [m.value for m in members],
    )


class Base(DeclarativeBase):
    # Every datetime column is an aware UTC one unless a model says otherwise.
    registry = registry(
        metadata=sa.MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime()},
    )


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


def lock_row(session, model, row_id: int) -> None:
    """Serialise writers on one row until the transaction ends.

    PostgreSQL: ``SELECT … FOR UPDATE``. SQLite has no row locks: a no-op UPDATE takes the
    database's write lock instead (other writers wait on busy_timeout). pysqlite begins the
    transaction at the first write, so the reads that follow this call see every earlier
    commit and nobody else can write until we commit — the check-then-insert is safe.
    """
    table = model.__table__
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.select(table.c.id).where(table.c.id == row_id).with_for_update())
    else:
        # Each column set to itself, ``onupdate`` ones too: a lock is not a change, so an
        # ``updated_at`` (an event's LAST-MODIFIED in every calendar) must not move.
        unchanged = {c: c for c in table.c if c.primary_key or c.onupdate is not None}
        session.execute(sa.update(table).where(table.c.id == row_id).values(unchanged))


def lock_and_refresh(session, instance) -> None:
    """``lock_row`` on ``instance``'s row and its columns reread, in one statement: what was
    read before the lock may be stale. PostgreSQL: ``SELECT … FOR UPDATE``; SQLite: the no-op
    UPDATE with ``RETURNING``. Loaded relationships stay as they are (``session.refresh``
    would reload them, a query each); deferred columns are expired, to load fresh if used."""
    state = sa.inspect(instance)
    table = state.mapper.local_table
    attrs = [a for a in state.mapper.column_attrs if not a.deferred]
    columns = [a.columns[0] for a in attrs]
    (key,) = state.identity
    if session.get_bind().dialect.name == "postgresql":
        statement = sa.select(*columns).where(table.c.id == key).with_for_update()
    else:
        unchanged = {c: c for c in table.c if c.primary_key or c.onupdate is not None}
        statement = sa.update(table).where(table.c.id == key).values(unchanged).returning(*columns)
    row = session.execute(statement).one()
    # Answers remembered before the lock (``remembered``) may be stale too.
    _forget(session)
    for attr, value in zip(attrs, row, strict=True):
        set_committed_value(instance, attr.key, value)
    deferred = [a.key for a in state.mapper.column_attrs if a.deferred and a.key in state.dict]
    if deferred:
        session.expire(instance, deferred)


def insert_for(session, model):
    """The dialect's own INSERT, for ``on_conflict_do_nothing``: a race on a unique key is
    settled by the database, without a savepoint (whose RELEASE on pysqlite would commit the
    caller's transaction)."""
    from sqlalchemy.dialects import postgresql, sqlite

    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(model)


# --- reads remembered within a transaction --------------------------------------------------

_MEMO = "eventnet.remembered"


def remembered(session, key: tuple, load):
    """``load()``, kept in the session until it next begins, flushes, commits or rolls back.

    Several checks on one page ask the same question (is this person a member of this
    network? registered for this event?): the first asks the database, the rest read the
    answer. Nothing stale can be read: answers live within one transaction and are
    forgotten at every flush, and none is used while the session holds unflushed changes
    (which a query would have flushed first)."""
    if session.new or session.dirty or session.deleted:
        return load()
    memo = session.info.setdefault(_MEMO, {})
    if key not in memo:
        memo[key] = load()
    return memo[key]


def _one_key(model, columns: dict) -> tuple:
    return (model, *sorted(columns.items()))


def remembered_one(session, model, **columns):
    """The one ``model`` row with these column values (or None), remembered as above:
    ``remembered_one(db.session, Membership, network_id=n.id, user_id=u.id)``."""
    key = _one_key(model, columns)
    return remembered(session, key, lambda: session.scalar(sa.select(model).filter_by(**columns)))


def remember_one(session, model, row, **columns) -> None:
    """What ``remembered_one`` with these columns would read, already read by a query that
    joined it (``row`` or None), so the checks that follow ask nothing. Only for a row read
    in this transaction, with nothing unflushed."""
    if not (session.new or session.dirty or session.deleted):
        session.info.setdefault(_MEMO, {})[_one_key(model, columns)] = row


def _forget(session, *_args) -> None:
    session.info.pop(_MEMO, None)


for _name in (
    "after_begin",
    "after_flush",
    "after_commit",
    "after_rollback",
    "after_soft_rollback",
):
    sa.event.listen(sa.orm.Session, _name, _forget)


# --- revisions raised in a flush (events.people_revision, events.page_revision) -------------


def changed(obj, attribute: str) -> bool:
    """Whether the flush about to run changes ``obj.attribute``."""
    return sa.inspect(obj).attrs[attribute].history.has_changes()


def foreign_id(obj, key: str, relation: str) -> int | None:
    """A foreign key before the flush, which may only have set the relationship yet."""
    value = getattr(obj, key)
    if value is None:
        related = getattr(obj, relation)
        value = related.id if related is not None else None
    return value


def raise_revision(session, model, column: str, which) -> None:
    """``UPDATE … SET column = column + 1 WHERE which`` in the flush's connection, keeping
    ``updated_at`` as it is (a revision is not a change to the row's own data), and expire
    the column on loaded rows so this session reads the raised value if it asks again."""
    table = model.__table__
    session.connection().execute(
        sa.update(table)
        .where(which)
        .values({column: table.c[column] + 1, "updated_at": table.c.updated_at})
    )
    for obj in list(session.identity_map.values()):
        if isinstance(obj, model):
            session.expire(obj, [column])
