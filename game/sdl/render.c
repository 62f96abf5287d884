/* Rendering layer of the SDL front end: fonts found through fontconfig, a
 * text cache (each string rasterised once per font, colour and wrap
 * width), primitives, and the item list that tests inspect. */
#include "i18n.h"
#include "sdl/internal.h"

#ifndef __EMSCRIPTEN__
#include <fontconfig/fontconfig.h>
#endif
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------------ fonts */

#ifndef __EMSCRIPTEN__
static const struct { const char *family_env, *family, *style; } face_spec[FACE_COUNT] = {
    [FACE_SERIF] = { "LEFTSR_FONT_SERIF", "DejaVu Serif", "Book" },
    [FACE_SERIF_BOLD] = { "LEFTSR_FONT_SERIF", "DejaVu Serif", "Bold" },
    [FACE_SERIF_ITALIC] = { "LEFTSR_FONT_SERIF", "DejaVu Serif", "Italic" },
    [FACE_SANS] = { "LEFTSR_FONT_SANS", "DejaVu Sans", "Book" },
    [FACE_SANS_BOLD] = { "LEFTSR_FONT_SANS", "DejaVu Sans", "Bold" },
};
#endif

/* Face and size (pixels at scale 1) of each role. */
static const struct { LsrFace face; double size; } role_spec[F_COUNT] = {
    [F_DISPLAY] = { FACE_SERIF_BOLD, 58 },  [F_H1] = { FACE_SERIF_BOLD, 34 },
    [F_H2] = { FACE_SERIF_BOLD, 24 },       [F_H3] = { FACE_SERIF_BOLD, 19 },
    [F_BODY] = { FACE_SERIF, 18 },          [F_ITALIC] = { FACE_SERIF_ITALIC, 18 },
    [F_UI] = { FACE_SANS, 16 },             [F_UI_BOLD] = { FACE_SANS_BOLD, 16 },
    [F_SMALL] = { FACE_SANS, 13 },          [F_SMALL_BOLD] = { FACE_SANS_BOLD, 13 },
    [F_NUMBER] = { FACE_SERIF_BOLD, 44 },   [F_HUGE] = { FACE_SERIF_BOLD, 150 },
};

#ifdef __EMSCRIPTEN__
/* The browser has no fontconfig: the faces ride in the page's data package. */
static const char *const web_face_file[FACE_COUNT] = {
    [FACE_SERIF] = "fonts/DejaVuSerif.ttf", [FACE_SERIF_BOLD] = "fonts/DejaVuSerif-Bold.ttf",
    [FACE_SERIF_ITALIC] = "fonts/DejaVuSerif-Italic.ttf", [FACE_SANS] = "fonts/DejaVuSans.ttf",
    [FACE_SANS_BOLD] = "fonts/DejaVuSans-Bold.ttf",
};

bool lsr_r_fonts_find(LsrUi *ui, char *err, size_t errlen) {
    for (int f = 0; f < FACE_COUNT; f++) {
        if (!lsr_data_path(web_face_file[f], ui->face_file[f], sizeof ui->face_file[f])) {
            snprintf(err, errlen, _("font %s is missing from the data package"), web_face_file[f]);
            for (int k = 0; k < FACE_COUNT; k++) ui->face_file[k][0] = '\0';
            return false;
        }
    }
    return true;
}
#else
/* Finds one face through fontconfig; the match must be the family asked
 * for, since fontconfig otherwise substitutes any font it has. */
