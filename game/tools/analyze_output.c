/* `leftsr analyze` output: the findings of an exact analysis or of random
 * play, and their text and JSON reports. */
#include "analyze_internal.h"
#include "i18n.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ 128-bit */

char *lsr_u128_str(lsr_u128 v, char *buf, size_t n) {
    char tmp[48];
    size_t k = 0;
    do {
        tmp[k++] = (char)('0' + (int)(v % 10));
        v /= 10;
    } while (v && k < sizeof tmp);
    size_t i = 0;
    while (k && i + 1 < n) buf[i++] = tmp[--k];
    if (n) buf[i] = '\0';
    return buf;
}

/* ------------------------------------------------------------- findings */

#if defined(__GNUC__)
__attribute__((format(printf, 5, 6)))
#endif
static void add_finding(Findings *f, FSev sev, const char *code, const LsrPath *path,
                        const char *fmt, ...) {
    if (f->n == f->cap) {
        size_t nc = f->cap ? f->cap * 2 : 32;
        Finding *nv = realloc(f->v, nc * sizeof(Finding));
        if (!nv) return;
        f->v = nv;
        f->cap = nc;
    }
    Finding *x = &f->v[f->n++];
    x->sev = sev;
    x->code = code;
    x->path = path;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(x->msg, sizeof x->msg, fmt, ap);
    va_end(ap);
    if (sev == F_ERROR) f->errors++;
    else if (sev == F_WARNING) f->warnings++;
    else f->notes++;
}

static const char *sev_name(FSev s) {
    return s == F_ERROR ? "error" : s == F_WARNING ? "warning" : "note";
}

/* The severity as the text report says it (the code after it stays). */
static const char *sev_label(FSev s) {
    /* TRANSLATORS: a finding's severity, before its code: "error[A_STUCK]: ..." */
    return s == F_ERROR ? _("error") : s == F_WARNING ? _("warning") : _("note");
}

/* A count for lsr_ui_n: the plural rules read n % 10 and n % 100, which a
 * smaller stand-in keeps. */
static unsigned long plural_n(lsr_u128 n, bool sat) {
    if (sat) return 5;
    return n < 100 ? (unsigned long)n : (unsigned long)(n % 100) + 100;
}

/* Columns a UTF-8 string takes (one per character). */
static size_t text_width(const char *s, size_t bytes) {
    size_t w = 0;
    for (size_t i = 0; i < bytes && s[i]; i++) w += (s[i] & 0xC0) != 0x80;
    return w;
}

/* s, then spaces up to width columns (at least min_gap). */
static void pad(FILE *out, const char *s, size_t width, size_t min_gap) {
    size_t w = text_width(s, strlen(s));
    fputs(s, out);
    for (size_t i = w; i < width || i < w + min_gap; i++) fputc(' ', out);
}

/* Spaces, then s right-aligned in width columns. */
static void pad_left(FILE *out, const char *s, size_t width) {
    for (size_t i = text_width(s, strlen(s)); i < width; i++) fputc(' ', out);
    fputs(s, out);
}

/* Text whose further lines start indent columns in (a translation may
 * break where the English does). */
static void print_indented(FILE *out, const char *text, int indent) {
    for (const char *p = text; *p; p++) {
        fputc(*p, out);
        if (*p == '\n' && p[1]) fprintf(out, "%*s", indent, "");
    }
    fputc('\n', out);
}

/* A labelled line of the summary: the label in a 15-column gutter, the text
 * after it, each further line of the text indented under the first. */
static void print_field(FILE *out, const char *label, const char *text) {
    pad(out, label, 15, 1);
    print_indented(out, text, 15);
}

static const char *choice_id(const LsrScenario *sc, uint32_t step, uint32_t i) {
    const LsrStep *s = &sc->steps[step];
    return i < s->n_choices ? sc->choices[s->choices_first + i].id : "?";
}

/* "step:choice", "step:choice[2]" (second outcome), "vote:passed". */
static void path_token(const LsrScenario *sc, const LsrPathStep *ps, char *buf, size_t n) {
    const LsrStep *s = &sc->steps[ps->step];
    if (s->type == LSR_STEP_VOTE)
        snprintf(buf, n, "%s:%s", s->id, ps->outcome ? "passed" : "failed");
    else if (ps->outcome != LSR_NEXT_NONE)
        snprintf(buf, n, "%s:%s[%u]", s->id, choice_id(sc, ps->step, ps->choice), ps->outcome + 1);
    else
        snprintf(buf, n, "%s:%s", s->id, choice_id(sc, ps->step, ps->choice));
}

static const char *end_name(const LsrScenario *sc, uint32_t end) {
    if (end == LSR_POS_STUCK) return "STUCK";
    if ((end & 0xC0000000u) == LSR_POS_FAULT && end != LSR_NEXT_END && end != LSR_NEXT_NONE) return "OVERFLOW";
    return lsr_node_id(sc, end);
}

/* Prints a path wrapped to 80 columns, each line starting with indent. */
static void print_path(FILE *out, const LsrScenario *sc, const LsrPath *p, const char *indent) {
    size_t col = (size_t)fprintf(out, "%s", indent);
    const size_t ind = strlen(indent);
    char tok[200];
    for (uint32_t k = 0; k <= p->n; k++) {
        if (k == p->n) {
            const char *e = end_name(sc, p->end);
            if (p->loop_at != UINT32_MAX) snprintf(tok, sizeof tok, "(back to %s)", e);
            else if (p->end < sc->n_steps) snprintf(tok, sizeof tok, "%s ...", e);
            else snprintf(tok, sizeof tok, "[%s]", e);
        } else {
            size_t pre = 0;
            if (k == p->loop_at) {
                memcpy(tok, "(loop) ", 7);
                pre = 7;
            }
            path_token(sc, &p->items[k], tok + pre, sizeof tok - pre);
        }
        size_t len = strlen(tok) + (k ? 3 : 0);
        if (k && col + len + 2 > 80) {
            fprintf(out, " >\n%s", indent);
            col = ind;
            len -= 3;
            fprintf(out, "%s", tok);
        } else {
            fprintf(out, "%s%s", k ? " > " : "", tok);
        }
        col += len;
    }
    fputc('\n', out);
}

/* Prints text word-wrapped to 80 columns; continuation lines get indent. */
static void print_wrapped(FILE *out, const char *text, size_t indent) {
    size_t col = 0;
    const char *p = text;
    while (*p == ' ') fputc(*p++, out), col++;
    size_t lead = col;
    while (*p) {
        const char *sp = strchr(p, ' ');
        size_t wl = sp ? (size_t)(sp - p) : strlen(p);
        size_t ww = text_width(p, wl);
        if (col > indent && col > lead && col + 1 + ww > 80) {
            fprintf(out, "\n%*s", (int)indent, "");
            col = indent;
        } else if (col > lead) {
            fputc(' ', out);
            col++;
        }
        fwrite(p, 1, wl, out);
        col += ww;
        p += wl;
        while (*p == ' ') p++;
    }
    fputc('\n', out);
}

static cJSON *path_json(const LsrScenario *sc, const LsrPath *p) {
    cJSON *o = cJSON_CreateObject();
    cJSON *steps = cJSON_AddArrayToObject(o, "steps");
    for (uint32_t k = 0; k < p->n; k++) {
        const LsrPathStep *ps = &p->items[k];
        const LsrStep *s = &sc->steps[ps->step];
        cJSON *it = cJSON_CreateObject();
        cJSON_AddStringToObject(it, "step", s->id);
        if (s->type == LSR_STEP_VOTE) {
            cJSON_AddBoolToObject(it, "passed", ps->outcome != 0);
        } else {
            cJSON_AddStringToObject(it, "choice", choice_id(sc, ps->step, ps->choice));
            if (ps->outcome != LSR_NEXT_NONE) cJSON_AddNumberToObject(it, "outcome", ps->outcome);
        }
        cJSON_AddItemToArray(steps, it);
    }
    cJSON_AddStringToObject(o, "end", end_name(sc, p->end));
    if (p->loop_at != UINT32_MAX) cJSON_AddNumberToObject(o, "loop_at", p->loop_at);
    return o;
}

