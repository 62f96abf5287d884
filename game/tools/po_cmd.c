/* `leftsr po`: the translation template of a scenario or campaign, a
 * gettext POT file that Poedit, Weblate, Lokalize and msgmerge understand.
 * Each entry's context is the text's stable, id-based key (see
 * lsr_scenario_load_file_opts), so reordering a scenario loses nothing. */
#include "app.h"
#include "i18n.h"
#include "tools/cli.h"

#include <stdlib.h>
#include <string.h>

/* What each kind of text is, for the translator (the context's last key). */
static const struct { const char *key, *what; } k_kinds[] = {
    {"title", "title"},
    {"briefing", "briefing shown before the first decision"},
    {"goals", "one of the party's goals (a bullet point)"},
    {"description", "what a measure means"},
    {"label", "a short label (a button or a measure's name: keep it short)"},
    {"name", "a name (bloc or person)"},
    {"role", "who a person is"},
    {"region", "where on the map a place lies (a few words)"},
    {"place", "where a step happens"},
    {"narrative", "the situation the player decides on"},
    {"result", "what follows a choice"},
    {"note", "history note: what really happened"},
    {"disagreement", "where the sources disagree"},
    {"reason", "why a choice is not available"},
    {"perspective", "a source's point of view"},
    {"term", "glossary term"},
    {"definition", "glossary definition"},
    {"unit", "unit of a measure"},
    {"text", "event or epilogue text"},
    {"epilogue", "ending text"},
    {"motion", "the motion put to a vote"},
};

static const char *kind_of(const char *ctx) {
    /* the last segment that is a key, not an index */
    char seg[128] = "";
    for (const char *p = ctx; *p;) {
        size_t n = strcspn(p, "/");
        if (!(p[0] >= '0' && p[0] <= '9') && n < sizeof seg) {
            memcpy(seg, p, n);
            seg[n] = '\0';
        }
        p += n;
        if (*p == '/') p++;
    }
    for (size_t i = 0; i < sizeof k_kinds / sizeof k_kinds[0]; i++)
        if (strcmp(k_kinds[i].key, seg) == 0) return k_kinds[i].what;
    return "text";
}

static void po_quote(FILE *f, const char *s) {
    if (!strchr(s, '\n')) {
        fputc('"', f);
    } else {
        fputs("\"\"\n\"", f);
    }
    for (; *s; s++) {
        switch (*s) {
        case '\\': fputs("\\\\", f); break;
        case '"': fputs("\\\"", f); break;
        case '\t': fputs("\\t", f); break;
        case '\n': fputs(s[1] ? "\\n\"\n\"" : "\\n", f); break;
        default: fputc(*s, f);
        }
    }
    fputs("\"\n", f);
}

typedef struct Pot {
    FILE *f;
    const char *ref;         /* the file name in "#:" references */
    char **seen;
    size_t n, cap;
    size_t count;
    bool oom;
} Pot;

static void visit(void *user, const char *ctx, const char *en, int line) {
    Pot *p = user;
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->seen[i], ctx) == 0) return;
    if (p->n == p->cap) {
        size_t ncap = p->cap ? p->cap * 2 : 256;
        char **ns = realloc(p->seen, ncap * sizeof *ns);
        if (!ns) { p->oom = true; return; }
        p->seen = ns, p->cap = ncap;
    }
    if (!(p->seen[p->n] = strdup(ctx))) { p->oom = true; return; }
    p->n++;
    p->count++;
    fprintf(p->f, "\n#. %s\n#: %s:%d\nmsgctxt ", kind_of(ctx), p->ref, line);
    po_quote(p->f, ctx);
    fputs("msgid ", p->f);
    po_quote(p->f, en);
    fputs("msgstr \"\"\n", p->f);
}

enum { PO_OUTPUT = 'o' };

static const LsrOption po_opts[] = {
    {"output", 'o', "FILE", PO_OUTPUT, N_("write the template to FILE ('-': standard output);\n"
                                       "default: po/NAME.pot beside each NAME.json")},
};

static const LsrCommand po_cmd = {
    "po", "po [-o FILE] SCENARIO...",
    N_("Writes the translation template (gettext .pot) of each scenario or campaign:\n"
    "every text a player reads, keyed by a context made of ids\n"
    "(steps/walkout/choices/chase/label), so reordering a scenario keeps its\n"
    "translations. Translate it into po/LANG/NAME.po beside the scenario (Poedit,\n"
    "Weblate, Lokalize, or msginit); after the English changes, run\n"
    "  msgmerge --update po/LANG/NAME.po po/NAME.pot\n"
    "and 'leftsr check --lang LANG NAME.json' lists what needs work."),
    po_opts, sizeof po_opts / sizeof po_opts[0],
    N_("Exit status: 0 written, 1 a scenario does not load, 2 usage or I/O error."),
};

