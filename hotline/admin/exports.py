"""CSV the admin page hands out: a spreadsheet must read every cell as text.

A cell starting with = + - @ (or a tab or carriage return) is run as a formula by
Excel and LibreOffice: a meeting point typed as `=HYPERLINK(...)` would become a
link on the coordinator's computer. Such a cell gets a leading apostrophe (OWASP's
advice), which spreadsheets show as plain text.
"""
from __future__ import annotations

import csv
import io
from typing import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(header: list[str], rows: Iterable[Iterable[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue()