char *lsr_an_group_digits(const char *digits, char *buf, size_t n) {
    /* TRANSLATORS: the thousands separator of large counts (1,234,567), one character */
    const char *sep = _(",");
    char comma = sep[0] && !sep[1] ? sep[0] : ',';
    size_t len = strlen(digits), j = 0;
    for (size_t i = 0; i < len && j + 2 < n; i++) {
        if (i && (len - i) % 3 == 0) buf[j++] = comma;
        buf[j++] = digits[i];
    }
    buf[j] = '\0';
    return buf;
}

static char *count_str(lsr_u128 v, bool sat, char *buf, size_t n) {
    if (sat) {
        snprintf(buf, n, "%s", _("more than 2^128"));
        return buf;
    }
    char d[48];
    return lsr_an_group_digits(lsr_u128_str(v, d, sizeof d), buf, n);
}

static char *u64_str(uint64_t v, char *buf, size_t n) {
    char d[32];
    snprintf(d, sizeof d, "%" PRIu64, v);
    return lsr_an_group_digits(d, buf, n);
}

static long double u128_ld(lsr_u128 v) { return (long double)v; }

/* A run stopped by its memory or time budget: which limit, what was done
 * (random play or the exact analysis). */
static void add_budget_finding(Findings *f, LsrAnalyzeStatus st, bool random, const char *what) {
    bool mem = st == LSR_AN_MEMORY_BUDGET;
    char limit[64];
    u64_str(mem ? lsr_an_budget.max_bytes >> 20 : (uint64_t)lsr_an_budget.max_seconds, limit, sizeof limit);
    const char *code = mem ? "A_MEMORY_BUDGET" : "A_TIME_BUDGET";
    double s = lsr_an_budget_elapsed();
    if (random && mem)
        add_finding(f, F_ERROR, code, NULL, _("random play stopped at its memory budget (%s MB) %s, in %.1f s; "
                                              "raise it with --max-memory MB (the counts below are of those)"),
                    limit, what, s);
    else if (random)
        add_finding(f, F_ERROR, code, NULL, _("random play stopped at its time budget (%s s) %s, in %.1f s; "
                                              "raise it with --max-time SECONDS (the counts below are of those)"),
                    limit, what, s);
    else if (mem)
        add_finding(f, F_ERROR, code, NULL, _("analysis stopped at its memory budget (%s MB) %s, in %.1f s; "
                                              "raise it with --max-memory MB, or use --random"),
                    limit, what, s);
    else
        add_finding(f, F_ERROR, code, NULL, _("analysis stopped at its time budget (%s s) %s, in %.1f s; "
                                              "raise it with --max-time SECONDS, or use --random"),
                    limit, what, s);
}

