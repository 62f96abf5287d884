/* `leftsr report` as HTML: one standalone page with inline CSS and SVG
 * charts, to print or share. */
#include "report_internal.h"

#include <stdlib.h>
#include <string.h>

#define ACCENT "#8c1c13"

static void html_esc_1(FILE *f, char ch) {
    switch (ch) {
    case '&': fputs("&amp;", f); break;
    case '<': fputs("&lt;", f); break;
    case '>': fputs("&gt;", f); break;
    case '"': fputs("&quot;", f); break;
    case '\'': fputs("&#39;", f); break;
    default: fputc(ch, f);
    }
}

static void html_esc(FILE *f, const char *s) {
    for (; s && *s; s++) html_esc_1(f, *s);
}

/* Paragraphs at blank lines; a single newline is a line break. */
static void html_paras(FILE *f, const char *s) {
    if (!s || !*s) return;
    fputs("<p>", f);
    while (*s) {
        if (s[0] == '\n' && s[1] == '\n') {
            while (*s == '\n') s++;
            if (*s) fputs("</p>\n<p>", f);
            continue;
        }
        if (*s == '\n') fputs("<br>", f);
        else {
            char one[2] = {*s, '\0'};
            html_esc(f, one);
        }
        s++;
    }
    fputs("</p>\n", f);
}

