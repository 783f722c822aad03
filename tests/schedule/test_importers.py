"""`hotline places import` / `hotline schedule import`: all or nothing, every error names its line."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from hotline.schedule.matching import SHIPPED_PLACES_CSV
from hotline.schedule.models import Place, Visit
from tests.schedule.helpers import in_days, load_places

PLACES_HEADER = "code,name_ky,name_ru,name_latin,aliases,oblast,district,lat,lon\n"
SCHEDULE_HEADER = "place_code,date,start,end,meeting_point\n"


@pytest.fixture
def hotline_cli():
    from hotline.cli import _add_domain_commands, cli

    _add_domain_commands()
    runner = CliRunner()
    return lambda *args: runner.invoke(cli, list(args), catch_exceptions=False)


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _count(db, model):
    db.session.commit()
    return db.session.scalar(select(func.count()).select_from(model))


def test_shipped_places_import_and_reimport(db, hotline_cli):
    first = hotline_cli("places", "import", str(SHIPPED_PLACES_CSV))
    assert first.exit_code == 0 and "places: 60 added, 0 updated" in first.output
    again = hotline_cli("places", "import", str(SHIPPED_PLACES_CSV))
    assert "places: 0 added, 60 updated" in again.output
    assert _count(db, Place) == 60


def test_broken_places_file_names_each_line_and_writes_nothing(db, tmp_path, hotline_cli):
    path = _write(tmp_path, "places.csv", PLACES_HEADER
                  + "1101,Гүлчө,Гульча,Gulcho,,osh,Alai,40.3,73.4\n"
                  + "11x2,Сары-Таш,Сары-Таш,Sary-Tash,,osh,Alai,,\n"
                  + "1103,,,,,osh,Alai,,\n"
                  + "1101,Копия,Копия,Copy,,osh,Alai,,\n"
                  + "1104,Ноокат,Ноокат,Nookat,,osh,Nookat,40.2,\n"
                  + "1105,Ноокат,Ноокат,Nookat,,osh,Nookat,north,east\n"
                  + "1106,too,few\n")
    result = hotline_cli("places", "import", path)
    assert result.exit_code == 1
    for line, words in ((3, "digits"), (4, "name"), (5, "already on line 2"), (6, "both lat and lon"),
                        (7, "numbers"), (8, "columns")):
        assert f"line {line}: " in result.output and words in result.output
    assert "line 2:" not in result.output
    assert _count(db, Place) == 0


def test_wrong_header_is_line_one(db, tmp_path, hotline_cli):
    path = _write(tmp_path, "places.csv", "code;name\n1101;Gulcho\n")
    result = hotline_cli("places", "import", path)
    assert result.exit_code == 1 and "line 1: the header must be" in result.output


def test_missing_file_is_exit_one(db, hotline_cli):
    result = hotline_cli("schedule", "import", "/nonexistent/schedule.csv")
    assert result.exit_code == 1 and "no such file" in result.output


def test_schedule_import_then_reimport_updates_in_place(db, tmp_path, hotline_cli):
    load_places()
    day = in_days(3).isoformat()
    path = _write(tmp_path, "s.csv", SCHEDULE_HEADER + f"1101,{day},09:30,12:00,айыл өкмөтү\n"
                  + f"5001,{day},14:00,16:30,\"клуб, 2-кабат\"\n")
    assert "2 visits added" in hotline_cli("schedule", "import", path).output
    path = _write(tmp_path, "s.csv", SCHEDULE_HEADER + f"1101,{day},10:00,12:30,мектеп\n")
    assert "0 visits added, 1 updated" in hotline_cli("schedule", "import", path).output
    db.session.commit()
    visits = db.session.scalars(select(Visit).order_by(Visit.id)).all()
    assert [v.meeting_point for v in visits] == ["мектеп", "клуб, 2-кабат"]


def test_broken_schedule_names_each_line_and_writes_nothing(db, tmp_path, hotline_cli):
    load_places()
    day = in_days(3).isoformat()
    path = _write(tmp_path, "s.csv", SCHEDULE_HEADER
                  + f"1101,{day},09:30,12:00,айыл өкмөтү\n"
                  + f"7777,{day},09:30,12:00,клуб\n"
                  + "1102,03.12.2026,09:30,12:00,клуб\n"
                  + f"1103,{day},9.30,12:00,клуб\n"
                  + f"1201,{day},12:00,09:00,клуб\n"
                  + f"1101,{day},14:00,16:00,клуб\n"
                  + f"1202,{day},09:30,12:00,\n")
    result = hotline_cli("schedule", "import", path)
    assert result.exit_code == 1
    for line, words in ((3, "no place with code '7777'"), (4, "YYYY-MM-DD"), (5, "HH:MM"),
                        (6, "end must be after start"), (7, "already on line 2"), (8, "meeting_point")):
        assert f"line {line}: {words}" in result.output or (f"line {line}: " in result.output
                                                             and words in result.output)
    assert _count(db, Visit) == 0


def test_change_command_marks_a_visit(db, tmp_path, hotline_cli):
    load_places()
    day = in_days(3)
    _write(tmp_path, "s.csv", SCHEDULE_HEADER + f"1101,{day},09:30,12:00,айыл өкмөтү\n")
    hotline_cli("schedule", "import", str(tmp_path / "s.csv"))
    visit_id = db.session.scalar(select(Visit.id))
    db.session.commit()
    assert hotline_cli("schedule", "change", str(visit_id)).exit_code == 1
    assert hotline_cli("schedule", "change", str(visit_id), "--move", "tomorrow").exit_code == 1
    moved = hotline_cli("schedule", "change", str(visit_id), "--move", f"{in_days(5)} 10:00-12:00")
    assert moved.exit_code == 0, moved.output
    db.session.commit()
    visit = db.session.get(Visit, visit_id)
    assert (visit.status, visit.revision) == ("moved", 1)
    assert "1101 Gulcho\tmoved" in hotline_cli("schedule", "list").output


def test_dates_and_times_must_have_the_contracts_shape(db, tmp_path, hotline_cli):
    """"2026-12-5" next to its padded twin would slip past the duplicate check."""
    load_places()
    # A day of the month below 10, whatever today is: for the 10th to the 31st of October to
    # December the "unpadded" form is the padded one, and the test failed on those days.
    day = next(in_days(n) for n in range(5, 40) if in_days(n).day < 10)
    path = _write(tmp_path, "schedule.csv", SCHEDULE_HEADER
                  + f"1101,{day.isoformat()},10:00,12:00,School\n"
                  + f"1101,{day.year}-{day.month}-{day.day},10:00,12:00,School\n"
                  + f"1102,{day.isoformat()},9:30,12:00,School\n")
    result = hotline_cli("schedule", "import", path)
    assert result.exit_code == 1
    assert "line 3: date must be YYYY-MM-DD" in result.output
    assert "line 4: start and end must be HH:MM" in result.output
    assert _count(db, Visit) == 0


def test_a_file_that_is_not_utf8_names_the_line(db, tmp_path, hotline_cli):
    load_places()
    path = tmp_path / "schedule.csv"
    path.write_bytes((SCHEDULE_HEADER + f"1101,{in_days(5).isoformat()},10:00,12:00,School\n").encode()
                     + "1102,2026-12-01,10:00,12:00,Мектеп\n".encode("cp1251"))
    result = hotline_cli("schedule", "import", str(path))
    assert result.exit_code == 1 and "line 3: not UTF-8 text" in result.output
    assert _count(db, Visit) == 0


def test_reimport_keeps_what_the_admin_page_changed(db, tmp_path, hotline_cli):
    """A delayed, moved or cancelled visit is not put back to the file's times."""
    from hotline.core.clock import to_local
    from hotline.schedule import service

    load_places()
    day = in_days(3).isoformat()
    path = _write(tmp_path, "s.csv", SCHEDULE_HEADER + f"1101,{day},09:30,12:00,мектеп\n"
                  + f"1201,{day},09:30,12:00,мектеп\n")
    hotline_cli("schedule", "import", path)
    db.session.commit()
    delayed, cancelled = db.session.scalars(select(Visit).order_by(Visit.id)).all()
    service.change_visit(delayed.id, "delayed", delay_minutes=45)
    service.change_visit(cancelled.id, "cancelled")
    db.session.commit()
    result = hotline_cli("schedule", "import", path)
    assert result.exit_code == 0 and "2 kept: changed in the admin page" in result.output
    db.session.expire_all()
    delayed, cancelled = db.session.scalars(select(Visit).order_by(Visit.id)).all()
    assert (delayed.status, delayed.revision, f"{to_local(delayed.starts_at):%H:%M}") == ("delayed", 1, "10:15")
    assert (cancelled.status, cancelled.revision) == ("cancelled", 1)


