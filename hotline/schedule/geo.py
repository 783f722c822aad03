"""Great-circle distances between places; a place without coordinates stands at its district's centre."""
from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable

EARTH_RADIUS_KM = 6371.0
Point = tuple[float, float]


def great_circle_km(a: Point, b: Point) -> float:
    """Haversine distance in km between two (lat, lon) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


class Locator:
    """Where each place is: its own coordinates, else the centre of its district's known places."""

    def __init__(self, places: Iterable) -> None:
        self._points: dict[int, Point] = {}
        by_district: dict[tuple[str, str], list[Point]] = defaultdict(list)
        self._district_of: dict[int, tuple[str, str]] = {}
        for place in places:
            district = (place.oblast, place.district)
            self._district_of[place.id] = district
            if place.lat is not None and place.lon is not None:
                self._points[place.id] = (place.lat, place.lon)
                by_district[district].append((place.lat, place.lon))
        self._centres = {d: _centre(points) for d, points in by_district.items()}

    def point(self, place_id: int) -> Point | None:
        return self._points.get(place_id) or self._centres.get(self._district_of.get(place_id))

    def km(self, from_id: int, to_id: int) -> float | None:
        """Distance in km, or None when either place cannot be located at all."""
        if from_id == to_id:
            return 0.0
        a, b = self.point(from_id), self.point(to_id)
        if a is None or b is None:
            return None
        return great_circle_km(a, b)

    def known_km(self, from_id: int, to_id: int) -> float | None:
        """Distance between the two places' own coordinates; None when either has none.
        The district-centre stand-in is good for ranking, never for telling a resident "12 km"."""
        a, b = self._points.get(from_id), self._points.get(to_id)
        if from_id == to_id:
            return 0.0
        return great_circle_km(a, b) if a is not None and b is not None else None

    def same_district(self, a: int, b: int) -> bool:
        return self._district_of.get(a) == self._district_of.get(b)


def _centre(points: list[Point]) -> Point:
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def km_to_show(km: float | None) -> int | None:
    """Whole km worth saying to a resident: none when unknown, and none when it rounds
    to 0 ("0 km" says nothing a place name does not)."""
    if km is None or round(km) < 1:
        return None
    return round(km)
