/* Pass 2 of the map content: top-level `places` and `areas`, and the
 * `at` / `areas` references of steps. Places and areas are few, so their
 * ids are looked up by a plain scan rather than through id_index.c. */
#include "load_internal.h"
#include "leftsr/map.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define MAX_POLY 256u

static const KeySpec k_place_keys[] = {{"id", true}, {"name", true}, {"region", false}, {"lon", true}, {"lat", true},
                                       {"sources", false}};
static const KeySpec k_area_keys[] = {{"id", true},      {"name", true},    {"style", true},
                                      {"regions", false}, {"polygon", false}, {"sources", true}};
static const char *const k_style_words[] = {"occupied", "stronghold", "highlight"};

void ld_places_alloc(Loader *L, uint32_t n_places, uint32_t n_areas) {
    L->sc->places = L->places = ld_aarray(L, n_places, sizeof(LsrPlace));
    L->sc->areas = L->areas = ld_aarray(L, n_areas, sizeof(LsrArea));
    if (L->oom) return;
    memset(L->places, 0, n_places * sizeof(LsrPlace));
    memset(L->areas, 0, n_areas * sizeof(LsrArea));
    L->sc->n_places = n_places;
    L->sc->n_areas = n_areas;
}

/* The entry's id (checked, unique among the first `count` entries of its kind). */
static const char *entry_id(Loader *L, const cJSON *e, const cJSON *v, const char *kind, const char *(*id_of)(Loader *, uint32_t),
                            uint32_t count) {
    const char *id = NULL;
    WITH(L, e, v, {
        if ((id = ld_v_string(L, v, true))) {
            if (!ld_valid_id(id)) {
                ld_err(L, "E_BAD_ID", "'%s' is not a valid id; use 1-63 characters from a-z, 0-9, '-' and '_', starting with a letter",
                       ld_clip(L, id));
                id = NULL;
            } else {
                for (uint32_t j = 0; j < count; j++)
                    if (strcmp(id_of(L, j), id) == 0) {
                        ld_err(L, "E_DUPLICATE_ID", "the id '%s' is already used by another %s", ld_clip(L, id), kind);
                        break;
                    }
            }
        }
    });
    return id ? ld_adup(L, id) : "";
}

/* "" for an entry not compiled yet (or not an object). */
static const char *place_id(Loader *L, uint32_t i) { return L->places[i].id ? L->places[i].id : ""; }
static const char *area_id(Loader *L, uint32_t i) { return L->areas[i].id ? L->areas[i].id : ""; }

/* A coordinate in degrees inside [lo, hi] (1/100 degree), as 1/100 degree. */
static bool coord(Loader *L, const cJSON *v, int32_t lo, int32_t hi, const char *what, int32_t *out) {
    if (!cJSON_IsNumber(v)) {
        ld_err(L, "E_TYPE", "%s must be a number of degrees, not %s", ld_what(L), ld_jtype(v));
        return false;
    }
    double d = v->valuedouble * 100.0;
    if (!(d >= (double)lo && d <= (double)hi)) {
        ld_err(L, "E_RANGE", "%s %g is outside the map, which covers %d to %d degrees %s", what, v->valuedouble, lo / 100,
               hi / 100, what[1] == 'o' ? "east" : "north");
        return false;
    }
    *out = (int32_t)lround(d);
    return true;
}

void ld_compile_place(Loader *L, const cJSON *e, uint32_t i) {
    char desc[96];
    const cJSON *k[6];
    ld_get_keys(L, e, ld_describe(L, desc, sizeof desc, "place", e), k_place_keys, 6, k);
    LsrPlace *p = &L->places[i];
    p->id = "";
    p->name.s = p->region.s = "";
    if (k[0]) p->id = entry_id(L, e, k[0], "place", place_id, i);
    if (k[1]) WITH(L, e, k[1], ld_v_text(L, k[1], &p->name));
    if (k[2]) WITH(L, e, k[2], ld_v_text(L, k[2], &p->region));
    if (k[3]) WITH(L, e, k[3], coord(L, k[3], LSR_MAP_LON_MIN, LSR_MAP_LON_MAX, "lon", &p->lon));
    if (k[4]) WITH(L, e, k[4], coord(L, k[4], LSR_MAP_LAT_MIN, LSR_MAP_LAT_MAX, "lat", &p->lat));
    if (k[5]) ld_v_sources(L, e, k[5], &p->sources_first, &p->n_sources);
}

static void area_regions(Loader *L, const cJSON *v, LsrArea *a) {
    if (!ld_v_array(L, v)) return;
    if (!v->child) ld_err(L, "E_LIMIT", "'regions' is empty; name at least one region of the map, or give a 'polygon'");
    uint32_t j = 0, n = lsr_map_region_count();
    const char *cands[32];
    for (uint32_t r = 0; r < n && r < 32; r++) cands[r] = lsr_map_region_id(r);
    for (const cJSON *r = v->child; r; r = r->next, j++) {
        ld_push_idx(L, v, j);
        const char *id = ld_v_string(L, r, true);
        uint32_t ri = id ? lsr_map_find_region(id) : 0xFFFFFFFFu;
        if (id && ri == 0xFFFFFFFFu) {
            const char *dym = ld_best_word(id, cands, n < 32 ? n : 32);
            if (dym)
                ld_err(L, "E_UNKNOWN_REF", "region '%s' is not on the map; did you mean '%s'?", ld_clip(L, id), dym);
            else
                ld_err(L, "E_UNKNOWN_REF", "region '%s' is not on the map (its regions are countries such as 'ukraine' or 'estonia')",
                       ld_clip(L, id));
        } else if (id) {
            a->regions |= 1u << ri;
        }
        ld_pop(L);
    }
}

