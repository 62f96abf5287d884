/* The map panel and the full map screen: outline map, highlighted areas
 * (pattern and outline style as well as colour, so they read without
 * colour), the route of the places passed through, labels and a legend.
 * Drawn with SDL geometry in a few batched calls per frame. */
#include "i18n.h"
#include "sdl/map.h"
#include "sdl/screens.h"
#include "sdl/widgets.h"
#include "leftsr/map.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ROUTE 64

/* ------------------------------------------------------------ batching */

#define BATCH_V 8192
#define BATCH_I 12288

/* Vertices waiting for one SDL_RenderGeometry call. */
typedef struct Batch {
    SDL_Renderer *ren;
    SDL_Vertex v[BATCH_V];
    int idx[BATCH_I];
    int nv, ni;
} Batch;

static Batch batch;

static void flush(void) {
    if (batch.ni && batch.ren) {
        SDL_SetRenderDrawBlendMode(batch.ren, SDL_BLENDMODE_BLEND);
        SDL_RenderGeometry(batch.ren, NULL, batch.v, batch.nv, batch.idx, batch.ni);
    }
    batch.nv = batch.ni = 0;
}

/* Room for nv vertices and ni indices; returns the first vertex number. */
static int reserve(int nv, int ni) {
    if (batch.nv + nv > BATCH_V || batch.ni + ni > BATCH_I) flush();
    return batch.nv;
}

static void vert(float x, float y, SDL_Color c) {
    SDL_Vertex *v = &batch.v[batch.nv++];
    v->position.x = x;
    v->position.y = y;
    v->color = c;
    v->tex_coord.x = v->tex_coord.y = 0;
}

static void seg(float x0, float y0, float x1, float y1, float t, SDL_Color c) {
    float dx = x1 - x0, dy = y1 - y0, len = sqrtf(dx * dx + dy * dy);
    if (len <= 0.01f) return;
    float nx = -dy / len * t / 2, ny = dx / len * t / 2;
    int b = reserve(4, 6);
    vert(x0 + nx, y0 + ny, c);
    vert(x0 - nx, y0 - ny, c);
    vert(x1 - nx, y1 - ny, c);
    vert(x1 + nx, y1 + ny, c);
    int q[6] = { 0, 1, 2, 0, 2, 3 };
    for (int i = 0; i < 6; i++) batch.idx[batch.ni++] = b + q[i];
}

/* A closed polyline; dash > 0 draws dashes of that length with equal gaps. */
static void outline(const float *xy, uint32_t n, float t, SDL_Color c, float dash) {
    float run = 0;
    for (uint32_t i = 0; i < n; i++) {
        float x0 = xy[2 * i], y0 = xy[2 * i + 1], x1 = xy[2 * ((i + 1) % n)], y1 = xy[2 * ((i + 1) % n) + 1];
        if (dash <= 0) {
            seg(x0, y0, x1, y1, t, c);
            continue;
        }
        float len = hypotf(x1 - x0, y1 - y0), at = 0;
        while (at < len) {
            float phase = fmodf(run, 2 * dash), left = (phase < dash ? dash : 2 * dash) - phase;
            float step = fminf(left, len - at);
            if (phase < dash)
                seg(x0 + (x1 - x0) * at / len, y0 + (y1 - y0) * at / len, x0 + (x1 - x0) * (at + step) / len,
                    y0 + (y1 - y0) * (at + step) / len, t, c);
            at += step;
            run += step;
        }
    }
}