static int write_pot(const char *file, const char *out_path) {
    char resolved[4096];
    const char *path = lsr_resolve_scenario(file, resolved, sizeof resolved) ? resolved : file;
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    size_t stem = strlen(base);
    if (stem > 5 && strcmp(base + stem - 5, ".json") == 0) stem -= 5;
    char dest[4200];
    if (out_path) snprintf(dest, sizeof dest, "%s", out_path);
    else snprintf(dest, sizeof dest, "%.*spo/%.*s.pot", (int)(slash ? slash - path + 1 : 0), path, (int)stem, base);
    bool to_stdout = strcmp(dest, "-") == 0;
    char tmp[4300];
    snprintf(tmp, sizeof tmp, "%s.tmp", dest);
    FILE *f = to_stdout ? stdout : fopen(tmp, "w");
    if (!f) {
        fprintf(stderr, _("leftsr po: cannot write '%s' (does the po/ folder exist?)\n"), tmp);
        return LSR_EXIT_USAGE;
    }
    fprintf(f, "# Player-visible text of '%.*s', for translators.\n"
               "# Written by 'leftsr po %s': do not edit; translate LANG/%.*s.po.\n"
               "msgid \"\"\nmsgstr \"\"\n\"Project-Id-Version: leftsr-%.*s\\n\"\n\"MIME-Version: 1.0\\n\"\n"
               "\"Content-Type: text/plain; charset=UTF-8\\n\"\n\"Content-Transfer-Encoding: 8bit\\n\"\n",
            (int)stem, base, base, (int)stem, base, (int)stem, base);
    Pot pot = {f, base, NULL, 0, 0, 0, false};
    LsrLoadOptions o = {NULL, NULL, visit, &pot};
    LsrDiagList d;
    lsr_diags_init(&d);
    LsrStatus st;
    if (lsr_file_is_campaign(path)) {
        LsrCampaign *cp = NULL;
        st = lsr_campaign_load_opts(path, &o, &cp, &d);
        lsr_campaign_free(cp);
    } else {
        LsrScenario *sc = NULL;
        st = lsr_scenario_load_file_opts(path, &o, &sc, &d);
        lsr_scenario_free(sc);
    }
    for (size_t i = 0; i < pot.n; i++) free(pot.seen[i]);
    free(pot.seen);
    bool ok = !pot.oom && !ferror(f);
    if (!to_stdout) ok = (fclose(f) == 0) && ok;
    if (st != LSR_OK) {
        lsr_print_diags(stderr, path, &d);
        lsr_diags_free(&d);
        if (!to_stdout) remove(tmp);
        return st == LSR_ERR_IO ? LSR_EXIT_USAGE : LSR_EXIT_CONTENT;
    }
    lsr_diags_free(&d);
    if (!ok || (!to_stdout && rename(tmp, dest) != 0)) {
        fprintf(stderr, _("leftsr po: cannot write '%s'\n"), dest);
        if (!to_stdout) remove(tmp);
        return LSR_EXIT_USAGE;
    }
    if (!to_stdout) fprintf(stderr, lsr_ui_n("%s: %zu text\n", "%s: %zu texts\n", pot.count), dest, pot.count);
    return LSR_EXIT_OK;
}

int lsr_cmd_po(int argc, char **argv) {
    const char *out = NULL;
    int rc = LSR_EXIT_OK, n = 0;
    char **files = calloc((size_t)argc + 1, sizeof *files);
    if (!files) return LSR_EXIT_USAGE;
    LsrCli cli;
    lsr_cli_begin(&cli, &po_cmd, argc, argv);
    const char *val;
    for (int id; (id = lsr_cli_next(&cli, &val)) != LSR_CLI_END;) {
        if (id == LSR_CLI_HELP || id == LSR_CLI_ERROR) {
            free(files);
            return id == LSR_CLI_HELP ? LSR_EXIT_OK : LSR_EXIT_USAGE;
        }
        if (id == PO_OUTPUT) out = val;
        else files[n++] = (char *)val;
    }
    if (n == 0 || (out && n > 1)) {
        lsr_cli_fail(&po_cmd, true, "%s", n ? _("-o names one file: give one SCENARIO with it") : _("which scenario?"));
        free(files);
        return LSR_EXIT_USAGE;
    }
    for (int i = 0; i < n; i++) {
        int r = write_pot(files[i], out);
        if (r > rc) rc = r;
    }
    free(files);
    return rc;
}
