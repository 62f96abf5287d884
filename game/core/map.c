/* The outline map: base map access, projection, triangulation (map.h). */
#include "leftsr/map.h"

#include <math.h>
#include <string.h>

#include "../../assets/map/basemap.h"

/* The view extent every map shows, in degrees. */
#define VIEW_LON0 20.0f
#define VIEW_LON1 64.0f
#define VIEW_LAT0 44.0f
#define VIEW_LAT1 63.0f
#define KX 0.573576436f /* cos 55° */

uint32_t lsr_map_region_count(void) { return LSR_BASEMAP_N_REGIONS; }

const char *lsr_map_region_id(uint32_t i) { return i < LSR_BASEMAP_N_REGIONS ? lsr_basemap_region_ids[i] : NULL; }

uint32_t lsr_map_find_region(const char *id) {
    for (uint32_t i = 0; id && i < LSR_BASEMAP_N_REGIONS; i++)
        if (strcmp(lsr_basemap_region_ids[i], id) == 0) return i;
    return 0xFFFFFFFFu;
}

uint32_t lsr_map_ring_count(void) { return LSR_BASEMAP_N_RINGS; }

int lsr_map_ring(uint32_t i, const int16_t (**pts)[2], uint32_t *n) {
    if (i >= LSR_BASEMAP_N_RINGS) {
        *pts = NULL;
        *n = 0;
        return -1;
    }
    *pts = &lsr_basemap_points[lsr_basemap_rings[i][1]];
    *n = (uint32_t)lsr_basemap_rings[i][2];
    return (int)lsr_basemap_rings[i][0];
}

void lsr_map_fit(LsrMapView *v, float x, float y, float w, float h) {
    float ew = (VIEW_LON1 - VIEW_LON0) * KX, eh = VIEW_LAT1 - VIEW_LAT0;
    float s = fminf(w / ew, h / eh);
    v->x = x, v->y = y, v->w = w, v->h = h;
    v->scale = s;
    /* centre the extent in the rectangle */
    v->ox = x + w / 2 - ((VIEW_LON0 + VIEW_LON1) / 2) * KX * s;
    v->oy = y + h / 2 + ((VIEW_LAT0 + VIEW_LAT1) / 2) * s;
}

void lsr_map_project(const LsrMapView *v, int32_t lon, int32_t lat, float *px, float *py) {
    *px = v->ox + (float)lon * 0.01f * KX * v->scale;
    *py = v->oy - (float)lat * 0.01f * v->scale;
}

static float cross3(const float *a, const float *b, const float *c) {
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

/* Inside or on the edge: a vertex touching a candidate ear blocks it. */
static bool inside_tri(const float *p, const float *a, const float *b, const float *c, float sign) {
    if ((p[0] == a[0] && p[1] == a[1]) || (p[0] == b[0] && p[1] == b[1]) || (p[0] == c[0] && p[1] == c[1]))
        return false;
    return sign * cross3(a, b, p) >= 0 && sign * cross3(b, c, p) >= 0 && sign * cross3(c, a, p) >= 0;
}

uint32_t lsr_map_triangulate(const float *xy, uint32_t n, uint32_t *tri) {
    if (n < 3) return 0;
    float area = 0;
    for (uint32_t i = 0, j = n - 1; i < n; j = i++) area += xy[2 * j] * xy[2 * i + 1] - xy[2 * i] * xy[2 * j + 1];
    float sign = area >= 0 ? 1.0f : -1.0f;
    /* the remaining polygon as a doubly linked list over the input */
    uint32_t prev[4096], next[4096];
    if (n > 4096) return 0;
    for (uint32_t i = 0; i < n; i++) prev[i] = (i + n - 1) % n, next[i] = (i + 1) % n;
    uint32_t out = 0, left = n, cur = 0, misses = 0;
    while (left > 3) {
        uint32_t a = prev[cur], b = cur, c = next[cur];
        const float *pa = xy + 2 * a, *pb = xy + 2 * b, *pc = xy + 2 * c;
        bool ear = sign * cross3(pa, pb, pc) > 0;
        for (uint32_t k = next[c]; ear && k != a; k = next[k])
            if (inside_tri(xy + 2 * k, pa, pb, pc, sign)) ear = false;
        /* after a full lap without an ear the input is not simple: clip anyway */
        if (ear || misses > left) {
            if (sign * cross3(pa, pb, pc) != 0) {
                tri[out++] = a, tri[out++] = b, tri[out++] = c;
            }
            next[a] = c, prev[c] = a;
            left--;
            cur = c;
            misses = 0;
        } else {
            cur = c;
            misses++;
        }
    }
    tri[out++] = prev[cur], tri[out++] = cur, tri[out++] = next[cur];
    return out;
}

/* Even-odd test of a point against a base-map ring. */
static bool in_ring(const int16_t (*p)[2], uint32_t n, int32_t lon, int32_t lat) {
    bool in = false;
    for (uint32_t i = 0, j = n - 1; i < n; j = i++) {
        int32_t xi = p[i][0], yi = p[i][1], xj = p[j][0], yj = p[j][1];
        if ((yi > lat) != (yj > lat) &&
            (double)lon < (double)(xj - xi) * (double)(lat - yi) / (double)(yj - yi) + (double)xi)
            in = !in;
    }
    return in;
}

const char *lsr_map_region_at(int32_t lon, int32_t lat) {
    for (uint32_t r = 0; r < LSR_BASEMAP_N_RINGS; r++) {
        int reg = (int)lsr_basemap_rings[r][0];
        if (reg < 0) continue;
        if (in_ring(&lsr_basemap_points[lsr_basemap_rings[r][1]], (uint32_t)lsr_basemap_rings[r][2], lon, lat))
            return lsr_basemap_region_names[reg];
    }
    return "";
}
