"""`hotline places import FILE`, `hotline schedule import FILE`, `hotline schedule change ...`."""
from __future__ import annotations

from datetime import datetime

import click

from hotline.core.commands import with_app
from hotline.schedule.importer import PLACE_COLUMNS, VISIT_COLUMNS

PLACES_HELP = ("Import places from a CSV file (all or nothing). UTF-8 with a header row: "
               f"{','.join(PLACE_COLUMNS)}. code is the village's keypad code (digits); aliases "
               "are separated by ';'; oblast is osh or naryn; lat and lon may be empty.")
SCHEDULE_HELP = ("Import visits from a CSV file (all or nothing). UTF-8 with a header row: "
                 f"{','.join(VISIT_COLUMNS)}. place_code is a place's code; date YYYY-MM-DD; "
                 "start and end HH:MM, local time.")


@click.group("places", help="Places the bus visits (villages, towns).")
def places_group():
    pass


def _import_csv(file: str, what: str) -> None:
    """Read, check and write a whole CSV file: `what` is "places" or "schedule"."""
    from hotline.extensions import db
    from hotline.schedule import importer

    load, columns = {"places": (importer.import_places, importer.PLACE_COLUMNS),
                     "schedule": (importer.import_schedule, importer.VISIT_COLUMNS)}[what]
    click.echo(load(importer.read_rows(file, columns)))
    db.session.commit()
    if what == "schedule":
        from hotline.schedule import reminders

        reminders.run_soon()  # notices of changed visits now, not at the next beat run


@places_group.command("import", help=PLACES_HELP)
@click.argument("file")
@with_app
def places_import(file):
    _import_csv(file, "places")


@click.group("schedule", help="The bus schedule: visits to places.")
def schedule_group():
    pass


@schedule_group.command("import", help=SCHEDULE_HELP)
@click.argument("file")
@with_app
def schedule_import(file):
    _import_csv(file, "schedule")


@schedule_group.command("list", help="Upcoming visits with their ids.")
@click.option("--days", default=14, show_default=True)
@with_app
def schedule_list(days):
    from datetime import timedelta

    from sqlalchemy import select

    from hotline.core.clock import now_utc, to_local
    from hotline.extensions import db
    from hotline.schedule.models import Visit

    now = now_utc()
    visits = db.session.scalars(select(Visit).where(Visit.ends_at > now, Visit.starts_at < now + timedelta(days=days))
                                .order_by(Visit.starts_at))
    for v in visits:
        click.echo(f"{v.id}\t{to_local(v.starts_at):%Y-%m-%d %H:%M}-{to_local(v.ends_at):%H:%M}\t"
                   f"{v.place.code} {v.place.name_latin}\t{v.status}\t{v.meeting_point}")


@schedule_group.command("change", help="Mark a visit delayed, moved or cancelled; residents are told.")
@click.argument("visit_id", type=int)
@click.option("--delay", "delay_minutes", type=int, help="Minutes late.")
@click.option("--move", "move_to", help='New local window: "YYYY-MM-DD HH:MM-HH:MM".')
@click.option("--cancel", is_flag=True)
@click.option("--meeting-point")
@with_app
def schedule_change(visit_id, delay_minutes, move_to, cancel, meeting_point):
    from hotline.extensions import db
    from hotline.schedule import reminders, service

    chosen = [kind for kind, given in (("delayed", delay_minutes), ("moved", move_to), ("cancelled", cancel))
              if given]
    if len(chosen) != 1:
        raise ValueError("give exactly one of --delay, --move, --cancel")
    starts_at, ends_at = _window(move_to) if move_to else (None, None)
    visit = service.change_visit(visit_id, chosen[0], delay_minutes=delay_minutes, starts_at=starts_at,
                                 ends_at=ends_at, meeting_point=meeting_point)
    db.session.commit()
    reminders.run_soon()
    click.echo(f"visit {visit.id} {visit.status}; residents will be told (not between 21:00 and 08:00)")


def _window(text: str):
    from hotline.core.clock import local_to_utc

    try:
        day, times = text.strip().split(" ")
        start, end = times.split("-")
        return (local_to_utc(datetime.strptime(f"{day} {start}", "%Y-%m-%d %H:%M")),
                local_to_utc(datetime.strptime(f"{day} {end}", "%Y-%m-%d %H:%M")))
    except ValueError:
        raise ValueError(f'--move must look like "2026-06-12 09:30-12:00", got {text!r}') from None


commands = [places_group, schedule_group]