/* In pieces: ISO C limits one string literal to 4095 bytes. */
static const char *const HTML_CSS[] = {
    "@page { size: A4; margin: 15mm 14mm 16mm; }\n"
    ":root { --red: " ACCENT "; --ink: #1f1a17; --muted: #5e5750; --rule: #ddd5c8; --paper: #fffdf8;"
    " --green: #2f6b3b; --hist: #6d6760; }\n"
    "* { box-sizing: border-box; }\n"
    "html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }\n"
    "body { margin: 0; background: #efe9df; color: var(--ink);"
    " font: 11pt/1.45 \"DejaVu Sans\", \"Liberation Sans\", \"Helvetica Neue\", Arial, sans-serif; }\n"
    "main { max-width: 186mm; margin: 8mm auto; padding: 12mm 13mm; background: var(--paper);"
    " box-shadow: 0 1px 6px rgba(0,0,0,.15); }\n"
    "h1, h2, h3, .big, .serif { font-family: Georgia, \"DejaVu Serif\", \"Liberation Serif\","
    " \"Times New Roman\", serif; }\n"
    "h1 { color: var(--red); font-size: 25pt; line-height: 1.1; margin: 2pt 0 4pt; }\n"
    "h2 { font-size: 16pt; color: var(--red); border-bottom: 1.5pt solid var(--red); padding-bottom: 2pt;"
    " margin: 18pt 0 8pt; break-after: avoid; page-break-after: avoid; }\n"
    "h3 { font-size: 12.5pt; margin: 0 0 2pt; line-height: 1.25; }\n"
    "p { margin: 0 0 5pt; }\n"
    ".kicker { text-transform: uppercase; letter-spacing: .09em; font-size: 8pt; color: var(--red);"
    " font-weight: bold; margin: 0; }\n"
    ".sub { font-size: 12pt; margin: 0 0 2pt; }\n"
    ".meta, .step-meta { color: var(--muted); font-size: 9pt; }\n"
    ".step-meta { margin: 0 0 2pt; text-transform: uppercase; letter-spacing: .05em; }\n"
    "header.top { border-bottom: 3pt double var(--red); padding-bottom: 6pt; margin-bottom: 10pt; }\n"
    ".warning { border: 1.5pt solid #a66a00; background: #fff3cf; padding: 6pt 9pt; margin: 8pt 0;"
    " font-weight: bold; }\n"
    ".cards { display: flex; gap: 8pt; margin: 8pt 0; }\n"
    ".card { flex: 1; border: 1px solid var(--rule); border-top: 3pt solid var(--red); padding: 5pt 8pt;"
    " break-inside: avoid; page-break-inside: avoid; }\n"
    ".card .label { font-size: 8.5pt; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }\n"
    ".card .big { font-size: 19pt; color: var(--red); font-weight: bold; line-height: 1.2; }\n"
    ".card .small { font-size: 9pt; color: var(--muted); }\n"
    ".intro { font-size: 10.5pt; }\n"
    ,
    ".step { border-left: 2.5pt solid var(--rule); padding: 1pt 0 1pt 9pt; margin: 0 0 11pt;"
    " break-inside: avoid; page-break-inside: avoid; }\n"
    ".step.differs { border-left-color: var(--red); }\n"
    ".step.vote { border-left-style: dotted; }\n"
    ".facts { display: grid; grid-template-columns: 9.5em 1fr; gap: 1pt 8pt; margin: 4pt 0 5pt; }\n"
    ".facts dt { color: var(--muted); font-size: 9pt; padding-top: 1pt; }\n"
    ".facts dd { margin: 0; }\n"
    ".yes { color: var(--green); font-weight: bold; }\n"
    ".no { color: var(--red); font-weight: bold; }\n"
    "table { border-collapse: collapse; }\n"
    "table.tally { width: 100%; font-size: 9pt; margin: 3pt 0 5pt; }\n"
    "table.tally td { padding: 1.5pt 4pt; vertical-align: middle; border-bottom: 0.5pt solid #eee6da; }\n"
    "table.tally td.bar { width: 30%; }\n"
    "table.tally td.n { text-align: right; white-space: nowrap; width: 5.5em; }\n"
    "table.tally td.tag { white-space: nowrap; color: var(--muted); width: 8.5em; }\n"
    "table.tally tr.picked td.label { font-weight: bold; }\n"
    "svg.bar { display: block; width: 100%; height: 8pt; }\n"
    ".facts svg.bar { max-width: 90mm; height: 6pt; margin: 2pt 0 3pt; }\n"
    ".note { font-size: 10pt; }\n"
    ".disagree { background: #f5ede1; border-left: 2.5pt solid #b08d57; padding: 4pt 8pt; margin: 5pt 0;"
    " font-size: 9.5pt; }\n"
    ".disagree strong { color: #7a5a24; }\n"
    ".contested { font-size: 9.5pt; color: #8c1c13; margin: 5pt 0 0; }\n"
    ".sources { font-size: 8.5pt; color: var(--muted); margin: 3pt 0 0; }\n"
    ".events { font-size: 9pt; color: var(--muted); font-style: italic; }\n"
    "table.vars { width: 100%; font-size: 9.5pt; margin: 4pt 0 8pt; }\n"
    "table.vars th, table.vars td { border-bottom: 0.5pt solid var(--rule); padding: 2pt 5pt; text-align: right; }\n"
    "table.vars th:first-child, table.vars td:first-child { text-align: left; }\n"
    "table.vars th { font-size: 8.5pt; color: var(--muted); font-weight: normal; text-transform: uppercase; }\n"
    ".charts { display: flex; flex-wrap: wrap; gap: 8pt; margin: 6pt 0; }\n"
    "figure.chart { width: calc(50% - 4pt); margin: 0; border: 1px solid var(--rule); padding: 4pt 5pt 3pt;"
    " break-inside: avoid; page-break-inside: avoid; }\n"
    "figure.chart figcaption { font-size: 9pt; }\n"
    "figure.chart figcaption b { font-family: Georgia, \"DejaVu Serif\", serif; }\n"
    "svg.line { display: block; width: 100%; height: auto; }\n"
    ,
    "svg text { font-family: \"DejaVu Sans\", Arial, sans-serif; font-size: 9px; fill: #5e5750; }\n"
    ".legend { font-size: 8.5pt; color: var(--muted); }\n"
    ".swatch { display: inline-block; width: 16pt; height: 0; border-top: 2pt solid var(--red);"
    " vertical-align: middle; margin: 0 3pt 0 8pt; }\n"
    ".swatch.hist { border-top: 2pt dashed var(--hist); }\n"
    ".ending { border: 1px solid var(--rule); background: #faf5ec; padding: 7pt 10pt; break-inside: avoid; }\n"
    ".ending h3 { color: var(--red); font-size: 14pt; }\n"
    "ol.questions li { margin-bottom: 6pt; padding-left: 2pt; }\n"
    "ol.questions li::marker { color: var(--red); font-weight: bold; }\n"
    "ul.srclist { font-size: 9.5pt; padding-left: 14pt; }\n"
    "code { font-size: 8.5pt; color: var(--muted); white-space: nowrap; }\n"
    "footer { margin-top: 14pt; border-top: 0.5pt solid var(--rule); padding-top: 4pt; font-size: 8pt;"
    " color: var(--muted); }\n"
    "@media print {\n"
    "  body { background: none; font-size: 10pt; }\n"
    "  main { max-width: none; margin: 0; padding: 0; box-shadow: none; background: none; }\n"
    "  h2 { margin-top: 12pt; }\n"
    "  .step, figure, .card, .ending, tr, li { break-inside: avoid; page-break-inside: avoid; }\n"
    "}\n"};

/* html_esc, with the signs the English report writes as entities (minus,
 * middle dot, times) written as those entities, in any language. */