static bool find_face(const char *family, const char *style, char *out, size_t n) {
    FcPattern *pat = FcPatternCreate();
    if (!pat) return false;
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
    FcPatternAddString(pat, FC_STYLE, (const FcChar8 *)style);
    FcConfigSubstitute(NULL, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res;
    FcPattern *m = FcFontMatch(NULL, pat, &res);
    FcPatternDestroy(pat);
    bool ok = false;
    if (m) {
        FcChar8 *fam = NULL, *file = NULL;
        if (FcPatternGetString(m, FC_FAMILY, 0, &fam) == FcResultMatch &&
            FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch &&
            strcasecmp((const char *)fam, family) == 0) {
            snprintf(out, n, "%s", (const char *)file);
            ok = true;
        }
        FcPatternDestroy(m);
    }
    return ok;
}

bool lsr_r_fonts_find(LsrUi *ui, char *err, size_t errlen) {
    if (!FcInit()) {
        snprintf(err, errlen, _("fontconfig could not be initialised"));
        return false;
    }
    bool ok = true;
    for (int f = 0; f < FACE_COUNT; f++) {
        const char *fam = getenv(face_spec[f].family_env);
        if (!fam || !fam[0]) fam = face_spec[f].family;
        if (!find_face(fam, face_spec[f].style, ui->face_file[f], sizeof ui->face_file[f])) {
            snprintf(err, errlen,
                     _("font \"%s %s\" not found; install the package fonts-dejavu-core "
                     "(apt install fonts-dejavu-core)"),
                     fam, face_spec[f].style);
            ok = false;
            break;
        }
    }
    if (!ok) {
        for (int f = 0; f < FACE_COUNT; f++) ui->face_file[f][0] = '\0';
        FcFini();
    }
    return ok;
}
#endif

int lsr_r_px(const LsrUi *ui, double v) { return (int)lround(v * (double)ui->scale); }

void lsr_r_fonts_close(LsrUi *ui) {
    for (int i = 0; i < F_COUNT; i++) {
        ui->fonts[i] = NULL;
        ui->font_px[i] = 0;
    }
    for (int i = 0; i < ui->n_pool; i++) TTF_CloseFont(ui->pool[i].font);
    ui->n_pool = 0;
    for (int f = 0; f < FACE_COUNT; f++) {
        SDL_free(ui->face_data[f]);
        ui->face_data[f] = NULL;
    }
}

/* Sets every role's size for the current scale; a font is opened when
 * first used (most screens need only a few). Returns true when any size
 * changed (cached text is then stale). */
bool lsr_r_fonts_open(LsrUi *ui) {
    bool changed = false;
    double pct = ui->settings.text_pct;
    if (ui->cls.on) {
        /* projector: body text at least 1/30 of the screen height, and at
         * least half again the desk size; no print smaller than UI text */
        double need = 100.0 * ((double)ui->out_h / 30.0) / (role_spec[F_BODY].size * (double)ui->scale);
        double floor_pct = need > 150.0 ? ceil(need) : 150.0;
        pct = floor_pct * pct / 100.0;   /* Ctrl +/− still scale from there */
        if (pct < floor_pct) pct = floor_pct;
        /* up to body text at 1/22 of the height: beyond that a decision's
         * choices no longer fit on the screen together */
        double cap = 100.0 * ((double)ui->out_h / 22.0) / (role_spec[F_BODY].size * (double)ui->scale);
        if (pct > cap && cap > floor_pct) pct = cap;
        /* a screen that does not fit asked for less (play.c) */
        if (ui->text_shrink > 0 && ui->text_shrink < 1) pct *= ui->text_shrink;
    }
    double ts = (double)ui->scale * pct / 100.0;
    for (int i = 0; i < F_COUNT; i++) {
        double size = role_spec[i].size;
        if (ui->cls.on && size < role_spec[F_UI].size) size = role_spec[F_UI].size;
        int px = (int)lround(size * ts);
        /* nothing smaller than 14 px at the normal text size, however small the window */
        /* (the projector has its own minimum, and shrinks to fit, in classroom mode) */
        int floor_px = ui->cls.on ? 0 : (int)lround(14.0 * (ui->settings.text_pct < 100 ? ui->settings.text_pct : 100) / 100.0);
        if (px < floor_px) px = floor_px;
        if (px < 8) px = 8;
        if (ui->font_px[i] == px) continue;
        ui->fonts[i] = NULL;   /* the pool keeps it (lsr_r_font) */
        ui->font_px[i] = px;
        ui->line_step[i] = 0;
        changed = true;
    }
    return changed;
}

TTF_Font *lsr_r_font(LsrUi *ui, int role) {
    if (ui->fonts[role]) return ui->fonts[role];
    LsrFace face = role_spec[role].face;
    int px = ui->font_px[role] > 0 ? ui->font_px[role] : 16;
    /* fonts are kept by face and size: going back to a size (a setting
     * toggled, a window resized back) finds its glyphs already loaded */
    for (int i = 0; i < ui->n_pool; i++)
        if (ui->pool[i].face == (int)face && ui->pool[i].px == px) return ui->fonts[role] = ui->pool[i].font;
    if (!ui->face_data[face]) {
        SDL_RWops *rw = SDL_RWFromFile(ui->face_file[face], "rb");
        if (rw) ui->face_data[face] = SDL_LoadFile_RW(rw, &ui->face_size[face], 1);
        if (!ui->face_data[face]) return NULL;
    }
    SDL_RWops *mem = SDL_RWFromConstMem(ui->face_data[face], (int)ui->face_size[face]);
    TTF_Font *f = mem ? TTF_OpenFontRW(mem, 1, px) : NULL;
    if (!f) return NULL;
    int slot = ui->n_pool;
    if (slot == LSR_FONT_POOL) {
        /* full: drop the oldest font no role uses now */
        for (slot = 0; slot < LSR_FONT_POOL; slot++) {
            bool used = false;
            for (int r = 0; r < F_COUNT; r++) used |= ui->fonts[r] == ui->pool[slot].font;
            if (!used) break;
        }
        if (slot == LSR_FONT_POOL) {
            TTF_CloseFont(f);
            return NULL;
        }
        TTF_CloseFont(ui->pool[slot].font);
        memmove(&ui->pool[slot], &ui->pool[slot + 1], sizeof ui->pool[0] * (size_t)(LSR_FONT_POOL - 1 - slot));
        slot = LSR_FONT_POOL - 1;
    } else {
        ui->n_pool++;
    }
    ui->pool[slot].font = f;
    ui->pool[slot].face = (int)face;
    ui->pool[slot].px = px;
    return ui->fonts[role] = f;
}

/* ------------------------------------------------------------ text cache */

void lsr_r_cache_clear(LsrUi *ui) {
    for (size_t i = 0; i < ui->n_cache; i++) {
        if (ui->cache[i]->tex) SDL_DestroyTexture(ui->cache[i]->tex);
        free(ui->cache[i]->s);
        free(ui->cache[i]->lines);
        free(ui->cache[i]);
    }
    ui->n_cache = 0;
    ui->cache_bytes = 0;
}

/* Texture memory kept for text not on screen. Text off screen keeps its
 * measured size, so layout never needs it rasterised again. */
#define CACHE_BUDGET ((size_t)20 << 20)

void lsr_r_cache_trim(LsrUi *ui) {
    if (ui->cache_bytes > CACHE_BUDGET) {
        for (size_t i = 0; i < ui->n_cache && ui->cache_bytes > CACHE_BUDGET / 2; i++) {
            LsrTextEntry *e = ui->cache[i];
            if (!e->tex || e->drawn == ui->frame) continue;
            SDL_DestroyTexture(e->tex);
            e->tex = NULL;
            ui->cache_bytes -= e->bytes;
            e->bytes = 0;
        }
    }
    if (ui->n_cache < 2000) return;
    size_t j = 0;
    for (size_t i = 0; i < ui->n_cache; i++) {
        LsrTextEntry *e = ui->cache[i];
        if (e->used + 2 < ui->frame) {
            if (e->tex) SDL_DestroyTexture(e->tex);
            ui->cache_bytes -= e->bytes;
            free(e->s);
            free(e->lines);
            free(e);
        } else {
            ui->cache[j++] = e;
        }
    }
    ui->n_cache = j;
}

static uint32_t color_key(SDL_Color c) {
    return (uint32_t)c.r << 24 | (uint32_t)c.g << 16 | (uint32_t)c.b << 8 | c.a;
}

/* Bytes of the UTF-8 character at p (1 for a stray continuation byte). */
static size_t utf8_len(const char *p) {
    unsigned char c = (unsigned char)*p;
    size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    for (size_t i = 1; i < n; i++)
        if (!p[i]) return i;
    return n;
}

/* A hyphen, dash or slash a line may break after ("all-", "революци—", "dir/"). */
static size_t dash_at(const char *p) {
    if (*p == '-' || *p == '/') return 1;
    if ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 &&
        ((unsigned char)p[2] == 0x93 || (unsigned char)p[2] == 0x94))
        return 3;   /* en and em dash */
    return 0;
}

