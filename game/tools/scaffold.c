/* `leftsr new NAME`: writes a small, commented starter scenario that uses
 * every feature of the format and passes `leftsr check` and `leftsr
 * analyze` without errors or warnings. */
#include "analyze.h"
#include "i18n.h"
#include "app.h"
#include "tools/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* "@ID@" is replaced by the scenario id. */
static const char *const scaffold_lines[] = {
    "{\n",
    "  \"_note\": \"A starter scenario made by 'leftsr new'. Keys starting with _ are notes for authors and are ignored. Run 'leftsr check @ID@.json' after every edit and 'leftsr analyze @ID@.json' before you share it. The full format is in docs/scenario-format.md.\",\n",
    "  \"format\": \"1.0\",\n",
    "  \"id\": \"@ID@\",\n",
    "  \"title\": \"The party meeting\",\n",
    "  \"period\": { \"start\": \"1917-11-10\", \"end\": \"1917-11-30\" },\n",
    "  \"briefing\": \"Replace this briefing with the situation at the start, in a few short paragraphs.\\n\\nA blank line starts a new paragraph.\",\n",
    "  \"goals\": [\"Win the vote\", \"Keep the party together\"],\n",
    "  \"language\": \"en\",\n",
    "  \"sources\": [\n",
    "    { \"id\": \"textbook\", \"title\": \"Replace with the title of a real source\", \"author\": \"Replace with its author\", \"language\": \"en\",\n",
    "      \"perspective\": \"Say whose view the source gives (secondary survey, memoir, party newspaper...)\" },\n",
    "    { \"id\": \"memoir\", \"title\": \"A second source, so that notes can compare them\", \"author\": \"Replace with its author\", \"language\": \"en\" }\n",
    "  ],\n",
    "  \"glossary\": [\n",
    "    { \"term\": \"Soviet\", \"definition\": \"A council of workers', soldiers' or peasants' deputies.\" }\n",
    "  ],\n",
    "  \"variables\": [\n",
    "    { \"_note\": \"A scored variable needs 'better' and a historical final value (the entry 'at' the historical ending).\",\n",
    "      \"id\": \"support\", \"label\": \"Support\", \"description\": \"How many delegates back the party.\",\n",
    "      \"min\": 0, \"max\": 100, \"initial\": 50, \"better\": \"higher\", \"unit\": \"%\",\n",
    "      \"historical\": [ { \"at\": \"meeting\", \"value\": 50 }, { \"at\": \"historical\", \"value\": 65 } ] },\n",
    "    { \"id\": \"unity\", \"label\": \"Unity\", \"description\": \"How united the party is.\",\n",
    "      \"min\": 0, \"max\": 10, \"initial\": 5, \"better\": \"higher\",\n",
    "      \"historical\": [ { \"at\": \"historical\", \"value\": 7 } ] }\n",
    "  ],\n",
    "  \"blocs\": [\n",
    "    { \"id\": \"us\", \"name\": \"Our party\", \"color\": \"#2e7d32\", \"seats\": 40 },\n",
    "    { \"id\": \"allies\", \"name\": \"Possible allies\", \"color\": \"#8c1c13\", \"seats\": 35 },\n",
    "    { \"id\": \"rivals\", \"name\": \"Rivals\", \"color\": \"#1f4e79\", \"seats\": 45 }\n",
    "  ],\n",
    "  \"actors\": [\n",
    "    { \"id\": \"chair\", \"name\": \"The chair\", \"role\": \"Runs the meeting\", \"bloc\": \"us\" }\n",
    "  ],\n",
    "  \"start\": \"meeting\",\n",
    "  \"steps\": [\n",
    "    { \"_note\": \"A decision. 'negotiate' has two random outcomes, drawn by weight (here 2 to 1).\",\n",
    "      \"id\": \"meeting\", \"type\": \"decision\", \"date\": \"1917-11-10\", \"place\": \"Petrograd\",\n",
    "      \"title\": \"Talk or walk out?\", \"narrative\": \"Describe the situation the player faces here.\",\n",
    "      \"choices\": [\n",
    "        { \"id\": \"negotiate\", \"label\": \"Negotiate\", \"effects\": [ { \"add\": \"support\", \"value\": 5 } ],\n",
    "          \"outcomes\": [\n",
    "            { \"weight\": 2, \"result\": \"The talks go well.\", \"effects\": [ { \"add\": \"unity\", \"value\": 2 } ], \"next\": \"motion\" },\n",
    "            { \"weight\": 1, \"result\": \"The talks stall.\", \"effects\": [ { \"add\": \"unity\", \"value\": -1 } ], \"next\": \"motion\" } ] },\n",
    "        { \"id\": \"walk-out\", \"label\": \"Walk out in protest\",\n",
    "          \"effects\": [ { \"add\": \"support\", \"value\": -10 }, { \"add\": \"unity\", \"value\": 1 } ],\n",
    "          \"result\": \"You leave the hall; some delegates follow you.\", \"next\": \"motion\" } ],\n",
    "      \"history\": { \"choice\": \"negotiate\", \"credit\": { \"walk-out\": 0.5 }, \"weight\": 2,\n",
    "        \"note\": \"Say what really happened and why, citing the sources.\", \"sources\": [\"textbook\", \"memoir\"],\n",
    "        \"disagreement\": \"Say where the sources differ, if they do.\" } },\n",
    "    { \"_note\": \"A vote: no player choice. Each bloc votes by its first matching position; 'split' divides it in percentages.\",\n",
    "      \"id\": \"motion\", \"type\": \"vote\", \"date\": \"1917-11-15\", \"title\": \"The motion\",\n",
    "      \"narrative\": \"The congress votes on your motion.\", \"motion\": \"Adopt the party's programme\",\n",
    "      \"positions\": [\n",
    "        { \"bloc\": \"us\", \"vote\": \"yes\" },\n",
    "        { \"bloc\": \"allies\", \"if\": { \"var\": \"support\", \"gte\": 50 }, \"vote\": \"yes\" },\n",
    "        { \"bloc\": \"allies\", \"split\": { \"yes\": 50, \"no\": 50 } },\n",
    "        { \"bloc\": \"rivals\", \"vote\": \"no\" } ],\n",
    "      \"threshold\": \"majority\",\n",
    "      \"pass\": { \"result\": \"The motion passes.\", \"effects\": [ { \"add\": \"support\", \"value\": 10 } ], \"next\": \"final\" },\n",
    "      \"fail\": { \"result\": \"The motion fails.\", \"effects\": [ { \"add\": \"support\", \"value\": -10 } ], \"next\": \"final\" },\n",
    "      \"history\": { \"yes\": 75, \"no\": 45, \"abstain\": 0, \"result\": \"pass\",\n",
    "        \"note\": \"Give the real tally and its source.\", \"sources\": [\"textbook\"] } },\n",
    "    { \"_note\": \"'gamble' is shown greyed out, with its reason, unless unity is at least 7.\",\n",
    "      \"id\": \"final\", \"type\": \"decision\", \"date\": \"1917-11-20\",\n",
    "      \"title\": \"The last move\", \"narrative\": \"One more decision before the congress closes.\",\n",
    "      \"choices\": [\n",
    "        { \"id\": \"hold\", \"label\": \"Hold your position\", \"result\": \"You wait.\", \"next\": \"end\" },\n",
    "        { \"id\": \"gamble\", \"label\": \"Call for new elections\",\n",
    "          \"condition\": { \"var\": \"unity\", \"gte\": 7 }, \"unavailable\": \"disable\",\n",
    "          \"reason\": \"The party is too divided to risk it.\",\n",
    "          \"outcomes\": [\n",
    "            { \"weight\": { \"var\": \"unity\" }, \"result\": \"It works.\", \"effects\": [ { \"add\": \"support\", \"value\": 20 } ], \"next\": \"end\" },\n",
    "            { \"weight\": 3, \"result\": \"It backfires.\", \"effects\": [ { \"add\": \"support\", \"value\": -20 } ], \"next\": \"end\" } ] } ],\n",
    "      \"history\": { \"choice\": \"hold\", \"note\": \"What the party really did.\", \"sources\": [\"memoir\"] } }\n",
    "  ],\n",
    "  \"events\": [\n",
    "    { \"_note\": \"Checked after every step; fires at most max_fires times.\",\n",
    "      \"id\": \"crisis\", \"condition\": { \"var\": \"support\", \"lt\": 40 }, \"title\": \"Crisis\",\n",
    "      \"text\": \"Support collapses and the party starts to quarrel.\",\n",
    "      \"effects\": [ { \"add\": \"unity\", \"value\": -1 } ], \"max_fires\": 1 }\n",
    "  ],\n",
    "  \"endings\": [\n",
    "    { \"_note\": \"'next': 'end' takes the first ending whose condition holds, so the last one has none.\",\n",
    "      \"id\": \"victory\", \"title\": \"Victory\", \"condition\": { \"var\": \"support\", \"gte\": 70 },\n",
    "      \"epilogue\": \"Better than history: say what might have followed.\" },\n",
    "    { \"id\": \"historical\", \"title\": \"As it happened\", \"condition\": { \"var\": \"support\", \"gte\": 40 },\n",
    "      \"epilogue\": \"What really happened next.\", \"historical\": true },\n",
    "    { \"id\": \"defeat\", \"title\": \"Defeat\", \"epilogue\": \"Worse than history.\" }\n",
    "  ]\n",
    "}\n",
};

