"""live: the crew's commands (HERE, LATE, NEXT, LEFT) against visits

Revision ID: 0005_live
Revises: 0001_foundation
Depends on: 0002_schedule (foreign keys to visits and places)
"""
from alembic import op
import sqlalchemy as sa
import hotline.db

revision = "0005_live"
down_revision = "0001_foundation"
branch_labels = ("live",)
depends_on = "0002_schedule"


def upgrade() -> None:
    op.create_table(
        "live_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("place_id", sa.Integer(), nullable=False),
        sa.Column("at", hotline.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("until_at", hotline.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("expected_at", hotline.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("minutes", sa.Integer(), nullable=True),
        sa.Column("created_visit", sa.Boolean(), nullable=False),
        sa.Column("notice_state", sa.String(length=12), nullable=False),
        sa.Column("notify_at", hotline.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("told", sa.Integer(), nullable=False),
        sa.Column("undone_at", hotline.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["place_id"], ["places.id"], name=op.f("fk_live_events_place_id_places")),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_live_events_staff_id_staff")),
        sa.ForeignKeyConstraint(["visit_id"], ["visits.id"], name=op.f("fk_live_events_visit_id_visits")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_live_events")),
    )
    with op.batch_alter_table("live_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_live_events_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_live_events_visit_id"), ["visit_id"], unique=False)
        batch_op.create_index("ix_live_events_notify", ["notice_state", "notify_at"], unique=False)
        batch_op.create_index("ix_live_events_phone_at", ["phone", "at"], unique=False)


def downgrade() -> None:
    op.drop_table("live_events")