/* Bytes of the first n characters of s. */
static size_t utf8_bytes(const char *s, int n) {
    size_t b = 0;
    for (int k = 0; k < n && s[b]; k++) b += utf8_len(s + b);
    return b;
}

/* May a line end just before s[b] (at a space, or after a dash between
 * two non-spaces)? */
static bool can_break(const char *s, size_t b, size_t len) {
    if (b == 0 || b >= len) return b >= len;
    if (s[b] == ' ') return true;
    if (s[b - 1] == ' ') return false;
    for (size_t d = 1; d <= 3 && d < b; d++)
        if (dash_at(s + b - d) == d) return b - d > 0 && s[b - d - 1] != ' ';
    return false;
}

char *lsr_r_break_lines(TTF_Font *f, const char *s, int w, int *n_lines) {
    size_t len = strlen(s);
    char *out = malloc(3 * len + 16), *scratch = malloc(len + 8);
    int lines = 0;
    if (!out || !scratch) {
        free(out);
        free(scratch);
        return NULL;
    }
    size_t o = 0;
    const char *p = s;
    while (true) {
        /* one hard line (up to '\n') at a time */
        size_t hl = strcspn(p, "\n");
        const char *end = p + hl;
        bool first = true;
        while (first || p < end) {
            first = false;
            while (p < end && *p == ' ') p++;
            size_t rl = (size_t)(end - p);
            memcpy(scratch, p, rl);
            scratch[rl] = '\0';
            int extent = 0, count = 0;
            if (rl) TTF_MeasureUTF8(f, scratch, w, &extent, &count);
            size_t fit = utf8_bytes(scratch, count);
            size_t take;
            bool cut = false;
            if (fit >= rl) {
                take = rl;
            } else {
                /* the last place to break at within what fits */
                take = 0;
                for (size_t b = fit; b > 0; b--)
                    if ((scratch[b] & 0xC0) != 0x80 && can_break(scratch, b, rl)) {
                        take = b;
                        break;
                    }
                if (take == 0) {
                    /* a word wider than the line: cut it, with a visible hyphen */
                    cut = true;
                    take = fit > 0 ? fit : utf8_len(scratch);
                    while (take > utf8_len(scratch)) {
                        scratch[take] = '-';
                        scratch[take + 1] = '\0';
                        int tw = 0, th = 0;
                        TTF_SizeUTF8(f, scratch, &tw, &th);
                        memcpy(scratch, p, rl);
                        scratch[rl] = '\0';
                        if (tw <= w) break;
                        size_t k = take - 1;
                        while (k > 0 && (scratch[k] & 0xC0) == 0x80) k--;
                        take = k;
                    }
                    /* never one letter alone after the cut ("izquierd-" then "a") */
                    size_t we = take;
                    while (we < rl && scratch[we] != ' ') we++;
                    if (we > take && we - take == utf8_len(scratch + take) && take > 2 * utf8_len(scratch)) {
                        size_t k = take - 1;
                        while (k > 0 && (scratch[k] & 0xC0) == 0x80) k--;
                        take = k;
                    }
                }
            }
            size_t keep = take;
            while (keep > 0 && p[keep - 1] == ' ') keep--;
            memcpy(out + o, p, keep);
            o += keep;
            if (cut) out[o++] = '-';
            lines++;
            p += take;
            while (p < end && *p == ' ') p++;
            if (p < end) out[o++] = '\n';
        }
        if (!*end) break;
        out[o++] = '\n';
        p = end + 1;
    }
    out[o] = '\0';
    free(scratch);
    if (n_lines) *n_lines = lines;
    return out;
}