void lsr_an_collect_findings(const LsrAnalysis *a, Findings *f) {
    const LsrScenario *sc = a->sc;
    char b1[64];
    if (a->status == LSR_AN_TOO_MANY_STATES) {
        char b2[64];
        add_finding(f, F_ERROR, "A_TOO_MANY_STATES", NULL,
                    lsr_ui_n("more than %s distinct situations (%s MB in use when it stopped); raise --max-states "
                             "(memory grows with it; --max-memory bounds it) or use --random",
                             "more than %s distinct situations (%s MB in use when it stopped); raise --max-states "
                             "(memory grows with it; --max-memory bounds it) or use --random",
                             plural_n(a->max_states, false)),
                    u64_str(a->max_states, b1, sizeof b1), u64_str(lsr_an_rss_bytes() >> 20, b2, sizeof b2));
        return;
    }
    if (a->status == LSR_AN_MEMORY_BUDGET || a->status == LSR_AN_TIME_BUDGET) {
        char b2[64], what[300];
        int k = snprintf(what, sizeof what,
                         lsr_ui_n("after exploring %s situations", "after exploring %s situations",
                                  plural_n(a->n_states, false)),
                         u64_str(a->n_states, b1, sizeof b1));
        if (k > 0 && (size_t)k < sizeof what)
            snprintf(what + k, sizeof what - (size_t)k,
                     lsr_ui_n(" and %s transitions", " and %s transitions", plural_n(a->n_edges, false)),
                     u64_str(a->n_edges, b2, sizeof b2));
        add_budget_finding(f, a->status, false, what);
        return;
    }
    if (a->status == LSR_AN_NOMEM) {
        add_finding(f, F_ERROR, "A_NOMEM", NULL,
                    lsr_ui_n("out of memory after %s situations; lower --max-states or use --random",
                             "out of memory after %s situations; lower --max-states or use --random",
                             plural_n(a->n_states, false)),
                    u64_str(a->n_states, b1, sizeof b1));
        return;
    }
    for (uint32_t s = 0; s < sc->n_steps; s++) {
        if (a->step_states[s]) continue;
        if (sc->steps[s].campaign_only)
            add_finding(f, F_NOTE, "A_CAMPAIGN_ONLY", NULL,
                        _("step '%s' is never shown when played alone; it is marked campaign_only"), sc->steps[s].id);
        else
            add_finding(f, F_ERROR, "A_STEP_UNREACHABLE", NULL,
                        _("step '%s' is never shown: no play-through arrives there"), sc->steps[s].id);
    }
    for (uint32_t e = 0; e < sc->n_endings; e++)
        if (!a->ending_states[e])
            add_finding(f, F_ERROR, "A_ENDING_UNREACHABLE", NULL, _("ending '%s' is never reached"),
                        sc->endings[e].id);
    if (a->stuck_states) {
        char b2[64], part[200], rest[400];
        snprintf(part, sizeof part,
                 lsr_ui_n("%s stuck situation", "%s stuck situations", plural_n(a->stuck_states, false)),
                 u64_str(a->stuck_states, b1, sizeof b1));
        if (!a->cyclic)
            snprintf(rest, sizeof rest,
                     lsr_ui_n(" (no ending applies or no choice is available), on %s path; for example:",
                              " (no ending applies or no choice is available), on %s paths; for example:",
                              plural_n(a->stuck_paths, a->stuck_paths_sat)),
                     count_str(a->stuck_paths, a->stuck_paths_sat, b2, sizeof b2));
        else
            snprintf(rest, sizeof rest, "%s", _(" (no ending applies or no choice is available); for example:"));
        add_finding(f, F_ERROR, "A_STUCK", &a->stuck_example, "%s%s", part, rest);
    }
    for (uint32_t k = 0; k < a->n_fault_effects; k++) {
        char where[300];
        lsr_effect_where(sc, a->fault_effect[k], where, sizeof where);
        add_finding(f, F_ERROR, "A_OVERFLOW", &a->fault_example[k],
                    _("%s can take its variable past the 32-bit range (it has no bound on that side), "
                      "which stops the game; for example:"), where);
    }
    if (a->dead_end_states) {
        char b2[64], part[200], rest[400];
        snprintf(part, sizeof part,
                 lsr_ui_n("%s situation stops at a step marked dead_end",
                          "%s situations stop at a step marked dead_end", plural_n(a->dead_end_states, false)),
                 u64_str(a->dead_end_states, b1, sizeof b1));
        if (!a->cyclic)
            snprintf(rest, sizeof rest,
                     lsr_ui_n(", on %s path (intended, not an error); for example:",
                              ", on %s paths (intended, not an error); for example:",
                              plural_n(a->dead_end_paths, a->dead_end_paths_sat)),
                     count_str(a->dead_end_paths, a->dead_end_paths_sat, b2, sizeof b2));
        else
            snprintf(rest, sizeof rest, "%s", _(" (intended, not an error); for example:"));
        add_finding(f, F_NOTE, "A_DEAD_END", &a->dead_end_example, "%s%s", part, rest);
    }
    if (a->cyclic)
        add_finding(f, F_ERROR, "A_CYCLE", &a->cycle,
                    "%s", _("a situation can repeat itself, so play can go round for ever; for example:"));
    for (uint32_t s = 0; s < sc->n_steps; s++) {
        const LsrStep *st = &sc->steps[s];
        if (!a->step_states[s] || st->type != LSR_STEP_DECISION) continue;
        for (uint32_t i = 0; i < st->n_choices; i++) {
            uint32_t gi = st->choices_first + i;
            const LsrChoice *c = &sc->choices[gi];
            if (!a->choice_avail[gi]) {
                add_finding(f, F_WARNING, "A_CHOICE_NEVER_AVAILABLE", NULL,
                            lsr_ui_n("choice '%s:%s' is never available (its condition is false in all "
                                     "%s situations at that step)",
                                     "choice '%s:%s' is never available (its condition is false in all "
                                     "%s situations at that step)",
                                     plural_n(a->step_states[s], false)),
                            st->id, c->id, u64_str(a->step_states[s], b1, sizeof b1));
                continue;
            }
            for (uint32_t o = 0; o < c->n_outcomes; o++)
                if (!a->outcome_taken[c->outcomes_first + o])
                    add_finding(f, F_WARNING, "A_OUTCOME_NEVER_TAKEN", NULL,
                                _("outcome %u of '%s:%s' never happens (its weight is always 0)"),
                                o + 1, st->id, c->id);
        }
    }
    for (uint32_t e = 0; e < sc->n_events; e++)
        if (!a->event_fired[e])
            add_finding(f, F_WARNING, "A_EVENT_NEVER_FIRES", NULL, _("event '%s' never fires"),
                        sc->events[e].id);
    if (a->hist_blocked && a->hist_path.end < sc->n_steps)
        add_finding(f, F_WARNING, "A_HISTORY_BLOCKED", &a->hist_path,
                    _("the historical choice at step '%s' is not available on the historical path:"),
                    sc->steps[a->hist_path.end].id);
    else if (a->hist_path.end >= sc->n_steps && a->hist_path.end != LSR_POS_STUCK &&
             a->hist_path.end - sc->n_steps != sc->historical_ending)
        add_finding(f, F_WARNING, "A_HISTORY_ENDING", &a->hist_path,
                    _("the historical choices lead to ending '%s', not the historical ending '%s':"),
                    lsr_node_id(sc, a->hist_path.end), sc->endings[sc->historical_ending].id);
    for (uint32_t s = 0; s < sc->n_steps; s++) {
        const LsrStep *st = &sc->steps[s];
        if (st->type != LSR_STEP_DECISION) continue;
        for (uint32_t i = 0; i < st->n_choices; i++) {
            uint32_t gi = st->choices_first + i;
            if (a->needed_checked && a->choice_avail[gi] && !a->choice_needed[gi])
                add_finding(f, F_NOTE, "A_CHOICE_NEVER_NEEDED", NULL,
                            _("choice '%s:%s' is never needed: wherever it is available, another "
                              "choice leads to each situation it leads to"),
                            st->id, sc->choices[gi].id);
        }
    }
    for (uint32_t v = 0; v < sc->n_vars; v++) {
        if (!a->var_hit_min[v] && !a->var_hit_max[v]) continue;
        char b2[64], b3[64];
        if (a->clamps_sampled) {
            add_finding(f, F_NOTE, "A_VAR_LIMIT", &a->var_hit_example[v],
                        _("variable '%s' is clamped at its limits in sampled play-throughs (%s of "
                          "%s at min %d, %s at max %d); for example:"),
                        sc->vars[v].id, u64_str(a->var_hit_min[v], b1, sizeof b1),
                        u64_str(a->score_samples, b3, sizeof b3), sc->vars[v].min,
                        u64_str(a->var_hit_max[v], b2, sizeof b2), sc->vars[v].max);
            continue;
        }
        add_finding(f, F_NOTE, "A_VAR_LIMIT", &a->var_hit_example[v],
                    lsr_ui_n("variable '%s' is clamped at its limits (%s transition at min %d, %s at "
                             "max %d); for example:",
                             "variable '%s' is clamped at its limits (%s transitions at min %d, %s at "
                             "max %d); for example:",
                             plural_n(a->var_hit_min[v], false)),
                    sc->vars[v].id, u64_str(a->var_hit_min[v], b1, sizeof b1), sc->vars[v].min,
                    u64_str(a->var_hit_max[v], b2, sizeof b2), sc->vars[v].max);
    }
}

static void prob_str(const LsrAnalysis *a, long double p, lsr_u128 num, lsr_u128 den, char *buf,
                     size_t n) {
    int k = snprintf(buf, n, "%10.6Lf%%", p * 100.0L);
    if (a->prob_exact && den && den <= (lsr_u128)1000000000000ull && k > 0 && (size_t)k < n) {
        char d1[48], d2[48];
        snprintf(buf + k, n - (size_t)k, "  = %s/%s", lsr_u128_str(num, d1, sizeof d1),
                 lsr_u128_str(den, d2, sizeof d2));
    }
}

static void bar(FILE *out, long double share, int width) {
    int n = (int)(share * (long double)width + 0.5L);
    if (share > 0 && n == 0) n = 1;
    for (int i = 0; i < width; i++) fputc(i < n ? '#' : ' ', out);
}

static void fid_label(int b, char *buf, size_t n) {
    if (b == 10) snprintf(buf, n, "100%%");
    else snprintf(buf, n, "%d-%d%%", b * 10, b * 10 + 9);
}

static void out_label(int b, char *buf, size_t n) {
    int lo = b * 10 - 100;
    if (b == 20) snprintf(buf, n, "+100");
    else snprintf(buf, n, "%+d..%+d", lo, lo + 9);
}

/* A table's heading line: a blank line, the title padded to width, then the
 * column names right-aligned in 14 and 10 columns. */
static void table_head(FILE *out, const char *title, size_t width, const char *col1, const char *col2) {
    fputc('\n', out);
    pad(out, title, width, 0);
    fputc(' ', out);
    pad_left(out, col1, 14);
    fputc(' ', out);
    pad_left(out, col2, 10);
    fputc('\n', out);
}

/* "  (stuck)      12  0.5000%": a label in width columns, a count in 14, a share. */
static void table_row(FILE *out, const char *label, size_t width, const char *count, long double pct) {
    fputs("  ", out);
    pad(out, label, width, 0);
    fprintf(out, " %14s %9.4Lf%%\n", count, pct);
}

/* "2 errors, 1 warning, 0 notes" */
static void print_counts(FILE *out, const Findings *f, bool notes) {
    fprintf(out, lsr_ui_n("%zu error", "%zu errors", f->errors), f->errors);
    fputs(", ", out);
    fprintf(out, lsr_ui_n("%zu warning", "%zu warnings", f->warnings), f->warnings);
    if (notes) {
        fputs(", ", out);
        fprintf(out, lsr_ui_n("%zu note", "%zu notes", f->notes), f->notes);
    }
    fputc('\n', out);
}

