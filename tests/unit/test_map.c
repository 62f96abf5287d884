/* The map: the projection pins known cities to pixels, the triangulator
 * covers a polygon exactly, the base map's regions answer for cities, and
 * every bundled step says where it happens (a place or an area), with
 * places and areas that cite their sources. */
#include "check.h"
#include "internal.h"
#include "leftsr/map.h"

#include <math.h>
#include <stdio.h>

#define NEAR(a, b) (fabsf((a) - (b)) < 0.6f)

/* Well-known coordinates (1/100 degree) and where a 400x315 panel at
 * (0, 0) puts them: equirectangular, lon scaled by cos 55°, extent
 * 20..64 E, 44..63 N fitted to the panel. */
static void projection_pins(void) {
    static const struct { const char *name; int32_t lon, lat; float x, y; } pins[] = {
        {"Petrograd", 3031, 5994, 93.73f, 55.43f},
        {"Moscow", 3762, 5575, 160.18f, 121.84f},
        {"Kiev", 3052, 5045, 95.64f, 205.84f},
        {"Brest-Litovsk", 2369, 5210, 33.55f, 179.69f},
    };
    LsrMapView v;
    lsr_map_fit(&v, 0, 0, 400, 315);
    for (size_t i = 0; i < sizeof pins / sizeof pins[0]; i++) {
        float x, y;
        lsr_map_project(&v, pins[i].lon, pins[i].lat, &x, &y);
        if (!NEAR(x, pins[i].x) || !NEAR(y, pins[i].y))
            fprintf(stderr, "%s at (%.2f, %.2f), pinned at (%.2f, %.2f)\n", pins[i].name, (double)x, (double)y,
                    (double)pins[i].x, (double)pins[i].y);
        CHECK(NEAR(x, pins[i].x) && NEAR(y, pins[i].y));
    }
    /* offset panels move every point by the offset; extra height only adds margin */
    LsrMapView w;
    lsr_map_fit(&w, 100, 50, 400, 315);
    float x0, y0, x1, y1;
    lsr_map_project(&v, 3762, 5575, &x0, &y0);
    lsr_map_project(&w, 3762, 5575, &x1, &y1);
    CHECK(NEAR(x1 - x0, 100.0f) && NEAR(y1 - y0, 50.0f));
    lsr_map_fit(&w, 0, 0, 400, 600);   /* taller: the width still decides the scale */
    CHECK(NEAR(w.scale, v.scale));
}

static float tri_area(const float *xy, const uint32_t *t, uint32_t n) {
    float s = 0;
    for (uint32_t i = 0; i + 2 < n; i += 3) {
        const float *a = xy + 2 * t[i], *b = xy + 2 * t[i + 1], *c = xy + 2 * t[i + 2];
        s += fabsf((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])) / 2;
    }
    return s;
}

static void triangulation(void) {
    /* an L shape (area 3), both windings */
    float l[12] = {0, 0, 2, 0, 2, 1, 1, 1, 1, 2, 0, 2};
    uint32_t t[12];
    uint32_t n = lsr_map_triangulate(l, 6, t);
    CHECK_EQ_INT(n, 12);
    CHECK(NEAR(tri_area(l, t, n), 3.0f));
    float r[12];
    for (int i = 0; i < 6; i++) r[2 * i] = l[2 * (5 - i)], r[2 * i + 1] = l[2 * (5 - i) + 1];
    n = lsr_map_triangulate(r, 6, t);
    CHECK(NEAR(tri_area(r, t, n), 3.0f));
    CHECK_EQ_INT(lsr_map_triangulate(l, 2, t), 0);
    /* every base-map ring is covered by its triangles: their area equals the ring's */
    uint32_t bad = 0;
    for (uint32_t i = 0; i < lsr_map_ring_count(); i++) {
        const int16_t (*p)[2];
        uint32_t k;
        lsr_map_ring(i, &p, &k);
        static float xy[2 * 4096];
        static uint32_t tr[3 * 4096];
        float a = 0;
        for (uint32_t j = 0; j < k; j++) xy[2 * j] = p[j][0] / 100.0f, xy[2 * j + 1] = p[j][1] / 100.0f;
        for (uint32_t j = 0, m = k - 1; j < k; m = j++) a += xy[2 * m] * xy[2 * j + 1] - xy[2 * j] * xy[2 * m + 1];
        float got = tri_area(xy, tr, lsr_map_triangulate(xy, k, tr));
        if (fabsf(got - fabsf(a) / 2) > 0.01f * fabsf(a) / 2 + 0.01f) {
            fprintf(stderr, "ring %u: triangles cover %.3f, the ring %.3f\n", i, (double)got, (double)(fabsf(a) / 2));
            bad++;
        }
    }
    CHECK_EQ_INT(bad, 0);
}

static void regions(void) {
    CHECK(lsr_map_ring_count() > 20 && lsr_map_ring_count() < 256);
    CHECK_EQ_STR(lsr_map_region_at(3052, 5045), "Ukraine");   /* Kiev */
    CHECK_EQ_STR(lsr_map_region_at(2369, 5210), "Belarus");   /* Brest */
    CHECK_EQ_STR(lsr_map_region_at(3762, 5575), "Russia");    /* Moscow */
    CHECK_EQ_STR(lsr_map_region_at(2411, 5695), "Latvia");    /* Riga */
    CHECK_EQ_STR(lsr_map_region_at(3400, 4300), "");          /* the Black Sea */
    CHECK_EQ_INT(lsr_map_find_region("ukraine"), 1);
    CHECK_EQ_INT(lsr_map_find_region("atlantis"), 0xFFFFFFFFu);
    CHECK(lsr_map_region_id(lsr_map_region_count()) == NULL);
}

static void bundled(void) {
    static const char *const IDS[] = {"coalition", "brest", "july"};
    for (size_t i = 0; i < 3; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/scenarios/%s.json", LSR_SOURCE_DIR, IDS[i]);
        LsrScenario *sc = NULL;
        CHECK(lsr_scenario_load_file(path, &sc, NULL) == LSR_OK);
        if (!sc) continue;
        CHECK(sc->n_places >= 1);
        uint32_t with_at = 0;
        for (uint32_t s = 0; s < sc->n_steps; s++) {
            const LsrStep *st = &sc->steps[s];
            if (st->at == LSR_NEXT_NONE && st->n_areas == 0)
                fprintf(stderr, "%s: step '%s' has neither a place nor an area\n", IDS[i], st->id);
            CHECK(st->at != LSR_NEXT_NONE || st->n_areas > 0);
            if (st->at != LSR_NEXT_NONE) with_at++;
            CHECK(st->at == LSR_NEXT_NONE || st->at < sc->n_places);
        }
        CHECK(with_at * 2 > sc->n_steps);  /* most steps happen at a point */
        for (uint32_t p = 0; p < sc->n_places; p++) {
            const LsrPlace *pl = &sc->places[p];
            CHECK(pl->n_sources >= 1);
            CHECK(pl->region.s[0] != '\0');
            CHECK(pl->lon >= 2000 && pl->lon <= 6400 && pl->lat >= 4400 && pl->lat <= 6300); /* in view */
        }
        for (uint32_t a = 0; a < sc->n_areas; a++) CHECK(sc->areas[a].n_sources >= 1);
        lsr_scenario_free(sc);
    }
}

int main(void) {
    projection_pins();
    triangulation();
    regions();
    bundled();
    printf("test_map: %d passed, %d failed\n", check_passed, check_failed);
    return check_failed ? 1 : 0;
}
