"""events.page_revision: what the event page keeps of its agenda and organisers

Revision ID: 20c488ea395a
Revises: 2ae1236d69eb
Create Date: 2026-12-04 03:20:00.000000

Raised in the same transaction as every change to an event's agenda or to its network's
organisers; the event page keeps both per revision instead of reading them on every view.
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "20c488ea395a"
down_revision = "2ae1236d69eb"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("page_revision", sa.Integer(), server_default="0", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_column("page_revision")
