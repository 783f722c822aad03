"""HOTLINE_REDIS_URL forms (hotline/core/redis_client.py); a real sentinel: tests/faults/test_redis_sentinel.py."""
from __future__ import annotations

import pytest

from hotline.core import redis_client

SENTINELS = "sentinel://:s3cret@10.0.0.1:26379;sentinel://10.0.0.2;sentinel://10.0.0.3:26380/2"


def test_a_sentinel_url_names_every_sentinel_the_db_and_the_master():
    parsed = redis_client.parse_sentinel(SENTINELS + "?master_name=hotline")
    assert parsed.sentinels == (("10.0.0.1", 26379), ("10.0.0.2", 26379), ("10.0.0.3", 26380))
    assert (parsed.master_name, parsed.db, parsed.password) == ("hotline", 2, "s3cret")


def test_celery_gets_kombus_url_and_the_master_name_as_a_transport_option():
    url, options = redis_client.celery_broker(SENTINELS + "?master_name=hotline")
    assert url == SENTINELS  # kombu does not read a query string
    assert options == {"master_name": "hotline", "sentinel_kwargs": {"password": "s3cret"}}
    assert redis_client.celery_broker("redis://r:6379/0") == ("redis://r:6379/0", {})


def test_redbeat_takes_its_lock_through_the_same_sentinels():
    options = redis_client.redbeat_options(SENTINELS + "?master_name=hotline")
    assert options["redbeat_redis_url"].startswith("redis-sentinel")
    assert options["redbeat_redis_options"]["sentinels"] == [("10.0.0.1", 26379), ("10.0.0.2", 26379),
                                                             ("10.0.0.3", 26380)]
    assert options["redbeat_redis_options"]["service_name"] == "hotline"
    assert redis_client.redbeat_options("redis+socket:///tmp/r.sock") == {"redbeat_redis_url": "unix:///tmp/r.sock"}


def test_a_bad_sentinel_part_is_refused():
    with pytest.raises(ValueError):
        redis_client.parse_sentinel("sentinel://10.0.0.1;redis://10.0.0.2")


def test_a_bad_sentinel_url_stops_the_start_with_a_clear_message():
    from hotline.config import ConfigError, load_settings

    with pytest.raises(ConfigError, match="HOTLINE_REDIS_URL"):
        load_settings({"HOTLINE_REDIS_URL": "sentinel://10.0.0.1:26379;10.0.0.2/0"})