/* The size SDL_ttf gives text with these lines, without rendering it. */
static void measure(LsrUi *ui, TTF_Font *f, int font, const char *s, int *w, int *h) {
    if (!ui->line_step[font]) {
        /* a wrapped surface's height: one line, then a step per line */
        SDL_Color c = { 0, 0, 0, 255 };
        SDL_Surface *one = TTF_RenderUTF8_Blended_Wrapped(f, "x", c, 0);
        SDL_Surface *two = TTF_RenderUTF8_Blended_Wrapped(f, "x\nx", c, 0);
        ui->line_first[font] = one ? one->h : TTF_FontHeight(f);
        ui->line_step[font] = one && two ? two->h - one->h : TTF_FontLineSkip(f);
        SDL_FreeSurface(one);
        SDL_FreeSurface(two);
    }
    int lines = 0, maxw = 0;
    char *buf = strdup(s);
    if (!buf) return;
    for (char *p = buf, *nl; p; p = nl ? nl + 1 : NULL) {
        nl = strchr(p, '\n');
        if (nl) *nl = '\0';
        int lw = 0, lh = 0;
        if (*p) TTF_SizeUTF8(f, p, &lw, &lh);
        if (lw > maxw) maxw = lw;
        lines++;
    }
    free(buf);
    *w = maxw;
    *h = ui->line_first[font] + (lines - 1) * ui->line_step[font];
}

static void rasterise(LsrUi *ui, LsrTextEntry *e) {
    TTF_Font *f = lsr_r_font(ui, e->font);
    if (!f || !e->s[0]) return;
    SDL_Color c = { (Uint8)(e->color >> 24), (Uint8)(e->color >> 16), (Uint8)(e->color >> 8), (Uint8)e->color };
    /* our own line breaks (SDL_ttf cuts words without a hyphen); wrap
     * length 0 makes SDL_ttf break at our newlines only */
    if (e->wrap > 0 && !e->lines) e->lines = lsr_r_break_lines(f, e->s, e->wrap, NULL);
    if (ui->measure_only) {
        if (e->wrap > 0) {
            measure(ui, f, e->font, e->lines ? e->lines : e->s, &e->w, &e->h);
        } else {
            TTF_SizeUTF8(f, e->s, &e->w, &e->h);
        }
        return;
    }
    SDL_Surface *surf = e->wrap > 0 ? TTF_RenderUTF8_Blended_Wrapped(f, e->lines ? e->lines : e->s, c, 0)
                                    : TTF_RenderUTF8_Blended(f, e->s, c);
    ui->rasterised++;
    if (!surf) return;
    e->tex = SDL_CreateTextureFromSurface(ui->ren, surf);
    e->w = surf->w;
    e->h = surf->h;
    SDL_FreeSurface(surf);
    if (e->tex) {
        SDL_SetTextureBlendMode(e->tex, SDL_BLENDMODE_BLEND);
        e->bytes = (size_t)e->w * (size_t)e->h * 4;
        ui->cache_bytes += e->bytes;
    }
}

LsrTextEntry *lsr_r_text_get(LsrUi *ui, int font, const char *s, int wrap, SDL_Color c) {
    uint32_t ck = ui->measure_only ? 0 : color_key(c);   /* a size does not depend on the colour */
    uint64_t h = lsr_hash64(s, strlen(s), (uint64_t)font * 1000003u ^ (uint64_t)wrap << 20 ^ ck);
    for (size_t i = 0; i < ui->n_cache; i++) {
        LsrTextEntry *e = ui->cache[i];
        if (e->hash == h && e->font == font && e->wrap == wrap && e->color == ck &&
            strcmp(e->s, s) == 0) {
            e->used = ui->frame;
            return e;
        }
    }
    if (ui->n_cache == ui->cap_cache) {
        size_t cap = ui->cap_cache ? ui->cap_cache * 2 : 256;
        LsrTextEntry **n = realloc(ui->cache, cap * sizeof *n);
        if (!n) return NULL;
        ui->cache = n;
        ui->cap_cache = cap;
    }
    /* each entry has its own allocation: a pointer to it stays valid while
     * other text is added in the same frame */
    LsrTextEntry *e = calloc(1, sizeof *e);
    if (!e) return NULL;
    e->s = strdup(s);
    if (!e->s) {
        free(e);
        return NULL;
    }
    ui->cache[ui->n_cache] = e;
    e->hash = h;
    e->font = font;
    e->wrap = wrap;
    e->color = ck;
    e->used = ui->frame;
    rasterise(ui, e);
    ui->n_cache++;
    return e;
}

int lsr_r_line_h(LsrUi *ui, int font) {
    TTF_Font *f = lsr_r_font(ui, font);
    return f ? TTF_FontLineSkip(f) : 16;
}

int lsr_r_text_w(LsrUi *ui, int font, const char *s) {
    int w = 0, h = 0;
    TTF_Font *f = lsr_r_font(ui, font);
    if (f && s[0]) TTF_SizeUTF8(f, s, &w, &h);
    return w;
}

/* ------------------------------------------------------- items and views */