/* The findings, one wrapped paragraph each, with their example paths. */
static void print_findings(FILE *out, const LsrScenario *sc, const Findings *f, bool paths) {
    if (f->n) fprintf(out, "\n%s\n", _("Findings"));
    for (size_t i = 0; i < f->n; i++) {
        const Finding *x = &f->v[i];
        char line[1400];
        snprintf(line, sizeof line, "  %s[%s]: %s", sev_label(x->sev), x->code, x->msg);
        print_wrapped(out, line, 6);
        if (paths && x->path && (x->path->n || x->path->end != LSR_NEXT_NONE)) print_path(out, sc, x->path, "      ");
    }
}

static void print_score_line(FILE *out, const char *what, const LsrPathScore *s, uint32_t end,
                             const LsrScenario *sc) {
    char line[600], body[560];
    /* the exact ratio, rounded (8 of 9 shows as 88.9%, not 88.8%) */
    double fid = s->total ? (double)s->earned * 100.0 / (double)s->total : 100.0;
    snprintf(body, sizeof body, _("%s: fidelity %.1f%%, outcome %+.1f, ends at %s"), what, fid,
             s->outcome_permille / 10.0, end_name(sc, end));
    snprintf(line, sizeof line, "  %s", body);
    print_wrapped(out, line, 6);
}

/* A count: a JSON number while it is exact in a double (below 2^53), a
 * string of digits above, null when it reached 2^128. */
static cJSON *u128_json(lsr_u128 v, bool sat) {
    char d[48];
    if (sat) return cJSON_CreateNull();
    if (v < ((lsr_u128)1 << 53)) return cJSON_CreateNumber((double)v);
    return cJSON_CreateString(lsr_u128_str(v, d, sizeof d));
}

static cJSON *u64_json(uint64_t v) { return u128_json(v, false); }

/* The final values of the --var variable: distribution and means. */
static void print_var_dist(FILE *out, const LsrScenario *sc, const LsrVarDist *d, bool paths, bool sampled) {
    char b1[64];
    fputc('\n', out);
    fprintf(out, _("Variable '%s' at the endings"), sc->vars[d->var].id);
    fprintf(out, "%s\n", sampled ? _(" (not available: scores were sampled)") : "");
    if (sampled || !d->n_values) return;
    long double np = 0;
    for (uint32_t k = 0; k < d->n_values; k++) np += (long double)d->values[k].paths;
    fputs("  ", out);
    fprintf(out, _("mean %.3Lf over paths, %.3Lf under random play; min %d, max %d"), d->mean_paths,
            d->mean_prob, d->min, d->max);
    fputs("\n  ", out);
    pad_left(out, _("value"), 11);
    fputc(' ', out);
    pad_left(out, paths ? _("paths") : "", 26);
    fputc(' ', out);
    pad_left(out, _("random play"), 14);
    fputc('\n', out);
    for (uint32_t k = 0; k < d->n_values; k++) {
        const LsrVarValue *x = &d->values[k];
        fprintf(out, "  %11d %16s %8.4Lf%% %13.4Lf%%\n", x->value, count_str(x->paths, x->paths_sat, b1, sizeof b1),
                np > 0 ? (long double)x->paths / np * 100.0L : 0.0L, x->prob * 100.0L);
    }
}

static cJSON *var_dist_json(const LsrScenario *sc, const LsrVarDist *d) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "id", sc->vars[d->var].id);
    cJSON_AddNumberToObject(o, "mean_over_paths", (double)d->mean_paths);
    cJSON_AddNumberToObject(o, "mean_random_play", (double)d->mean_prob);
    cJSON_AddNumberToObject(o, "min", d->min);
    cJSON_AddNumberToObject(o, "max", d->max);
    cJSON *vals = cJSON_AddArrayToObject(o, "values");
    for (uint32_t k = 0; k < d->n_values; k++) {
        cJSON *x = cJSON_CreateObject();
        cJSON_AddNumberToObject(x, "value", d->values[k].value);
        cJSON_AddItemToObject(x, "paths", u128_json(d->values[k].paths, d->values[k].paths_sat));
        cJSON_AddNumberToObject(x, "probability", (double)d->values[k].prob);
        cJSON_AddItemToArray(vals, x);
    }
    return o;
}

