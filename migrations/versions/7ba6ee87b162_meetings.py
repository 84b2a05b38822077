"""Meetings: settings and windows per event, 1:1 meetings, their slot bookings

Revision ID: 7ba6ee87b162
Revises: d21fdc4eba0b
Create Date: 2026-11-25 15:34:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7ba6ee87b162'
down_revision = 'd21fdc4eba0b'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('meeting_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('slot_minutes', sa.Integer(), nullable=False),
    sa.Column('places', sa.JSON(), nullable=False),
    sa.Column('video_link_pattern', sa.String(length=500), nullable=False),
    sa.Column('cap_per_person', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_meeting_settings_event_id_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_settings')),
    sa.UniqueConstraint('event_id', name=op.f('uq_meeting_settings_event_id'))
    )
    op.create_table('meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('requester_id', sa.Integer(), nullable=False),
    sa.Column('invitee_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.Enum('proposed', 'accepted', 'declined', 'cancelled', name='meetingstatus', native_enum=False), nullable=False),
    sa.Column('message', sa.String(length=500), nullable=False),
    sa.Column('reply', sa.String(length=500), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('place', sa.String(length=120), nullable=False),
    sa.Column('video_url', sa.String(length=500), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('cancelled_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['cancelled_by_id'], ['users.id'], name=op.f('fk_meetings_cancelled_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_meetings_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invitee_id'], ['users.id'], name=op.f('fk_meetings_invitee_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requester_id'], ['users.id'], name=op.f('fk_meetings_requester_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meetings'))
    )
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index('ix_meetings_event_id_status_starts_at', ['event_id', 'status', 'starts_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_meetings_invitee_id'), ['invitee_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meetings_requester_id'), ['requester_id'], unique=False)
        batch_op.create_index('ix_meetings_status_starts_at', ['status', 'starts_at'], unique=False)

    op.create_table('meeting_bookings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resource', sa.String(length=130), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_meeting_bookings_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_bookings_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_bookings')),
    sa.UniqueConstraint('event_id', 'starts_at', 'resource', name=op.f('uq_meeting_bookings_event_id'))
    )
    with op.batch_alter_table('meeting_bookings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_bookings_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('meeting_windows',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('settings_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['settings_id'], ['meeting_settings.id'], name=op.f('fk_meeting_windows_settings_id_meeting_settings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_windows'))
    )
    with op.batch_alter_table('meeting_windows', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_windows_settings_id'), ['settings_id'], unique=False)


def downgrade():
    with op.batch_alter_table('meeting_windows', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_windows_settings_id'))

    op.drop_table('meeting_windows')
    with op.batch_alter_table('meeting_bookings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_bookings_meeting_id'))

    op.drop_table('meeting_bookings')
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_index('ix_meetings_status_starts_at')
        batch_op.drop_index(batch_op.f('ix_meetings_requester_id'))
        batch_op.drop_index(batch_op.f('ix_meetings_invitee_id'))
        batch_op.drop_index('ix_meetings_event_id_status_starts_at')

    op.drop_table('meetings')
    op.drop_table('meeting_settings')
