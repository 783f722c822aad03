"""Find the village a person means from what they typed.

No network, no database: build a `PlaceIndex` once from the place list, then
ask it `match` (ranked candidates) or `resolve` (one place, a choice, or
nothing).  Every name is folded with `normalize` first, so the Kyrgyz,
Russian and Latin spellings of a name, and keypad-digit spellings, meet on
the same key; rapidfuzz then forgives the remaining typos.

Ranking, best first:
  * a digits-only query is a keypad code: exact code matches only;
  * exact match of the folded key (score 100);
  * the folded query begins a place's key ("kara kul" -> Kara-Kulja) (90), or
    a fuzzy match that scores higher;
  * fuzzy matches of the folded keys, down to a cut-off under which a query
    is treated as not a place at all.

Several villages share a name (Kara-Suu is a town in Osh oblast and a village
in At-Bashy, Naryn; DOMAIN.md "Places"): they get identical scores, and
`resolve` reports a choice so the caller can ask which one is meant.
"""

from __future__ import annotations

import bisect
import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from rapidfuzz import fuzz, process

from hotline.schedule.normalize import is_place_code, normalize, variants

__all__ = ["PlaceEntry", "Match", "Resolution", "PlaceIndex", "read_places_csv", "SHIPPED_PLACES_CSV"]

# The places this package ships, in the CONTRACT's places format.
SHIPPED_PLACES_CSV = Path(__file__).parent / "data" / "places.csv"

EXACT_SCORE = 100.0
PREFIX_SCORE = 90.0
# Below this fuzz.ratio a query is not taken for a place name.  Chosen on
# tests/schedule/spellings.csv and a list of everyday SMS words: one wrong
# letter in a four-letter name (Ugyt) still passes; "bakyt" (a first name) and
# "keldi" ("came") at 73 do not.
FUZZY_CUTOFF = 75.0
# Three-letter words are too easily one edit from a name ("net" ~ Nokat,
# "apa" ~ Papan): they must be closer.
SHORT_QUERY_LENGTH = 3
SHORT_QUERY_CUTOFF = 80.0
# A prefix must be this long: "kara kul" is Kara-Kulja and "kara" a choice of
# all the Kara- villages, but "jok" ("no") is not Jekendi.
MIN_PREFIX_LENGTH = 4
# Keys from a letter's second reading (keypad h as ң, Uzbek o as а...) rank
# just below the same score from the first reading.
ALTERNATIVE_READING_WEIGHT = 0.99
# Candidates of different places whose fuzzy scores lie this close to the
# best are offered as a choice instead of guessing.
CHOICE_MARGIN = 3.0


@dataclass(frozen=True)
class PlaceEntry:
    """What the matcher needs to know of a place."""

    id: int
    code: str
    names: tuple[str, ...]  # every name and alias, in any script
    oblast: str
    district: str


@dataclass(frozen=True)
class Match:
    place_id: int
    score: float  # 0-100, higher is better
    matched_name: str  # the place's name or alias that matched best


@dataclass(frozen=True)
class Resolution:
    """What a query resolves to: one place, a choice among several, or none."""

    kind: Literal["one", "choice", "none"]
    matches: tuple[Match, ...]

    @property
    def place_ids(self) -> tuple[int, ...]:
        return tuple(m.place_id for m in self.matches)


@dataclass(frozen=True)
class _KeyOwner:
    place_id: int
    name: str