void lsr_an_print_text(FILE *out, const char *file, const LsrAnalysis *a, const Findings *f) {
    const LsrScenario *sc = a->sc;
    char b1[64], b2[64], b3[200], text[800];
    fprintf(out, "leftsr analyze %s\n", file);
    fprintf(out, _("scenario '%s': %s\n\n"), sc->id, sc->title.s);
    const char *reduced = a->reduced ? _(" (reduced)") : "";
    if (a->status != LSR_AN_OK)
        snprintf(text, sizeof text,
                 lsr_ui_n("stopped after %s distinct%s", "stopped after %s distinct%s", plural_n(a->n_states, false)),
                 u64_str(a->n_states, b1, sizeof b1), reduced);
    else {
        int k = snprintf(text, sizeof text, lsr_ui_n("%s distinct", "%s distinct", plural_n(a->n_states, false)),
                         u64_str(a->n_states, b1, sizeof b1));
        if (k > 0 && (size_t)k < sizeof text)
            snprintf(text + k, sizeof text - (size_t)k,
                     lsr_ui_n(", %s transitions%s", ", %s transitions%s", plural_n(a->n_edges, false)),
                     u64_str(a->n_edges, b2, sizeof b2), reduced);
    }
    /* TRANSLATORS: the labels of the analysis summary take at most 14 columns */
    print_field(out, _("Situations"), text);
    if (a->reduced && a->status == LSR_AN_OK && a->outcome_sampled) {
        snprintf(text, sizeof text,
                 lsr_ui_n("reduced mode: situations forget values nothing later reads;\n"
                          "outcome scores and clamps are sampled (%s runs)",
                          "reduced mode: situations forget values nothing later reads;\n"
                          "outcome scores and clamps are sampled (%s runs)",
                          plural_n(a->score_samples, false)),
                 u64_str(a->score_samples, b1, sizeof b1));
        print_field(out, "", text);
    } else if (a->reduced && a->status == LSR_AN_OK) {
        print_field(out, "", _("reduced mode: situations forget values nothing later reads;\n"
                               "scores and clamps replay the forgotten values exactly"));
    }
    if (a->status == LSR_AN_OK && !a->cyclic) {
        int k = snprintf(text, sizeof text,
                         lsr_ui_n("%s distinct paths", "%s distinct paths", plural_n(a->paths_total, a->paths_total_sat)),
                         count_str(a->paths_total, a->paths_total_sat, b1, sizeof b1));
        if (k > 0 && (size_t)k < sizeof text)
            snprintf(text + k, sizeof text - (size_t)k,
                     lsr_ui_n(", the longest %u steps", ", the longest %u steps", a->max_depth), a->max_depth);
        print_field(out, _("Play-throughs"), text);
        snprintf(text, sizeof text, _("under random play (uniform over available choices, outcomes\nby weight): %s"),
                 a->prob_exact ? _("exact fractions") : _("long double (too large to keep exact)"));
        print_field(out, _("Probabilities"), text);
    } else if (a->cyclic) {
        print_field(out, _("Play-throughs"), _("unbounded: the scenario has a cycle"));
    }
    if (a->status == LSR_AN_OK) {
        uint32_t shown = 0, avail = 0, n_dec = 0;
        for (uint32_t s = 0; s < sc->n_steps; s++) shown += a->step_states[s] != 0;
        for (uint32_t s = 0; s < sc->n_steps; s++) {
            const LsrStep *st = &sc->steps[s];
            if (st->type != LSR_STEP_DECISION) continue;
            n_dec += st->n_choices;
            for (uint32_t i = 0; i < st->n_choices; i++) avail += a->choice_avail[st->choices_first + i] != 0;
        }
        uint32_t reached = 0;
        for (uint32_t e = 0; e < sc->n_endings; e++) reached += a->ending_states[e] != 0;
        /* TRANSLATORS: the English keeps its plural for 1 (scripts read it); give your language's forms */
        int k = snprintf(text, sizeof text, lsr_ui_n("%u of %u steps shown", "%u of %u steps shown", sc->n_steps),
                         shown, sc->n_steps);
        if (k > 0 && (size_t)k < sizeof text)
            k += snprintf(text + k, sizeof text - (size_t)k,
                          lsr_ui_n(", %u of %u choices available", ", %u of %u choices available", n_dec), avail, n_dec);
        if (k > 0 && (size_t)k < sizeof text)
            snprintf(text + k, sizeof text - (size_t)k,
                     lsr_ui_n(", %u of %u\nendings reached", ", %u of %u\nendings reached", sc->n_endings), reached,
                     sc->n_endings);
        print_field(out, _("Content"), text);
        fputc('\n', out);
        pad(out, _("Endings"), 29, 1);
        fprintf(out, "%s\n", a->cyclic ? _("situations") : _("paths / probability"));
        for (uint32_t e = 0; e < sc->n_endings; e++) {
            const LsrEnding *en = &sc->endings[e];
            fprintf(out, "  %-26s ", en->id);
            if (a->cyclic) {
                fprintf(out, "%s\n", u64_str(a->ending_states[e], b1, sizeof b1));
                continue;
            }
            fprintf(out, "%s", count_str(a->ending_paths[e], a->ending_paths_sat[e], b1, sizeof b1));
            if (en->historical) fprintf(out, "  %s", _("(historical)"));
            fputc('\n', out);
            prob_str(a, a->ending_prob[e], a->ending_prob_num[e], a->ending_prob_den[e], b3, sizeof b3);
            fprintf(out, "  %-26s %s\n", "", b3);
        }
        if (!a->cyclic && a->dead_end_states) {
            fputs("  ", out);
            pad(out, _("(dead end)"), 27, 1);
            fprintf(out, "%s\n", count_str(a->dead_end_paths, a->dead_end_paths_sat, b1, sizeof b1));
            snprintf(b3, sizeof b3, "%10.6Lf%%", a->dead_end_prob * 100.0L);
            fprintf(out, "  %-26s %s\n", "", b3);
        }
        if (!a->cyclic && (a->stuck_states || a->fault_states)) {
            fputs("  ", out);
            pad(out, _("(stuck)"), 27, 1);
            fprintf(out, "%s\n", count_str(a->stuck_paths, a->stuck_paths_sat, b1, sizeof b1));
            prob_str(a, a->stuck_prob, a->stuck_prob_num, a->stuck_prob_den, b3, sizeof b3);
            fprintf(out, "  %-26s %s\n", "", b3);
        }
    }
    print_findings(out, sc, f, true);
    if (a->status == LSR_AN_OK && a->have_scores) {
        fprintf(out, "\n%s\n  ", _("Scores over the paths that reach an ending"));
        pad(out, _("fidelity"), 10, 1);
        fprintf(out, _("%.1f%% .. %.1f%%   (exact extremes; distribution %s)\n"),
                a->worst_fid_score.total ? (double)a->worst_fid_score.earned * 100.0 / (double)a->worst_fid_score.total : 100.0,
                a->best_fid_score.total ? (double)a->best_fid_score.earned * 100.0 / (double)a->best_fid_score.total : 100.0,
                a->fid_sampled ? _("sampled by random play") : _("exact"));
        fprintf(out, "  %-9s %-32s ", "", "");
        /* xgettext:no-c-format */
        pad(out, a->fid_sampled ? "" : _("% of paths"), 16, 0);
        fprintf(out, " %s\n", _("random play"));
        lsr_u128 total = a->paths_total - (a->stuck_paths_sat ? 0 : a->stuck_paths);
        long double tot_ld = a->paths_total_sat ? 0 : u128_ld(total);
        for (int b = 0; b < LSR_HIST_FID_BINS; b++) {
            if (a->fid_hist_paths[b] == 0 && a->fid_hist_prob[b] == 0) continue;
            char lab[32];
            fid_label(b, lab, sizeof lab);
            fprintf(out, "  %-9s ", lab);
            bar(out, a->fid_hist_prob[b], 32);
            if (a->fid_sampled || tot_ld == 0) fprintf(out, " %-16s", "");
            else fprintf(out, " %14.6Lf%% ", u128_ld(a->fid_hist_paths[b]) / tot_ld * 100.0L);
            fprintf(out, " %10.6Lf%%\n", a->fid_hist_prob[b] * 100.0L);
        }
        fputs("  ", out);
        pad(out, _("outcome"), 10, 1);
        snprintf(text, sizeof text, _("%+.1f .. %+.1f   (%s; -100 far worse than history, +100 far\nbetter)"),
                 a->out_min / 10.0, a->out_max / 10.0, a->outcome_sampled ? _("sampled") : _("exact"));
        print_indented(out, text, 12);
        for (int b = 0; b < LSR_HIST_OUT_BINS; b++) {
            if (a->out_hist_paths[b] == 0 && a->out_hist_prob[b] == 0) continue;
            char lab[32];
            out_label(b, lab, sizeof lab);
            fprintf(out, "  %-9s ", lab);
            bar(out, a->out_hist_prob[b], 32);
            if (tot_ld == 0 || a->outcome_sampled) fprintf(out, " %-16s", "");
            else fprintf(out, " %14.6Lf%% ", u128_ld(a->out_hist_paths[b]) / tot_ld * 100.0L);
            fprintf(out, " %10.6Lf%%\n", a->out_hist_prob[b] * 100.0L);
        }
        fprintf(out, "  %s\n\n", _("(bars: share under random play)"));
        /* only a path that reaches an ending has scores to compare */
        if (a->hist_path.end >= sc->n_steps && a->hist_path.end - sc->n_steps < sc->n_endings) {
            print_score_line(out, _("Historical path"), &a->hist_score, a->hist_path.end, sc);
            print_path(out, sc, &a->hist_path, "      ");
        } else {
            fputs("  ", out);
            fprintf(out, _("Historical path: reaches no ending (%s)"),
                    a->hist_blocked ? _("the historical choice is not available") : _("it stops"));
            fputc('\n', out);
            print_path(out, sc, &a->hist_path, "      ");
        }
        print_score_line(out, _("Best fidelity"), &a->best_fid_score, a->best_fid.end, sc);
        print_path(out, sc, &a->best_fid, "      ");
        print_score_line(out, _("Worst fidelity"), &a->worst_fid_score, a->worst_fid.end, sc);
        print_path(out, sc, &a->worst_fid, "      ");
        print_score_line(out, a->outcome_sampled ? _("Best outcome (sampled)") : _("Best outcome"),
                         &a->best_out_score, a->best_out.end, sc);
        print_path(out, sc, &a->best_out, "      ");
        print_score_line(out, a->outcome_sampled ? _("Worst outcome (sampled)") : _("Worst outcome"),
                         &a->worst_out_score, a->worst_out.end, sc);
        print_path(out, sc, &a->worst_out, "      ");
    }
    if (a->status == LSR_AN_OK && a->var_dist.var != LSR_NEXT_NONE)
        print_var_dist(out, sc, &a->var_dist, !a->cyclic, a->outcome_sampled);
    fputc('\n', out);
    print_counts(out, f, true);
}

static cJSON *rat_json(const LsrAnalysis *a, lsr_u128 num, lsr_u128 den) {
    if (!a->prob_exact || !den) return cJSON_CreateNull();
    char d1[48], d2[48], buf[100];
    snprintf(buf, sizeof buf, "%s/%s", lsr_u128_str(num, d1, sizeof d1), lsr_u128_str(den, d2, sizeof d2));
    return cJSON_CreateString(buf);
}

