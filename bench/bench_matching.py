"""How long a place lookup takes over 5,000 places.

Builds a PlaceIndex from the shipped places plus generated ones with plausible
Kyrgyz names (Kara-Suu, Ak-Bulak, Chong-Kyzyl-Tash...), in Latin, Kyrgyz
Cyrillic and Russian spellings, then times `resolve` on real misspellings
(tests/schedule/spellings.csv), machine-made typos of generated names, and
random strings.

    python bench/bench_matching.py [--places 5000] [--queries 4000] [--seed 7]
"""
from __future__ import annotations

import argparse
import csv
import random
import statistics
import string
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # runnable as a script from anywhere

from hotline.schedule.matching import PlaceEntry, PlaceIndex, read_places_csv  # noqa: E402

SPELLINGS_CSV = ROOT / "tests" / "schedule" / "spellings.csv"

# (Latin, Kyrgyz Cyrillic, Russian Cyrillic): first words are adjectives and
# numbers, second words landscape features, as in real village names.
FIRST_PARTS = [
    ("Kara", "Кара", "Кара"), ("Ak", "Ак", "Ак"), ("Kok", "Көк", "Кок"),
    ("Sary", "Сары", "Сары"), ("Kyzyl", "Кызыл", "Кызыл"), ("Jany", "Жаңы", "Джаны"),
    ("Chong", "Чоң", "Чон"), ("Orto", "Орто", "Орто"), ("Kichi", "Кичи", "Кичи"),
    ("Uch", "Үч", "Уч"), ("Besh", "Беш", "Беш"), ("Kosh", "Кош", "Кош"),
    ("Bash", "Баш", "Баш"), ("Ylai", "Ылай", "Ылай"), ("Tash", "Таш", "Таш"),
    ("Kum", "Кум", "Кум"), ("Terek", "Терек", "Терек"), ("Tuz", "Туз", "Туз"),
]
SECOND_PARTS = [
    ("Suu", "Суу", "Суу"), ("Bulak", "Булак", "Булак"), ("Dobo", "Дөбө", "Дебе"),
    ("Tash", "Таш", "Таш"), ("Korgon", "Коргон", "Коргон"), ("Talaa", "Талаа", "Талаа"),
    ("Kol", "Көл", "Кель"), ("Bel", "Бел", "Бель"), ("Say", "Сай", "Сай"),
    ("Jar", "Жар", "Джар"), ("Too", "Тоо", "Тоо"), ("Aryk", "Арык", "Арык"),
    ("Kyya", "Кыя", "Кыя"), ("Jylga", "Жылга", "Джылга"), ("Kuduk", "Кудук", "Кудук"),
    ("Tokoy", "Токой", "Токой"), ("Kamysh", "Камыш", "Камыш"), ("Unkur", "Үңкүр", "Ункур"),
    ("Bulung", "Булуң", "Булун"), ("Kashat", "Кашат", "Кашат"), ("Otok", "Оток", "Оток"),
    ("Dyikan", "Дыйкан", "Дыйкан"), ("Kystak", "Кыштак", "Кыштак"), ("Eshme", "Эшме", "Эшме"),
]
DISTRICTS = [("osh", d) for d in ("Alai", "Aravan", "Chon-Alai", "Kara-Kulja", "Kara-Suu", "Nookat", "Uzgen")] + [
    ("naryn", d) for d in ("Ak-Talaa", "At-Bashy", "Jumgal", "Kochkor", "Naryn")
]


def generated_places(count: int, first_id: int, rng: random.Random) -> list[PlaceEntry]:
    """Two- and three-part names; like real ones, some recur in several districts."""
    places = []
    for number in range(count):
        parts = [rng.choice(FIRST_PARTS), rng.choice(SECOND_PARTS)]
        if rng.random() < 0.6:
            parts.insert(1, rng.choice(FIRST_PARTS + SECOND_PARTS))
        latin, kyrgyz, russian = ("-".join(p[i] for p in parts) for i in range(3))
        oblast, district = rng.choice(DISTRICTS)
        names = tuple(dict.fromkeys([kyrgyz, russian, latin, latin.replace("-", " ")]))
        places.append(PlaceEntry(first_id + number, f"{9000 + number}", names, oblast, district))
    return places


def typo(text: str, rng: random.Random) -> str:
    """One dropped, doubled, swapped or replaced letter."""
    if len(text) < 3:
        return text
    i = rng.randrange(1, len(text) - 1)
    kind = rng.choice(["drop", "double", "swap", "replace"])
    if kind == "drop":
        return text[:i] + text[i + 1:]
    if kind == "double":
        return text[:i] + text[i] + text[i:]
    if kind == "swap":
        return text[:i - 1] + text[i] + text[i - 1] + text[i + 1:]
    return text[:i] + rng.choice(string.ascii_lowercase) + text[i + 1:]


def queries(places: list[PlaceEntry], count: int, rng: random.Random) -> list[str]:
    with open(SPELLINGS_CSV, encoding="utf-8", newline="") as f:
        real = [row["query"] for row in csv.DictReader(f)]
    made = []
    while len(real) + len(made) < count:
        roll = rng.random()
        if roll < 0.6:
            made.append(typo(rng.choice(rng.choice(places).names).lower(), rng))
        elif roll < 0.85:
            made.append("".join(rng.choices(string.ascii_lowercase + " -", k=rng.randint(3, 14))))
        else:
            made.append(str(rng.randint(1000, 9999)))  # a keypad code
    return real + made


def percentile(sorted_values: list[float], share: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, int(share * len(sorted_values)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--places", type=int, default=5000)
    parser.add_argument("--queries", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    real = read_places_csv()
    places = real + generated_places(args.places - len(real), len(real) + 1, rng)
    started = time.perf_counter()
    index = PlaceIndex.build(places)
    build_ms = (time.perf_counter() - started) * 1000

    asked = queries(places, args.queries, rng)
    timings = []
    kinds = {"one": 0, "choice": 0, "none": 0}
    for query in asked:
        started = time.perf_counter()
        resolution = index.resolve(query)
        timings.append((time.perf_counter() - started) * 1000)
        kinds[resolution.kind] += 1
    timings.sort()

    print(f"index: {len(index)} places, built in {build_ms:.0f} ms")
    print(f"queries: {len(asked)} ({kinds['one']} one, {kinds['choice']} choice, {kinds['none']} none)")
    print(f"resolve p50 {percentile(timings, 0.50):.3f} ms, p99 {percentile(timings, 0.99):.3f} ms, "
          f"max {timings[-1]:.3f} ms, mean {statistics.fmean(timings):.3f} ms")


if __name__ == "__main__":
    main()
