"""networks.accent: the colour of a network's pages

Revision ID: e460d7a5e8df
Revises: 19ba3b07e169
Create Date: 2026-12-03 14:34:19.281027

The name of one of the colours in eventnet/networks/accents.py; existing networks keep the
blue every network had.

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e460d7a5e8df'
down_revision = '19ba3b07e169'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('networks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('accent', sa.String(length=20), server_default='blue', nullable=False))


def downgrade():
    with op.batch_alter_table('networks', schema=None) as batch_op:
        batch_op.drop_column('accent')
