"""admin: server-side sessions (logout, a new password or deactivation end them)

Revision ID: 0012_admin_sessions
Revises: 0009_admin
"""
from alembic import op
import sqlalchemy as sa
import hotline.db

revision = "0012_admin_sessions"
down_revision = "0009_admin"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "admin_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("password_stamp", sa.String(length=64), nullable=False),
        sa.Column("created_at", hotline.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", hotline.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"], name=op.f("fk_admin_sessions_staff_id_staff"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_admin_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_admin_sessions_token_hash")),
    )
    op.create_index(op.f("ix_admin_sessions_staff_id"), "admin_sessions", ["staff_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_admin_sessions_staff_id"), table_name="admin_sessions")
    op.drop_table("admin_sessions")