void lsr_r_item(LsrUi *ui, LsrItemKind kind, SDL_Rect r, const char *text, int action, int arg,
                bool enabled, bool clipped) {
    if (ui->dry) return;
    if (ui->n_items == ui->cap_items) {
        size_t cap = ui->cap_items ? ui->cap_items * 2 : 128;
        LsrUiItem *n = realloc(ui->items, cap * sizeof *n);
        if (!n) return;
        ui->items = n;
        ui->cap_items = cap;
    }
    LsrUiItem *it = &ui->items[ui->n_items++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    it->r = r;
    snprintf(it->text, sizeof it->text, "%s", text ? text : "");
    it->action = action;
    it->arg = arg;
    it->enabled = enabled;
    it->focused = kind == LSR_ITEM_BUTTON && action == ui->focus_action && arg == ui->focus_arg;
    it->clipped = clipped;
}

/* Moves a content rectangle into the viewport (scroll) and clips it.
 * Returns false when nothing of it is visible. */
bool lsr_r_place(LsrUi *ui, SDL_Rect *r, bool *clipped) {
    *clipped = false;
    if (!ui->in_view) return true;
    r->y -= ui->scroll;
    SDL_Rect out;
    if (!SDL_IntersectRect(r, &ui->view, &out)) return false;
    if (out.h != r->h || out.w != r->w) *clipped = true;
    *r = out;
    return true;
}

void lsr_r_view_begin(LsrUi *ui, SDL_Rect view) {
    ui->view = view;
    ui->in_view = true;
    if (ui->scroll > ui->max_scroll) ui->scroll = ui->max_scroll;
    if (ui->scroll < 0) ui->scroll = 0;
    SDL_RenderSetClipRect(ui->ren, &view);
}

void lsr_r_view_end(LsrUi *ui, int content_bottom) {
    SDL_RenderSetClipRect(ui->ren, NULL);
    ui->in_view = false;
    int max = content_bottom - (ui->view.y + ui->view.h);
    if (max < 0) max = 0;
    if (max != ui->max_scroll) {
        ui->max_scroll = max;
        if (ui->scroll > max) {
            ui->scroll = max;
            ui->dirty = true;
        }
    }
    if (max > 0) {
        /* scrollbar along the right edge of the view */
        int bw = lsr_r_px(ui, 4);
        if (bw < 2) bw = 2;
        int track = ui->view.h;
        int th = track * ui->view.h / (ui->view.h + max);
        if (th < lsr_r_px(ui, 24)) th = lsr_r_px(ui, 24);
        int ty = ui->view.y + (track - th) * ui->scroll / max;
        SDL_Rect tr = { ui->view.x + ui->view.w - bw, ui->view.y, bw, track };
        lsr_r_fill(ui, tr, ui->th.track);
        SDL_Rect thumb = { tr.x, ty, bw, th };
        lsr_r_fill(ui, thumb, ui->th.muted);
        ui->sb_track = tr;   /* the play loop lets the thumb be dragged */
        ui->sb_thumb_y = ty;
        ui->sb_thumb_h = th;
    }
}

/* ------------------------------------------------------------- drawing */

SDL_Color lsr_r_rgb(uint32_t rgb) {
    SDL_Color c = { (Uint8)(rgb >> 16), (Uint8)(rgb >> 8), (Uint8)rgb, 255 };
    return c;
}

SDL_Color lsr_r_mix(SDL_Color a, SDL_Color b, float t) {
    SDL_Color c = { (Uint8)lroundf((float)a.r + ((float)b.r - (float)a.r) * t),
                    (Uint8)lroundf((float)a.g + ((float)b.g - (float)a.g) * t),
                    (Uint8)lroundf((float)a.b + ((float)b.b - (float)a.b) * t), 255 };
    return c;
}

void lsr_r_fill(LsrUi *ui, SDL_Rect r, SDL_Color c) {
    if (ui->dry || ui->measure_only) return;   /* measuring draws nothing */
    if (ui->in_view) r.y -= ui->scroll;
    SDL_SetRenderDrawColor(ui->ren, c.r, c.g, c.b, c.a);
    SDL_SetRenderDrawBlendMode(ui->ren, c.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    SDL_RenderFillRect(ui->ren, &r);
}

void lsr_r_frame(LsrUi *ui, SDL_Rect r, SDL_Color c, int t) {
    if (t < 1) t = 1;
    SDL_Rect e[4] = { { r.x, r.y, r.w, t }, { r.x, r.y + r.h - t, r.w, t },
                      { r.x, r.y, t, r.h }, { r.x + r.w - t, r.y, t, r.h } };
    for (int i = 0; i < 4; i++) lsr_r_fill(ui, e[i], c);
}

void lsr_r_box(LsrUi *ui, SDL_Rect r, const char *label) {
    bool clipped;
    if (lsr_r_place(ui, &r, &clipped)) lsr_r_item(ui, LSR_ITEM_BOX, r, label, A_NONE, 0, true, clipped);
}

void lsr_r_box_push(LsrUi *ui, SDL_Rect r, bool over) {
    if (ui->n_boxes < LSR_MAX_BOXES) {
        ui->boxes[ui->n_boxes] = r;
        ui->box_over[ui->n_boxes] = over || (ui->n_boxes > 0 && ui->box_over[ui->n_boxes - 1]);
    }
    ui->n_boxes++;
}

void lsr_r_box_pop(LsrUi *ui) {
    if (ui->n_boxes > 0) ui->n_boxes--;
}

void lsr_r_fit_reset(LsrFit *fit) {
    for (size_t i = 0; i < fit->n; i++) {
        free(fit->v[i].text);
        free(fit->v[i].lines);
    }
    fit->n = 0;
    fit->header_h = fit->footer_y = 0;
}

/* The fit check's record of a label at r (content coordinates). */
static void fit_record(LsrUi *ui, const LsrTextEntry *e, SDL_Rect r) {
    LsrFit *fit = ui->fit;
    if (fit->n == fit->cap) {
        size_t cap = fit->cap ? fit->cap * 2 : 256;
        LsrFitLabel *n = realloc(fit->v, cap * sizeof *n);
        if (!n) return;
        fit->v = n;
        fit->cap = cap;
    }
    LsrFitLabel *l = &fit->v[fit->n++];
    memset(l, 0, sizeof *l);
    int off = ui->in_view ? ui->scroll : 0;
    l->r = r;
    l->r.y -= off;
    l->region = ui->region;
    l->in_view = ui->in_view;
    l->font = e->font;
    l->wrap = e->wrap;
    l->text = strdup(e->s);
    l->lines = e->lines ? strdup(e->lines) : NULL;
    int nb = ui->n_boxes < LSR_MAX_BOXES ? ui->n_boxes : LSR_MAX_BOXES;
    if (nb > 0) {
        l->box = ui->boxes[nb - 1];
        l->box.y -= off;
        l->over = ui->box_over[nb - 1];
    } else if (ui->in_view) {
        l->box = ui->view;
        l->scrolls = true;
    } else if (ui->region == LSR_REGION_HEADER) {
        l->box = (SDL_Rect){ 0, 0, ui->out_w, fit->header_h };
    } else if (ui->region == LSR_REGION_FOOTER) {
        l->box = (SDL_Rect){ 0, fit->footer_y, ui->out_w, ui->out_h - fit->footer_y };
    } else {
        l->box = (SDL_Rect){ 0, 0, ui->out_w, ui->out_h };
    }
}

static int draw_entry(LsrUi *ui, LsrTextEntry *e, int x, int y, const char *s) {
    if (!e || e->h == 0) return 0;
    if (ui->dry) return e->h;
    if (ui->fit) fit_record(ui, e, (SDL_Rect){ x, y, e->w, e->h });
    SDL_Rect r = { x, y, e->w, e->h };
    bool clipped;
    if (!lsr_r_place(ui, &r, &clipped)) return e->h;
    if (ui->measure_only) {
        lsr_r_item(ui, LSR_ITEM_TEXT, r, s, A_NONE, 0, true, clipped);
        return e->h;
    }
    if (!e->tex) rasterise(ui, e);  /* evicted while off screen */
    if (!e->tex) return e->h;
    e->drawn = ui->frame;
    SDL_Rect dst = { x, ui->in_view ? y - ui->scroll : y, e->w, e->h };
    SDL_RenderCopy(ui->ren, e->tex, NULL, &dst);
    lsr_r_item(ui, LSR_ITEM_TEXT, r, s, A_NONE, 0, true, clipped);
    return e->h;
}

int lsr_r_text(LsrUi *ui, int font, const char *s, int x, int y, int wrap, SDL_Color c) {
    if (!s || !s[0]) return 0;
    return draw_entry(ui, lsr_r_text_get(ui, font, s, wrap, c), x, y, s);
}

int lsr_r_text_in(LsrUi *ui, int font, const char *s, int x, int y, int w, SDL_Color c, int align) {
    if (!s || !s[0]) return 0;
    LsrTextEntry *e = lsr_r_text_get(ui, font, s, 0, c);
    if (!e) return 0;
    if (e->w > w) {
        /* too wide for one line: wrap instead of overflowing */
        e = lsr_r_text_get(ui, font, s, w, c);
        if (!e) return 0;
    }
    int dx = align == 1 ? (w - e->w) / 2 : align == 2 ? w - e->w : 0;
    return draw_entry(ui, e, x + dx, y, s);
}

int lsr_r_paras(LsrUi *ui, int font, const char *s, int x, int y, int wrap, SDL_Color c) {
    if (!s) return 0;
    int y0 = y, gap = lsr_r_line_h(ui, font) * 2 / 3;
    char buf[8192];
    const char *p = s;
    bool first = true;
    while (*p) {
        const char *end = strstr(p, "\n\n");
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len >= sizeof buf) len = sizeof buf - 1;
        memcpy(buf, p, len);
        buf[len] = '\0';
        if (len > 0) {
            if (!first) y += gap;
            y += lsr_r_text(ui, font, buf, x, y, wrap, c);
            first = false;
        }
        if (!end) break;
        p = end + 2;
        while (*p == '\n') p++;
    }
    return y - y0;
}

void lsr_r_line(LsrUi *ui, float x0, float y0, float x1, float y1, float t, SDL_Color c) {
    if (ui->dry || ui->measure_only) return;
    float off = ui->in_view ? (float)ui->scroll : 0.0f;
    y0 -= off;
    y1 -= off;
    float dx = x1 - x0, dy = y1 - y0, len = sqrtf(dx * dx + dy * dy);
    if (len <= 0.0f) return;
    float nx = -dy / len * t / 2, ny = dx / len * t / 2;
    SDL_Vertex v[4];
    float px[4] = { x0 + nx, x0 - nx, x1 - nx, x1 + nx }, py[4] = { y0 + ny, y0 - ny, y1 - ny, y1 + ny };
    for (int i = 0; i < 4; i++) {
        v[i].position.x = px[i];
        v[i].position.y = py[i];
        v[i].color = c;
        v[i].tex_coord.x = 0;
        v[i].tex_coord.y = 0;
    }
    int idx[6] = { 0, 1, 2, 0, 2, 3 };
    SDL_RenderGeometry(ui->ren, NULL, v, 4, idx, 6);
}

/* A white anti-aliased disc (or ring) texture, tinted per use. */
static SDL_Texture *make_disc(SDL_Renderer *ren, bool ring) {
    enum { N = 64 };
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, N, N, 32, SDL_PIXELFORMAT_RGBA32);
    if (!s) return NULL;
    for (int y = 0; y < N; y++) {
        Uint8 *row = (Uint8 *)s->pixels + y * s->pitch;
        for (int x = 0; x < N; x++) {
            float dx = (float)x + 0.5f - N / 2.0f, dy = (float)y + 0.5f - N / 2.0f;
            float d = sqrtf(dx * dx + dy * dy);
            float a = N / 2.0f - d;                      /* outer edge */
            if (ring) {
                float inner = d - (N / 2.0f - N * 0.18f); /* inner edge */
                if (inner < a) a = inner;
            }
            if (a > 1) a = 1;
            if (a < 0) a = 0;
            row[x * 4 + 0] = 255;
            row[x * 4 + 1] = 255;
            row[x * 4 + 2] = 255;
            row[x * 4 + 3] = (Uint8)lroundf(a * 255);
        }
    }
    SDL_Texture *t = SDL_CreateTextureFromSurface(ren, s);
    SDL_FreeSurface(s);
    if (t) {
        SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
        SDL_SetTextureScaleMode(t, SDL_ScaleModeLinear);
    }
    return t;
}

