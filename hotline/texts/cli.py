"""`hotline texts export LANG` / `hotline texts import FILE`: a translator's round trip."""
from __future__ import annotations

import click

from hotline.core.commands import with_app


@click.group("texts", help="Resident SMS and voice texts as PO files, for translators.")
def texts_group():
    pass


@texts_group.command("export", help="Write one language's texts as a PO file (ky, ru, uz, uz_Cyrl).")
@click.argument("lang")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True),
              help="The file to write; without it, standard output.")
@with_app
def export_command(lang, output):
    from hotline.texts import po

    catalog = po.export(lang)
    if output:
        catalog.save(output)
        click.echo(f"{len(catalog)} texts written to {output}", err=True)
    else:
        click.echo(str(catalog), nl=False)


@texts_group.command("import", help="Read a PO file back: all of it, or nothing if one text fails its checks.")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--by", "by_phone", help="The phone of the staff member who translated (shown as who changed it).")
@with_app
def import_command(file, by_phone):
    from hotline.core.phones import to_e164
    from hotline.extensions import db
    from hotline.staff.service import by_phone as staff_by_phone
    from hotline.texts import po

    member = staff_by_phone(to_e164(by_phone)) if by_phone else None
    if by_phone and member is None:
        raise LookupError("--by: no active staff member has this phone")
    result = po.import_file(file, staff_id=member.id if member else None)
    db.session.commit()
    click.echo(f"{result.lang}: {result.changed} changed, {result.unchanged} unchanged, "
               f"{result.skipped} untranslated or fuzzy left as they were")


commands = [texts_group]
