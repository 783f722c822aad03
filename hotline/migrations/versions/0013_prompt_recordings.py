"""prompts: voice recordings in the database, so every web process plays the same ones

Revision ID: 0013_prompt_recordings
Revises: 0001_foundation
"""
from alembic import op
import sqlalchemy as sa
import hotline.db

revision = "0013_prompt_recordings"
down_revision = "0001_foundation"
branch_labels = ("prompts",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "prompt_recordings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lang", sa.String(length=2), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("content_type", sa.String(length=20), nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.Column("audio", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", hotline.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prompt_recordings")),
        sa.UniqueConstraint("lang", "kind", "key", "source", name="uq_prompt_recordings_one"),
    )


def downgrade() -> None:
    op.drop_table("prompt_recordings")
