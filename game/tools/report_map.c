/* The HTML report's map: the game's route over the outline map as inline
 * SVG, with the areas the steps it reached highlighted (hatching patterns,
 * so the print reads in black and white), and a legend in words. */
#include "report_internal.h"
#include "leftsr/map.h"

#include <string.h>

#define SVG_W 600
#define SVG_H 472
#define MAX_ROUTE 256

static void xml_esc(FILE *f, const char *s) {
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fputc(*s, f);
        }
    }
}

/* A closed path of n lon/lat points (stride 2, scaled ints). */
static void path_d(FILE *f, const LsrMapView *mv, const int16_t (*p16)[2], const int32_t *p32, uint32_t n) {
    for (uint32_t i = 0; i < n; i++) {
        float x, y;
        if (p16) lsr_map_project(mv, p16[i][0], p16[i][1], &x, &y);
        else lsr_map_project(mv, p32[2 * i], p32[2 * i + 1], &x, &y);
        fprintf(f, "%c%.1f %.1f", i ? 'L' : 'M', (double)x, (double)y);
    }
    fputc('Z', f);
}

static const char *const k_style_class[3] = {"occupied", "stronghold", "highlight"};

static void area_svg(Ctx *c, const LsrMapView *mv, const LsrArea *a) {
    FILE *f = c->f;
    fprintf(f, "<g class=\"area %s\">", k_style_class[a->style]);
    for (uint32_t r = 0; r < lsr_map_ring_count(); r++) {
        const int16_t (*p)[2];
        uint32_t n;
        int reg = lsr_map_ring(r, &p, &n);
        if (reg < 0 || !(a->regions & (1u << reg))) continue;
        fputs("<path d=\"", f);
        path_d(f, mv, p, NULL, n);
        fputs("\"/>", f);
    }
    if (a->n_poly >= 3) {
        fputs("<path d=\"", f);
        path_d(f, mv, NULL, a->poly, a->n_poly);
        fputs("\"/>", f);
    }
    fputs("</g>\n", f);
}

