"""Bar charts as inline SVG, drawn on the server: no script, a few hundred bytes each."""
from __future__ import annotations

from html import escape

from markupsafe import Markup

BAR = 18
GAP = 6
LABEL_WIDTH = 110
WIDTH = 380  # admin.css gives svg.chart the same max-width


def bar_chart(items: list[tuple[str, float]], unit: str = "", title: str = "") -> Markup:
    """Horizontal bars, one per (label, value); scales to its container's width."""
    if not items:
        return Markup("")
    top = max(value for _, value in items) or 1
    height = len(items) * (BAR + GAP) + GAP
    span = WIDTH - LABEL_WIDTH - 40
    rows = []
    for index, (label, value) in enumerate(items):
        y = GAP + index * (BAR + GAP)
        length = max(1, round(span * value / top))
        shown = f"{value:g}{unit}"
        rows.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 13}" text-anchor="end">{escape(str(label)[:18])}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR}" fill="#2f74b5" rx="2">'
            f"<title>{escape(str(label))}: {escape(shown)}</title></rect>"
            f'<text x="{LABEL_WIDTH + length + 4}" y="{y + 13}">{escape(shown)}</text>')
    return Markup(
        f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" xmlns="http://www.w3.org/2000/svg">{"".join(rows)}</svg>')