void lsr_r_dot(LsrUi *ui, float cx, float cy, float d, SDL_Color c, bool hollow) {
    if (ui->dry || ui->measure_only) return;
    SDL_Texture **t = hollow ? &ui->ring : &ui->disc;
    if (!*t) *t = make_disc(ui->ren, hollow);
    if (!*t) return;
    if (ui->in_view) cy -= (float)ui->scroll;
    SDL_SetTextureColorMod(*t, c.r, c.g, c.b);
    SDL_SetTextureAlphaMod(*t, c.a);
    SDL_FRect r = { cx - d / 2, cy - d / 2, d, d };
    SDL_RenderCopyF(ui->ren, *t, NULL, &r);
}

/* ------------------------------------------------------------- buttons */

void lsr_r_reveal(LsrUi *ui, SDL_Rect r, int margin) {
    if (!ui->want_focus_visible || !ui->in_view || ui->dry) return;
    int top = r.y - ui->scroll, bot = top + r.h;
    int want = ui->scroll;
    if (top < ui->view.y) want -= ui->view.y - top + margin;
    else if (bot > ui->view.y + ui->view.h) want += bot - ui->view.y - ui->view.h + margin;
    if (want != ui->scroll) {
        ui->scroll = want < 0 ? 0 : want;
        ui->dirty = true;
    }
}

