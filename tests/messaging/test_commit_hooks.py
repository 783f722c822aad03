"""A row goes to the broker only after its transaction commits, never after a rollback, and once
however often the hooks are installed (every create_app installs them)."""
from __future__ import annotations

import os

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from hotline.core.redis_client import client
from hotline.messaging import outbox

HOOKS = (("after_commit", outbox._after_commit), ("after_soft_rollback", outbox._after_rollback))


def _tasks() -> int:
    return client(os.environ["HOTLINE_REDIS_URL"]).llen("default")


@pytest.fixture
def fresh_hooks():
    """The hooks taken off, so the test installs them itself; put back as they were after."""
    for name, hook in HOOKS:
        if event.contains(Session, name, hook):
            event.remove(Session, name, hook)
    yield
    for name, hook in HOOKS:
        if not event.contains(Session, name, hook):
            event.listen(Session, name, hook)


def test_installed_twice_the_hooks_publish_a_committed_row_once(db, fresh_hooks):
    outbox.install_commit_hooks()
    outbox.install_commit_hooks()
    outbox.queue_sms("+996700111222", "Гүлчө: 30.11 09:30", purpose="reminder")
    outbox.commit()
    assert _tasks() == 1


def test_a_rolled_back_row_is_never_published(db, fresh_hooks):
    outbox.install_commit_hooks()
    outbox.queue_sms("+996700111222", "Гүлчө: 30.11 09:30", purpose="reminder")
    db.session.rollback()
    outbox.queue_sms("+996700111333", "Гүлчө: 30.11 09:30", purpose="reminder")
    outbox.commit()
    assert _tasks() == 1  # the kept row's; the rolled-back one's id would be a second task