static void html_text(FILE *f, const char *s) {
    for (; s && *s; s++) {
        if (!strncmp(s, "\xE2\x88\x92", 3)) fputs("&minus;", f), s += 2;
        else if (!strncmp(s, "\xC2\xB7", 2)) fputs("&middot;", f), s += 1;
        else if (!strncmp(s, "\xC3\x97", 2)) fputs("&times;", f), s += 1;
        else if (*s == '&' || *s == '<' || *s == '>' || *s == '"' || *s == '\'') html_esc_1(f, *s);
        else fputc(*s, f);
    }
}

static void html_dl_row(Ctx *c, const char *dt) {
    fputs("<dt>", c->f);
    html_text(c->f, dt);
    fputs("</dt><dd>", c->f);
}

static void html_sources(Ctx *c, const LsrStep *s) {
    if (!s->n_sources) return;
    fputs("<p class=\"sources\">", c->f);
    html_text(c->f, _("Sources:"));
    fputc(' ', c->f);
    for (uint32_t j = 0; j < s->n_sources; j++) {
        const LsrSource *so = &c->sc->sources[c->sc->source_refs[s->sources_first + j]];
        if (j) fputs("; ", c->f);
        fputs("<cite>", c->f);
        html_esc(c->f, so->title);
        fputs("</cite>", c->f);
        if (so->author && so->author[0]) {
            fputs(", ", c->f);
            html_esc(c->f, so->author);
        }
        fputs(" <code>[", c->f);
        html_esc(c->f, so->id);
        fputs("]</code>", c->f);
    }
    fputs("</p>\n", c->f);
}

static void html_history(Ctx *c, const LsrStep *s) {
    if (has_text(&s->note)) {
        fputs("<div class=\"note\">", c->f);
        html_paras(c->f, T(c, &s->note));
        fputs("</div>\n", c->f);
    }
    if (s->hist_contested) {
        fputs("<p class=\"contested\"><strong>", c->f);
        html_text(c->f, _(LSR_CONTESTED_TAG));
        fputs(".</strong></p>\n", c->f);
    }
    if (has_text(&s->disagreement)) {
        fputs("<div class=\"disagree\"><strong>", c->f);
        html_text(c->f, _("Where the sources disagree."));
        fputs("</strong> ", c->f);
        html_esc(c->f, T(c, &s->disagreement));
        fputs("</div>\n", c->f);
    }
    html_sources(c, s);
}

static void html_events(Ctx *c, const LsrTraceEntry *e) {
    if (!e->n_fired) return;
    fputs("<p class=\"events\">", c->f);
    html_text(c->f, _("Then:"));
    fputc(' ', c->f);
    uint32_t shown = e->n_fired < 32 ? e->n_fired : 32;
    for (uint32_t j = 0; j < shown; j++) {
        if (j) fputs("; ", c->f);
        html_esc(c->f, T(c, &c->sc->events[e->fired[j]].title));
    }
    fputs(".</p>\n", c->f);
}

static void svg_bar(Ctx *c, uint32_t n, uint32_t total, const char *color) {
    double w = total ? 100.0 * n / total : 0.0;
    fprintf(c->f,
            "<svg class=\"bar\" viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\" aria-hidden=\"true\">"
            "<rect width=\"100\" height=\"10\" fill=\"#efe8dc\"/><rect width=\"%.2f\" height=\"10\" fill=\"%s\"/>"
            "</svg>",
            w, color);
}

/* A step's opening: its article, "Step N · [kind ·] date · place" and its
 * title. */
static void step_head(Ctx *c, size_t k, const LsrStep *s, const char *cls, const char *kind) {
    char d[40];
    fmt_date(s->date, d, sizeof d);
    fprintf(c->f, "<article class=\"%s\" id=\"step-%zu\">\n<p class=\"step-meta\">", cls, k + 1);
    fprintf(c->f, _("Step %zu"), k + 1);
    if (kind) fprintf(c->f, " &middot; %s", kind);
    fputs(" &middot; ", c->f);
    html_esc(c->f, d);
    if (has_text(&s->place)) {
        fputs(" &middot; ", c->f);
        html_esc(c->f, T(c, &s->place));
    }
    fputs("</p>\n<h3>", c->f);
    html_esc(c->f, T(c, &s->title));
    fputs("</h3>\n", c->f);
}