char *lsr_scaffold_text(const char *id) {
    const size_t nlines = sizeof scaffold_lines / sizeof scaffold_lines[0];
    size_t idlen = strlen(id), len = 1;
    for (size_t i = 0; i < nlines; i++) {
        len += strlen(scaffold_lines[i]);
        for (const char *p = scaffold_lines[i]; (p = strstr(p, "@ID@")); p += 4) len += idlen;
    }
    char *out = malloc(len);
    if (!out) return NULL;
    char *w = out;
    for (size_t i = 0; i < nlines; i++) {
        const char *p = scaffold_lines[i], *q;
        while ((q = strstr(p, "@ID@"))) {
            memcpy(w, p, (size_t)(q - p));
            w += q - p;
            memcpy(w, id, idlen);
            w += idlen;
            p = q + 4;
        }
        size_t rest = strlen(p);
        memcpy(w, p, rest);
        w += rest;
    }
    *w = '\0';
    return out;
}

/* A valid scenario id from a file name: lower case, [a-z0-9-_], starting
 * with a letter, at most 63 characters. */
static void make_id(const char *name, char *id, size_t n) {
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    size_t j = 0;
    if (!((base[0] >= 'a' && base[0] <= 'z') || (base[0] >= 'A' && base[0] <= 'Z'))) id[j++] = 's';
    for (size_t i = 0; base[i] && j + 1 < n && j < 63; i++) {
        char c = base[i];
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) c = '-';
        id[j++] = c;
    }
    id[j] = '\0';
}

