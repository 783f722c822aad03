"""`hotline places import` and `hotline schedule import`: check every line, then write all or nothing.

Formats (CONTRACT.md): places `code,name_ky,name_ru,name_latin,aliases,oblast,district,lat,lon`;
schedule `place_code,date,start,end,meeting_point` (local date and times).
Places are matched by code, visits by place and local date: importing twice changes nothing.
A visit a coordinator or the crew changed (status not "planned") is kept as it is; a new time
or meeting point of a planned visit is told to its people like an admin change.
"""
from __future__ import annotations

import csv
import io
import re
from collections import Counter
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from hotline.core.clock import local_to_utc, now_utc, to_local
from hotline.extensions import db
from hotline.schedule import service
from hotline.schedule.models import Place, Visit

PLACE_COLUMNS = ["code", "name_ky", "name_ru", "name_latin", "aliases", "oblast", "district", "lat", "lon"]
VISIT_COLUMNS = ["place_code", "date", "start", "end", "meeting_point"]
MAX_POINT = 120
# Exactly the contract's shapes: "2026-12-5" or "9:30" would be read, but would also
# slip past the duplicate check and the "importing twice changes nothing" promise.
DATE_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
TIME_SHAPE = re.compile(r"^\d{2}:\d{2}$")


class ImportFailed(ValueError):
    """Every error of a file, one `line N: ...` each; nothing was written."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def read_rows(path: str | Path, columns: list[str], shown_as: str | None = None) -> list[tuple[int, dict]]:
    """(line number, row) pairs; the header must be exactly `columns`.
    `shown_as` names the file in errors (an upload lives in a temporary file)."""
    name = shown_as or str(path)
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise ImportFailed([f"{name}: no such file"]) from None
    except OSError as error:
        raise ImportFailed([f"{name}: cannot be read ({error.strerror})"]) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise ImportFailed([f"line {line}: not UTF-8 text (save the file as CSV UTF-8)"]) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if reader.fieldnames is None or [c.strip() for c in reader.fieldnames] != columns:
        raise ImportFailed([f"line 1: the header must be {','.join(columns)}"])
    rows = []
    for row in reader:
        if None in row or any(v is None for v in row.values()):
            rows.append((reader.line_num, None))
        else:
            rows.append((reader.line_num, {k.strip(): v.strip() for k, v in row.items()}))
    return rows


def import_places(rows: list[tuple[int, dict]]) -> str:
    errors, clean, seen = [], [], {}
    for line, row in rows:
        problem = _place_problem(row, seen)
        if problem:
            errors.append(f"line {line}: {problem}")
        else:
            seen[row["code"]] = line
            clean.append(row)
    if errors:
        raise ImportFailed(errors)
    existing = {p.code: p for p in db.session.scalars(select(Place))}
    added = 0
    for row in clean:
        place = existing.get(row["code"])
        if place is None:
            place = Place(code=row["code"])
            db.session.add(place)
            added += 1
        place.name_ky, place.name_ru, place.name_latin = row["name_ky"], row["name_ru"], row["name_latin"]
        place.aliases = ";".join(a.strip() for a in row["aliases"].split(";") if a.strip())
        place.oblast, place.district = row["oblast"].lower(), row["district"]
        place.lat = float(row["lat"]) if row["lat"] else None
        place.lon = float(row["lon"]) if row["lon"] else None
    db.session.flush()
    return f"places: {added} added, {len(clean) - added} updated"


def _cell_problem(row: dict, table) -> str | None:
    """NUL and over-long cells, caught here with their line rather than by the database
    (PostgreSQL refuses them with an error naming no line; SQLite would store them)."""
    for name, value in row.items():
        if "\x00" in value:
            return f"{name} contains a NUL character"
        column = table.c.get(name)
        length = getattr(getattr(column, "type", None), "length", None)
        if length and len(value) > length:
            return f"{name} is longer than {length} characters"
    return None


def _place_problem(row: dict | None, seen: dict) -> str | None:
    if row is None:
        return f"expected {len(PLACE_COLUMNS)} columns"
    cell_problem = _cell_problem(row, Place.__table__)
    if cell_problem:
        return cell_problem
    code = row["code"]
    if not (code.isascii() and code.isdigit() and len(code) <= 10):
        return f"code must be digits (the keypad code), got {code!r}"
    if code in seen:
        return f"code {code} already on line {seen[code]}"
    if not (row["name_ky"] or row["name_ru"] or row["name_latin"]):
        return "a place needs at least one name"
    if not row["oblast"] or not row["district"]:
        return "oblast and district are required"
    if bool(row["lat"]) != bool(row["lon"]):
        return "give both lat and lon, or neither"
    if row["lat"]:
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except ValueError:
            return f"lat/lon must be numbers, got {row['lat']!r}, {row['lon']!r}"
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            return "lat/lon out of range"
    return None


def import_schedule(rows: list[tuple[int, dict]]) -> str:
    places = {p.code: p for p in db.session.scalars(select(Place))}
    errors, clean, seen = [], [], {}
    for line, row in rows:
        problem, parsed = _visit_problem(row, places, seen)
        if problem:
            errors.append(f"line {line}: {problem}")
        else:
            seen[(row["place_code"], row["date"])] = line
            clean.append(parsed)
    if errors:
        raise ImportFailed(errors)
    place_ids = {p.id for p, *_ in clean}
    existing = {(v.place_id, to_local(v.starts_at).date()): v for v in db.session.scalars(
        select(Visit).where(Visit.place_id.in_(place_ids)))} if place_ids else {}
    done = Counter()
    for place, starts_at, ends_at, point in clean:
        visit = existing.get((place.id, to_local(starts_at).date()))
        done[_apply_visit_row(visit, place, starts_at, ends_at, point)] += 1
    db.session.flush()
    return _schedule_summary(done)


def _apply_visit_row(visit: Visit | None, place: Place, starts_at: datetime, ends_at: datetime,
                     point: str) -> str:
    """Write one checked row; say what it did: "added"; "same" (nothing to change); "kept"
    (a coordinator or the crew changed the visit: delayed, moved, cancelled, an unplanned
    stop; the file does not undo that); "changed" (a planned visit's time or meeting point,
    told to its people as an admin change is); "updated" (a visit already over: nobody to tell)."""
    if visit is None:
        db.session.add(Visit(place_id=place.id, starts_at=starts_at, ends_at=ends_at, meeting_point=point,
                             status="planned", revision=0, notified_revision=0))
        return "added"
    if (visit.starts_at, visit.ends_at, visit.meeting_point) == (starts_at, ends_at, point):
        # A cancelled visit the file still lists is worth a word in the summary.
        return "kept" if visit.status == "cancelled" else "same"
    if visit.status != "planned":
        return "kept"
    if max(visit.ends_at, ends_at) <= now_utc():
        visit.starts_at, visit.ends_at, visit.meeting_point = starts_at, ends_at, point
        return "updated"
    service.replan_visit(visit, starts_at, ends_at, point)
    return "changed"


def _schedule_summary(done: Counter) -> str:
    updated = done["same"] + done["changed"] + done["updated"]
    summary = f"schedule: {done['added']} visits added, {updated} updated"
    if done["changed"]:
        summary += f"; {done['changed']} changed in time or meeting point: subscribers will be told"
    if done["kept"]:
        summary += f"; {done['kept']} kept: changed in the admin page"
    return summary


def _visit_problem(row: dict | None, places: dict, seen: dict):
    if row is None:
        return f"expected {len(VISIT_COLUMNS)} columns", None
    cell_problem = _cell_problem(row, Visit.__table__)
    if cell_problem:
        return cell_problem, None
    place = places.get(row["place_code"])
    if place is None:
        return f"no place with code {row['place_code']!r} (import places first)", None
    try:
        if not DATE_SHAPE.match(row["date"]):
            raise ValueError
        day = datetime.strptime(row["date"], "%Y-%m-%d")
    except ValueError:
        return f"date must be YYYY-MM-DD, got {row['date']!r}", None
    try:
        if not (TIME_SHAPE.match(row["start"]) and TIME_SHAPE.match(row["end"])):
            raise ValueError
        start = datetime.strptime(row["start"], "%H:%M").time()
        end = datetime.strptime(row["end"], "%H:%M").time()
    except ValueError:
        return f"start and end must be HH:MM, got {row['start']!r}, {row['end']!r}", None
    key = (row["place_code"], row["date"])
    if key in seen:
        return f"{row['place_code']} on {row['date']} already on line {seen[key]}", None
    if end <= start:
        return "end must be after start", None
    if not row["meeting_point"] or len(row["meeting_point"]) > MAX_POINT:
        return f"meeting_point is required (at most {MAX_POINT} characters)", None
    starts_at = local_to_utc(datetime.combine(day.date(), start))
    ends_at = local_to_utc(datetime.combine(day.date(), end))
    return None, (place, starts_at, ends_at, row["meeting_point"])
