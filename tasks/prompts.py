"""The machine voice of what changed: a place renamed or added, a new meeting point, a text."""
from __future__ import annotations

from celery import shared_task
from flask import current_app

from hotline.prompts import generate, phone


@shared_task(name="tasks.prompts.refresh")
def refresh() -> int:
    # A diff first: when nothing changed it makes nothing (one query of names, one of ids).
    return generate.refresh()


@shared_task(name="tasks.prompts.keep_recording", bind=True, max_retries=5)
def keep_recording(self, lang: str, kind: str, key: str, url: str) -> int | None:
    """A staff member's take, kept by phone: fetched from Twilio's API host with our credentials."""
    from hotline.messaging.recordings import RecordingUnavailable

    try:
        return phone.save_take(lang, kind, key, url, current_app.config["SETTINGS"])
    except RecordingUnavailable as error:  # Twilio may not have the file yet: a little later
        raise self.retry(countdown=5, exc=error)
