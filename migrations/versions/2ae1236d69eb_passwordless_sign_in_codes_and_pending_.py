"""Passwordless sign-in: emailed sign-in codes, optional passwords, pending_email registrations

Revision ID: 2ae1236d69eb
Revises: 463dfc9506a3
Create Date: 2026-12-04 03:06:54.942854

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '2ae1236d69eb'
down_revision = '463dfc9506a3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('sign_in_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('next_path', sa.String(length=300), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('failed_attempts', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_sign_in_codes_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_in_codes')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_sign_in_codes_token_hash'))
    )
    with op.batch_alter_table('sign_in_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sign_in_codes_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_sign_in_codes_user_id'), ['user_id'], unique=False)

    # "pending_email" is longer than any status before it.
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.alter_column('status',
               existing_type=sa.VARCHAR(length=10),
               type_=sa.String(length=13),
               existing_nullable=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('password_hash',
               existing_type=sa.VARCHAR(length=255),
               nullable=True)



def downgrade():
    # Passwordless accounts and unconfirmed one-step registrations cannot survive the way down.
    op.execute("DELETE FROM registrations WHERE status = 'pending_email'")
    op.execute("DELETE FROM users WHERE password_hash IS NULL")
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('password_hash',
               existing_type=sa.VARCHAR(length=255),
               nullable=False)

    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.alter_column('status',
               existing_type=sa.String(length=13),
               type_=sa.VARCHAR(length=10),
               existing_nullable=False)

    with op.batch_alter_table('sign_in_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_in_codes_user_id'))
        batch_op.drop_index(batch_op.f('ix_sign_in_codes_email'))

    op.drop_table('sign_in_codes')
