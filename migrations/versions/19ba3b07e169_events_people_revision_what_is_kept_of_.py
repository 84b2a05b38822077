"""events.people_revision: what the pages keep of an event's attendee list

Revision ID: 19ba3b07e169
Revises: 95676e3b79be
Create Date: 2026-12-03 09:14:17.896981

Raised in the same transaction as every change to who is coming (a registration's status,
an attendee's name or pitch card); the event page's "who is coming" is kept per revision
instead of being read from 2,000 rows on every view.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "19ba3b07e169"
down_revision = "95676e3b79be"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("people_revision", sa.Integer(), server_default="0", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_column("people_revision")
