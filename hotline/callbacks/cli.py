"""`hotline callbacks list|assign|figures`: the queue from a terminal (phones masked)."""
from __future__ import annotations

import click

from hotline.core.commands import with_app


@click.group("callbacks", help="Callback requests: the lawyers' queue.")
def callbacks_group():
    pass


@callbacks_group.command("list", help="Open requests, alert-linked first, then oldest; ! = over 48 h.")
@with_app
def callbacks_list():
    from hotline.callbacks import queue
    from hotline.core.clock import fmt_date, fmt_time, now_utc
    from hotline.core.phones import mask

    items = queue.open_queue(now_utc())
    for item in items:
        r = item.request
        flags = ("U" if item.urgent else " ") + ("!" if item.overdue else " ")
        click.echo(f"{flags} {r.reference:<9} {mask(r.phone):<14} {r.topic or '-':<10} {r.safe_time or '-':<10}"
                   f" {r.oblast or '-':<6} {r.status:<9} lawyer={r.lawyer_id or '-'} "
                   f"{fmt_date(r.created_at)} {fmt_time(r.created_at)}")
    click.echo(f"{len(items)} open", err=True)


@callbacks_group.command("assign", help="Give a request (K5, K-5 or 5) to a lawyer; they get the SMS.")
@click.argument("reference")
@click.option("--lawyer-phone", help="The lawyer's phone; without it, the next lawyer in turn.")
@with_app
def callbacks_assign(reference, lawyer_phone):
    from hotline.callbacks import queue, service
    from hotline.core.clock import now_utc
    from hotline.core.phones import to_e164
    from hotline.messaging import outbox
    from hotline.staff.service import by_phone

    request_id = service.parse_reference(reference)
    request = service.get(request_id) if request_id else None
    if request is None:
        raise LookupError(f"no callback request {reference!r}")
    lawyer = by_phone(to_e164(lawyer_phone)) if lawyer_phone else queue.next_lawyer(request)
    if lawyer is None:
        raise LookupError("no such lawyer")
    queue.assign(request, lawyer, now_utc())
    outbox.commit()
    click.echo(f"{request.reference} -> {lawyer.name}")


@callbacks_group.command("figures", help="Consultations by oblast, district, topic, month; median wait.")
@with_app
def callbacks_figures():
    from flask import current_app

    from hotline.callbacks import figures

    summary = figures.summary(current_app.config["SETTINGS"].tz)
    for line in figures_table(summary):
        click.echo(line)


def figures_table(summary: dict) -> list[str]:
    """The figures as aligned two-column tables, one per dimension, a blank line between."""
    lines = []
    for name, value in summary.items():
        title = name.replace("_", " ")
        if isinstance(value, dict):
            value = list(value.items())
        if not isinstance(value, list):
            lines += [f"{title}: {'-' if value is None else value}", ""]
            continue
        width = max([len(title), *(len(str(key)) for key, _ in value)])
        lines += [f"{title:<{width}}  count", *(f"{key:<{width}}  {count:>5}" for key, count in value)]
        lines += ([f"{'(none)':<{width}}"] if not value else []) + [""]
    return lines[:-1]


commands = [callbacks_group]
