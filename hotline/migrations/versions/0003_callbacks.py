"""callbacks: callback requests and their queue

Revision ID: 0003_callbacks
Revises: 0001_foundation
"""
from alembic import op
import sqlalchemy as sa
import hotline.db


revision = "0003_callbacks"
down_revision = "0001_foundation"
branch_labels = ("callbacks",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "callback_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("open_key", sa.String(length=20), nullable=True),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("channel", sa.String(length=12), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("topic", sa.String(length=12), nullable=True),
        sa.Column("safe_time", sa.String(length=10), nullable=True),
        sa.Column("place_id", sa.Integer(), nullable=True),
        sa.Column("place_text", sa.String(length=60), nullable=True),
        sa.Column("oblast", sa.String(length=40), nullable=True),
        sa.Column("district", sa.String(length=60), nullable=True),
        sa.Column("recording_url", sa.String(length=500), nullable=True),
        sa.Column("alert_id", sa.Integer(), nullable=True),
        sa.Column("lawyer_id", sa.Integer(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("notifications", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", hotline.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", hotline.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", hotline.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("assigned_at", hotline.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("closed_at", hotline.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["lawyer_id"], ["staff.id"], name=op.f("fk_callback_requests_lawyer_id_staff"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_callback_requests")),
        sa.UniqueConstraint("open_key", name=op.f("uq_callback_requests_open_key")),
    )
    with op.batch_alter_table("callback_requests", schema=None) as batch_op:
        for column in ("phone", "status", "alert_id", "lawyer_id", "next_attempt_at", "created_at"):
            batch_op.create_index(batch_op.f(f"ix_callback_requests_{column}"), [column], unique=False)


def downgrade() -> None:
    op.drop_table("callback_requests")
