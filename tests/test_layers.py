"""The code's own map: domains above messaging and core, the web and the shell on top.
Imports that point the wrong way (found with `ast`, function-level imports included) fail here."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOMAINS = ("schedule", "callbacks", "alerts", "live", "staff", "residents")
# (importer prefix, forbidden imported prefix, why)
FORBIDDEN = [
    *[(f"hotline.{d}", "hotline.cli", "a domain's commands use hotline.core.commands") for d in DOMAINS],
    *[(f"hotline.{d}", "hotline.webhooks", "the web layer sits on the domains") for d in DOMAINS],
    ("hotline.retention", "hotline.webhooks", "receipts are messaging machinery"),
    *[("hotline.messaging", f"hotline.{d}", "messaging knows no domain") for d in DOMAINS],
    ("hotline.core", "hotline.app", "core is below everything"),
    ("hotline.core", "hotline.cli", "core is below everything"),
    ("hotline.app", "hotline.cli", "the app is no shell: app -> cli -> processes -> tasks -> app"),
]


def imports_of(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found |= {node.module, *(f"{node.module}.{alias.name}" for alias in node.names)}
    return found


def modules() -> dict[str, Path]:
    found = {}
    for path in (ROOT / "hotline").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        found[name] = path
    return found


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


@pytest.mark.parametrize("importer, imported, why", FORBIDDEN)
def test_no_import_points_the_wrong_way(importer, imported, why):
    wrong = sorted(f"{name} -> {target}" for name, path in modules().items() if _within(name, importer)
                   for target in imports_of(path) if _within(target, imported))
    assert wrong == [], why


def test_the_map_sees_the_modules_it_guards():
    names = modules()
    assert {"hotline.cli", "hotline.retention", "hotline.messaging.outbox", "hotline.alerts.cli"} <= set(names)