static cJSON *score_json(const LsrScenario *sc, const LsrPathScore *s, const LsrPath *p) {
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "fidelity_permille", s->fidelity_permille);
    cJSON_AddNumberToObject(o, "outcome_permille", s->outcome_permille);
    cJSON_AddItemToObject(o, "path", path_json(sc, p));
    return o;
}

static cJSON *findings_json(const LsrScenario *sc, const Findings *f) {
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; i < f->n; i++) {
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "severity", sev_name(f->v[i].sev));
        cJSON_AddStringToObject(x, "code", f->v[i].code);
        cJSON_AddStringToObject(x, "message", f->v[i].msg);
        if (f->v[i].path) cJSON_AddItemToObject(x, "example", path_json(sc, f->v[i].path));
        cJSON_AddItemToArray(arr, x);
    }
    return arr;
}

cJSON *lsr_an_analysis_json(const char *file, const LsrAnalysis *a, const Findings *f) {
    const LsrScenario *sc = a->sc;
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "file", file);
    cJSON_AddStringToObject(root, "scenario", sc->id);
    cJSON_AddStringToObject(root, "mode", "exact");
    cJSON_AddStringToObject(root, "exploration", a->reduced ? "reduced" : "full");
    if (a->score_samples) cJSON_AddItemToObject(root, "samples", u64_json(a->score_samples));
    cJSON_AddBoolToObject(root, "clamps_sampled", a->clamps_sampled);
    cJSON_AddBoolToObject(root, "never_needed_checked", a->needed_checked);
    cJSON_AddStringToObject(root, "status", lsr_an_status_name(a->status));
    cJSON_AddItemToObject(root, "states", u64_json(a->n_states));
    cJSON_AddItemToObject(root, "transitions", u64_json(a->n_edges));
    cJSON_AddBoolToObject(root, "cyclic", a->cyclic);
    cJSON_AddNumberToObject(root, "errors", (double)f->errors);
    cJSON_AddNumberToObject(root, "warnings", (double)f->warnings);
    cJSON_AddNumberToObject(root, "notes", (double)f->notes);
    cJSON_AddItemToObject(root, "findings", findings_json(sc, f));
    if (a->status != LSR_AN_OK) return root;
    bool counted = !a->cyclic;
    if (counted) {
        cJSON_AddItemToObject(root, "paths", u128_json(a->paths_total, a->paths_total_sat));
        cJSON_AddNumberToObject(root, "longest_path", a->max_depth);
        cJSON_AddBoolToObject(root, "probabilities_exact", a->prob_exact);
    }
    cJSON *ends = cJSON_AddArrayToObject(root, "endings");
    for (uint32_t e = 0; e < sc->n_endings; e++) {
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "id", sc->endings[e].id);
        cJSON_AddBoolToObject(x, "historical", sc->endings[e].historical);
        cJSON_AddItemToObject(x, "states", u64_json(a->ending_states[e]));
        if (counted) {
            cJSON_AddItemToObject(x, "paths", u128_json(a->ending_paths[e], a->ending_paths_sat[e]));
            cJSON_AddNumberToObject(x, "probability", (double)a->ending_prob[e]);
            cJSON_AddItemToObject(x, "probability_exact",
                                  rat_json(a, a->ending_prob_num[e], a->ending_prob_den[e]));
        }
        cJSON_AddItemToArray(ends, x);
    }
    cJSON *stuck = cJSON_AddObjectToObject(root, "stuck");
    cJSON_AddItemToObject(stuck, "states", u64_json(a->stuck_states));
    if (counted) {
        cJSON_AddItemToObject(stuck, "paths", u128_json(a->stuck_paths, a->stuck_paths_sat));
        cJSON_AddNumberToObject(stuck, "probability", (double)a->stuck_prob);
    }
    if (a->stuck_states) cJSON_AddItemToObject(stuck, "example", path_json(sc, &a->stuck_example));
    cJSON *dead = cJSON_AddObjectToObject(root, "dead_ends");
    cJSON_AddItemToObject(dead, "states", u64_json(a->dead_end_states));
    if (counted) {
        cJSON_AddItemToObject(dead, "paths", u128_json(a->dead_end_paths, a->dead_end_paths_sat));
        cJSON_AddNumberToObject(dead, "probability", (double)a->dead_end_prob);
    }
    if (a->dead_end_states) cJSON_AddItemToObject(dead, "example", path_json(sc, &a->dead_end_example));
    cJSON *faults = cJSON_AddArrayToObject(root, "overflows");
    for (uint32_t k = 0; k < a->n_fault_effects; k++) {
        char where[300];
        lsr_effect_where(sc, a->fault_effect[k], where, sizeof where);
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "effect", where);
        cJSON_AddItemToObject(x, "example", path_json(sc, &a->fault_example[k]));
        cJSON_AddItemToArray(faults, x);
    }
    if (a->cyclic) cJSON_AddItemToObject(root, "cycle", path_json(sc, &a->cycle));
    if (a->var_dist.var != LSR_NEXT_NONE && !a->outcome_sampled)
        cJSON_AddItemToObject(root, "variable", var_dist_json(sc, &a->var_dist));
    cJSON *steps = cJSON_AddArrayToObject(root, "steps");
    for (uint32_t s = 0; s < sc->n_steps; s++) {
        const LsrStep *st = &sc->steps[s];
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "id", st->id);
        cJSON_AddItemToObject(x, "states", u64_json(a->step_states[s]));
        if (st->type == LSR_STEP_DECISION) {
            cJSON *ch = cJSON_AddArrayToObject(x, "choices");
            for (uint32_t i = 0; i < st->n_choices; i++) {
                uint32_t gi = st->choices_first + i;
                const LsrChoice *c = &sc->choices[gi];
                cJSON *y = cJSON_CreateObject();
                cJSON_AddStringToObject(y, "id", c->id);
                cJSON_AddItemToObject(y, "available_states", u64_json(a->choice_avail[gi]));
                cJSON_AddBoolToObject(y, "needed", a->choice_needed[gi]);
                if (c->n_outcomes) {
                    cJSON *oc = cJSON_AddArrayToObject(y, "outcome_transitions");
                    for (uint32_t o = 0; o < c->n_outcomes; o++)
                        cJSON_AddItemToArray(oc, u64_json(a->outcome_taken[c->outcomes_first + o]));
                }
                cJSON_AddItemToArray(ch, y);
            }
        }
        cJSON_AddItemToArray(steps, x);
    }
    cJSON *evs = cJSON_AddArrayToObject(root, "events");
    for (uint32_t e = 0; e < sc->n_events; e++) {
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "id", sc->events[e].id);
        cJSON_AddItemToObject(x, "fired_transitions", u64_json(a->event_fired[e]));
        cJSON_AddItemToArray(evs, x);
    }
    cJSON *vars = cJSON_AddArrayToObject(root, "variables");
    for (uint32_t v = 0; v < sc->n_vars; v++) {
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "id", sc->vars[v].id);
        cJSON_AddItemToObject(x, "clamped_at_min", u64_json(a->var_hit_min[v]));
        cJSON_AddItemToObject(x, "clamped_at_max", u64_json(a->var_hit_max[v]));
        if (a->var_hit_min[v] || a->var_hit_max[v])
            cJSON_AddItemToObject(x, "example", path_json(sc, &a->var_hit_example[v]));
        cJSON_AddItemToArray(vars, x);
    }
    cJSON_AddItemToObject(root, "historical_path", score_json(sc, &a->hist_score, &a->hist_path));
    if (a->have_scores) {
        cJSON *scores = cJSON_AddObjectToObject(root, "scores");
        cJSON *fid = cJSON_AddObjectToObject(scores, "fidelity");
        cJSON_AddNumberToObject(fid, "min_permille", a->fid_min);
        cJSON_AddNumberToObject(fid, "max_permille", a->fid_max);
        cJSON_AddStringToObject(fid, "distribution", a->fid_sampled ? "sampled" : "exact");
        if (a->fid_sampled) cJSON_AddItemToObject(fid, "samples", u64_json(a->fid_samples));
        cJSON *h = cJSON_AddArrayToObject(fid, "histogram");
        for (int b = 0; b < LSR_HIST_FID_BINS; b++) {
            cJSON *x = cJSON_CreateObject();
            cJSON_AddNumberToObject(x, "from_permille", b * 100);
            cJSON_AddNumberToObject(x, "to_permille", b == 10 ? 1000 : b * 100 + 99);
            if (!a->fid_sampled) cJSON_AddItemToObject(x, "paths", u128_json(a->fid_hist_paths[b], a->fid_hist_sat[b]));
            cJSON_AddNumberToObject(x, "probability", (double)a->fid_hist_prob[b]);
            cJSON_AddItemToArray(h, x);
        }
        cJSON *out = cJSON_AddObjectToObject(scores, "outcome");
        cJSON_AddNumberToObject(out, "min_permille", a->out_min);
        cJSON_AddNumberToObject(out, "max_permille", a->out_max);
        cJSON_AddStringToObject(out, "distribution", a->outcome_sampled ? "sampled" : "exact");
        h = cJSON_AddArrayToObject(out, "histogram");
        for (int b = 0; b < LSR_HIST_OUT_BINS; b++) {
            cJSON *x = cJSON_CreateObject();
            cJSON_AddNumberToObject(x, "from_permille", b * 100 - 1000);
            cJSON_AddNumberToObject(x, "to_permille", b == 20 ? 1000 : b * 100 - 901);
            if (!a->outcome_sampled)
                cJSON_AddItemToObject(x, "paths", u128_json(a->out_hist_paths[b], a->out_hist_sat[b]));
            cJSON_AddNumberToObject(x, "probability", (double)a->out_hist_prob[b]);
            cJSON_AddItemToArray(h, x);
        }
        cJSON_AddItemToObject(scores, "best_fidelity", score_json(sc, &a->best_fid_score, &a->best_fid));
        cJSON_AddItemToObject(scores, "worst_fidelity", score_json(sc, &a->worst_fid_score, &a->worst_fid));
        cJSON_AddItemToObject(scores, "best_outcome", score_json(sc, &a->best_out_score, &a->best_out));
        cJSON_AddItemToObject(scores, "worst_outcome", score_json(sc, &a->worst_out_score, &a->worst_out));
    }
    return root;
}