class PlaceIndex:
    """Folded name keys of all places, ready for fast lookups."""

    def __init__(self) -> None:
        self._places: dict[int, PlaceEntry] = {}
        self._places_by_code: dict[str, list[int]] = {}
        self._owners_by_key: dict[str, list[_KeyOwner]] = {}
        self._sorted_keys: list[str] = []  # for prefix search by bisection
        self._keys_by_length: list[str] = []  # for the fuzzy length window
        self._key_lengths: list[int] = []

    @classmethod
    def build(cls, places: Iterable[PlaceEntry]) -> PlaceIndex:
        index = cls()
        for place in places:
            index._add(place)
        index._freeze()
        return index

    def _add(self, place: PlaceEntry) -> None:
        self._places[place.id] = place
        self._places_by_code.setdefault(place.code.strip(), []).append(place.id)
        for name in place.names:
            key = normalize(name)
            if not key or is_place_code(key):
                continue
            owners = self._owners_by_key.setdefault(key, [])
            if all(o.place_id != place.id for o in owners):
                owners.append(_KeyOwner(place.id, name))

    def _freeze(self) -> None:
        self._sorted_keys = sorted(self._owners_by_key)
        self._keys_by_length = sorted(self._owners_by_key, key=len)
        self._key_lengths = [len(k) for k in self._keys_by_length]

    def __len__(self) -> int:
        return len(self._places)

    def place(self, place_id: int) -> PlaceEntry:
        return self._places[place_id]

    # -- queries -------------------------------------------------------

    def match(self, query: str, limit: int = 5) -> list[Match]:
        """Candidate places for `query`, best first, at most `limit`."""
        if is_place_code(query):
            return self._match_code(query.strip(), limit)
        best: dict[int, Match] = {}
        for rank, key in enumerate(variants(query)):
            if key:
                weight = 1.0 if rank == 0 else ALTERNATIVE_READING_WEIGHT
                self._collect_candidates(key, weight, best)
        ranked = sorted(best.values(), key=lambda m: (-m.score, m.place_id))
        return ranked[:limit]

    def resolve(self, query: str, limit: int = 5) -> Resolution:
        """One place, a choice of close candidates (at most `limit`), or none."""
        matches = self.match(query, limit=limit)
        if not matches:
            return Resolution("none", ())
        top = matches[0].score
        # Whoever typed a name exactly gets that name; near-misses get a choice.
        margin = 0.0 if top == EXACT_SCORE else CHOICE_MARGIN
        close = tuple(m for m in matches if top - m.score <= margin)
        return Resolution("one" if len(close) == 1 else "choice", close)

    def exact(self, query: str) -> Resolution:
        """Only places whose name (in any spelling of `query`) is exactly the query: no
        prefix, no fuzzy guess. For words picked out of a sentence."""
        if is_place_code(query):
            found = self._match_code(query.strip(), limit=5)
            return Resolution("one" if len(found) == 1 else "choice", tuple(found)) if found \
                else Resolution("none", ())
        for key in variants(query):  # the first reading wins, as in match()
            owners = self._owners_by_key.get(key, [])
            if owners:
                found = tuple(Match(o.place_id, EXACT_SCORE, o.name) for o in owners)
                return Resolution("one" if len(found) == 1 else "choice", found)
        return Resolution("none", ())

    # -- the three kinds of candidates -----------------------------------

    def _match_code(self, code: str, limit: int) -> list[Match]:
        place_ids = self._places_by_code.get(code, [])
        return [Match(pid, EXACT_SCORE, code) for pid in place_ids[:limit]]

    def _collect_candidates(self, key: str, weight: float, best: dict[int, Match]) -> None:
        scored_keys = [(key, EXACT_SCORE)] if key in self._owners_by_key else []
        scored_keys += [(k, PREFIX_SCORE) for k in self._keys_starting_with(key)]
        scored_keys += self._fuzzy_keys(key)
        for scored_key, score in scored_keys:
            for owner in self._owners_by_key[scored_key]:
                _keep_best(best, Match(owner.place_id, round(score * weight, 2), owner.name))

    def _keys_starting_with(self, key: str) -> list[str]:
        if len(key) < MIN_PREFIX_LENGTH:
            return []
        found = []
        start = bisect.bisect_right(self._sorted_keys, key)  # skip the exact key
        for candidate in self._sorted_keys[start:]:
            if not candidate.startswith(key):
                break
            found.append(candidate)
        return found

    def _fuzzy_keys(self, key: str) -> list[tuple[str, float]]:
        """Keys similar to `key`, with their rapidfuzz scores (below 100)."""
        cutoff = SHORT_QUERY_CUTOFF if len(key) <= SHORT_QUERY_LENGTH else FUZZY_CUTOFF
        candidates = self._keys_within_length_window(key, cutoff)
        results = process.extract(
            key, candidates, scorer=fuzz.ratio, limit=None, score_cutoff=cutoff
        )
        # A score of 100 is the exact key, already counted as exact.
        return [(choice, min(score, EXACT_SCORE - 0.1)) for choice, score, _ in results]

    def _keys_within_length_window(self, key: str, cutoff: float) -> list[str]:
        """Only keys whose length allows fuzz.ratio to reach the cut-off.

        fuzz.ratio is 200*common/(len_a+len_b), so a key of length n can only
        reach a ratio r against lengths n*r/(200-r) .. n*(200-r)/r.
        """
        n, r = len(key), cutoff
        shortest = int(n * r / (200 - r))
        longest = int(n * (200 - r) / r) + 1
        lo = bisect.bisect_left(self._key_lengths, shortest)
        hi = bisect.bisect_right(self._key_lengths, longest)
        return self._keys_by_length[lo:hi]


def _keep_best(best: dict[int, Match], candidate: Match) -> None:
    current = best.get(candidate.place_id)
    if current is None or candidate.score > current.score:
        best[candidate.place_id] = candidate


def read_places_csv(path: str | Path = SHIPPED_PLACES_CSV) -> list[PlaceEntry]:
    """PlaceEntry rows of a places CSV (CONTRACT format), numbered from 1 in file order.

    For the shipped data and tests; the database import checks the file itself.
    """
    with open(path, encoding="utf-8", newline="") as f:
        return [_entry_from_row(number, row) for number, row in enumerate(csv.DictReader(f), 1)]


def _entry_from_row(number: int, row: dict[str, str]) -> PlaceEntry:
    aliases = [a.strip() for a in (row.get("aliases") or "").split(";")]
    names = [row["name_ky"], row["name_ru"], row["name_latin"], *aliases]
    unique_names = tuple(dict.fromkeys(n.strip() for n in names if n and n.strip()))
    return PlaceEntry(
        id=number,
        code=row["code"].strip(),
        names=unique_names,
        oblast=row["oblast"].strip(),
        district=row["district"].strip(),
    )
