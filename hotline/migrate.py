"""Schema migrations (Alembic), applied by `hotline init`: safe to repeat.

Each domain owns a branch of migrations starting from the foundation's first
revision, so domains can add tables without stepping on each other; `heads`
brings every branch up to date.
"""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from hotline.extensions import db

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade() -> list[str]:
    """Bring every branch up to date; the revisions this run applied (none when up to date).

    Alembic's own INFO lines are silenced (hotline.core.logs): the caller says what was done."""
    config = alembic_config()
    pending = pending_revisions(config)
    command.upgrade(config, "heads")
    return pending


def pending_revisions(config: Config) -> list[str]:
    script = ScriptDirectory.from_config(config)
    with db.engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_heads()
    applied = {rev.revision for rev in script.iterate_revisions(current, "base")} if current else set()
    return [rev.revision for rev in reversed(list(script.walk_revisions())) if rev.revision not in applied]


def pending_differences() -> list:
    """What the models have that the migrated database lacks (empty when in step)."""
    from hotline.models import metadata

    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        return compare_metadata(context, metadata)
