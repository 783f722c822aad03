"""`hotline alerts list`: the coordinators' view in a terminal, phones masked:
how long each alert waited for its ACK (none yet: a dash), who took it."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from tests.alerts.conftest import OSH_WORKER, raise_alert


@pytest.fixture
def hotline_cli(db):
    from hotline.cli import _add_domain_commands, cli

    _add_domain_commands()
    runner = CliRunner()

    def run(*args: str) -> list[str]:
        db.session.commit()  # the command reads in its own app, on its own connection
        result = runner.invoke(cli, list(args), catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output.splitlines()

    return run


def test_the_list_shows_a_dash_for_an_open_alert_and_the_seconds_to_ack_with_the_taker(
        twilio, db, roster, clock, hotline_cli):
    first = raise_alert(twilio, db)
    twilio.sms(OSH_WORKER, "SOS")  # a worker in trouble has an alert of their own
    clock.shift(40)
    twilio.sms(OSH_WORKER, f"ACK {first.id}")
    second, first_line = hotline_cli("alerts", "list")
    assert second.split("\t")[2:] == ["open", "tier 1", "+996***02", "-", "ack -"]
    assert first_line.split("\t")[2:] == ["taken", "tier 1", "+996***22", "Nurlan", "ack 40s"]
