/* Glossary terms in running text and the popover that explains a term or
 * a measure (glossary.h). Text with terms is laid out here line by line
 * (SDL_ttf cannot say where a word of a wrapped block lies), so each term
 * can be underlined and recorded as a focusable target of its own. */
#include "sdl/glossary.h"

#include "tools/glossary.h"

#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------- matching */

/* The first term not yet marked in this text that is used in line[from..)
 * (lsr_glossary_find: any of its forms, whole words, a plural allowed); its
 * glossary index in *term and its length in *len; NULL when none. */
static const char *next_term(const LsrView *vs, uint64_t marked, const char *line, size_t from, uint32_t *term,
                             size_t *len) {
    const LsrScenario *sc = vs->sc;
    const char *best = NULL;
    for (uint32_t t = 0; sc && t < sc->n_glossary && t < 64; t++) {
        if (marked & (1ull << t)) continue;
        size_t n = 0;
        long off = lsr_glossary_find(line + from, lsr_tx(&sc->glossary[t].term, vs->lang), &n);
        if (off < 0 || n == 0) continue;
        if (!best || line + from + off < best) {
            best = line + from + off;
            *term = t;
            *len = n;
        }
    }
    return best;
}

/* --------------------------------------------------------------- layout */

static bool is_target(const LsrUi *ui, int action, int arg) {
    return (ui->focus_action == action && ui->focus_arg == arg) ||
           (ui->hover_action == action && ui->hover_arg == arg);
}

/* Records a focusable target over r (content coordinates); the keyboard
 * reaching it scrolls it into view. */
static void target(LsrUi *ui, SDL_Rect r, const char *label, int action, int arg) {
    if (ui->dry) return;
    /* margin for the popover below */
    if (ui->focus_action == action && ui->focus_arg == arg) lsr_r_reveal(ui, r, lsr_r_px(ui, 48));
    bool clipped;
    if (lsr_r_place(ui, &r, &clipped)) lsr_r_item(ui, LSR_ITEM_BUTTON, r, label, action, arg, true, clipped);
}

/* Draws one line, its first unmarked terms underlined and recorded. */
static void draw_line(LsrUi *ui, const LsrView *vs, uint64_t *marked, int font, const char *line, int x, int y,
                      SDL_Color c) {
    char seg[2048];
    size_t at = 0;
    int lh = lsr_r_line_h(ui, font);
    for (;;) {
        uint32_t t = 0;
        size_t len = 0;
        const char *m = next_term(vs, *marked, line, at, &t, &len);
        size_t upto = m ? (size_t)(m - line) : strlen(line);
        memcpy(seg, line, at);
        seg[at] = '\0';
        int xa = x + lsr_r_text_w(ui, font, seg);
        memcpy(seg, line, upto);
        seg[upto] = '\0';
        int x0 = x + lsr_r_text_w(ui, font, seg);
        if (upto > at) lsr_r_text(ui, font, seg + at, xa, y, 0, c);
        if (!m) return;
        memcpy(seg, m, len);
        seg[len] = '\0';
        int tw = lsr_r_text_w(ui, font, seg);
        *marked |= 1ull << t;
        /* each mark is a target of its own: the term and which mark on the frame */
        int arg = (int)(t | (uint32_t)ui->terms_marked++ << 8);
        SDL_Rect r = { x0, y, tw, lh };
        if (is_target(ui, A_TERM, arg)) lsr_r_fill(ui, r, ui->th.btn_hover);
        lsr_r_text(ui, font, seg, x0, y, 0, c);
        int ut = lsr_r_px(ui, 2) < 1 ? 1 : lsr_r_px(ui, 2);
        lsr_r_fill(ui, (SDL_Rect){ x0, y + lh - ut - lsr_r_px(ui, 2), tw, ut }, ui->th.accent);
        target(ui, r, seg, A_TERM, arg);
        at = upto + len;
    }
}

int lsr_w_paras_terms(LsrUi *ui, const LsrView *vs, int font, const char *s, int x, int y, int wrap, SDL_Color c) {
    if (!s || !s[0]) return 0;
    if (!vs->sc || vs->sc->n_glossary == 0 || wrap <= 0) return lsr_r_paras(ui, font, s, x, y, wrap, c);
    TTF_Font *f = lsr_r_font(ui, font);
    int y0 = y, lh = lsr_r_line_h(ui, font), gap = lh * 2 / 3, fh = f ? TTF_FontHeight(f) : lh;
    char line[2048];
    uint64_t marked = 0;   /* a term is marked where it first appears in this text */
    const char *p = s;
    bool first = true;
    while (*p) {
        while (*p == '\n') p++;
        if (!*p) break;
        const char *end = strstr(p, "\n\n");
        const char *pe = end ? end : p + strlen(p);
        if (!first) y += gap;
        first = false;
        /* greedy fill: as many words as fit in wrap */
        while (p < pe) {
            size_t n = 0, fit = 0;
            while (p + n < pe && p[n] != '\n') {
                size_t w = n;
                while (p + w < pe && p[w] == ' ') w++;
                while (p + w < pe && p[w] != ' ' && p[w] != '\n') w++;
                if (w >= sizeof line) break;
                memcpy(line, p, w);
                line[w] = '\0';
                if (fit > 0 && lsr_r_text_w(ui, font, line) > wrap) break;
                fit = n = w;
            }
            if (fit == 0) fit = n > 0 ? n : (size_t)(pe - p < (long)sizeof line - 1 ? pe - p : (long)sizeof line - 1);
            memcpy(line, p, fit);
            line[fit] = '\0';
            if (line[0]) draw_line(ui, vs, &marked, font, line, x, y, c);
            p += fit;
            while (p < pe && (*p == ' ' || *p == '\n')) p++;
            /* as SDL_ttf wraps: line skip between lines, the font's height for the last */
            y += p < pe ? lh : fh;
        }
        p = pe;
    }
    return y - y0;
}

