/* The glossary (G, the menu, the briefing): the scenario's terms and what
 * each measure in the side panel means. */
#include "i18n.h"
#include "sdl/screens.h"
#include "sdl/widgets.h"

#include <stdio.h>

void lsr_screen_glossary(LsrUi *ui, const LsrView *vs) {
    const LsrThemeColors *th = &ui->th;
    const LsrScenario *sc = vs->sc;
    char where[256];
    snprintf(where, sizeof where, _("%s · glossary"), lsr_w_tx(vs, &sc->title));
    lsr_w_header(ui, vs, where, false);
    LsrLayout L = lsr_w_layout(ui, 0);
    lsr_r_view_begin(ui, (SDL_Rect){ 0, L.top + 1, ui->out_w, L.bottom - L.top - 1 });
    int y = L.top + PX(36);
    y += lsr_w_kicker(ui, _("Glossary"), L.x, y, L.w) + PX(8);
    y += lsr_r_text(ui, F_H1, _("Words and measures"), L.x, y, L.w, th->ink) + PX(24);
    if (sc->n_glossary) {
        y += lsr_r_text(ui, F_H2, _("Terms"), L.x, y, L.w, th->ink) + PX(14);
        for (uint32_t i = 0; i < sc->n_glossary; i++) {
            y += lsr_r_text(ui, F_UI_BOLD, lsr_w_tx(vs, &sc->glossary[i].term), L.x, y, L.w, th->ink) + PX(4);
            y += lsr_r_text(ui, F_BODY, lsr_w_tx(vs, &sc->glossary[i].definition), L.x, y, L.w, th->ink) + PX(16);
        }
        y += PX(12);
    }
    y += lsr_r_text(ui, F_H2, _("Measures"), L.x, y, L.w, th->ink) + PX(14);
    for (uint32_t i = 0; i < sc->n_vars; i++) {
        const LsrVar *v = &sc->vars[i];
        if (v->hidden) continue;
        char lo[64], hi[64], range[200];
        lsr_w_fmt_value(v, v->min, lo, sizeof lo);
        lsr_w_fmt_value(v, v->max, hi, sizeof hi);
        snprintf(range, sizeof range, _("From %s to %s%s"), lo, hi,
                 v->better == LSR_BETTER_HIGHER ? _(", higher is better for the party")
                 : v->better == LSR_BETTER_LOWER ? _(", lower is better for the party") : "");
        y += lsr_r_text(ui, F_UI_BOLD, lsr_w_tx(vs, &v->label), L.x, y, L.w, th->ink) + PX(4);
        const char *d = lsr_w_tx(vs, &v->description);
        if (d[0]) y += lsr_r_text(ui, F_BODY, d, L.x, y, L.w, th->ink) + PX(4);
        y += lsr_r_text(ui, F_SMALL, range, L.x, y, L.w, th->muted) + PX(16);
    }
    lsr_r_view_end(ui, y + PX(32));
    LsrFootBtn fb[1] = { { _("Back"), A_BACK, 0 } };
    lsr_w_footer(ui, _("↑↓ scroll · Esc, G back"), fb, 1);
}
