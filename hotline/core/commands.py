"""What every command shares, below the domains: a one-line error with exit status 1, and
the app to run in (the top `hotline` group puts its factory in click's context, so nothing
here, and no domain's cli.py, imports the app or the shell)."""
from __future__ import annotations

import functools
import os
import sys

import click
from flask.cli import ScriptInfo

from hotline.config import ConfigError


def fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


NO_DATABASE = ("no database at {where}: run `hotline init` first (in the folder that should hold "
               "instance/), or set HOTLINE_INSTANCE_DIR (or HOTLINE_DATABASE_URL) to the one that has it")
NO_SCHEMA = "the database at {where} has no tables yet: run `hotline init` first"


def missing_sqlite_file() -> str | None:
    """The SQLite file a command would open, when it does not exist (opening would create it)."""
    from sqlalchemy.engine import make_url

    from hotline.config import default_database_url, instance_path

    url = make_url(os.environ.get("HOTLINE_DATABASE_URL") or default_database_url(instance_path()))
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return None if os.path.isfile(url.database) else url.database


def with_app(fn=None, *, creates_database: bool = False):
    """Run the command inside an app context; turn known errors into exit status 1.

    A command that only reads or adds rows (not `init`, `demo`) first checks that the database
    is there and migrated, and says in one line where it looked, creating nothing: run from
    another folder it would otherwise make a new empty instance/ and fail on a missing table."""
    if fn is None:
        return functools.partial(with_app, creates_database=creates_database)

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from hotline.extensions import db

        missing = None if creates_database else missing_sqlite_file()
        if missing:
            fail(NO_DATABASE.format(where=missing))
        try:
            app = click.get_current_context().ensure_object(ScriptInfo).load_app()
        except ConfigError as error:
            fail(str(error))
        with app.app_context():
            if not creates_database:
                _require_schema(db)
            try:
                return fn(*args, **kwargs)
            except (ValueError, LookupError) as error:
                db.session.rollback()
                fail(str(error))
    return wrapper


def _require_schema(db) -> None:
    from sqlalchemy import inspect
    from sqlalchemy.exc import OperationalError

    try:
        migrated = inspect(db.engine).has_table("alembic_version")
    except OperationalError as error:  # PostgreSQL down or refusing: say so, no traceback
        fail(f"cannot open the database at {db.engine.url!r}: {error.orig}".splitlines()[0])
    if not migrated:
        fail(NO_SCHEMA.format(where=repr(db.engine.url)))