void lsr_rp_html_route(Ctx *c) {
    const LsrScenario *sc = c->sc;
    if (!sc->n_places && !sc->n_areas) return;
    FILE *f = c->f;
    /* the route, and the areas the reached steps highlighted */
    uint32_t rt[MAX_ROUTE], nr = 0;
    bool area_on[64] = {false};
    for (size_t k = 0; k < c->n; k++) {
        const LsrStep *s = step_of(c, k);
        for (uint32_t i = 0; i < s->n_areas; i++)
            if (s->areas[i] < 64) area_on[s->areas[i]] = true;
        if (s->at != LSR_NEXT_NONE && (nr == 0 || rt[nr - 1] != s->at) && nr < MAX_ROUTE) rt[nr++] = s->at;
    }
    LsrMapView mv;
    lsr_map_fit(&mv, 0, 0, SVG_W, SVG_H);
    fputs("<section id=\"map\">\n<h2>", f);
    xml_esc(f, _("Where it happened"));
    fputs("</h2>\n", f);
    fprintf(f, "<svg class=\"map\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\" "
               "style=\"display:block;width:100%%;max-width:150mm;height:auto;border:1px solid #d8cfbf;"
               "break-inside:avoid\">\n",
            SVG_W, SVG_H, _("Map of the places of this game"));
    fputs("<style>.area.occupied path{fill:url(#hatch-occupied);stroke:#b35200;stroke-width:1.5}"
          ".area.stronghold path{fill:url(#hatch-stronghold);stroke:#0063a0;stroke-width:1.5;stroke-dasharray:5 4}"
          ".area.highlight path{fill:none;stroke:#8e3b6f;stroke-width:2.5}"
          ".route{fill:none;stroke:#8c1c13;stroke-width:3;stroke-linejoin:round}"
          ".place circle{fill:#fff;stroke:#5e5750;stroke-width:1.5}.place.visited circle{fill:#8c1c13;stroke:#fff}"
          ".place text{font-size:13px;fill:#2a211a;paint-order:stroke;stroke:#f1ece1;stroke-width:3px}</style>\n",
          f);
    fputs("<defs><pattern id=\"hatch-occupied\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" "
          "patternTransform=\"rotate(45)\"><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"8\" stroke=\"#b35200\" stroke-width=\"2\"/>"
          "</pattern><pattern id=\"hatch-stronghold\" width=\"10\" height=\"10\" patternUnits=\"userSpaceOnUse\" "
          "patternTransform=\"rotate(-45)\"><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"10\" stroke=\"#0063a0\" "
          "stroke-width=\"1.5\"/></pattern></defs>\n",
          f);
    fprintf(f, "<rect width=\"%d\" height=\"%d\" fill=\"#dbe5ee\"/>\n<g fill=\"#f1ece1\" stroke=\"#9a9284\" "
               "stroke-width=\"0.6\">",
            SVG_W, SVG_H);
    for (uint32_t r = 0; r < lsr_map_ring_count(); r++) {
        const int16_t (*p)[2];
        uint32_t n;
        lsr_map_ring(r, &p, &n);
        fputs("<path d=\"", f);
        path_d(f, &mv, p, NULL, n);
        fputs("\"/>", f);
    }
    fputs("</g>\n", f);
    for (uint32_t a = 0; a < sc->n_areas && a < 64; a++)
        if (area_on[a]) area_svg(c, &mv, &sc->areas[a]);
    if (nr > 1) {
        fputs("<polyline class=\"route\" points=\"", f);
        for (uint32_t i = 0; i < nr; i++) {
            float x, y;
            lsr_map_project(&mv, sc->places[rt[i]].lon, sc->places[rt[i]].lat, &x, &y);
            fprintf(f, "%s%.1f,%.1f", i ? " " : "", (double)x, (double)y);
        }
        fputs("\"/>\n", f);
    }
    for (uint32_t p = 0; p < sc->n_places; p++) {
        bool visited = false;
        for (uint32_t i = 0; i < nr; i++) visited |= rt[i] == p;
        float x, y;
        lsr_map_project(&mv, sc->places[p].lon, sc->places[p].lat, &x, &y);
        const char *name = T(c, &sc->places[p].name);
        bool left = x > SVG_W - 12 - 7 * (float)strlen(name);
        fprintf(f, "<g class=\"place%s\"><circle cx=\"%.1f\" cy=\"%.1f\" r=\"%d\"/><text x=\"%.1f\" y=\"%.1f\"%s>",
                visited ? " visited" : "", (double)x, (double)y, visited ? 5 : 4, (double)(left ? x - 9 : x + 9),
                (double)(y + 4), left ? " text-anchor=\"end\"" : "");
        xml_esc(f, name);
        fputs("</text></g>\n", f);
    }
    fputs("</svg>\n<ul class=\"maplegend\">\n", f);
    if (nr) {
        fputs("<li><svg width=\"28\" height=\"12\" aria-hidden=\"true\"><line x1=\"2\" y1=\"6\" x2=\"26\" y2=\"6\" "
              "stroke=\"#8c1c13\" stroke-width=\"3\"/></svg> ", f);
        xml_esc(f, _("The route of this game:"));
        fputc(' ', f);
        for (uint32_t i = 0; i < nr; i++) {
            if (i) fputs(" &rarr; ", f);
            xml_esc(f, T(c, &sc->places[rt[i]].name));
        }
        fputs("</li>\n", f);
    }
    for (uint32_t a = 0; a < sc->n_areas && a < 64; a++) {
        if (!area_on[a]) continue;
        const LsrArea *ar = &sc->areas[a];
        static const char *const key[3] = {
            "fill=\"url(#hatch-occupied)\" stroke=\"#b35200\" stroke-width=\"1.5\"",
            "fill=\"url(#hatch-stronghold)\" stroke=\"#0063a0\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"",
            "fill=\"none\" stroke=\"#8e3b6f\" stroke-width=\"2.5\""};
        fprintf(f, "<li><svg width=\"28\" height=\"14\" aria-hidden=\"true\"><rect x=\"1\" y=\"1\" width=\"26\" "
                   "height=\"12\" %s/></svg> ", key[ar->style]);
        xml_esc(f, T(c, &ar->name));
        fputs(" <span class=\"cite\">[", f);
        for (uint32_t i = 0; i < ar->n_sources; i++) {
            if (i) fputs(", ", f);
            xml_esc(f, sc->sources[sc->source_refs[ar->sources_first + i]].id);
        }
        fputs("]</span></li>\n", f);
    }
    fputs("</ul>\n<p class=\"small\">", f);
    xml_esc(f, _("Outlines: Natural Earth, modern borders, shown for orientation; the borders of 1918 moved month "
                 "by month."));
    fputs("</p>\n</section>\n", f);
}
