"""organiser_messages.reply_to: the address replies go to (the author's, unless hidden)

Revision ID: 53630887035a
Revises: 4477d07685bc
Create Date: 2026-12-04 04:47:39.644084

"""

import sqlalchemy as sa
from alembic import op

revision = "53630887035a"
down_revision = "4477d07685bc"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("organiser_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reply_to", sa.String(length=320), nullable=True))


def downgrade():
    with op.batch_alter_table("organiser_messages", schema=None) as batch_op:
        batch_op.drop_column("reply_to")