/* ------------------------------------------------------- random report */

const char *lsr_an_status_name(LsrAnalyzeStatus st) {
    switch (st) {
    case LSR_AN_OK: return "ok";
    case LSR_AN_NOMEM: return "out-of-memory";
    case LSR_AN_TOO_MANY_STATES: return "too-many-states";
    case LSR_AN_MEMORY_BUDGET: return "memory-budget";
    case LSR_AN_TIME_BUDGET: return "time-budget";
    }
    return "unknown";
}

void lsr_an_collect_random_findings(const LsrScenario *sc, const LsrRandomStats *rs, Findings *f) {
    char b1[64];
    if (rs->stopped != LSR_AN_OK) {
        char b2[64], what[300];
        snprintf(what, sizeof what,
                 lsr_ui_n("after %s of the %s play-throughs asked for", "after %s of the %s play-throughs asked for",
                          plural_n(rs->requested, false)),
                 u64_str(rs->runs, b1, sizeof b1), u64_str(rs->requested, b2, sizeof b2));
        add_budget_finding(f, rs->stopped, true, what);
    }
    uint64_t stuck = rs->stuck - rs->dead_ends;
    if (stuck)
        add_finding(f, F_ERROR, "A_STUCK", NULL,
                    lsr_ui_n("%s play-through got stuck", "%s play-throughs got stuck", plural_n(stuck, false)),
                    u64_str(stuck, b1, sizeof b1));
    if (rs->dead_ends)
        add_finding(f, F_NOTE, "A_DEAD_END", NULL,
                    lsr_ui_n("%s play-through stopped at a step marked dead_end (intended)",
                             "%s play-throughs stopped at a step marked dead_end (intended)",
                             plural_n(rs->dead_ends, false)),
                    u64_str(rs->dead_ends, b1, sizeof b1));
    if (rs->unfinished)
        add_finding(f, F_ERROR, "A_CYCLE", NULL,
                    lsr_ui_n("%s play-through did not finish (the scenario likely has a cycle)",
                             "%s play-throughs did not finish (the scenario likely has a cycle)",
                             plural_n(rs->unfinished, false)),
                    u64_str(rs->unfinished, b1, sizeof b1));
    for (uint32_t s = 0; s < sc->n_steps; s++)
        if (!rs->step_hits[s])
            add_finding(f, F_WARNING, "A_STEP_UNSEEN", NULL, _("step '%s' was never shown"), sc->steps[s].id);
    for (uint32_t e = 0; e < sc->n_endings; e++)
        if (!rs->ending_hits[e])
            add_finding(f, F_WARNING, "A_ENDING_UNSEEN", NULL, _("ending '%s' was never reached"),
                        sc->endings[e].id);
    for (uint32_t s = 0; s < sc->n_steps; s++) {
        const LsrStep *st = &sc->steps[s];
        if (st->type != LSR_STEP_DECISION || !rs->step_hits[s]) continue;
        for (uint32_t i = 0; i < st->n_choices; i++)
            if (!rs->choice_hits[st->choices_first + i])
                add_finding(f, F_WARNING, "A_CHOICE_UNSEEN", NULL, _("choice '%s:%s' was never taken"),
                            st->id, sc->choices[st->choices_first + i].id);
    }
    for (uint32_t e = 0; e < sc->n_events; e++)
        if (!rs->event_hits[e])
            add_finding(f, F_WARNING, "A_EVENT_UNSEEN", NULL, _("event '%s' never fired"), sc->events[e].id);
}