/* The badge letter: larger in classroom mode, where the class votes by it. */
static int badge_font(const LsrUi *ui) { return ui->cls.on ? F_H2 : F_UI_BOLD; }

int lsr_r_badge_size(LsrUi *ui) {
    int bs = lsr_r_line_h(ui, badge_font(ui)) + lsr_r_px(ui, 8);
    return bs < lsr_r_px(ui, 28) ? lsr_r_px(ui, 28) : bs;
}

int lsr_r_button_h(LsrUi *ui, int w, const char *label, const char *badge, const char *detail) {
    int pad = lsr_r_px(ui, 12), bw = badge ? lsr_r_badge_size(ui) + lsr_r_px(ui, 12) : 0;
    int tw = w - 2 * pad - bw;
    int h = pad;
    LsrTextEntry *e = lsr_r_text_get(ui, F_UI_BOLD, label, tw, ui->th.btn_ink);
    h += e ? e->h : lsr_r_line_h(ui, F_UI_BOLD);
    if (detail && detail[0]) {
        LsrTextEntry *d = lsr_r_text_get(ui, F_SMALL, detail, tw, ui->th.muted);
        h += lsr_r_px(ui, 3) + (d ? d->h : 0);
    }
    h += pad;
    int min = lsr_r_px(ui, 44);
    if (badge && h < lsr_r_badge_size(ui) + 2 * lsr_r_px(ui, 8)) h = lsr_r_badge_size(ui) + 2 * lsr_r_px(ui, 8);
    return h < min ? min : h;
}

int lsr_r_button(LsrUi *ui, SDL_Rect r, const char *label, const char *badge, const char *detail,
                 int action, int arg, bool enabled, bool primary) {
    const LsrThemeColors *th = &ui->th;
    bool focused = enabled && action == ui->focus_action && arg == ui->focus_arg;
    if (focused) lsr_r_reveal(ui, r, lsr_r_px(ui, 12));
    bool hover = enabled && action == ui->hover_action && arg == ui->hover_arg;
    SDL_Color bg = !enabled ? th->disabled_bg : primary ? th->accent : hover ? th->btn_hover : th->btn;
    SDL_Color ink = !enabled ? th->disabled_ink : primary ? th->on_accent : th->btn_ink;
    if (primary && hover && enabled) bg = lsr_r_mix(th->accent, th->ink, 0.25f);
    int pad = lsr_r_px(ui, 12), t = lsr_r_px(ui, 2);
    if (t < 1) t = 1;
    lsr_r_fill(ui, r, bg);
    /* a red rule on the left marks hover and focus, like a marginal note */
    if (!primary) {
        SDL_Rect edge = { r.x, r.y, lsr_r_px(ui, hover || focused ? 5 : 2), r.h };
        lsr_r_fill(ui, edge, hover || focused ? th->accent : enabled ? th->rule : th->disabled_bg);
    }
    if (focused) {
        SDL_Rect fr = { r.x - 2 * t, r.y - 2 * t, r.w + 4 * t, r.h + 4 * t };
        lsr_r_frame(ui, fr, th->focus, t);
    }
    int x = r.x + pad + (!primary ? lsr_r_px(ui, 4) : 0);
    int bs = badge ? lsr_r_badge_size(ui) : 0, bcol = badge ? bs + lsr_r_px(ui, 12) : 0;
    int tw = r.w - 2 * pad - bcol;
    lsr_r_box_push(ui, r, false);
    if (badge) {
        SDL_Rect b = { x, r.y + (r.h - bs) / 2, bs, bs };
        if (r.h > bs + 4 * pad) b.y = r.y + pad;   /* a tall button: the badge by its first line */
        lsr_r_fill(ui, b, enabled ? (primary ? th->on_accent : th->accent) : th->disabled_ink);
        SDL_Color bink = enabled && primary ? th->accent : th->on_accent;
        int bf = badge_font(ui);
        LsrTextEntry *e = lsr_r_text_get(ui, bf, badge, 0, bink);
        if (e) lsr_r_text(ui, bf, badge, b.x + (bs - e->w) / 2, b.y + (bs - e->h) / 2, 0, bink);
        x += bcol;
    }
    LsrTextEntry *le = lsr_r_text_get(ui, F_UI_BOLD, label, tw, ink);
    int content_h = le ? le->h : 0;
    LsrTextEntry *de = NULL;
    if (detail && detail[0]) {
        de = lsr_r_text_get(ui, F_SMALL, detail, tw, enabled ? th->muted : th->disabled_ink);
        if (de) content_h += lsr_r_px(ui, 3) + de->h;
    }
    int y = r.y + (r.h - content_h) / 2;
    if (!detail && le && le->w < tw && !badge && (primary || ui->center_labels)) x = r.x + (r.w - le->w) / 2;
    y += lsr_r_text(ui, F_UI_BOLD, label, x, y, tw, ink);
    if (de) lsr_r_text(ui, F_SMALL, detail, x, y + lsr_r_px(ui, 3), tw,
                       enabled ? (primary ? th->on_accent : th->muted) : th->disabled_ink);
    lsr_r_box_pop(ui);
    bool clipped;
    SDL_Rect pr = r;
    if (lsr_r_place(ui, &pr, &clipped)) lsr_r_item(ui, LSR_ITEM_BUTTON, pr, label, action, arg, enabled, clipped);
    return r.h;
}