static int cmp_float(const void *a, const void *b) {
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

/* Parallel lines `gap` apart across a ring, inside it only (even-odd);
 * dir +1 draws "/" lines, -1 draws "\" lines. */
static void hatch(const float *xy, uint32_t n, float gap, float t, SDL_Color c, int dir) {
    float lo = 1e30f, hi = -1e30f, d = (float)dir;
    for (uint32_t i = 0; i < n; i++) {
        float k = xy[2 * i] + d * xy[2 * i + 1];
        lo = fminf(lo, k);
        hi = fmaxf(hi, k);
    }
    float cross[256];
    for (float k = ceilf(lo / gap) * gap; k < hi; k += gap) {
        int nc = 0;
        for (uint32_t i = 0; i < n && nc < 256; i++) {
            const float *p = xy + 2 * i, *q = xy + 2 * ((i + 1) % n);
            float sp = p[0] + d * p[1] - k, sq = q[0] + d * q[1] - k;
            if ((sp < 0) != (sq < 0)) cross[nc++] = p[0] + (q[0] - p[0]) * sp / (sp - sq);
        }
        qsort(cross, (size_t)nc, sizeof *cross, cmp_float);
        for (int j = 0; j + 1 < nc; j += 2)
            seg(cross[j], (k - cross[j]) / d, cross[j + 1], (k - cross[j + 1]) / d, t, c);
    }
}

/* Filled triangles over projected points. */
static void fill_tris(const float *xy, const uint32_t *tri, uint32_t nt, SDL_Color c) {
    for (uint32_t i = 0; i + 2 < nt; i += 3) {
        int b = reserve(3, 3);
        for (int k = 0; k < 3; k++) {
            vert(xy[2 * tri[i + (uint32_t)k]], xy[2 * tri[i + (uint32_t)k] + 1], c);
            batch.idx[batch.ni++] = b + k;
        }
    }
}

/* ------------------------------------------------------ the base map */

/* Land triangles over the base map's points, built once: the projection is
 * affine, so triangles made in lon/lat hold at every size. */
static uint32_t *land_tri;            /* per ring, indices into that ring */
static uint32_t land_first[256], land_n[256];
static float *land_xy;                /* projected points, every frame */
static uint32_t land_pts;

static bool land_ready(void) {
    if (land_tri) return true;
    uint32_t nr = lsr_map_ring_count(), total = 0;
    if (nr > 256) return false;
    for (uint32_t r = 0; r < nr; r++) {
        const int16_t (*p)[2];
        uint32_t n;
        lsr_map_ring(r, &p, &n);
        total += n;
    }
    land_tri = malloc(3 * (size_t)total * sizeof *land_tri);
    land_xy = malloc(2 * (size_t)total * sizeof *land_xy);
    float *tmp = malloc(2 * (size_t)total * sizeof *tmp);
    if (!land_tri || !land_xy || !tmp) {
        free(land_tri);
        free(land_xy);
        free(tmp);
        land_tri = NULL;
        land_xy = NULL;
        return false;
    }
    uint32_t at = 0;
    for (uint32_t r = 0; r < nr; r++) {
        const int16_t (*p)[2];
        uint32_t n;
        lsr_map_ring(r, &p, &n);
        for (uint32_t i = 0; i < n; i++) tmp[2 * i] = p[i][0], tmp[2 * i + 1] = p[i][1];
        land_first[r] = at;
        land_n[r] = lsr_map_triangulate(tmp, n, land_tri + at);
        at += land_n[r];
    }
    land_pts = total;
    free(tmp);
    return true;
}

/* Projects every base-map point into land_xy; ring r starts at *first. */
static void land_project(const LsrMapView *mv, uint32_t *first) {
    uint32_t at = 0;
    for (uint32_t r = 0; r < lsr_map_ring_count(); r++) {
        const int16_t (*p)[2];
        uint32_t n;
        lsr_map_ring(r, &p, &n);
        first[r] = at;
        for (uint32_t i = 0; i < n; i++, at++) lsr_map_project(mv, p[i][0], p[i][1], &land_xy[2 * at], &land_xy[2 * at + 1]);
    }
}

/* ------------------------------------------------------------- colours */

typedef struct MapColors { SDL_Color sea, land, border, area[3], route, current, ref; } MapColors;

static bool dark_theme(const LsrThemeColors *th) { return th->bg.r + th->bg.g + th->bg.b < 3 * 100; }

/* Okabe–Ito hues (told apart by the common colour-blindnesses); the
 * patterns carry the same difference without colour. */
static MapColors colors(const LsrUi *ui) {
    const LsrThemeColors *th = &ui->th;
    MapColors m;
    bool dark = dark_theme(th);
    bool contrast = ui->settings.theme == LSR_THEME_CONTRAST;
    m.sea = lsr_r_mix(th->bg, lsr_r_rgb(0x4f86b8), dark ? 0.35f : 0.30f);
    m.land = lsr_r_mix(th->bg, th->ink, contrast ? 0.0f : 0.07f);
    m.border = lsr_r_mix(th->bg, th->ink, contrast ? 0.75f : 0.35f);
    m.area[LSR_AREA_OCCUPIED] = lsr_r_rgb(dark ? 0xe69f00 : 0xb35200);
    m.area[LSR_AREA_STRONGHOLD] = lsr_r_rgb(dark ? 0x56b4e9 : 0x0063a0);
    m.area[LSR_AREA_HIGHLIGHT] = lsr_r_rgb(dark ? 0xcc79a7 : 0x8e3b6f);
    if (contrast) m.area[LSR_AREA_OCCUPIED] = lsr_r_rgb(0xffb000), m.area[LSR_AREA_STRONGHOLD] = lsr_r_rgb(0x66ccff);
    m.route = th->accent;
    m.current = th->accent;
    m.ref = th->muted;
    return m;
}

static SDL_Color alpha(SDL_Color c, uint8_t a) {
    c.a = a;
    return c;
}

/* --------------------------------------------------------------- areas */

/* The style's pattern inside a projected ring, and its outline. */
static void area_ring(LsrUi *ui, const float *xy, uint32_t n, LsrAreaStyle style, const MapColors *mc) {
    SDL_Color c = mc->area[style];
    float gap = (float)lsr_r_px(ui, 7), t = fmaxf(1.0f, (float)lsr_r_px(ui, 1.4));
    switch (style) {
    case LSR_AREA_OCCUPIED:
        hatch(xy, n, gap, t, alpha(c, 200), 1);
        outline(xy, n, t * 1.6f, c, 0);
        break;
    case LSR_AREA_STRONGHOLD:
        hatch(xy, n, gap * 1.4f, t, alpha(c, 170), -1);
        outline(xy, n, t * 1.8f, c, (float)lsr_r_px(ui, 5));
        break;
    case LSR_AREA_HIGHLIGHT: outline(xy, n, t * 2.2f, c, 0); break;
    }
}

/* Fills, patterns and outlines area a over the projected base map. */
static void draw_area(LsrUi *ui, const LsrMapView *mv, const LsrArea *a, const uint32_t *first, const MapColors *mc) {
    SDL_Color tint = alpha(mc->area[a->style], 46);
    for (uint32_t r = 0; r < lsr_map_ring_count(); r++) {
        const int16_t (*p)[2];
        uint32_t n;
        int reg = lsr_map_ring(r, &p, &n);
        if (reg < 0 || !(a->regions & (1u << reg))) continue;
        uint32_t tri[3 * 512];
        const float *xy = land_xy + 2 * first[r];
        uint32_t nt = land_n[r] <= 3 * 512 ? land_n[r] : 0;
        for (uint32_t i = 0; i < nt; i++) tri[i] = land_tri[land_first[r] + i];
        fill_tris(xy, tri, nt, tint);
        area_ring(ui, xy, n, a->style, mc);
    }
    if (a->n_poly >= 3) {
        float xy[2 * 256];
        uint32_t tri[3 * 256];
        for (uint32_t i = 0; i < a->n_poly; i++) lsr_map_project(mv, a->poly[2 * i], a->poly[2 * i + 1], &xy[2 * i], &xy[2 * i + 1]);
        fill_tris(xy, tri, lsr_map_triangulate(xy, a->n_poly, tri), tint);
        area_ring(ui, xy, a->n_poly, a->style, mc);
    }
}

/* A legend swatch: the style's pattern in a small rectangle. */
static void swatch(LsrUi *ui, SDL_Rect r, LsrAreaStyle style, const MapColors *mc) {
    float off = ui->in_view ? (float)ui->scroll : 0.0f;
    float x0 = (float)r.x, y0 = (float)r.y - off, x1 = x0 + (float)r.w, y1 = y0 + (float)r.h;
    float xy[8] = { x0, y0, x1, y0, x1, y1, x0, y1 };
    uint32_t tri[6] = { 0, 1, 2, 0, 2, 3 };
    fill_tris(xy, tri, 6, mc->land);
    fill_tris(xy, tri, 6, alpha(mc->area[style], 46));
    area_ring(ui, xy, 4, style, mc);
    flush();
}

/* --------------------------------------------------------------- route */

bool lsr_map_wanted(const LsrView *vs) { return vs->sc && (vs->sc->n_places || vs->sc->n_areas); }

/* The places passed through, in order (repeats in a row merged), ending
 * with the step on screen's place. */
static uint32_t route(const LsrView *vs, uint32_t step, uint32_t *out) {
    const LsrScenario *sc = vs->sc;
    uint32_t n = 0;
    size_t len = vs->g ? lsr_game_trace_len(vs->g) : 0;
    for (size_t i = 0; i <= len; i++) {
        uint32_t s = i < len ? lsr_game_trace(vs->g, i)->step : step;
        if (s >= sc->n_steps) continue;
        uint32_t p = sc->steps[s].at;
        if (p == LSR_NEXT_NONE || (n && out[n - 1] == p)) continue;
        if (n == MAX_ROUTE) memmove(out, out + 1, (MAX_ROUTE - 1) * sizeof *out), n--;
        out[n++] = p;
    }
    return n;
}

/* --------------------------------------------------------------- panel */

/* The map's picture (land, areas, route) as a texture, redrawn only when
 * its size, theme, step or route changes: a frame then costs one copy. */
static struct {
    SDL_Texture *tex;
    SDL_Renderer *ren;
    uint64_t key;
} picture;

void lsr_map_cache_clear(void) {
    if (picture.tex) SDL_DestroyTexture(picture.tex);
    memset(&picture, 0, sizeof picture);
}

static uint64_t mix64(uint64_t h, uint64_t v) { return (h ^ v) * 0x100000001b3ull; }

/* Paints land, borders, areas and the route into the current target, w x h. */
static void paint(LsrUi *ui, const LsrScenario *sc, int w, int h, const uint32_t *shown, uint32_t n_shown,
                  const uint32_t *rt, uint32_t nr) {
    MapColors mc = colors(ui);
    LsrMapView mv;
    lsr_map_fit(&mv, 0, 0, (float)w, (float)h);
    uint32_t first[256];
    land_project(&mv, first);
    SDL_SetRenderDrawColor(ui->ren, mc.sea.r, mc.sea.g, mc.sea.b, 255);
    SDL_RenderClear(ui->ren);
    for (uint32_t r = 0; r < lsr_map_ring_count(); r++) fill_tris(land_xy + 2 * first[r], land_tri + land_first[r], land_n[r], mc.land);
    float bt = fmaxf(1.0f, (float)lsr_r_px(ui, 0.8));
    for (uint32_t r = 0; r < lsr_map_ring_count(); r++) {
        const int16_t (*p)[2];
        uint32_t n;
        lsr_map_ring(r, &p, &n);
        outline(land_xy + 2 * first[r], n, bt, mc.border, 0);
    }
    for (uint32_t i = 0; i < n_shown; i++) draw_area(ui, &mv, &sc->areas[shown[i]], first, &mc);
    float pxy[2 * MAX_ROUTE];
    for (uint32_t i = 0; i < nr; i++) lsr_map_project(&mv, sc->places[rt[i]].lon, sc->places[rt[i]].lat, &pxy[2 * i], &pxy[2 * i + 1]);
    float rtw = fmaxf(2.0f, (float)lsr_r_px(ui, 3));
    for (uint32_t i = 0; i + 1 < nr; i++) {
        seg(pxy[2 * i], pxy[2 * i + 1], pxy[2 * i + 2], pxy[2 * i + 3], rtw + 2, alpha(ui->th.bg, 220));
        seg(pxy[2 * i], pxy[2 * i + 1], pxy[2 * i + 2], pxy[2 * i + 3], rtw, mc.route);
    }
    flush();
}

/* Copies the picture into screen rectangle sr (painting it first when stale);
 * false when no texture can be made. */
static bool blit_picture(LsrUi *ui, const LsrScenario *sc, SDL_Rect sr, uint64_t key, const uint32_t *shown,
                         uint32_t n_shown, const uint32_t *rt, uint32_t nr) {
    if (picture.ren != ui->ren || picture.key != key || !picture.tex) {
        lsr_map_cache_clear();
        picture.tex = SDL_CreateTexture(ui->ren, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET, sr.w, sr.h);
        if (!picture.tex) return false;
        picture.ren = ui->ren;
        picture.key = key;
        SDL_SetRenderTarget(ui->ren, picture.tex);
        SDL_RenderSetClipRect(ui->ren, NULL);
        paint(ui, sc, sr.w, sr.h, shown, n_shown, rt, nr);
        SDL_SetRenderTarget(ui->ren, NULL);
        SDL_SetTextureBlendMode(picture.tex, SDL_BLENDMODE_NONE);
    }
    SDL_Rect clip = sr;
    if (ui->in_view && !SDL_IntersectRect(&sr, &ui->view, &clip)) return true;
    SDL_RenderSetClipRect(ui->ren, &clip);
    SDL_RenderCopy(ui->ren, picture.tex, NULL, &sr);
    return true;
}

/* Draws the map into content rectangle m; all_areas shows every area of
 * the scenario instead of the step's. Returns the areas drawn in *shown. */
static uint32_t draw_map(LsrUi *ui, const LsrView *vs, SDL_Rect m, uint32_t step, bool all_areas, uint32_t *shown) {
    const LsrScenario *sc = vs->sc;
    const LsrStep *st = step < sc->n_steps ? &sc->steps[step] : NULL;
    uint32_t n_shown = 0;
    if (all_areas) {
        for (uint32_t a = 0; a < sc->n_areas && n_shown < 16; a++) shown[n_shown++] = a;
    } else if (st) {
        for (uint32_t a = 0; a < st->n_areas && n_shown < 16; a++) shown[n_shown++] = st->areas[a];
    }
    lsr_r_box(ui, m, "map");
    if (ui->dry || !land_ready() || m.w <= 0 || m.h <= 0) return n_shown;
    MapColors mc = colors(ui);
    int off = ui->in_view ? ui->scroll : 0;
    SDL_Rect sr = { m.x, m.y - off, m.w, m.h };
    batch.ren = ui->ren;
    uint32_t rt[MAX_ROUTE], nr = route(vs, step, rt);
    uint64_t key = 0xcbf29ce484222325ull;
    key = mix64(key, (uint64_t)(uintptr_t)sc);
    key = mix64(key, ((uint64_t)(uint32_t)m.w << 32) | (uint32_t)m.h);
    key = mix64(key, ((uint64_t)ui->settings.theme << 40) | ((uint64_t)ui->th.bg.r << 16) | ((uint64_t)ui->th.bg.g << 8) |
                         ui->th.bg.b);
    key = mix64(key, (uint64_t)lsr_r_px(ui, 100));
    key = mix64(key, all_areas);
    for (uint32_t i = 0; i < n_shown; i++) key = mix64(key, shown[i] + 1);
    for (uint32_t i = 0; i < nr; i++) key = mix64(key, rt[i] + 0x10000);
    /* measuring (the fit check) looks at no pixel: the picture is skipped */
    if (!ui->measure_only && !blit_picture(ui, sc, sr, key, shown, n_shown, rt, nr)) return n_shown;
    SDL_Rect clip = sr;
    if (ui->in_view && !SDL_IntersectRect(&sr, &ui->view, &clip)) {
        SDL_RenderSetClipRect(ui->ren, ui->in_view ? &ui->view : NULL);
        return n_shown;
    }
    SDL_RenderSetClipRect(ui->ren, &clip);
    LsrMapView mv;
    lsr_map_fit(&mv, (float)sr.x, (float)sr.y, (float)sr.w, (float)sr.h);
    /* the places: reference points, the route's, then the current one on top */
    uint32_t cur = st ? st->at : LSR_NEXT_NONE;
    uint32_t order[256], no = 0;
    int kind_of[256];
    for (int pass = 2; pass >= 0; pass--)
        for (uint32_t p = 0; p < sc->n_places && p < 256; p++) {
            bool on_route = false;
            for (uint32_t i = 0; i < nr; i++) on_route |= rt[i] == p;
            int kind = p == cur ? 2 : on_route ? 1 : 0;
            if (kind == pass) kind_of[p] = kind, order[no++] = p;
        }
    for (uint32_t k = no; k-- > 0;) {
        uint32_t p = order[k];
        int kind = kind_of[p];
        float x, y;
        lsr_map_project(&mv, sc->places[p].lon, sc->places[p].lat, &x, &y);
        float yc = y + (float)off;   /* content coordinates */
        float d = (float)lsr_r_px(ui, kind == 2 ? 18 : kind == 1 ? 10 : 9);
        if (kind == 2) {
            lsr_r_dot(ui, x, yc, d + 4, ui->th.bg, false);
            lsr_r_dot(ui, x, yc, d, mc.current, true);
            lsr_r_dot(ui, x, yc, d * 0.45f, mc.current, false);
        } else {
            lsr_r_dot(ui, x, yc, d + 3, ui->th.bg, false);
            lsr_r_dot(ui, x, yc, d, kind == 1 ? mc.route : mc.ref, kind == 0);
        }
    }
    /* labels in order of importance, each where it crosses no earlier one;
     * a label that finds no room is left out (the legend names the place) */
    SDL_Rect placed[512];
    uint32_t np = 0;
    int lh = lsr_r_line_h(ui, F_SMALL), in = lsr_r_px(ui, 3);
    for (uint32_t k = 0; k < no; k++) {   /* labels keep off every dot */
        float x, y;
        lsr_map_project(&mv, sc->places[order[k]].lon, sc->places[order[k]].lat, &x, &y);
        int d = lsr_r_px(ui, kind_of[order[k]] == 2 ? 22 : 13);
        placed[np++] = (SDL_Rect){ (int)x - d / 2, (int)(y + (float)off) - d / 2, d, d };
    }
    for (uint32_t k = 0; k < no; k++) {
        uint32_t p = order[k];
        int kind = kind_of[p];
        float x, y;
        lsr_map_project(&mv, sc->places[p].lon, sc->places[p].lat, &x, &y);
        int yc = (int)(y + (float)off);
        const char *name = lsr_w_tx(vs, &sc->places[p].name);
        int font = kind == 2 ? F_SMALL_BOLD : F_SMALL;
        int tw = lsr_r_text_w(ui, font, name), gap = lsr_r_px(ui, kind == 2 ? 14 : 10);
        SDL_Rect cand[4] = { { (int)x + gap, yc - lh / 2, tw, lh }, { (int)x - gap - tw, yc - lh / 2, tw, lh },
                             { (int)x - tw / 2, yc - gap - lh, tw, lh }, { (int)x - tw / 2, yc + gap, tw, lh } };
        SDL_Rect inner = { m.x + in, m.y + in, m.w - 2 * in, m.h - 2 * in };
        int pick = -1;
        for (int c = 0; c < 4 && pick < 0; c++) {
            SDL_Rect r = cand[c], o;
            if (r.x < inner.x || r.y < inner.y || r.x + r.w > inner.x + inner.w || r.y + r.h > inner.y + inner.h) continue;
            bool clear = true;
            for (uint32_t j = 0; j < np && clear; j++) clear = !SDL_IntersectRect(&r, &placed[j], &o);
            if (clear) pick = c;
        }
        if (pick < 0) continue;
        SDL_Rect r = cand[pick];
        placed[np++] = (SDL_Rect){ r.x - in, r.y, r.w + 2 * in, r.h };
        /* a halo keeps the label readable over hatching */
        lsr_r_fill(ui, (SDL_Rect){ r.x - in, r.y, r.w + 2 * in, r.h }, alpha(ui->th.bg, 215));
        lsr_r_text(ui, font, name, r.x, r.y, 0, kind == 0 ? ui->th.muted : ui->th.ink);
    }
    SDL_RenderSetClipRect(ui->ren, ui->in_view ? &ui->view : NULL);
    lsr_r_frame(ui, m, ui->th.rule, 1);
    return n_shown;
}

/* The legend under the map; returns its height. */
static int legend(LsrUi *ui, const LsrView *vs, int x, int y, int w, const uint32_t *shown, uint32_t n_shown,
                  uint32_t step) {
    const LsrThemeColors *th = &ui->th;
    const LsrScenario *sc = vs->sc;
    MapColors mc = colors(ui);
    int y0 = y, sw = lsr_r_px(ui, 30), sh = lsr_r_px(ui, 16), tx = x + sw + lsr_r_px(ui, 10), tw = w - sw - lsr_r_px(ui, 10);
    int lh = lsr_r_line_h(ui, F_SMALL);
    const LsrStep *st = step < sc->n_steps ? &sc->steps[step] : NULL;
    if (st && st->at != LSR_NEXT_NONE) {
        const LsrPlace *p = &sc->places[st->at];
        float cx = (float)(x + sw / 2), cy = (float)(y + lh / 2);
        lsr_r_dot(ui, cx, cy, (float)lsr_r_px(ui, 14), mc.current, true);
        lsr_r_dot(ui, cx, cy, (float)lsr_r_px(ui, 6), mc.current, false);
        char buf[300];
        const char *reg = lsr_w_tx(vs, &p->region);
        if (!reg[0]) reg = lsr_map_region_at(p->lon, p->lat);
        snprintf(buf, sizeof buf, reg[0] ? _("Here: %s (%s)") : _("Here: %s"), lsr_w_tx(vs, &p->name), reg);
        y += lsr_r_text(ui, F_SMALL_BOLD, buf, tx, y, tw, th->ink) + lsr_r_px(ui, 6);
    }
    if (vs->g && lsr_game_trace_len(vs->g) > 0) {
        lsr_r_fill(ui, (SDL_Rect){ x, y + lh / 2 - lsr_r_px(ui, 1.5), sw, lsr_r_px(ui, 3) }, mc.route);
        y += lsr_r_text(ui, F_SMALL, _("Route so far"), tx, y, tw, th->ink) + lsr_r_px(ui, 6);
    }
    for (uint32_t i = 0; i < n_shown; i++) {
        const LsrArea *a = &sc->areas[shown[i]];
        LsrTextEntry *e = lsr_r_text_get(ui, F_SMALL, lsr_w_tx(vs, &a->name), tw, th->ink);
        int h = e && e->h > sh ? e->h : sh;
        SDL_Rect r = { x, y + (lh - sh) / 2, sw, sh };
        if (!ui->dry) swatch(ui, r, a->style, &mc);
        lsr_r_box(ui, r, "swatch");
        lsr_r_text(ui, F_SMALL, lsr_w_tx(vs, &a->name), tx, y, tw, th->ink);
        y += h + lsr_r_px(ui, 6);
    }
    y += lsr_r_text(ui, F_SMALL, _("Modern borders, for orientation only"), x, y, w, th->muted);
    return y - y0;
}

int lsr_map_panel(LsrUi *ui, const LsrView *vs, int x, int y, int w, int map_h, uint32_t step) {
    int pad = lsr_r_px(ui, 18), y0 = y;
    int iw = w - 2 * pad;
    if (map_h <= 0) map_h = (int)((float)iw / 1.27f);
    /* never taller than about half the window: the map must fit on screen whole */
    int cap = (ui->out_h - lsr_r_px(ui, 140)) * 11 / 20;
    if (map_h > cap) map_h = cap > lsr_r_px(ui, 120) ? cap : lsr_r_px(ui, 120);
    /* no wider than the outlines reach (about 1.38 times the height) */
    int mw = iw < map_h * 138 / 100 ? iw : map_h * 138 / 100;
    /* measure, then draw the background and draw for real */
    bool was_dry = ui->dry;
    int h = 0;
    for (int pass = was_dry ? 1 : 0; pass < 2; pass++) {
        ui->dry = pass == 0 || was_dry;
        if (pass == 1 && !was_dry) lsr_w_panel_bg(ui, (SDL_Rect){ x, y0, w, h });
        int yy = y0 + pad;
        yy += lsr_w_kicker(ui, _("Where"), x + pad, yy, iw) + lsr_r_px(ui, 10);
        uint32_t shown[16];
        uint32_t n = draw_map(ui, vs, (SDL_Rect){ x + pad + (iw - mw) / 2, yy, mw, map_h }, step, false, shown);
        yy += map_h + lsr_r_px(ui, 12);
        yy += legend(ui, vs, x + pad, yy, iw, shown, n, step);
        h = yy + pad - y0;
    }
    ui->dry = was_dry;
    return h;
}

/* ------------------------------------------------------------ the screen */

void lsr_screen_map(LsrUi *ui, const LsrView *vs) {
    const LsrScenario *sc = vs->sc;
    char where[256];
    snprintf(where, sizeof where, _("%s · map"), lsr_w_tx(vs, &sc->title));
    lsr_w_header(ui, vs, where, true);
    LsrLayout L = lsr_w_layout(ui, 0);
    lsr_r_view_begin(ui, (SDL_Rect){ 0, L.top + 1, ui->out_w, L.bottom - L.top - 1 });
    uint32_t step = vs->g && lsr_game_step(vs->g) ? lsr_game_step_index(vs->g) : LSR_NEXT_NONE;
    if (step == LSR_NEXT_NONE && !vs->g && sc->start < sc->n_steps) step = sc->start;
    int y = L.top + PX(24);
    int kh = lsr_r_line_h(ui, F_SMALL_BOLD) + PX(10);
    uint32_t all[16], na = 0;
    for (uint32_t a = 0; a < sc->n_areas && na < 16; a++) all[na++] = a;
    /* as large as the window allows; the legend beside the map when the
     * window is wide enough, else below it (its height measured first) */
    int avail_w = ui->out_w - 2 * L.margin, avail_h = L.bottom - y - kh - PX(24);
    int lw = PX(340), gap = PX(28);
    bool beside = avail_w - lw - gap >= (int)((float)avail_h * 1.27f * 0.6f);
    int mw, mh;
    if (beside) {
        mw = avail_w - lw - gap, mh = (int)((float)mw / 1.27f);
        if (mh > avail_h) mh = avail_h, mw = (int)((float)mh * 1.27f);
    } else {
        lw = mw = avail_w;
        ui->dry = true;
        int lg = legend(ui, vs, 0, 0, lw, all, na, step);
        ui->dry = false;
        int h = avail_h - lg - PX(14);
        if (h < PX(160)) h = PX(160);
        mh = (int)((float)mw / 1.27f);
        if (mh > h) mh = h, mw = (int)((float)mh * 1.27f);
    }
    int mx = (ui->out_w - (beside ? mw + gap + lw : mw)) / 2;
    y += lsr_w_kicker(ui, _("The map"), mx, y, mw) + PX(10);
    uint32_t shown[16];
    uint32_t n = draw_map(ui, vs, (SDL_Rect){ mx, y, mw, mh }, step, true, shown);
    if (beside) {
        int lh = legend(ui, vs, mx + mw + gap, y, lw, shown, n, step);
        y += mh > lh ? mh : lh;
    } else {
        y += mh + PX(14);
        y += legend(ui, vs, mx, y, mw, shown, n, step);
    }
    lsr_r_view_end(ui, y + PX(24));
    LsrFootBtn fb[1] = { { _("Back"), A_BACK, 0 } };
    lsr_w_footer(ui, _("M or Enter back · PageUp/PageDown scroll · Esc menu"), fb, 1);
}
