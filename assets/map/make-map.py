#!/usr/bin/env python3
"""Writes assets/map/basemap.h, the outline map compiled into leftsr.

Input: countries-50m.json of the world-atlas npm package 2.0.2 (Natural
Earth 1:50m, public domain), fetched once by hand, never at build time:

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python3 assets/map/make-map.py /tmp/package/countries-50m.json > assets/map/basemap.h

The script decodes the TopoJSON arcs, clips every country ring to the
window 15..65 E, 40..70 N, simplifies it (Douglas-Peucker, about 0.07
degree) and drops specks. Coordinates are written as integers in 1/100
degree. Standard library only; the output is the same on every run.
"""
import json
import math
import sys

LON0, LON1, LAT0, LAT1 = 15.0, 65.0, 40.0, 70.0
TOL = 0.07            # simplification tolerance, degrees of latitude
MIN_AREA = 0.15       # rings smaller than this (square degrees, scaled) are dropped
KX = math.cos(math.radians(55.0))  # longitude scale at the map's centre

# Regions a scenario may name: id -> Natural Earth name. Countries outside
# this list are drawn as land but cannot be named.
REGIONS = [
    ("russia", "Russia"), ("ukraine", "Ukraine"), ("belarus", "Belarus"),
    ("poland", "Poland"), ("lithuania", "Lithuania"), ("latvia", "Latvia"),
    ("estonia", "Estonia"), ("finland", "Finland"), ("moldova", "Moldova"),
    ("romania", "Romania"), ("georgia", "Georgia"), ("armenia", "Armenia"),
    ("azerbaijan", "Azerbaijan"), ("kazakhstan", "Kazakhstan"), ("turkey", "Turkey"),
    ("sweden", "Sweden"), ("norway", "Norway"), ("germany", "Germany"),
]


def decode_arcs(topo):
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    out = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        out.append(pts)
    return out


def ring_points(arcs, idxs):
    pts = []
    for i in idxs:
        a = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        pts.extend(a if not pts else a[1:])
    return pts


def clip(ring, inside, cross):
    out = []
    n = len(ring)
    for i in range(n):
        cur, prev = ring[i], ring[i - 1]
        if inside(cur):
            if not inside(prev):
                out.append(cross(prev, cur))
            out.append(cur)
        elif inside(prev):
            out.append(cross(prev, cur))
    return out


def clip_box(ring):
    def at_x(x0):
        return lambda p, q: (x0, p[1] + (q[1] - p[1]) * (x0 - p[0]) / (q[0] - p[0]))

    def at_y(y0):
        return lambda p, q: (p[0] + (q[0] - p[0]) * (y0 - p[1]) / (q[1] - p[1]), y0)

    for inside, cross in ((lambda p: p[0] >= LON0, at_x(LON0)), (lambda p: p[0] <= LON1, at_x(LON1)),
                          (lambda p: p[1] >= LAT0, at_y(LAT0)), (lambda p: p[1] <= LAT1, at_y(LAT1))):
        if not ring:
            break
        ring = clip(ring, inside, cross)
    return ring


def dp(pts, tol):
    if len(pts) < 3:
        return pts
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        a, b = stack.pop()
        ax, ay = pts[a][0] * KX, pts[a][1]
        bx, by = pts[b][0] * KX, pts[b][1]
        dx, dy = bx - ax, by - ay
        ln = math.hypot(dx, dy)
        best, bi = -1.0, -1
        for i in range(a + 1, b):
            px, py = pts[i][0] * KX, pts[i][1]
            d = abs(dx * (ay - py) - dy * (ax - px)) / ln if ln else math.hypot(px - ax, py - ay)
            if d > best:
                best, bi = d, i
        if best > tol:
            keep[bi] = True
            stack.append((a, bi))
            stack.append((bi, b))
    return [p for p, k in zip(pts, keep) if k]


def simplify_ring(ring):
    # split the closed ring at its two farthest points so both halves are open lines
    far = max(range(len(ring)), key=lambda i: (ring[i][0] - ring[0][0]) ** 2 + (ring[i][1] - ring[0][1]) ** 2)
    a = dp(ring[:far + 1], TOL)
    b = dp(ring[far:] + [ring[0]], TOL)
    return a[:-1] + b[:-1]


