"""The `hotline` command (CONTRACT.md): bad input gets a clear message and exit status 1."""
from __future__ import annotations

import sys
from datetime import datetime

import click
from flask.cli import ScriptInfo

from hotline.core.commands import fail, with_app

# Domain packages add their own command groups (places, schedule...) here.
DOMAIN_COMMANDS = ("hotline.schedule.cli:commands", "hotline.callbacks.cli:commands",
                   "hotline.alerts.cli:commands", "hotline.texts.cli:commands")
# Demo data, loaded in this order by `hotline demo`.
DEMO_LOADERS = ("hotline.staff.demo:load", "hotline.schedule.demo:load",
                "hotline.callbacks.demo:load", "hotline.alerts.demo:load",
                "hotline.prompts.generate:after_demo")


def _create_app():
    from hotline.app import create_app

    return create_app()


@click.group(help="The Bus of Solidarity hotline.")
@click.pass_context
def cli(ctx):
    # The app every command's with_app() runs in, made here at the top: the domains'
    # commands (below the shell) never import the app themselves.
    if not isinstance(ctx.obj, ScriptInfo):
        ctx.obj = ScriptInfo(create_app=_create_app, set_debug_flag=False)


@cli.command(help="Create or migrate the database schema (safe to repeat).")
@with_app(creates_database=True)
def init():
    from hotline import migrate
    from hotline.prompts import generate

    applied = migrate.upgrade()
    click.echo(f"schema migrated: {', '.join(applied)}" if applied else "schema is up to date")
    # Kyrgyz and Uzbek are heard from recordings: a fresh install has the machine voice.
    made = generate.refresh()
    if made:  # a second init has nothing to say about the voice
        click.echo(f"made {made} machine-voice recordings")


@cli.command(help="Load demo data: staff, shifts, places, a schedule.")
@with_app(creates_database=True)
def demo():
    from flask import current_app

    from hotline import migrate
    from hotline.messaging import outbox

    if current_app.config["SETTINGS"].is_production:
        # The demo coordinator's password is in the README: never on real data.
        fail("hotline demo is for development: HOTLINE_ENV=production refuses demo data")
    applied = migrate.upgrade()
    if applied:
        click.echo(f"schema migrated: {', '.join(applied)}")
    for spec in DEMO_LOADERS:
        loader = _optional(spec)
        if loader is not None:
            click.echo(loader())
    outbox.commit()


@cli.command(help="What a caller hears per language: human, machine or missing; what to record next.")
@click.option("--generate", "--placeholders", "generate", is_flag=True,
              help="Make the machine voice of what has none or changed (also done by init).")
@with_app
def prompts(generate):
    from hotline.prompts import coverage
    from hotline.prompts import generate as machine_voice
    from ivr_flows.voice import PLAYED

    if generate:
        click.echo(f"made {machine_voice.refresh()} machine-voice recordings", err=True)
    for lang in PLAYED:
        all_rows = coverage.rows(lang)
        click.echo(f"{lang}: a typical call is {coverage.human_share(lang):.0%} in a human voice")
        for category, counted in coverage.counts(all_rows).items():
            click.echo(f"  {category:7} human {counted['human']:4}  machine {counted['machine']:4}  "
                       f"missing {counted['missing']:4}")
        for row in all_rows:
            if row.status == "missing":
                click.echo(f"{lang}\tmissing\t{row.wanted.key}")
        click.echo(f"  record next ({lang}):")
        for row in coverage.next_to_record(lang):
            click.echo(f"    {row.wanted.key}: {row.wanted.text}")
    click.echo("ru: said by Twilio's Russian voice")


@cli.group(help="Coordinators, social workers and lawyers.")
def staff():
    pass


@staff.command("add", help="Add a staff member.")
@click.option("--name", required=True)
@click.option("--phone", required=True)
@click.option("--role", required=True, type=click.Choice(["coordinator", "social_worker", "lawyer"]))
@click.option("--oblast", type=click.Choice(["osh", "naryn"]))
@click.option("--district")
@click.option("--password-stdin", is_flag=True, help="Read a login password from standard input.")
@click.option("--crew", is_flag=True, help="On the bus crew: may send HERE, LATE, NEXT, LEFT, UNDO.")
@click.option("--recorder", is_flag=True, help="Voice recorder: reaches the recording menu by calling the hotline.")
@with_app
def staff_add(name, phone, role, oblast, district, password_stdin, crew, recorder):
    from hotline.extensions import db
    from hotline.staff.service import add_staff

    password = sys.stdin.readline().rstrip("\n") if password_stdin else None
    if password_stdin and not password:  # asked for a password and got none: no login without one
        raise ValueError("--password-stdin read an empty password")
    member = add_staff(name, phone, role, oblast, district, password)
    member.on_bus_crew = crew
    member.voice_recorder = recorder
    db.session.commit()
    marks = (" (bus crew)" if crew else "") + (" (voice recorder)" if recorder else "")
    click.echo(f"added {member.role}{marks} {member.name} (id {member.id})")


@cli.group(help="Duty shifts.")
def shift():
    pass


def _local_time(value: str, option: str) -> datetime:
    from hotline.core.clock import local_to_utc

    try:
        return local_to_utc(datetime.strptime(value, "%Y-%m-%d %H:%M"))
    except ValueError:
        raise ValueError(f"{option} must look like 2026-05-30 08:00, got {value!r}") from None


@shift.command("add", help="Add a shift (local time).")
@click.option("--phone", required=True)
@click.option("--start", "start", required=True)
@click.option("--end", "end", required=True)
@click.option("--backup", is_flag=True)
@with_app
def shift_add(phone, start, end, backup):
    from hotline.extensions import db
    from hotline.staff.service import add_shift

    added = add_shift(phone, _local_time(start, "--start"), _local_time(end, "--end"), backup)
    db.session.commit()
    click.echo(f"added shift {added.id}")


def _optional(spec: str):
    from hotline.core.optional import import_optional

    module_name, _, attr = spec.partition(":")
    module = import_optional(module_name)
    return None if module is None else getattr(module, attr)


def _add_domain_commands() -> None:
    for spec in DOMAIN_COMMANDS:
        commands = _optional(spec)
        for command in commands or ():
            cli.add_command(command)


def main() -> None:
    from hotline import processes

    processes.add_commands(cli)
    _add_domain_commands()
    try:
        status = cli.main(prog_name="hotline", standalone_mode=False)
    except click.ClickException as error:  # usage errors too: click's own status would be 2
        error.show()
        sys.exit(1)
    except click.Abort:
        fail("aborted")
    sys.exit(status if isinstance(status, int) else 0)
