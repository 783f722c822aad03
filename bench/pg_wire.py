"""Round trips to PostgreSQL as libpq saw them on the wire, not as inferred from SQLAlchemy's events.

Every connection the engine opens from start() on is traced (libpq's PQtrace); a round trip is one
run of messages from us followed by the server's answer. So the pool's ping, BEGIN and COMMIT
count as what they are, and an autocommit statement has none of them. The trace holds the
statements' parameters (phone numbers, texts): a temporary file, deleted by stop(). Used by
bench/bench_webhook_costs.py and tests/test_webhook_costs.py.
"""
from __future__ import annotations

import ctypes
import os
import re
import tempfile

from sqlalchemy import event

_LIBC = ctypes.CDLL(None)  # PQtrace is Linux-only in psycopg anyway


class Wire:
    def __init__(self, engine):
        self.engine = engine
        self.traced = []
        fd, self.path = tempfile.mkstemp(prefix="hotline-pg-wire-")
        os.close(fd)
        self.offset = 0
        self.preparations = 0

    def start(self) -> "Wire":
        """Trace the connections opened from now on; the pool is emptied, so all of them are.
        A fresh connection skips the pool's ping: measure from its second checkout on."""
        self.engine.dispose()
        event.listen(self.engine, "connect", self._trace)
        return self

    def stop(self) -> None:
        event.remove(self.engine, "connect", self._trace)
        for connection in self.traced:
            if not connection.closed:
                connection.pgconn.untrace()
        self.engine.dispose()  # no traced connection stays in the pool
        os.unlink(self.path)

    def _trace(self, dbapi_connection, _record) -> None:
        from psycopg import pq

        dbapi_connection.pgconn.trace(os.open(self.path, os.O_WRONLY | os.O_APPEND))
        dbapi_connection.pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS | pq.Trace.REGRESS_MODE)
        self.traced.append(dbapi_connection)

    def messages(self) -> list[str]:
        """Since the last call: one line per message, 'F' (ours) or 'B' (the server's) first."""
        _LIBC.fflush(None)  # libpq writes the trace through a buffered FILE: all of them out
        with open(self.path, "rb") as trace:
            trace.seek(self.offset)
            text = trace.read().decode("utf-8", "replace")
            self.offset = trace.tell()
        return [line for line in text.splitlines() if line[:2] in ("F\t", "B\t")]

    def round_trips(self) -> list[str]:
        """Since the last call: one entry per round trip, what we sent first in it: 'Query ";"'
        (the pool's ping), 'Query "BEGIN .."', 'Parse SELECT ..' (a statement parsed and run),
        'Bind _pg3_0' (a prepared one run). Left out and counted in self.preparations: psycopg
        preparing a statement, one round trip once per connection and statement (the sixth time
        it runs there; from then on it is bound and run, not parsed again)."""
        trips = []
        for run in self._runs():
            if _is_preparation(run):
                self.preparations += 1
            else:
                trips.append(_what(run[0]))
        return trips

    def _runs(self) -> list[list[tuple[str, str]]]:
        """Our messages (kind, text), one list per round trip: a run of ours the server answered."""
        runs, ours, previous = [], [], "B"
        for line in self.messages():
            side, _, kind, *text = line.split("\t", 3)
            if side == "F":
                ours.append((kind, text[0].strip() if text else ""))
            elif previous == "F":
                runs.append(ours)
                ours = []
            previous = side
        return runs


_PARSE = re.compile(r'"(?P<name>[^"]*)" "(?P<sql>.*)')
_BIND = re.compile(r'"[^"]*" "(?P<name>[^"]*)"')


def _is_preparation(run: list[tuple[str, str]]) -> bool:
    """Parse "_pg3_N" (a named statement), Sync and nothing run: psycopg preparing it."""
    kind, text = run[0]
    return kind == "Parse" and _PARSE.match(text)["name"] != "" and all(k != "Execute" for k, _ in run)


def _what(message: tuple[str, str]) -> str:
    kind, text = message
    if kind == "Parse":
        return f"Parse {_PARSE.match(text)['sql'][:50]}"
    if kind == "Bind":
        return f"Bind {_BIND.match(text)['name']}"
    return f"{kind} {text[:50]}"
