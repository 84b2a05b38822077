"""events.cover, events.cover_token: an event's cover image and the token of its address

Revision ID: 463dfc9506a3
Revises: e460d7a5e8df
Create Date: 2026-12-03 18:28:16.876952

The re-encoded JPEG itself, and a random token that changes with each upload (so the
image's address can be cached for ever). Existing events have no cover.

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '463dfc9506a3'
down_revision = 'e460d7a5e8df'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cover', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('cover_token', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_events_cover_token'), ['cover_token'])


def downgrade():
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_events_cover_token'), type_='unique')
        batch_op.drop_column('cover_token')
        batch_op.drop_column('cover')