/* ------------------------------------------------------------- themes */

/* Every pair of text and background colours here reads at 4.5:1 or more
 * (WCAG 2 relative luminance); test_ui_contrast holds them to it. In the
 * dark theme the accent is light enough to be text, so text on it is dark. */
void lsr_r_theme(LsrUi *ui) {
    LsrThemeColors *t = &ui->th;
    switch (ui->settings.theme) {
    case LSR_THEME_DARK:
        t->bg = lsr_r_rgb(0x1c1815); t->panel = lsr_r_rgb(0x26201c); t->ink = lsr_r_rgb(0xeee4d0);
        t->muted = lsr_r_rgb(0xab9d89); t->accent = lsr_r_rgb(0xea6a55); t->on_accent = lsr_r_rgb(0x1c1815);
        t->rule = lsr_r_rgb(0x4a3f36); t->btn = lsr_r_rgb(0x2f2823); t->btn_hover = lsr_r_rgb(0x3d342d);
        t->btn_ink = lsr_r_rgb(0xf2e8d5); t->disabled_bg = lsr_r_rgb(0x231e1a); t->disabled_ink = lsr_r_rgb(0xa09585);
        t->focus = lsr_r_rgb(0xe0a64a); t->track = lsr_r_rgb(0x3a322b); t->good = lsr_r_rgb(0x7fae6a);
        t->bad = lsr_r_rgb(0xe06a5a); t->hist = lsr_r_rgb(0xe8dcc4); t->shade = lsr_r_rgb(0x14110f);
        break;
    case LSR_THEME_CONTRAST:
        t->bg = lsr_r_rgb(0x000000); t->panel = lsr_r_rgb(0x000000); t->ink = lsr_r_rgb(0xffffff);
        t->muted = lsr_r_rgb(0xe6e6e6); t->accent = lsr_r_rgb(0xff4f3f); t->on_accent = lsr_r_rgb(0x000000);
        t->rule = lsr_r_rgb(0xffffff); t->btn = lsr_r_rgb(0x1a1a1a); t->btn_hover = lsr_r_rgb(0x333333);
        t->btn_ink = lsr_r_rgb(0xffffff); t->disabled_bg = lsr_r_rgb(0x000000); t->disabled_ink = lsr_r_rgb(0xa0a0a0);
        t->focus = lsr_r_rgb(0xffdd00); t->track = lsr_r_rgb(0x7a7a7a); t->good = lsr_r_rgb(0x66ff66);
        t->bad = lsr_r_rgb(0xff6666); t->hist = lsr_r_rgb(0xffdd00); t->shade = lsr_r_rgb(0x000000);
        break;
    default:
        t->bg = lsr_r_rgb(0xf3ead6); t->panel = lsr_r_rgb(0xfaf5e9); t->ink = lsr_r_rgb(0x2a211a);
        t->muted = lsr_r_rgb(0x665748); t->accent = lsr_r_rgb(0x8c1c13); t->on_accent = lsr_r_rgb(0xfbf3e2);
        t->rule = lsr_r_rgb(0xcbb994); t->btn = lsr_r_rgb(0xebe0c8); t->btn_hover = lsr_r_rgb(0xe2d2b0);
        t->btn_ink = lsr_r_rgb(0x2a211a); t->disabled_bg = lsr_r_rgb(0xece5d6); t->disabled_ink = lsr_r_rgb(0x6a6055);
        t->focus = lsr_r_rgb(0x1d4e89); t->track = lsr_r_rgb(0xe2d5ba); t->good = lsr_r_rgb(0x3f6b34);
        t->bad = lsr_r_rgb(0x8c1c13); t->hist = lsr_r_rgb(0x2a211a); t->shade = lsr_r_rgb(0x2a211a);
        break;
    }
}
