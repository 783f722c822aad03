"""A per-number send rate shared by every worker process, kept in Redis.

Each send reserves the next free slot of its sender number; the caller waits
until its slot comes. If Redis is down the message goes at once: Twilio queues
extra messages itself, and losing pacing is better than losing a message.
"""
from __future__ import annotations

import logging

from hotline.core.logs import log_event

log = logging.getLogger(__name__)

# KEYS[1]: the sender's slot key; ARGV[1]: seconds this send occupies.
_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local free = tonumber(redis.call('GET', KEYS[1]) or '0')
local start = math.max(now, free)
redis.call('SET', KEYS[1], tostring(start + tonumber(ARGV[1])), 'EX', 36000)
return tostring(start - now)
"""


def reserve_slot(redis_client, sender: str, segments: int, per_second: float) -> float:
    """Seconds to wait before sending `segments` from `sender` at `per_second`."""
    if per_second <= 0:
        return 0.0
    try:
        wait = redis_client.eval(_RESERVE, 1, f"hotline:rate:{sender}", max(1, segments) / per_second)
    except Exception as error:
        log_event(log, "rate_limit.unavailable", logging.WARNING, error=type(error).__name__)
        return 0.0
    return float(wait)
