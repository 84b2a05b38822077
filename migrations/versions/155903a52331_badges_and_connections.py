"""Badges and connections: a QR badge per registration, contact exchanges between attendees

Revision ID: 155903a52331
Revises: 1b815ea4b02c
Create Date: 2026-11-25 15:27:31.555115

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '155903a52331'
down_revision = '1b815ea4b02c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('badges',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('short_code', sa.String(length=8), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('qr_png', sa.LargeBinary(), nullable=False),
    sa.Column('qr_svg', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_badges_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'], name=op.f('fk_badges_registration_id_registrations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_badges')),
    sa.UniqueConstraint('event_id', 'short_code', name=op.f('uq_badges_event_id')),
    sa.UniqueConstraint('registration_id', name=op.f('uq_badges_registration_id')),
    sa.UniqueConstraint('token', name=op.f('uq_badges_token'))
    )
    op.create_table('connections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('low_user_id', sa.Integer(), nullable=False),
    sa.Column('high_user_id', sa.Integer(), nullable=False),
    sa.Column('scanned_by_id', sa.Integer(), nullable=True),
    sa.Column('low_note', sa.Text(), nullable=False),
    sa.Column('high_note', sa.Text(), nullable=False),
    sa.Column('low_sharing', sa.Enum('shared', 'requested', 'ignored', name='sharing', native_enum=False), nullable=False),
    sa.Column('high_sharing', sa.Enum('shared', 'requested', 'ignored', name='sharing', native_enum=False), nullable=False),
    sa.Column('low_removed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('high_removed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('low_user_id < high_user_id', name=op.f('ck_connections_ordered_pair')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_connections_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['high_user_id'], ['users.id'], name=op.f('fk_connections_high_user_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['low_user_id'], ['users.id'], name=op.f('fk_connections_low_user_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['scanned_by_id'], ['users.id'], name=op.f('fk_connections_scanned_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_connections')),
    sa.UniqueConstraint('event_id', 'low_user_id', 'high_user_id', name=op.f('uq_connections_event_id'))
    )
    with op.batch_alter_table('connections', schema=None) as batch_op:
        batch_op.create_index('ix_connections_high_user_id', ['high_user_id'], unique=False)
        batch_op.create_index('ix_connections_low_user_id', ['low_user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('connections', schema=None) as batch_op:
        batch_op.drop_index('ix_connections_low_user_id')
        batch_op.drop_index('ix_connections_high_user_id')

    op.drop_table('connections')
    op.drop_table('badges')
