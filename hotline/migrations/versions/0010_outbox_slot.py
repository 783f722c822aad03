"""outbox: the sending slot a paced row already holds

Revision ID: 0010_outbox_slot
Revises: 0001_foundation
"""
from alembic import op
import sqlalchemy as sa

import hotline.db

revision = "0010_outbox_slot"
down_revision = "0001_foundation"
branch_labels = ("messaging",)
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbound_messages") as batch_op:
        batch_op.add_column(sa.Column("slot_at", hotline.db.UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbound_messages") as batch_op:
        batch_op.drop_column("slot_at")