void lsr_an_print_random(FILE *out, const char *file, const LsrScenario *sc, const LsrRandomStats *rs,
                         uint64_t seed, const Findings *f) {
    char b1[64], b2[64], historical[64];
    snprintf(historical, sizeof historical, " %s", _("(historical)"));
    long double n = rs->runs ? (long double)rs->runs : 1.0L;
    fprintf(out, "leftsr analyze %s --random %" PRIu64 " --seed %" PRIu64 "\n", file, rs->runs, seed);
    fprintf(out, _("scenario '%s': %s\n\n"), sc->id, sc->title.s);
    fprintf(out,
            lsr_ui_n("%s random play-throughs (uniform over available choices, outcomes\n"
                     "by weight), %.2f steps on average\n",
                     "%s random play-throughs (uniform over available choices, outcomes\n"
                     "by weight), %.2f steps on average\n",
                     plural_n(rs->runs, false)),
            u64_str(rs->runs, b1, sizeof b1), (double)rs->steps_total / (double)(rs->runs ? rs->runs : 1));
    table_head(out, _("Endings"), 28, _("runs"), _("share"));
    for (uint32_t e = 0; e < sc->n_endings; e++)
        fprintf(out, "  %-26s %14s %9.4Lf%%%s\n", sc->endings[e].id,
                u64_str(rs->ending_hits[e], b1, sizeof b1), (long double)rs->ending_hits[e] / n * 100.0L,
                sc->endings[e].historical ? historical : "");
    if (rs->dead_ends)
        table_row(out, _("(dead end)"), 26, u64_str(rs->dead_ends, b1, sizeof b1),
                  (long double)rs->dead_ends / n * 100.0L);
    if (rs->stuck > rs->dead_ends)
        table_row(out, _("(stuck)"), 26, u64_str(rs->stuck - rs->dead_ends, b1, sizeof b1),
                  (long double)(rs->stuck - rs->dead_ends) / n * 100.0L);
    if (rs->unfinished)
        table_row(out, _("(unfinished)"), 26, u64_str(rs->unfinished, b1, sizeof b1),
                  (long double)rs->unfinished / n * 100.0L);
    table_head(out, _("Steps and choices"), 32, _("hits"), _("share"));
    for (uint32_t s = 0; s < sc->n_steps; s++) {
        const LsrStep *st = &sc->steps[s];
        fprintf(out, "  %-30s %14s %9.4Lf%% %s\n", st->id, u64_str(rs->step_hits[s], b1, sizeof b1),
                (long double)rs->step_hits[s] / n * 100.0L, _("of runs"));
        if (st->type != LSR_STEP_DECISION) continue;
        long double v = rs->step_hits[s] ? (long double)rs->step_hits[s] : 1.0L;
        for (uint32_t i = 0; i < st->n_choices; i++) {
            const LsrChoice *c = &sc->choices[st->choices_first + i];
            snprintf(b2, sizeof b2, "  %s", c->id);
            fprintf(out, "  %-30s %14s %9.4Lf%%\n", b2, u64_str(rs->choice_hits[st->choices_first + i], b1, sizeof b1),
                    (long double)rs->choice_hits[st->choices_first + i] / v * 100.0L);
            for (uint32_t o = 0; o < c->n_outcomes; o++) {
                snprintf(b2, sizeof b2, _("    outcome %u"), o + 1);
                uint64_t ch = rs->choice_hits[st->choices_first + i];
                table_row(out, b2, 30, u64_str(rs->outcome_hits[c->outcomes_first + o], b1, sizeof b1),
                          (long double)rs->outcome_hits[c->outcomes_first + o] / (long double)(ch ? ch : 1) * 100.0L);
            }
        }
    }
    if (sc->n_events) table_head(out, _("Events"), 32, _("fired"), _("share"));
    for (uint32_t e = 0; e < sc->n_events; e++)
        fprintf(out, "  %-30s %14s %9.4Lf%% %s\n", sc->events[e].id, u64_str(rs->event_hits[e], b1, sizeof b1),
                (long double)rs->event_hits[e] / n * 100.0L, _("of runs"));
    uint64_t fin = 0;
    for (int b = 0; b < LSR_HIST_FID_BINS; b++) fin += rs->fid_hist[b];
    if (fin) {
        long double fl = (long double)fin;
        fprintf(out, "\n%s\n  ", _("Scores of the runs that reached an ending"));
        pad(out, _("fidelity"), 10, 1);
        fprintf(out, "%.1f%% .. %.1f%%\n", rs->fid_min / 10.0, rs->fid_max / 10.0);
        for (int b = 0; b < LSR_HIST_FID_BINS; b++) {
            if (!rs->fid_hist[b]) continue;
            char lab[32];
            fid_label(b, lab, sizeof lab);
            fprintf(out, "  %-9s ", lab);
            bar(out, (long double)rs->fid_hist[b] / fl, 40);
            fprintf(out, " %9.4Lf%%\n", (long double)rs->fid_hist[b] / fl * 100.0L);
        }
        fputs("  ", out);
        pad(out, _("outcome"), 10, 1);
        fprintf(out, "%+.1f .. %+.1f\n", rs->out_min / 10.0, rs->out_max / 10.0);
        for (int b = 0; b < LSR_HIST_OUT_BINS; b++) {
            if (!rs->out_hist[b]) continue;
            char lab[32];
            out_label(b, lab, sizeof lab);
            fprintf(out, "  %-9s ", lab);
            bar(out, (long double)rs->out_hist[b] / fl, 40);
            fprintf(out, " %9.4Lf%%\n", (long double)rs->out_hist[b] / fl * 100.0L);
        }
    }
    if (rs->var_dist.var != LSR_NEXT_NONE && rs->var_dist.n_values) {
        const LsrVarDist *d = &rs->var_dist;
        long double fl = 0;
        for (uint32_t k = 0; k < d->n_values; k++) fl += (long double)d->values[k].paths;
        fputc('\n', out);
        fprintf(out, _("Variable '%s' at the endings"), sc->vars[d->var].id);
        fputs("\n  ", out);
        fprintf(out, _("mean %.3Lf; min %d, max %d"), d->mean_paths, d->min, d->max);
        fputc('\n', out);
        for (uint32_t k = 0; k < d->n_values; k++)
            fprintf(out, "  %11d %14s %9.4Lf%%\n", d->values[k].value,
                    u64_str((uint64_t)d->values[k].paths, b1, sizeof b1),
                    (long double)d->values[k].paths / fl * 100.0L);
    }
    print_findings(out, sc, f, false);
    fputc('\n', out);
    print_counts(out, f, false);
}

cJSON *lsr_an_random_json(const char *file, const LsrScenario *sc, const LsrRandomStats *rs, uint64_t seed,
                          const Findings *f) {
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "file", file);
    cJSON_AddStringToObject(root, "scenario", sc->id);
    cJSON_AddStringToObject(root, "mode", "random");
    cJSON_AddItemToObject(root, "runs", u64_json(rs->runs));
    cJSON_AddStringToObject(root, "status", lsr_an_status_name(rs->stopped));
    cJSON_AddItemToObject(root, "seed", u64_json(seed));
    cJSON_AddItemToObject(root, "stuck", u64_json(rs->stuck));
    cJSON_AddItemToObject(root, "unfinished", u64_json(rs->unfinished));
    cJSON_AddNumberToObject(root, "errors", (double)f->errors);
    cJSON_AddNumberToObject(root, "warnings", (double)f->warnings);
    cJSON_AddItemToObject(root, "findings", findings_json(sc, f));
    cJSON *ends = cJSON_AddObjectToObject(root, "endings");
    for (uint32_t e = 0; e < sc->n_endings; e++)
        cJSON_AddItemToObject(ends, sc->endings[e].id, u64_json(rs->ending_hits[e]));
    cJSON *steps = cJSON_AddArrayToObject(root, "steps");
    for (uint32_t s = 0; s < sc->n_steps; s++) {
        const LsrStep *st = &sc->steps[s];
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "id", st->id);
        cJSON_AddItemToObject(x, "hits", u64_json(rs->step_hits[s]));
        if (st->type == LSR_STEP_DECISION) {
            cJSON *ch = cJSON_AddObjectToObject(x, "choices");
            for (uint32_t i = 0; i < st->n_choices; i++)
                cJSON_AddItemToObject(ch, sc->choices[st->choices_first + i].id,
                                      u64_json(rs->choice_hits[st->choices_first + i]));
        }
        cJSON_AddItemToArray(steps, x);
    }
    cJSON *evs = cJSON_AddObjectToObject(root, "events");
    for (uint32_t e = 0; e < sc->n_events; e++)
        cJSON_AddItemToObject(evs, sc->events[e].id, u64_json(rs->event_hits[e]));
    cJSON *fid = cJSON_AddArrayToObject(root, "fidelity_histogram");
    for (int b = 0; b < LSR_HIST_FID_BINS; b++) cJSON_AddItemToArray(fid, u64_json(rs->fid_hist[b]));
    if (rs->var_dist.var != LSR_NEXT_NONE) cJSON_AddItemToObject(root, "variable", var_dist_json(sc, &rs->var_dist));
    cJSON_AddItemToObject(root, "dead_ends", u64_json(rs->dead_ends));
    cJSON *oc = cJSON_AddArrayToObject(root, "outcome_histogram");
    for (int b = 0; b < LSR_HIST_OUT_BINS; b++) cJSON_AddItemToArray(oc, u64_json(rs->out_hist[b]));
    return root;
}