static void html_decision(Ctx *c, size_t k) {
    const LsrTraceEntry *e = entry(c, k);
    const LsrStep *s = step_of(c, k);
    const LsrChoice *ch = choice_at(c, s, e->choice), *hc = choice_at(c, s, s->hist_choice);
    bool match = e->choice == s->hist_choice;
    step_head(c, k, s, match ? "step" : "step differs", NULL);
    if (e->tally) {
        uint32_t total = lsr_rp_tally_total(e);
        fputs("<table class=\"tally\" aria-label=\"", c->f);
        fprintf(c->f, lsr_ui_n("Class vote, %u vote", "Class vote, %u votes", total), total);
        fputs("\">\n", c->f);
        for (uint32_t j = 0; j < e->n_tally; j++) {
            const LsrChoice *cj = choice_at(c, s, j);
            bool picked = j == e->choice, hist = j == s->hist_choice;
            fprintf(c->f, "<tr%s><td class=\"label\">", picked ? " class=\"picked\"" : "");
            html_esc(c->f, T(c, &cj->label));
            fputs("</td><td class=\"bar\">", c->f);
            svg_bar(c, e->tally[j], total, picked ? ACCENT : "#b9aa96");
            unsigned pct = total ? (unsigned)((e->tally[j] * 100u + total / 2u) / total) : 0u;
            fputs("</td><td class=\"n\">", c->f);
            fprintf(c->f, lsr_ui_n("%u vote", "%u votes", e->tally[j]), e->tally[j]);
            fprintf(c->f, " &middot; %u%%</td><td class=\"tag\">", pct);
            if (picked) html_text(c->f, _("class choice"));
            if (picked && hist) fputs("<br>", c->f);
            if (hist) html_text(c->f, _("what they did"));
            fputs("</td></tr>\n", c->f);
        }
        fputs("</table>\n", c->f);
    }
    fputs("<dl class=\"facts\">\n", c->f);
    html_dl_row(c, e->tally ? _("Class choice") : _("Your choice"));
    html_esc(c->f, T(c, &ch->label));
    if (e->tally)
        fprintf(c->f, lsr_ui_n(" (%u of %u vote)", " (%u of %u votes)", lsr_rp_tally_total(e)), e->tally[e->choice],
                lsr_rp_tally_total(e));
    fputs("</dd>\n", c->f);
    html_dl_row(c, _("What they did"));
    html_esc(c->f, T(c, &hc->label));
    fputs("</dd>\n", c->f);
    html_dl_row(c, _("Same as history?"));
    if (match) fprintf(c->f, "<span class=\"yes\">%s</span>", _("Yes"));
    else {
        fprintf(c->f, "<span class=\"no\">%s</span>", _("No"));
        if (ch->credit_permille > 0) {
            char cr[16];
            lsr_rp_credit_str(ch->credit_permille, cr, sizeof cr);
            lsr_rp_decimal(cr);
            char t[256];
            snprintf(t, sizeof t, _("partial credit %s (a choice close to theirs)"), cr);
            fputs(" &middot; ", c->f);
            html_text(c->f, t);
        }
    }
    if (s->hist_weight > 1) {
        char t[256];
        snprintf(t, sizeof t, _("counts %u\xC3\x97 in the score"), (unsigned)s->hist_weight);
        fputs(" &middot; ", c->f);
        html_text(c->f, t);
    }
    fputs("</dd>\n</dl>\n", c->f);
    html_history(c, s);
    html_events(c, e);
    fputs("</article>\n", c->f);
}

static void vote_line(Ctx *c, const int32_t v[3], bool passed) {
    fprintf(c->f, _("%d yes, %d no, %d abstaining"), (int)v[0], (int)v[1], (int)v[2]);
    fprintf(c->f, " &middot; <span class=\"%s\">%s</span>", passed ? "yes" : "no", passed ? _("passed") : _("failed"));
}

static void svg_stacked(Ctx *c, const int32_t v[3]) {
    double t = (double)(v[0] > 0 ? v[0] : 0) + (v[1] > 0 ? v[1] : 0) + (v[2] > 0 ? v[2] : 0);
    if (t <= 0) return;
    double a = 100.0 * (v[0] > 0 ? v[0] : 0) / t, b = 100.0 * (v[1] > 0 ? v[1] : 0) / t;
    fprintf(c->f,
            "<svg class=\"bar\" viewBox=\"0 0 100 10\" preserveAspectRatio=\"none\" aria-hidden=\"true\">"
            "<rect width=\"100\" height=\"10\" fill=\"#d8d0c4\"/>"
            "<rect width=\"%.2f\" height=\"10\" fill=\"#2f6b3b\"/>"
            "<rect x=\"%.2f\" width=\"%.2f\" height=\"10\" fill=\"" ACCENT "\"/></svg>",
            a, a, b);
}