static void area_polygon(Loader *L, const cJSON *v, LsrArea *a) {
    if (!ld_v_array(L, v)) return;
    uint32_t n = ld_arr_len(v), j = 0;
    if (n < 3 || n > MAX_POLY) {
        ld_err(L, "E_LIMIT", "a polygon has %u points; give 3 to %u [lon, lat] pairs", (unsigned)n, MAX_POLY);
        return;
    }
    int32_t *pts = ld_aarray(L, 2u * n, sizeof *pts);
    if (!pts) return;
    bool ok = true;
    for (const cJSON *p = v->child; p; p = p->next, j++) {
        ld_push_idx(L, v, j);
        if (ld_arr_len(p) != 2) {
            ld_err(L, "E_TYPE", "%s must be a [lon, lat] pair of numbers", ld_what(L));
            ok = false;
        } else {
            ld_push_idx(L, p, 0);
            ok &= coord(L, p->child, LSR_MAP_LON_MIN, LSR_MAP_LON_MAX, "lon", &pts[2 * j]);
            ld_pop(L);
            ld_push_idx(L, p, 1);
            ok &= coord(L, p->child->next, LSR_MAP_LAT_MIN, LSR_MAP_LAT_MAX, "lat", &pts[2 * j + 1]);
            ld_pop(L);
        }
        ld_pop(L);
    }
    if (ok) a->poly = pts, a->n_poly = n;
}

void ld_compile_area(Loader *L, const cJSON *e, uint32_t i) {
    char desc[96];
    const cJSON *k[6];
    ld_get_keys(L, e, ld_describe(L, desc, sizeof desc, "area", e), k_area_keys, 6, k);
    LsrArea *a = &L->areas[i];
    a->id = "";
    a->name.s = "";
    if (k[0]) a->id = entry_id(L, e, k[0], "area", area_id, i);
    if (k[1]) WITH(L, e, k[1], ld_v_text(L, k[1], &a->name));
    if (k[2]) {
        int s;
        WITH(L, e, k[2], s = ld_v_word(L, k[2], k_style_words, 3));
        a->style = s < 0 ? LSR_AREA_HIGHLIGHT : (LsrAreaStyle)s;
    }
    if (k[3]) WITH(L, e, k[3], area_regions(L, k[3], a));
    if (k[4]) WITH(L, e, k[4], area_polygon(L, k[4], a));
    if (!k[3] && !k[4]) ld_err(L, "E_MISSING_KEY", "%s needs 'regions' (named regions of the map) or a 'polygon'", desc);
    if (k[5]) ld_v_sources(L, e, k[5], &a->sources_first, &a->n_sources);
}

/* Index of the entry named id among count entries, with a "did you mean" when absent. */
static uint32_t find_named(Loader *L, const char *id, const char *kind, const char *(*id_of)(Loader *, uint32_t),
                           uint32_t count) {
    for (uint32_t j = 0; j < count; j++)
        if (strcmp(id_of(L, j), id) == 0) return j;
    const char *cands[256] = {NULL};
    uint32_t nc = count < 256 ? count : 256;
    for (uint32_t j = 0; j < nc; j++) cands[j] = id_of(L, j);
    const char *dym = ld_best_word(id, cands, nc);
    if (dym)
        ld_err(L, "E_UNKNOWN_REF", "%s '%s' does not exist; did you mean '%s'?", kind, ld_clip(L, id), dym);
    else if (!count)
        ld_err(L, "E_UNKNOWN_REF", "%s '%s' does not exist: the scenario declares no '%ss'", kind, ld_clip(L, id), kind);
    else
        ld_err(L, "E_UNKNOWN_REF", "%s '%s' does not exist", kind, ld_clip(L, id));
    return LSR_NEXT_NONE;
}

uint32_t ld_v_place_ref(Loader *L, const cJSON *v) {
    if (!cJSON_IsString(v)) {
        ld_err(L, "E_TYPE", "%s must be the id of a place (a string), not %s", ld_what(L), ld_jtype(v));
        return LSR_NEXT_NONE;
    }
    return find_named(L, v->valuestring, "place", place_id, L->sc->n_places);
}

void ld_v_area_refs(Loader *L, const cJSON *v, const uint32_t **out, uint32_t *count) {
    *out = NULL;
    *count = 0;
    if (!ld_v_array(L, v)) return;
    uint32_t n = ld_arr_len(v), j = 0;
    uint32_t *refs = ld_aarray(L, n, sizeof *refs);
    if (!refs) return;
    for (const cJSON *a = v->child; a; a = a->next, j++) {
        ld_push_idx(L, v, j);
        if (!cJSON_IsString(a)) {
            ld_err(L, "E_TYPE", "%s must be the id of an area (a string), not %s", ld_what(L), ld_jtype(a));
        } else {
            uint32_t i = find_named(L, a->valuestring, "area", area_id, L->sc->n_areas);
            if (i != LSR_NEXT_NONE) refs[(*count)++] = i;
        }
        ld_pop(L);
    }
    *out = refs;
}
