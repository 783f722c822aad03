"""alerts: refused staff commands, counted to slow a phone that guesses alert numbers

Revision ID: 0011_alert_refusals
Revises: 0004_alerts
"""
from alembic import op
import sqlalchemy as sa

import hotline.db

revision = "0011_alert_refusals"
down_revision = "0004_alerts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alert_refusals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=True),
        sa.Column("created_at", hotline.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_alert_refusals_staff_id_staff"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_refusals")),
    )
    with op.batch_alter_table("alert_refusals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_alert_refusals_staff_id"), ["staff_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_alert_refusals_created_at"), ["created_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("alert_refusals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_alert_refusals_created_at"))
        batch_op.drop_index(batch_op.f("ix_alert_refusals_staff_id"))
    op.drop_table("alert_refusals")