def test_reimport_with_a_new_time_tells_subscribers_once(db, tmp_path, hotline_cli):
    from hotline.messaging.models import OutboundMessage
    from hotline.residents import service as residents
    from hotline.schedule import reminders, service
    from tests.schedule.helpers import place
    from tests.schedule.test_reminders import at

    load_places()
    day = in_days(3)
    path = _write(tmp_path, "s.csv", SCHEDULE_HEADER + f"1101,{day.isoformat()},09:30,12:00,мектеп\n")
    hotline_cli("schedule", "import", path)
    resident = residents.get_or_create("+996700000009")
    residents.set_language(resident, "ky")
    service.subscribe(resident, place("1101").id)
    db.session.commit()
    path = _write(tmp_path, "s.csv", SCHEDULE_HEADER + f"1101,{day.isoformat()},10:00,12:30,клуб\n")
    result = hotline_cli("schedule", "import", path)
    assert "0 visits added, 1 updated; 1 changed in time or meeting point" in result.output
    assert "1 updated" in hotline_cli("schedule", "import", path).output  # twice: nothing more
    db.session.expire_all()
    visit = db.session.scalar(select(Visit))
    assert (visit.status, visit.revision, visit.meeting_point) == ("planned", 1, "клуб")
    assert reminders.send_change_notices(at(in_days(1), 10)) == 1
    db.session.commit()
    bodies = db.session.scalars(select(OutboundMessage.body).where(OutboundMessage.purpose == "visit_change")).all()
    assert bodies == [f"Сапар өзгөрдү: Гүлчө, {day:%d.%m} 10:00-12:30, клуб"]
    assert reminders.send_change_notices(at(in_days(1), 11)) == 0