/* ------------------------------------------------------------- measures */

void lsr_w_measure_target(LsrUi *ui, const LsrView *vs, SDL_Rect r, uint32_t var) {
    if (ui->dry || var >= vs->sc->n_vars) return;
    if (is_target(ui, A_MEASURE, (int)var)) {
        int t = lsr_r_px(ui, 2) < 1 ? 1 : lsr_r_px(ui, 2);
        lsr_r_frame(ui, (SDL_Rect){ r.x - 2 * t, r.y - t, r.w + 4 * t, r.h + 2 * t }, ui->th.focus, t);
    }
    target(ui, r, lsr_tx(&vs->sc->vars[var].label, vs->lang), A_MEASURE, (int)var);
}

/* -------------------------------------------------------------- popover */

/* The term or measure that is focused, else hovered; NULL when none. */
static const LsrUiItem *popover_anchor(const LsrUi *ui) {
    const LsrUiItem *hover = NULL;
    for (size_t i = 0; i < ui->n_items; i++) {
        const LsrUiItem *it = &ui->items[i];
        if (it->kind != LSR_ITEM_BUTTON || (it->action != A_TERM && it->action != A_MEASURE)) continue;
        if (it->action == ui->focus_action && it->arg == ui->focus_arg) return it;
        if (it->action == ui->hover_action && it->arg == ui->hover_arg) hover = it;
    }
    return hover;
}

bool lsr_w_explain(const LsrView *vs, int action, int arg, const char **title, const char **text) {
    const LsrScenario *sc = vs->sc;
    if (!sc || arg < 0) return false;
    if (action == A_TERM && (uint32_t)(arg & 0xff) < sc->n_glossary) {
        *title = lsr_tx(&sc->glossary[arg & 0xff].term, vs->lang);
        *text = lsr_tx(&sc->glossary[arg & 0xff].definition, vs->lang);
        return true;
    }
    if (action == A_MEASURE && (uint32_t)arg < sc->n_vars) {
        *title = lsr_tx(&sc->vars[arg].label, vs->lang);
        *text = lsr_tx(&sc->vars[arg].description, vs->lang);
        return true;
    }
    return false;
}

void lsr_w_popover(LsrUi *ui, const LsrView *vs) {
    const LsrUiItem *a = popover_anchor(ui);
    const char *title, *text;
    if (!a || !lsr_w_explain(vs, a->action, a->arg, &title, &text) || !text[0]) return;
    const LsrThemeColors *th = &ui->th;
    SDL_Rect anchor = a->r;
    int pad = PX(14), w = PX(420);
    if (w > ui->out_w - 2 * PX(16)) w = ui->out_w - 2 * PX(16);
    LsrTextEntry *t1 = lsr_r_text_get(ui, F_UI_BOLD, title, w - 2 * pad, th->ink);
    LsrTextEntry *t2 = lsr_r_text_get(ui, F_UI, text, w - 2 * pad, th->ink);
    int h = pad + (t1 ? t1->h : 0) + PX(6) + (t2 ? t2->h : 0) + pad;
    int x = anchor.x;
    if (x + w > ui->out_w - PX(16)) x = ui->out_w - PX(16) - w;
    if (x < PX(16)) x = PX(16);
    int y = anchor.y + anchor.h + PX(6);
    if (y + h > ui->out_h - PX(8)) y = anchor.y - PX(6) - h;
    if (y < PX(8)) y = PX(8);
    SDL_Rect box = { x, y, w, h };
    /* what the popover covers can be neither read nor clicked */
    for (size_t i = 0; i < ui->n_items; i++) {
        SDL_Rect o;
        if (&ui->items[i] != a && SDL_IntersectRect(&ui->items[i].r, &box, &o)) ui->items[i].covered = true;
    }
    lsr_r_fill(ui, box, th->panel);
    lsr_r_frame(ui, box, th->focus, PX(2) < 1 ? 1 : PX(2));
    int yy = y + pad;
    yy += lsr_r_text(ui, F_UI_BOLD, title, x + pad, yy, w - 2 * pad, th->ink) + PX(6);
    lsr_r_text(ui, F_UI, text, x + pad, yy, w - 2 * pad, th->ink);
    lsr_r_box(ui, box, "popover");
}