def area(ring):
    s = 0.0
    for i in range(len(ring)):
        x0, y0 = ring[i - 1]
        x1, y1 = ring[i]
        s += (x0 * KX) * y1 - (x1 * KX) * y0
    return s / 2


def main():
    topo = json.load(open(sys.argv[1]))
    arcs = decode_arcs(topo)
    names = dict((n, i) for i, (_, n) in enumerate(REGIONS))
    rings = []  # (region index or -1, [(lon, lat) in 1/100 degree])
    for g in topo["objects"]["countries"]["geometries"]:
        polys = g.get("arcs") or []
        if g["type"] == "Polygon":
            polys = [polys]
        region = names.get(g["properties"]["name"], -1)
        for poly in polys:
            ring = ring_points(arcs, poly[0])  # outer ring only; holes are lakes
            if max(x for x, _ in ring) - min(x for x, _ in ring) > 180:
                ring = [(x + 360 if x < 0 else x, y) for x, y in ring]  # Russia crosses 180 degrees
            ring = clip_box(ring)
            if len(ring) < 3:
                continue
            ring = simplify_ring(ring)
            q = []
            for lon, lat in ring:
                p = (int(round(lon * 100)), int(round(lat * 100)))
                if not q or q[-1] != p:
                    q.append(p)
            while len(q) > 1 and q[0] == q[-1]:
                q.pop()
            if len(q) < 3 or abs(area([(x / 100, y / 100) for x, y in q])) < MIN_AREA:
                continue
            if area(q) < 0:
                q.reverse()  # counter-clockwise (lon east, lat north) everywhere
            rings.append((region, q))
    rings.sort(key=lambda r: (r[0] if r[0] >= 0 else 99, r[1][0]))
    npts = sum(len(r) for _, r in rings)
    w = sys.stdout.write
    w("/* Generated by assets/map/make-map.py from world-atlas 2.0.2 countries-50m.json\n"
      " * (Natural Earth, public domain). Do not edit; see assets/README.md.\n"
      " * %d rings, %d points, lon/lat in 1/100 degree, window %g..%g E, %g..%g N.\n"
      " * Modern outlines: they stand in for the borders of 1918. */\n" % (len(rings), npts, LON0, LON1, LAT0, LAT1))
    w("#define LSR_BASEMAP_LON0 %d\n#define LSR_BASEMAP_LON1 %d\n" % (LON0 * 100, LON1 * 100))
    w("#define LSR_BASEMAP_LAT0 %d\n#define LSR_BASEMAP_LAT1 %d\n" % (LAT0 * 100, LAT1 * 100))
    w("#define LSR_BASEMAP_N_REGIONS %d\n#define LSR_BASEMAP_N_RINGS %d\n#define LSR_BASEMAP_N_POINTS %d\n\n"
      % (len(REGIONS), len(rings), npts))
    w("static const char *const lsr_basemap_region_ids[LSR_BASEMAP_N_REGIONS] = {\n")
    for rid, _ in REGIONS:
        w('    "%s",\n' % rid)
    w("};\n\nstatic const char *const lsr_basemap_region_names[LSR_BASEMAP_N_REGIONS] = {\n")
    for _, name in REGIONS:
        w('    "%s",\n' % name)
    w("};\n\n/* region (-1: unnamed land), first point, point count */\n")
    w("static const int32_t lsr_basemap_rings[LSR_BASEMAP_N_RINGS][3] = {\n")
    first = 0
    for region, q in rings:
        w("    {%d, %d, %d},\n" % (region, first, len(q)))
        first += len(q)
    w("};\n\nstatic const int16_t lsr_basemap_points[LSR_BASEMAP_N_POINTS][2] = {\n")
    for _, q in rings:
        line = "    "
        for x, y in q:
            item = "{%d,%d}," % (x, y)
            if len(line) + len(item) > 110:
                w(line.rstrip() + "\n")
                line = "    "
            line += item
        w(line.rstrip() + "\n")
    w("};\n")


if __name__ == "__main__":
    main()
