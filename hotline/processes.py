"""`hotline run|web|worker|beat`: the service's processes, alone or all together.

`run` is the development and demo mode: it starts the embedded Redis when no
URL is set (and keeps it alive, stopping it last), then web, two workers
(urgent alone, so an alert never waits behind bulk reminders) and one beat.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import click

URGENT_WORKER = ["--queues", "urgent", "--concurrency", "2"]
OTHER_WORKER = ["--queues", "default,bulk", "--concurrency", "2"]


def _hotline(*args: str) -> list[str]:
    return [sys.executable, "-m", "hotline", *args]


def _settings_or_exit() -> None:
    """A missing or wrong setting is one clear line and exit status 1, before any
    process starts (gunicorn or Celery would bury it in a traceback)."""
    from hotline.core.commands import fail
    from hotline.config import ConfigError, load_settings

    try:
        load_settings()
    except ConfigError as error:
        fail(str(error))


@click.command(help="Start web, workers and beat together (development and demo).")
@click.option("--host", default="127.0.0.1")
@click.option("--port", default=8000, type=int)
def run(host: str, port: int) -> None:
    from hotline import embedded_redis
    from hotline.config import instance_dir

    if os.environ.get("HOTLINE_REDIS_URL") or os.environ.get("HOTLINE_ENV") == "production":
        _settings_or_exit()
    if not os.environ.get("HOTLINE_REDIS_URL"):
        os.environ["HOTLINE_REDIS_URL"] = embedded_redis.start(instance_dir() / "redis")
    subprocess.run(_hotline("init"), check=True)
    children = [
        subprocess.Popen(_hotline("web", "--host", host, "--port", str(port))),
        subprocess.Popen(_hotline("worker", *URGENT_WORKER, "--name", "urgent")),
        subprocess.Popen(_hotline("worker", *OTHER_WORKER, "--name", "general")),
        subprocess.Popen(_hotline("beat")),
    ]
    click.echo(f"hotline is running on http://{host}:{port}/ (admin: /admin/); Ctrl-C stops it")
    stopping = []

    def stop(*_):
        stopping.append(True)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    try:
        while not stopping and all(child.poll() is None for child in children):
            time.sleep(0.5)
    finally:
        for child in children:
            if child.poll() is None:
                child.terminate()
        for child in children:
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
        embedded_redis.stop_all()


@click.command(help="The web process alone (gunicorn).")
@click.option("--host", default="127.0.0.1")
@click.option("--port", default=8000, type=int)
@click.option("--workers", default=2, type=int)
@click.option("--threads", default=8, type=int)
def web(host: str, port: int, workers: int, threads: int) -> None:
    _settings_or_exit()
    # This host's spool replayer and escalation watch; it ends when gunicorn (this pid,
    # after the exec below) is gone.
    subprocess.Popen([sys.executable, "-m", "hotline.webhooks.replayer", str(os.getpid())])
    os.execvp(sys.executable, [
        sys.executable, "-m", "gunicorn", "--bind", f"{host}:{port}", "--workers", str(workers),
        "--threads", str(threads), "--timeout", "30", "--graceful-timeout", "10",
        "--access-logfile", "-", "--access-logformat", '%(h)s "%(m)s %(U)s" %(s)s %(M)sms',
        "hotline.wsgi:app",
    ])


@click.command(help="A Celery worker.", context_settings={"ignore_unknown_options": True})
@click.option("--queues", default="urgent,default,bulk")
@click.option("--concurrency", default=2, type=int)
@click.option("--name", default="worker")
@click.option("--log-routine", is_flag=True,
              help="Log every task run, the frequent beat jobs' too (tests wait on those lines).")
@click.argument("extra", nargs=-1, type=click.UNPROCESSED)
def worker(queues: str, concurrency: int, name: str, log_routine: bool, extra: tuple[str, ...]) -> None:
    _settings_or_exit()
    from tasks import quiet
    from tasks.worker import celery

    if not log_routine:
        quiet.install()
    celery.worker_main(["worker", "--queues", queues, "--concurrency", str(concurrency),
                        "--hostname", f"{name}@%h", "--loglevel", "INFO", "--without-gossip",
                        "--without-mingle", *extra])


@click.command(help="Celery beat; run two or more on different hosts, one acts at a time.")
@click.option("--log-routine", is_flag=True,
              help="Log every job sent, the frequent ones too (tests count those lines).")
def beat(log_routine: bool) -> None:
    _settings_or_exit()
    from tasks import quiet
    from tasks.worker import celery

    if not log_routine:
        quiet.install()
    # redbeat (tasks/celery_app.py): the schedule and the lock are in Redis, no local file.
    celery.start(["beat", "--loglevel", "INFO"])


def add_commands(group: click.Group) -> None:
    for command in (run, web, worker, beat):
        group.add_command(command)
