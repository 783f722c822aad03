"""The callbacks migration and the model agree (on whichever database the suite runs)."""
from __future__ import annotations


def test_callback_requests_table_matches_the_model(db):
    from hotline import migrate

    differences = [d for d in migrate.pending_differences() if "callback_requests" in repr(d)]
    assert differences == []