static void html_vote(Ctx *c, size_t k) {
    const LsrTraceEntry *e = entry(c, k);
    const LsrStep *s = step_of(c, k);
    step_head(c, k, s, "step vote", _("Vote"));
    fputs("<dl class=\"facts\">\n", c->f);
    html_dl_row(c, _("Motion"));
    html_esc(c->f, T(c, &s->motion));
    fputs("</dd>\n", c->f);
    html_dl_row(c, _("In your game"));
    vote_line(c, e->vote, e->passed);
    svg_stacked(c, e->vote);
    fputs("</dd>\n", c->f);
    html_dl_row(c, s->hist_estimate ? _(lsr_hist_tally_label(s)) : _("In history"));
    if (s->hist_tally[0] >= 0) {
        int32_t h[3] = {s->hist_tally[0], s->hist_tally[1] < 0 ? 0 : s->hist_tally[1],
                        s->hist_tally[2] < 0 ? 0 : s->hist_tally[2]};
        bool hp = s->hist_pass >= 0 ? s->hist_pass == 1 : h[0] > h[1];
        vote_line(c, h, hp);
        svg_stacked(c, h);
    } else if (s->hist_pass >= 0) {
        char t[80];
        snprintf(t, sizeof t, "<span class=\"%s\">%s</span>", s->hist_pass ? "yes" : "no",
                 s->hist_pass ? _("passed") : _("failed"));
        fprintf(c->f, _("%s (no count recorded in the sources)"), t);
    } else {
        html_text(c->f, _("not recorded"));
    }
    fputs("</dd>\n</dl>\n", c->f);
    html_history(c, s);
    html_events(c, e);
    fputs("</article>\n", c->f);
}

