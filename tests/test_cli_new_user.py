"""The CLI as a new user meets it: from another folder, alert and callback names, figures,
staff with an empty password or on the bus crew, the demo's crew member."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timezone

import pytest

from tests.test_config_health_cli import hotline

PLACES_CSV = os.path.join(os.path.dirname(__file__), "..", "hotline", "schedule", "data", "places.csv")


@pytest.mark.parametrize("args", [("places", "import", os.path.abspath(PLACES_CSV)), ("alerts", "list"),
                                  ("callbacks", "figures"), ("staff", "add", "--name", "X", "--phone",
                                                             "0700123456", "--role", "lawyer")])
def test_from_another_folder_it_says_where_it_looked_and_creates_nothing(tmp_path, args):
    env = {k: v for k, v in os.environ.items() if k not in ("HOTLINE_DATABASE_URL", "HOTLINE_INSTANCE_DIR")}
    result = subprocess.run([sys.executable, "-m", "hotline", *args], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert str(tmp_path / "instance" / "hotline.sqlite") in result.stderr
    assert "hotline init" in result.stderr and "HOTLINE_INSTANCE_DIR" in result.stderr
    assert list(tmp_path.iterdir()) == []  # no new instance/ there


def test_an_empty_database_file_asks_for_init(tmp_path):
    (tmp_path / "hotline.sqlite").touch()
    env = dict(os.environ, HOTLINE_DATABASE_URL=f"sqlite:///{tmp_path / 'hotline.sqlite'}")
    result = subprocess.run([sys.executable, "-m", "hotline", "alerts", "list"], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "no tables yet: run `hotline init`" in result.stderr
    assert "Traceback" not in result.stderr


def test_alerts_show_takes_a2_and_2(app, db):
    from hotline.alerts.service import raise_signal

    alert, _ = raise_signal("+996700111222", None, "sms", datetime.now(timezone.utc), notify=False)
    db.session.commit()
    by_code, by_number = hotline("alerts", "show", alert.code), hotline("alerts", "show", str(alert.id))
    assert by_code.returncode == 0, by_code.stderr
    assert by_code.stdout == by_number.stdout and by_code.stdout.strip()
    wrong = hotline("alerts", "show", "B2")
    assert wrong.returncode == 1 and "A2" in wrong.stderr


@pytest.mark.parametrize("written", ["K{}", "{}", "K-{}"])
def test_callbacks_assign_takes_k5_and_5(app, db, written):
    from hotline.callbacks import service
    from hotline.staff.service import add_staff

    add_staff("Lawyer", "+996880100005", "lawyer", "osh")
    request = service.file_request("+996700111222", channel="sms", language="ru",
                                   now=datetime.now(timezone.utc), topic="family")
    db.session.commit()
    result = hotline("callbacks", "assign", written.format(request.id))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"{request.reference} -> Lawyer"


def test_callbacks_figures_prints_a_table(app, db):
    from hotline.callbacks import service

    request = service.file_request("+996700111222", channel="sms", language="ru",
                                   now=datetime.now(timezone.utc), topic="family")
    request.oblast = "naryn"
    service.close(request, "done", datetime.now(timezone.utc))
    db.session.commit()
    out = hotline("callbacks", "figures").stdout
    assert "[(" not in out and "{" not in out
    lines = out.splitlines()
    oblast = lines.index("by oblast  count")
    assert lines[oblast + 1].split() == ["naryn", "1"]
    assert "by topic  count" in lines and ["family", "1"] in [line.split() for line in lines]


def test_staff_add_refuses_an_empty_password_from_stdin(app, db):
    from hotline.staff.service import by_phone

    result = hotline("staff", "add", "--name", "X", "--phone", "0700123456", "--role", "coordinator",
                     "--password-stdin", stdin="\n")
    assert result.returncode == 1 and "empty password" in result.stderr
    db.session.rollback()
    assert by_phone("+996700123456") is None


@pytest.mark.parametrize("flag, field, said", [("--crew", "on_bus_crew", "(bus crew)"),
                                                ("--recorder", "voice_recorder", "(voice recorder)")])
def test_staff_add_flags_mark_only_that_member(app, db, flag, field, said):
    from hotline.staff.service import by_phone

    result = hotline("staff", "add", "--name", "Азамат", "--phone", "0700123456", "--role", "social_worker", flag)
    assert result.returncode == 0, result.stderr
    assert said in result.stdout
    db.session.rollback()
    assert getattr(by_phone("+996700123456"), field) is True
    hotline("staff", "add", "--name", "Б", "--phone", "0700123457", "--role", "lawyer")
    db.session.rollback()
    assert getattr(by_phone("+996700123457"), field) is False


def test_the_demo_has_a_bus_crew_member(app, db):
    from sqlalchemy import select

    from hotline.staff import demo
    from hotline.staff.models import Staff

    said = demo.load()
    db.session.commit()
    crew = db.session.scalars(select(Staff).where(Staff.on_bus_crew.is_(True))).all()
    assert len(crew) == 1 and crew[0].phone == "+996700100007" and "0700 100 007" in said
