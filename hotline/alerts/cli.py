"""`hotline alerts list|show|purge`: the timeline for coordinators; phones masked."""
from __future__ import annotations

from datetime import timedelta

import click
from sqlalchemy import select

from hotline.cli import with_app


@click.group(help="Urgent alerts.")
def alerts():
    pass


@alerts.command("list", help="Recent alerts (phones masked).")
@click.option("--limit", default=20, type=int)
@with_app
def list_alerts(limit):
    from hotline.core.clock import fmt_date, fmt_time
    from hotline.core.phones import mask
    from hotline.extensions import db
    from hotline.alerts.models import Alert
    from hotline.alerts.service import staff_name, time_to_ack

    for alert in db.session.scalars(select(Alert).order_by(Alert.id.desc()).limit(limit)):
        ack = time_to_ack(alert)
        ack_text = f"ack {int(ack.total_seconds())}s" if ack else "ack -"
        taker = staff_name(alert.taken_by_id) if alert.taken_by_id else "-"
        click.echo(f"{alert.code}\t{fmt_date(alert.created_at)} {fmt_time(alert.created_at)}\t"
                   f"{alert.status}\ttier {alert.tier}\t{mask(alert.phone)}\t{taker}\t{ack_text}")


@alerts.command("show", help="One alert's timeline.")
@click.argument("alert_id", type=int)
@with_app
def show(alert_id):
    from hotline.core.clock import fmt_time
    from hotline.alerts.service import get, staff_name

    alert = get(alert_id)
    if alert is None:
        raise LookupError(f"no alert {alert_id}")
    for event in alert.events:
        who = staff_name(event.staff_id) if event.staff_id else ""
        click.echo(f"{fmt_time(event.created_at)}\t{event.kind}\t{who}\t{event.detail}")


@alerts.command("purge", help="Remove every trace of closed alerts' phones and messages; keep the anonymous figures.")
@click.option("--older-than", "days", required=True, type=click.IntRange(min=0),
              help="Whole days since closing, 0 or more.")
@with_app
def purge(days):
    from hotline.core.clock import now_utc
    from hotline.extensions import db
    from hotline.alerts.service import purge_closed

    count = purge_closed(now_utc() - timedelta(days=days))
    db.session.commit()
    click.echo(f"purged {count} closed alert(s)")


commands = [alerts]