static void html_chart(Ctx *c, uint32_t v, const LsrVarScore *vs) {
    const LsrVar *var = &c->sc->vars[v];
    HistPt *hp = malloc(sizeof *hp * (var->n_hist ? var->n_hist : 1));
    if (!hp) {
        c->oom = true;
        return;
    }
    size_t nh = lsr_rp_hist_track(c, v, hp);
    int64_t lo = lsr_rp_value_after(c, v, 0), hi = lo;
    for (size_t x = 0; x <= c->n; x++) {
        int64_t y = lsr_rp_value_after(c, v, x);
        if (y < lo) lo = y;
        if (y > hi) hi = y;
    }
    for (size_t i = 0; i < nh; i++) {
        if (hp[i].v < lo) lo = hp[i].v;
        if (hp[i].v > hi) hi = hp[i].v;
    }
    /* Pad the data range, within the variable's own range. */
    int64_t range = (int64_t)var->max - var->min;
    int64_t pad = (hi - lo) / 6;
    if (pad < range / 20) pad = range / 20;
    if (pad < 1) pad = 1;
    lo = lo - pad < var->min ? var->min : lo - pad;
    hi = hi + pad > var->max ? var->max : hi + pad;
    if (hi <= lo) hi = lo + 1;
    const double W = 320, H = 150, L = 34, R = 10, TOP = 8, B = 22;
    double span_x = (double)(c->n ? c->n : 1);
#define PX(x) (L + (W - L - R) * (double)(x) / span_x)
#define PY(y) (TOP + (H - TOP - B) * (double)(hi - (y)) / (double)(hi - lo))
    char a[48], b[48];
    fputs("<figure class=\"chart\">\n<svg class=\"line\" viewBox=\"0 0 320 150\" role=\"img\" aria-label=\"", c->f);
    html_esc(c->f, T(c, &var->label));
    fputs(": ", c->f);
    html_text(c->f, _("your game against history"));
    fputs("\">\n", c->f);
    /* Grid and value labels at the bottom, middle and top. */
    int64_t ticks[3] = {lo, lo + (hi - lo) / 2, hi};
    for (int i = 0; i < 3; i++) {
        if (i == 1 && (ticks[1] == lo || ticks[1] == hi)) continue;
        double y = PY(ticks[i]);
        fprintf(c->f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e3dbcf\" stroke-width=\"1\"/>",
                L, y, W - R, y);
        fprintf(c->f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%lld</text>\n", L - 4, y + 3, (long long)ticks[i]);
    }
    /* Step ticks: every step when few, else every fifth. */
    size_t every = c->n <= 12 ? 1 : 5;
    for (size_t x = 0; x <= c->n; x++) {
        if (x != 0 && x != c->n && x % every) continue;
        double px = PX(x);
        fprintf(c->f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#b9aa96\" stroke-width=\"1\"/>",
                px, H - B, px, H - B + 3);
        if (x == 0) fprintf(c->f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"start\">%s</text>\n", px, H - B + 13, _("start"));
        else if (x == c->n && lsr_game_ending(c->g))
            fprintf(c->f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n", px, H - B + 13, _("end"));
        else if (x + 2 < c->n || x == c->n)
            fprintf(c->f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%zu</text>\n", px, H - B + 13, x);
    }
    fprintf(c->f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#b9aa96\" stroke-width=\"1\"/>\n",
            L, H - B, W - R, H - B);
    if (nh) {
        fputs("<polyline fill=\"none\" stroke=\"#6d6760\" stroke-width=\"1.6\" stroke-dasharray=\"5 3\" points=\"", c->f);
        for (size_t i = 0; i < nh; i++) fprintf(c->f, "%s%.1f,%.1f", i ? " " : "", PX(hp[i].x), PY(hp[i].v));
        fputs("\"/>\n", c->f);
        for (size_t i = 0; i < nh; i++)
            fprintf(c->f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.6\" fill=\"#fffdf8\" stroke=\"#6d6760\" stroke-width=\"1.3\"/>",
                    PX(hp[i].x), PY(hp[i].v));
        fputs("\n", c->f);
    }
    fputs("<polyline fill=\"none\" stroke=\"" ACCENT "\" stroke-width=\"2.2\" stroke-linejoin=\"round\" points=\"", c->f);
    for (size_t x = 0; x <= c->n; x++) fprintf(c->f, "%s%.1f,%.1f", x ? " " : "", PX(x), PY(lsr_rp_value_after(c, v, x)));
    fputs("\"/>\n", c->f);
    for (size_t x = 0; x <= c->n; x++)
        fprintf(c->f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"1.8\" fill=\"" ACCENT "\"/>", PX(x), PY(lsr_rp_value_after(c, v, x)));
    fputs("\n</svg>\n<figcaption><b>", c->f);
#undef PX
#undef PY
    html_esc(c->f, T(c, &var->label));
    fputs("</b>: ", c->f);
    lsr_rp_value_str(var, vs->final, a, sizeof a);
    lsr_rp_value_str(var, vs->historical, b, sizeof b);
    html_text(c->f, _("your game"));
    fputc(' ', c->f);
    html_esc(c->f, a);
    fputs(", ", c->f);
    html_text(c->f, _("historical path"));
    fputc(' ', c->f);
    html_esc(c->f, b);
    if (lsr_var_is_game_scale(var)) fprintf(c->f, " %s", _("(game scale)"));
    fputc(' ', c->f);
    html_text(c->f, var->better == LSR_BETTER_LOWER ? _("(lower is better)") : _("(higher is better)"));
    fputs("</figcaption>\n</figure>\n", c->f);
    free(hp);
}

static void html_scores(Ctx *c) {
    const LsrScore *sc = &c->score;
    char f[16], o[16];
    lsr_rp_tenths(sc->fidelity_permille, false, f, sizeof f);
    lsr_rp_tenths(sc->outcome_permille, true, o, sizeof o);
    char t[1024];
    fprintf(c->f, "<section id=\"scores\">\n<h2>%s</h2>\n<h3>", _("Scores"));
    fprintf(c->f, _("Historical fidelity: %s%%"), f);
    fputs("</h3>\n<p>", c->f);
    snprintf(t, sizeof t, lsr_rp_fidelity_text(sc->decisions), sc->matched, sc->decisions);
    html_text(c->f, t);
    fputs("</p>\n<h3>", c->f);
    fprintf(c->f, _("Outcome against history: %s"), o);
    fputs("</h3>\n<p>", c->f);
    html_text(c->f, _("How the party ended up compared with where it really stood, on a scale from \xE2\x88\x92" "100 (far "
                      "worse than history) through 0 (as history went) to +100 (far better). Each measure below adds its "
                      "difference from history, as a share of its range; the score is their average."));
    fputs("</p>\n", c->f);
    if (sc->n_vars) {
        fprintf(c->f, "<table class=\"vars\">\n<tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>\n",
                _("Measure"), _("Start"), _("Your game"), _("Historical path"), _("Effect on score"));
        uint32_t shown = sc->n_vars < 64 ? sc->n_vars : 64;
        for (uint32_t i = 0; i < shown; i++) {
            const LsrVarScore *vs = &sc->vars[i];
            const LsrVar *var = &c->sc->vars[vs->var];
            char s0[48], s1[48], s2[48], dd[16];
            lsr_rp_value_str(var, lsr_game_initial_vars(c->g)[vs->var], s0, sizeof s0);
            lsr_rp_value_str(var, vs->final, s1, sizeof s1);
            lsr_rp_value_str(var, vs->historical, s2, sizeof s2);
            lsr_rp_tenths(vs->delta_permille, true, dd, sizeof dd);
            fputs("<tr><td>", c->f);
            html_esc(c->f, T(c, &var->label));
            if (var->better == LSR_BETTER_LOWER) fprintf(c->f, " <span class=\"meta\">%s</span>", _("(lower is better)"));
            fputs("</td><td>", c->f);
            html_esc(c->f, s0);
            fputs("</td><td>", c->f);
            html_esc(c->f, s1);
            fputs("</td><td>", c->f);
            html_esc(c->f, s2);
            if (lsr_var_is_game_scale(var)) fprintf(c->f, " <span class=\"meta\">%s</span>", _("(game scale)"));
            fprintf(c->f, "</td><td><span class=\"%s\">%s</span> <span class=\"meta\">%s</span></td></tr>\n",
                    vs->delta_permille > 0 ? "yes" : vs->delta_permille < 0 ? "no" : "meta", dd,
                    lsr_rp_effect_word(vs->delta_permille));
        }
        fputs("</table>\n", c->f);
        /* TRANSLATORS: HTML; keep the two <span> elements (the legend's line samples) */
        fprintf(c->f, "<p class=\"legend\">%s</p>\n<div class=\"charts\">\n",
                _("The charts show each measure after every step of your game<span class=\"swatch\"></span>your "
                  "game<span class=\"swatch hist\"></span>historical path (the values the Left SRs really had at "
                  "the same points of the story). The numbers under each chart are steps."));
        for (uint32_t i = 0; i < shown; i++) html_chart(c, sc->vars[i].var, &sc->vars[i]);
        fputs("</div>\n", c->f);
    }
    fputs("</section>\n", c->f);
}

static void html_ending(Ctx *c) {
    const LsrEnding *end = lsr_game_ending(c->g);
    fprintf(c->f, "<section id=\"ending\">\n<h2>%s</h2>\n<div class=\"ending\">\n", _("How it ended"));
    if (end) {
        fputs("<h3>", c->f);
        html_esc(c->f, T(c, &end->title));
        fputs("</h3>\n", c->f);
        if (end->historical) fprintf(c->f, "<p class=\"meta\">%s</p>\n", _("This is the ending history took."));
        else {
            fprintf(c->f, "<p class=\"meta\">%s ", _("History took another ending:"));
            html_esc(c->f, T(c, &c->sc->endings[c->sc->historical_ending].title));
            fputs(".</p>\n", c->f);
        }
        html_paras(c->f, T(c, &end->epilogue));
    } else if (lsr_game_step(c->g)) {
        fprintf(c->f, "<h3>%s</h3>\n<p>%s ", _("Not finished"), _("Play stopped before the end, at"));
        html_esc(c->f, T(c, &lsr_game_step(c->g)->title));
        fputs(".</p>\n", c->f);
    } else {
        fprintf(c->f, "<h3>%s</h3>\n<p>%s</p>\n", _("No ending"),
                _("The story reached a point where no ending applies (a scenario defect: please report it)."));
    }
    fputs("</div>\n</section>\n", c->f);
}

void lsr_rp_write_html(Ctx *c) {
    const LsrScenario *sc = c->sc;
    FILE *f = c->f;
    const char *lang = c->lang ? c->lang : (sc->language ? sc->language : "en");
    char a[40], b[40], fid[16], out[16];
    fmt_date(sc->period_start, a, sizeof a);
    fmt_date(sc->period_end, b, sizeof b);
    lsr_rp_tenths(c->score.fidelity_permille, false, fid, sizeof fid);
    lsr_rp_tenths(c->score.outcome_permille, true, out, sizeof out);
    fputs("<!DOCTYPE html>\n<html lang=\"", f);
    html_esc(f, lang);
    fputs("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"generator\" content=\"" REPORT_MARK "\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
          f);
    html_esc(f, c->title);
    fputs(" \xE2\x80\x94 ", f);
    html_text(f, _("class report"));
    fputs("</title>\n<style>\n", f);
    for (size_t i = 0; i < sizeof HTML_CSS / sizeof HTML_CSS[0]; i++) fputs(HTML_CSS[i], f);
    fputs("</style>\n</head>\n<body>\n<main>\n<header class=\"top\">\n<p class=\"kicker\">", f);
    html_text(f, _("Left Socialist-Revolutionaries \xC2\xB7 class report"));
    fputs("</p>\n<h1>", f);
    html_esc(f, c->title);
    fputs("</h1>\n<p class=\"sub serif\">", f);
    if (strcmp(c->title, T(c, &sc->title)) != 0) {
        html_esc(f, T(c, &sc->title));
        fputs(", ", f);
    }
    html_esc(f, a);
    fputs(" \xE2\x80\x93 ", f);
    html_esc(f, b);
    char played[160];
    snprintf(played, sizeof played, _("Played on %s"), c->played[0] ? c->played : _("(date not recorded)"));
    fputs("</p>\n<p class=\"meta\">", f);
    html_esc(f, played);
    fputs(" &middot; ", f);
    fprintf(f, lsr_ui_n("%u decision", "%u decisions", c->score.decisions), c->score.decisions);
    if (lsr_rp_any_tally(c)) fprintf(f, " &middot; %s", _("class votes recorded"));
    fputs("</p>\n</header>\n", f);
    if (c->warning && c->warning[0]) {
        fputs("<p class=\"warning\">\xE2\x9A\xA0 ", f);
        html_esc(f, c->warning);
        fputs("</p>\n", f);
    }
    const LsrEnding *end = lsr_game_ending(c->g);
    char pct[32];
    lsr_rp_percent(fid, pct, sizeof pct);
    fprintf(f, "<div class=\"cards\">\n<div class=\"card\"><div class=\"label\">%s</div>"
               "<div class=\"big\">%s</div><div class=\"small\">",
            _("Historical fidelity"), pct);
    fprintf(f, lsr_ui_n("%u of %u decision as history", "%u of %u decisions as history", c->score.decisions),
            c->score.matched, c->score.decisions);
    fprintf(f, "</div></div>\n<div class=\"card\"><div class=\"label\">%s</div><div class=\"big\">%s</div>"
               "<div class=\"small\">",
            _("Outcome against history"), out);
    html_text(f, _("\xE2\x88\x92" "100 worse \xC2\xB7 0 as history \xC2\xB7 +100 better"));
    fprintf(f, "</div></div>\n<div class=\"card\"><div class=\"label\">%s</div>"
               "<div class=\"big\" style=\"font-size:14pt\">",
            _("Ending"));
    html_esc(f, end ? T(c, &end->title) : _("Not finished"));
    fprintf(f, "</div><div class=\"small\">%s</div></div>\n</div>\n",
            end ? (end->historical ? _("as in history") : _("not as in history")) : _("play stopped before the end"));
    if (has_text(&sc->briefing)) {
        fprintf(f, "<section id=\"situation\">\n<h2>%s</h2>\n<div class=\"intro\">\n", _("The situation"));
        html_paras(f, T(c, &sc->briefing));
        fputs("</div>\n</section>\n", f);
    }
    lsr_rp_html_route(c);
    fprintf(f, "<section id=\"steps\">\n<h2>%s</h2>\n", _("Decision by decision"));
    if (c->n == 0) fprintf(f, "<p>%s</p>\n", _("No decision was taken in this game."));
    for (size_t k = 0; k < c->n; k++) {
        if (step_of(c, k)->type == LSR_STEP_DECISION) html_decision(c, k);
        else html_vote(c, k);
    }
    fputs("</section>\n", f);
    html_scores(c);
    html_ending(c);
    bool *used = sc->n_glossary ? calloc(sc->n_glossary, sizeof *used) : NULL;
    if (used && lsr_rp_glossary_used(c, used)) {
        fprintf(f, "<section id=\"terms\">\n<h2>%s</h2>\n<dl class=\"terms\">\n", _("Terms used in this game"));
        for (uint32_t k = 0; k < sc->n_glossary; k++) {
            if (!used[k]) continue;
            fputs("<dt>", f);
            html_esc(f, T(c, &sc->glossary[k].term));
            fputs("</dt><dd>", f);
            html_esc(f, T(c, &sc->glossary[k].definition));
            fputs("</dd>\n", f);
        }
        fputs("</dl>\n</section>\n", f);
    }
    free(used);
    fprintf(f, "<section id=\"questions\">\n<h2>%s</h2>\n<ol class=\"questions\">\n", _("Questions for discussion"));
    for (int q = 0; q < c->n_questions; q++) {
        fputs("<li>", f);
        html_esc(f, c->questions[q]);
        fputs("</li>\n", f);
    }
    fprintf(f, "</ol>\n</section>\n<section id=\"sources\">\n<h2>%s</h2>\n<ul class=\"srclist\">\n", _("Sources"));
    for (uint32_t i = 0; i < sc->n_sources; i++) {
        const LsrSource *so = &sc->sources[i];
        fputs("<li><cite>", f);
        html_esc(f, so->title);
        fputs("</cite>", f);
        if (so->author && so->author[0]) {
            fputs(", ", f);
            html_esc(f, so->author);
        }
        fputs(" <code>[", f);
        html_esc(f, so->id);
        fputs("]</code>", f);
        if (so->perspective && so->perspective[0]) {
            fputs(" &mdash; ", f);
            html_esc(f, so->perspective);
        }
        fputs("</li>\n", f);
    }
    fputs("</ul>\n</section>\n<footer>", f);
    char code[300];
    snprintf(code, sizeof code, "<code>%s</code>", sc->id);
    fprintf(f, _("Made with leftsr from the game's save (scenario %s, seed %llu)."), code,
            (unsigned long long)lsr_game_seed(c->g));
    fprintf(f, " %s</footer>\n</main>\n</body>\n</html>\n",
            _("The game simplifies history: numbers such as trust or unity are game measures, not historical data; "
              "the history notes say what the sources support."));
}
