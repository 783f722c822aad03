"""callbacks: when the resident was given the request's reference

Revision ID: 0015_callback_told
Revises: 0003_callbacks
"""
from alembic import op
import sqlalchemy as sa

import hotline.db

revision = "0015_callback_told"
down_revision = "0003_callbacks"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("callback_requests") as batch_op:
        batch_op.add_column(sa.Column("told_at", hotline.db.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("callback_requests") as batch_op:
        batch_op.drop_column("told_at")
