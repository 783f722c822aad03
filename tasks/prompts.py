"""The machine voice of what changed: a place renamed or added, a new meeting point, a text."""
from __future__ import annotations

from celery import shared_task

from hotline.prompts import generate


@shared_task(name="tasks.prompts.refresh")
def refresh() -> int:
    # A diff first: when nothing changed it makes nothing (one query of names, one of ids).
    return generate.refresh()
