"""staff: the voice-recorder mark (reaches the recording menu by phone)

Revision ID: 0020_staff_voice_recorder
Revises: 0001_foundation
"""
from alembic import op
import sqlalchemy as sa

revision = "0020_staff_voice_recorder"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff") as batch_op:
        batch_op.add_column(sa.Column("voice_recorder", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("staff") as batch_op:
        batch_op.drop_column("voice_recorder")