enum { N_FORCE = 1 };

static const LsrOption new_opts[] = {
    {"force", 0, NULL, N_FORCE, N_("overwrite NAME.json if it exists")},
};

static const LsrCommand new_cmd = {
    "new", "new NAME [--force]",
    N_("Writes NAME.json: a small scenario with notes that shows every feature\n"
    "(variables, a decision with a disabled choice, a random outcome, a vote,\n"
    "an event, three endings, history notes with sources). Edit it, then run\n"
    "'leftsr check NAME.json' and 'leftsr analyze NAME.json'."),
    new_opts, sizeof new_opts / sizeof new_opts[0],
    N_("Exit status: 0 written, 2 usage or I/O error (or the file exists)."),
};

int lsr_cmd_new(int argc, char **argv) {
    const char *name = NULL;
    bool force = false;
    LsrCli cli;
    lsr_cli_begin(&cli, &new_cmd, argc, argv);
    const char *val;
    for (int id; (id = lsr_cli_next(&cli, &val)) != LSR_CLI_END;) {
        if (id == LSR_CLI_HELP) return LSR_EXIT_OK;
        if (id == LSR_CLI_ERROR) return LSR_EXIT_USAGE;
        if (id == N_FORCE) force = true;
        else if (name) {
            lsr_cli_fail(&new_cmd, false, "%s", _("only one NAME, please"));
            return LSR_EXIT_USAGE;
        } else name = val;
    }
    if (!name || !*name) {
        lsr_cli_usage(&new_cmd, stderr);
        return LSR_EXIT_USAGE;
    }
    char path[4096];
    size_t nl = strlen(name);
    bool has_ext = nl > 5 && strcmp(name + nl - 5, ".json") == 0;
    int r = snprintf(path, sizeof path, "%s%s", name, has_ext ? "" : ".json");
    if (r < 0 || (size_t)r >= sizeof path) {
        fputs(_("leftsr new: name too long\n"), stderr);
        return LSR_EXIT_USAGE;
    }
    char stem[4096];
    snprintf(stem, sizeof stem, "%.*s", (int)(has_ext ? nl - 5 : nl), name);
    char id[64];
    make_id(stem, id, sizeof id);
    struct stat sb;
    if (!force && stat(path, &sb) == 0) {
        fprintf(stderr, _("leftsr new: '%s' already exists; use --force to overwrite it\n"), path);
        return LSR_EXIT_USAGE;
    }
    char *text = lsr_scaffold_text(id);
    if (!text) {
        fputs(_("leftsr new: out of memory\n"), stderr);
        return LSR_EXIT_USAGE;
    }
    FILE *f = fopen(path, "wb");
    if (!f) {
        fprintf(stderr, _("leftsr new: cannot write '%s': %s\n"), path, strerror(errno));
        free(text);
        return LSR_EXIT_USAGE;
    }
    size_t len = strlen(text);
    bool ok = fwrite(text, 1, len, f) == len;
    ok = (fclose(f) == 0) && ok;
    free(text);
    if (!ok) {
        fprintf(stderr, _("leftsr new: error writing '%s'\n"), path);
        return LSR_EXIT_USAGE;
    }
    printf(_("wrote %s (scenario id '%s')\n"
             "next: edit it, then run\n"
             "  leftsr check %s\n"
             "  leftsr analyze %s\n"
             "  leftsr play --text %s\n"),
           path, id, path, path, path);
    return LSR_EXIT_OK;
}
