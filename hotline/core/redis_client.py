"""One Redis URL for everything: a plain server, the embedded one, or Redis Sentinel.

HOTLINE_REDIS_URL may name Sentinel the way kombu spells it, with the master's
name as a query parameter (kombu reads it from its transport options, so it is
taken out of the URL here):

    sentinel://:PASSWORD@10.0.0.1:26379;sentinel://10.0.0.2:26379;sentinel://10.0.0.3:26379/0?master_name=hotline

Celery gets the URL without the query and `master_name` in its transport
options; the project's own clients (health, rate limits, login counts, the
beat watch) get redis-py's `Sentinel(...).master_for(name)`, which asks the
sentinels where the master is now and follows a failover.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

import redis
from redis.sentinel import Sentinel

from hotline.embedded_redis import redis_py_url

DEFAULT_MASTER = "mymaster"  # redis-sentinel's own default name


@dataclass(frozen=True)
class SentinelUrl:
    sentinels: tuple[tuple[str, int], ...]
    master_name: str
    db: int
    password: str | None
    kombu_url: str  # the URL as kombu wants it: the sentinels, no query


def is_sentinel(url: str | None) -> bool:
    return bool(url) and url.startswith("sentinel://")


def parse_sentinel(url: str) -> SentinelUrl:
    base, _, query = url.partition("?")
    master = (parse_qs(query).get("master_name") or [DEFAULT_MASTER])[0]
    sentinels, db, password = [], 0, None
    for part in base.split(";"):
        parsed = urlsplit(part.strip())
        if parsed.scheme != "sentinel" or not parsed.hostname:
            raise ValueError("each part of a Sentinel URL is sentinel://[:password@]host[:port][/db]")
        sentinels.append((parsed.hostname, parsed.port or 26379))
        if parsed.path.strip("/"):
            db = int(parsed.path.strip("/"))
        if parsed.password and password is None:
            password = unquote(parsed.password)
    return SentinelUrl(tuple(sentinels), master, db, password, base)


def celery_broker(url: str) -> tuple[str, dict]:
    """(broker URL, extra transport options) for Celery."""
    if not is_sentinel(url):
        return url, {}
    parsed = parse_sentinel(url)
    options = {"master_name": parsed.master_name}
    if parsed.password:
        options["sentinel_kwargs"] = {"password": parsed.password}
    return parsed.kombu_url, options


def redbeat_options(url: str) -> dict:
    """celery-redbeat's own settings for the same Redis (its lock lives there)."""
    if not is_sentinel(url):
        return {"redbeat_redis_url": redis_py_url(url)}
    parsed = parse_sentinel(url)
    return {"redbeat_redis_url": "redis-sentinel://", "redbeat_redis_options": {
        "sentinels": list(parsed.sentinels), "service_name": parsed.master_name, "db": parsed.db,
        "password": parsed.password, "socket_timeout": 2,
        "sentinel_kwargs": {"password": parsed.password} if parsed.password else None}}


_sentinels: dict[tuple, Sentinel] = {}


def client(url: str, socket_timeout: float = 1, socket_connect_timeout: float = 1) -> redis.Redis:
    """A redis-py client for any of the URL forms; Sentinel managers are kept per process
    (they hold a connection to each sentinel)."""
    if not is_sentinel(url):
        return redis.Redis.from_url(redis_py_url(url), socket_timeout=socket_timeout,
                                    socket_connect_timeout=socket_connect_timeout)
    parsed = parse_sentinel(url)
    key = (parsed.sentinels, parsed.password, socket_timeout)
    if key not in _sentinels:
        _sentinels[key] = Sentinel(
            list(parsed.sentinels), socket_timeout=socket_timeout, socket_connect_timeout=socket_connect_timeout,
            sentinel_kwargs={"socket_timeout": socket_timeout, "socket_connect_timeout": socket_connect_timeout,
                             **({"password": parsed.password} if parsed.password else {})},
            password=parsed.password)
    return _sentinels[key].master_for(parsed.master_name, db=parsed.db, socket_timeout=socket_timeout,
                                      socket_connect_timeout=socket_connect_timeout)


_clients: dict[tuple, redis.Redis] = {}


def shared_client(url: str, socket_timeout: float = 2, socket_connect_timeout: float = 1) -> redis.Redis:
    """One client (one connection pool) per URL and process, for code that runs often."""
    key = (url, socket_timeout, socket_connect_timeout)
    if key not in _clients:
        _clients[key] = client(url, socket_timeout=socket_timeout, socket_connect_timeout=socket_connect_timeout)
    return _clients[key]
