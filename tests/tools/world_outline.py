"""The land outline of the members map, drawn once from Natural Earth data.

``world/land-110m.json`` is Natural Earth's public-domain 1:110m land, in TopoJSON. This
module simplifies it into compact SVG path data, one per map size, and stores them in
``world/land-outline.json``, which the build reads: simplifying takes longer than the
rest of the build's member work. Run ``.venv/bin/python tests/tools/world_outline.py``
after changing the data, the projection or a tolerance; a test checks the stored file is
current.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from itertools import pairwise

from icjc.members.member_map import (
    NORTH,
    OUTLINE,
    SOUTH,
    TOLERANCES,
    WIDTH,
    Point,
    project,
)

LAND = OUTLINE.parent / "land-110m.json"


def outlines() -> dict[str, str]:
    """Path data for every map size, as stored in ``world/land-outline.json``."""
    return {size: land_path(tolerance) for size, tolerance in TOLERANCES.items()}


def land_path(tolerance: float) -> str:
    """The land outline as compact SVG path data.

    Rings are simplified (Douglas-Peucker, ``tolerance`` in SVG units), snapped to whole
    units and written with relative moves; islands smaller than the tolerance are dropped.
    """
    parts = []
    for ring in _land_rings():
        projected = [project(lon, max(SOUTH, min(NORTH, lat))) for lon, lat in ring]
        for piece in _split_at_antimeridian(projected):
            parts.append(_subpath(piece, tolerance))
    return "".join(parts).replace(" -", "-")


def _split_at_antimeridian(points: list[Point]) -> list[list[Point]]:
    """Cut a ring where it jumps across the map (Russia, Fiji), so no line spans the map."""
    pieces = [[points[0]]]
    for previous, point in pairwise(points):
        if abs(point[0] - previous[0]) > WIDTH / 2:
            pieces.append([])
        pieces[-1].append(point)
    return pieces


def _subpath(projected: list[Point], tolerance: float) -> str:
    """One closed subpath, or nothing for a piece too small to see."""
    points = _deduplicated([(round(x), round(y)) for x, y in _simplify(projected, tolerance)])
    if len(points) < 3 or abs(_area(points)) < tolerance * tolerance * 4:
        return ""
    (x0, y0), moves = points[0], []
    for (ax, ay), (bx, by) in pairwise(points):
        moves.append(f"{bx - ax} {by - ay}")
    return f"M{x0} {y0}l" + " ".join(moves) + "z"


def _deduplicated(points: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return [point for index, point in enumerate(points) if index == 0 or point != points[index - 1]]


def _area(points: Sequence[tuple[int, int]]) -> float:
    return (
        sum(
            ax * by - bx * ay
            for (ax, ay), (bx, by) in zip(points, [*points[1:], *points[:1]], strict=True)
        )
        / 2
    )


def _simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker: keep the points that deviate more than ``tolerance`` from a chord."""
    if len(points) < 3:
        return points
    (ax, ay), (bx, by) = points[0], points[-1]
    length = ((bx - ax) ** 2 + (by - ay) ** 2) ** 0.5
    farthest, distance = 0, -1.0
    for index in range(1, len(points) - 1):
        px, py = points[index]
        if length:
            d = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
        else:
            d = ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
        if d > distance:
            farthest, distance = index, d
    if distance <= tolerance:
        return [points[0], points[-1]]
    left = _simplify(points[: farthest + 1], tolerance)
    return left[:-1] + _simplify(points[farthest:], tolerance)


def _land_rings() -> Iterable[list[Point]]:
    topology = json.loads(LAND.read_text(encoding="utf-8"))
    (scale_x, scale_y), (shift_x, shift_y) = (
        topology["transform"]["scale"],
        topology["transform"]["translate"],
    )
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    for geometry in topology["objects"]["land"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for polygon in polygons:
            for ring in polygon:
                yield _stitch(arcs, ring)


def _stitch(arcs: Sequence[list[Point]], indexes: Sequence[int]) -> list[Point]:
    """Join a ring's arcs; a negative index ``~i`` means arc ``i`` reversed."""
    ring: list[Point] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(arc[1:] if ring else arc)
    return ring


def main() -> None:
    OUTLINE.write_text(json.dumps(outlines(), indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUTLINE}")


if __name__ == "__main__":
    main()
