/* Reports: the three formats on a small fixture scenario with class
 * tallies (escaping, CSV quoting, SVG charts, tallies, questions), golden
 * files, safe writing to a path, and the `leftsr report` command (corrupt
 * saves, version mismatch, refusing to overwrite other files).
 * UPDATE_GOLDEN=1 rewrites tests/golden/report/fixture.{html,md,csv}. */
#include "check.h"
#include "tools/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define GOLDEN_DIR LSR_SOURCE_DIR "/tests/golden/report/"
#define FIXTURE GOLDEN_DIR "fixture-scenario.json"

static char tmpdir[256];

static char *read_all(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n < 2) {
            char *p = realloc(buf, cap * 2);
            if (!p) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = p;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf) buf[n] = '\0';
    if (len) *len = n;
    return buf;
}

static bool write_all(const char *path, const char *data, size_t len) {
    FILE *f = fopen(path, "wb");
    if (!f) return false;
    bool ok = fwrite(data, 1, len, f) == len;
    return fclose(f) == 0 && ok;
}

/* The report of g in fmt, as a malloc'd string. */
static char *render(const LsrGame *g, LsrReportFormat fmt, const LsrReportOptions *o, size_t *len) {
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    if (!f) return NULL;
    LsrStatus st = lsr_report_write(g, fmt, f, o);
    fclose(f);
    CHECK_EQ_INT(st, LSR_OK);
    if (len) *len = n;
    return buf;
}

static size_t count(const char *hay, const char *needle) {
    size_t n = 0, nl = strlen(needle);
    for (const char *p = strstr(hay, needle); p; p = strstr(p + nl, needle)) n++;
    return n;
}

/* Compares with tests/golden/report/NAME; a missing file is a failure. */
static void golden(const char *name, const char *text, size_t len) {
    char path[512];
    snprintf(path, sizeof path, GOLDEN_DIR "%s", name);
    const char *upd = getenv("UPDATE_GOLDEN");
    if (upd && !strcmp(upd, "1")) {
        CHECK(write_all(path, text, len));
        fprintf(stderr, "test_report: rewrote %s\n", path);
    }
    size_t glen = 0;
    char *want = read_all(path, &glen);
    if (!want) {
        fprintf(stderr, "test_report: missing golden file %s (run with UPDATE_GOLDEN=1 and review it)\n", path);
        CHECK(want != NULL);
        return;
    }
    bool same = glen == len && memcmp(want, text, len) == 0;
    if (!same) {
        size_t i = 0;
        while (i < len && i < glen && want[i] == text[i]) i++;
        size_t from = i > 60 ? i - 60 : 0;
        fprintf(stderr, "test_report: %s differs from the golden file at byte %zu:\n  want: %.120s\n  got:  %.120s\n",
                name, i, want + from, text + from);
    }
    CHECK(same);
    free(want);
}

/* The fixture played with class tallies: the class walks out (against
 * history), the vote is counted, the class joins (as history). */
static LsrGame *play_fixture(const LsrScenario *sc) {
    LsrGame *g = NULL;
    LsrGameOptions opt = {7, NULL};
    CHECK_EQ_INT(lsr_game_create(sc, &opt, &g), LSR_OK);
    if (!g) return NULL;
    const uint32_t t1[3] = {3, 12, 5}, t3[2] = {10, 8};
    CHECK_EQ_INT(lsr_game_choose_tally(g, 1, t1, 3), LSR_OK);
    CHECK_EQ_INT(lsr_game_choose(g, 0), LSR_OK);
    CHECK_EQ_INT(lsr_game_choose_tally(g, 0, t3, 2), LSR_OK);
    CHECK_EQ_INT(lsr_game_phase(g), LSR_PHASE_ENDED);
    return g;
}

static void test_formats(const LsrScenario *sc) {
    LsrGame *g = play_fixture(sc);
    if (!g) return;
    LsrReportOptions o = {NULL, "2025-10-11", NULL, NULL};
    size_t nh, nm, nc;
    char *html = render(g, LSR_REPORT_HTML, &o, &nh);
    char *md = render(g, LSR_REPORT_MD, &o, &nm);
    char *csv = render(g, LSR_REPORT_CSV, &o, &nc);
    CHECK(html && md && csv);
    if (html && md && csv) {
        /* HTML: standalone, escaped, with charts and tallies. */
        CHECK(!strncmp(html, "<!DOCTYPE html>", 15));
        CHECK(strstr(html, "<meta charset=\"utf-8\">") != NULL);
        CHECK(strstr(html, "<h1>Tea &amp; &lt;Talks&gt; &quot;quoted&quot;</h1>") != NULL);
        CHECK(strstr(html, "<Talks>") == NULL);
        CHECK(strstr(html, "<b>tag</b>") == NULL);
        CHECK(strstr(html, "Note two with &lt;b&gt;tag&lt;/b&gt; &amp; more.") != NULL);
        CHECK(strstr(html, "<p>Note one.</p>\n<p>Note two") != NULL);
        CHECK(strstr(html, "Back &lt;them&gt; &amp; cheer") != NULL);
        CHECK(strstr(html, "http://") == NULL && strstr(html, "https://") == NULL);
        CHECK(strstr(html, "<script") == NULL && strstr(html, "<img") == NULL && strstr(html, "@import") == NULL);
        CHECK(strstr(html, "@media print") != NULL && strstr(html, "size: A4") != NULL);
        CHECK(strstr(html, "#8c1c13") != NULL);
        CHECK_EQ_INT(count(html, "<svg class=\"line\""), 3);     /* one chart per scored variable */
        CHECK_EQ_INT(count(html, "<svg class=\"bar\""), 3 + 2 + 2); /* tallies (3 + 2) and the vote (2) */
        CHECK(strstr(html, "12 votes &middot; 60%") != NULL);
        CHECK(strstr(html, "Walk out | leave (12 of 20 votes)") != NULL);
        CHECK(strstr(html, "Class choice") != NULL);
        CHECK(strstr(html, "&middot; partial credit") == NULL);  /* walk-out earns none */
        CHECK(strstr(html, "16 yes, 0 no, 0 abstaining") == NULL);
        CHECK(strstr(html, "67 yes, 29 no, 0 abstaining") != NULL);
        CHECK(strstr(html, "10 yes, 5 no, 1 abstaining") != NULL);
        CHECK(strstr(html, "Where the sources disagree.") != NULL);
        CHECK(strstr(html, "Played on 11 October 2025") != NULL);
        CHECK(strstr(html, "Outside &amp; alone") != NULL);
        CHECK(strstr(html, "History took another ending: Junior partners.") != NULL);
        /* Questions: the decision that differed, the disagreement, the perspective, the ending. */
        CHECK(strstr(html, "Why do you think they chose that") != NULL);
        CHECK(strstr(html, "the sources disagree") != NULL);
        CHECK(strstr(html, "Compare two of the sources: \xE2\x80\x9COn the coalition\xE2\x80\x9D by Leon Trotsky") != NULL);
        CHECK(strstr(html, "history ended with") != NULL);
        CHECK_EQ_INT(count(html, "<li>"), 4 + 2);              /* 4 questions, 2 sources */
        /* Markdown: tables with | escaped, the same facts. */
        CHECK(!strncmp(md, "<!-- leftsr report -->\n# Tea \\& \\<Talks\\> \"quoted\"\n", 48));
        CHECK(strstr(md, "| Walk out \\| leave | 12 (60%) | class choice |") != NULL);
        CHECK(strstr(md, "Note two with \\<b\\>tag\\</b\\> \\& more.") != NULL);
        CHECK(strstr(md, "## Questions for discussion") != NULL);
        CHECK(strstr(md, "| Bolshevik trust | 50% | 50% | 70% (game scale) |") != NULL);
        /* A contested history and an estimated tally say so in every format. */
        CHECK_EQ_INT(count(md, "**Contested: the sources disagree about what the party did.**"), 1);
        CHECK_EQ_INT(count(html, "<strong>Contested: the sources disagree about what the party did.</strong>"), 1);
        CHECK(strstr(md, "- **Estimate (not in the sources):** 10 yes, 5 no, 1 abstaining: passed") != NULL);
        CHECK(strstr(html, "<dt>Estimate (not in the sources)</dt>") != NULL);
        CHECK(strstr(md, "In history:") == NULL);
        /* CSV: header, RFC 4180 quoting, tallies, CRLF, decisions only. */
        const char *hdr = "index,date,step_id,title,choice_id,choice_label,tally,historical_choice_id,match,credit,sources,"
                          "contested\r\n";
        CHECK(!strncmp(csv, hdr, strlen(hdr)));
        CHECK(strstr(csv, "1,1917-10-25,s1,\"Stay, or go?\",walk,Walk out | leave,3;12;5,stay,no,0,wiki-en;trotsky,yes\r\n") != NULL);
        CHECK(strstr(csv, "3,1917-11-01,s3,Join the government?,join,Join,10;8,join,yes,1,wiki-en,no\r\n") != NULL);
        CHECK_EQ_INT(count(csv, "\r\n"), 3);
        CHECK(strstr(csv, "s2") == NULL);
        golden("fixture.html", html, nh);
        golden("fixture.md", md, nm);
        golden("fixture.csv", csv, nc);
        /* Deterministic: the same game and options give the same bytes. */
        size_t n2;
        char *again = render(g, LSR_REPORT_HTML, &o, &n2);
        CHECK(again && n2 == nh && !memcmp(again, html, nh));
        free(again);
    }
    free(html);
    free(md);
    free(csv);

    /* The CSV quoting of a label with a comma and quotes. */
    lsr_game_undo(g);
    lsr_game_undo(g);
    lsr_game_undo(g);
    const uint32_t t1[3] = {9, 1, 0};
    CHECK_EQ_INT(lsr_game_choose_tally(g, 0, t1, 3), LSR_OK);
    csv = render(g, LSR_REPORT_CSV, NULL, NULL);
    CHECK(csv && strstr(csv, ",stay,\"Stay, and \"\"mediate\"\"\",9;1;0,stay,yes,1,") != NULL);
    free(csv);
    /* Unfinished game, no options: still a report, saying where play stopped. */
    html = render(g, LSR_REPORT_HTML, NULL, NULL);
    CHECK(html && strstr(html, "Not finished") != NULL && strstr(html, "(date not recorded)") != NULL);
    CHECK(html && strstr(html, "<h1>Tea &amp; &lt;Talks&gt;") != NULL);
    free(html);
    /* A custom title is escaped too, and the scenario title stays as subtitle. */
    LsrReportOptions ot = {"Class 10B <A&B>", NULL, NULL, "Watch \"out\" <now>"};
    html = render(g, LSR_REPORT_HTML, &ot, NULL);
    CHECK(html && strstr(html, "<h1>Class 10B &lt;A&amp;B&gt;</h1>") != NULL);
    CHECK(html && strstr(html, "Watch &quot;out&quot; &lt;now&gt;") != NULL);
    free(html);
    md = render(g, LSR_REPORT_MD, &ot, NULL);
    CHECK(md && strstr(md, "> **Warning:** Watch \"out\" \\<now\\>") != NULL);
    free(md);
    lsr_game_destroy(g);
}

/* A bundled scenario on its historical path: every decision matches. */
static void test_bundled(void) {
    LsrScenario *sc = NULL;
    if (lsr_scenario_load_file(LSR_SOURCE_DIR "/scenarios/coalition.json", &sc, NULL) != LSR_OK) {
        fprintf(stderr, "test_report: scenarios/coalition.json does not load\n");
        CHECK(sc != NULL);
        return;
    }
    LsrGame *g = NULL;
    LsrGameOptions opt = {1, NULL};
    CHECK_EQ_INT(lsr_game_create(sc, &opt, &g), LSR_OK);
    /* Always take the historical choice, with a class tally that agrees. */
    for (int guard = 0; g && guard < 200; guard++) {
        LsrPhase ph = lsr_game_phase(g);
        if (ph == LSR_PHASE_VOTE) {
            CHECK_EQ_INT(lsr_game_choose(g, 0), LSR_OK);
            continue;
        }
        if (ph != LSR_PHASE_DECISION) break;
        const LsrStep *s = lsr_game_step(g);
        uint32_t tally[9] = {0};
        tally[s->hist_choice] = 20;
        tally[(s->hist_choice + 1) % s->n_choices] += 7;
        CHECK_EQ_INT(lsr_game_choose_tally(g, s->hist_choice, tally, s->n_choices), LSR_OK);
    }
    if (g) {
        LsrScore score;
        lsr_game_score(g, &score);
        char *html = render(g, LSR_REPORT_HTML, NULL, NULL);
        CHECK(html != NULL);
        if (html) {
            CHECK_EQ_INT(count(html, "<svg class=\"line\""), score.n_vars);
            CHECK(count(html, "class=\"step") >= score.decisions);
            CHECK(strstr(html, "The closest vote was at") != NULL);
            CHECK(strstr(html, "100.0%") != NULL);
        }
        free(html);
    }
    lsr_game_destroy(g);
    lsr_scenario_free(sc);
}

static int run_cmd(int n, const char **args) { return lsr_cmd_report(n, (char **)args); }

static void test_files_and_cli(const LsrScenario *sc) {
    LsrGame *g = play_fixture(sc);
    if (!g) return;
    char save[512], out[512], notes[512], err[256], fix2[512];
    snprintf(save, sizeof save, "%s/s.json", tmpdir);
    snprintf(out, sizeof out, "%s/r.html", tmpdir);
    snprintf(notes, sizeof notes, "%s/notes.txt", tmpdir);
    snprintf(fix2, sizeof fix2, "%s/fixture-v2.json", tmpdir);
    CHECK_EQ_INT(lsr_save_write(g, save, err, sizeof err), LSR_OK);

    /* lsr_report_save: writes, replaces its own reports, refuses other files. */
    LsrReportOptions o = {NULL, "2025-10-11", NULL, NULL};
    CHECK_EQ_INT(lsr_report_save(g, LSR_REPORT_HTML, out, &o, false, err, sizeof err), LSR_OK);
    CHECK(lsr_report_file_is_report(out));
    CHECK_EQ_INT(lsr_report_save(g, LSR_REPORT_HTML, out, &o, false, err, sizeof err), LSR_OK);
    char tmp[600];
    snprintf(tmp, sizeof tmp, "%s.tmp", out);
    CHECK(access(tmp, F_OK) != 0);
    CHECK(write_all(notes, "my lesson notes\n", 16));
    CHECK_EQ_INT(lsr_report_save(g, LSR_REPORT_MD, notes, &o, false, err, sizeof err), LSR_ERR_IO);
    CHECK(strstr(err, "not a leftsr report") != NULL);
    char *kept = read_all(notes, NULL);
    CHECK(kept && !strcmp(kept, "my lesson notes\n"));
    free(kept);
    CHECK_EQ_INT(lsr_report_save(g, LSR_REPORT_MD, notes, &o, true, err, sizeof err), LSR_OK);
    CHECK(lsr_report_file_is_report(notes));
    CHECK_EQ_INT(lsr_report_save(g, LSR_REPORT_CSV, notes, &o, false, err, sizeof err), LSR_OK);
    CHECK(lsr_report_file_is_report(notes));
    /* a CSV written before the contested column is still ours to replace */
    const char *old_csv = "index,date,step_id,title,choice_id,choice_label,tally,historical_choice_id,match,credit,"
                          "sources\r\n1,1917-10-25,s1,S,a,A,,a,yes,1,wiki-en\r\n";
    CHECK(write_all(notes, old_csv, strlen(old_csv)));
    CHECK(lsr_report_file_is_report(notes));
    const char *other_csv = "index,date,step_id,title,choice_id,choice_label,tally,historical_choice_id,match,"
                            "credit,sourcesX\r\n";
    CHECK(write_all(notes, other_csv, strlen(other_csv)));
    CHECK(!lsr_report_file_is_report(notes));
    CHECK_EQ_INT(lsr_report_save(g, LSR_REPORT_CSV, tmpdir, &o, true, err, sizeof err), LSR_ERR_IO);
    /* missing folders on the way are created (a classroom export with --no-save) */
    char deep[600];
    snprintf(deep, sizeof deep, "%s/new/folder/r.csv", tmpdir);
    CHECK_EQ_INT(lsr_report_save(g, LSR_REPORT_CSV, deep, &o, false, err, sizeof err), LSR_OK);
    CHECK(lsr_report_file_is_report(deep));
    remove(deep);
    snprintf(deep, sizeof deep, "%s/new/folder", tmpdir);
    rmdir(deep);
    snprintf(deep, sizeof deep, "%s/new", tmpdir);
    rmdir(deep);

    /* The command: same bytes as the library for the same save and date. */
    const char *a1[] = {"report", save, "--scenario", FIXTURE, "--date", "2025-10-11", "-o", out, NULL};
    CHECK_EQ_INT(run_cmd(8, a1), 0);
    size_t n1, n2;
    char *from_cmd = read_all(out, &n1);
    char *from_lib = render(g, LSR_REPORT_HTML, &o, &n2);
    CHECK(from_cmd && from_lib && n1 == n2 && !memcmp(from_cmd, from_lib, n1));
    free(from_cmd);
    free(from_lib);
    /* Format from the extension; refusing and forcing. */
    char mdpath[512];
    snprintf(mdpath, sizeof mdpath, "%s/r.md", tmpdir);
    const char *a2[] = {"report", "--scenario", FIXTURE, save, "-o", mdpath, NULL};
    CHECK_EQ_INT(run_cmd(6, a2), 0);
    char *md = read_all(mdpath, NULL);
    CHECK(md && !strncmp(md, "<!-- leftsr report -->", 22));
    free(md);
    CHECK(write_all(notes, "keep me", 7));
    const char *a3[] = {"report", save, "--scenario", FIXTURE, "-f", "csv", "-o", notes, NULL};
    CHECK_EQ_INT(run_cmd(8, a3), 2);
    kept = read_all(notes, NULL);
    CHECK(kept && !strcmp(kept, "keep me"));
    free(kept);
    const char *a4[] = {"report", save, "--scenario", FIXTURE, "-f", "csv", "-o", notes, "--force", NULL};
    CHECK_EQ_INT(run_cmd(9, a4), 0);
    kept = read_all(notes, NULL);
    CHECK(kept && !strncmp(kept, "index,date,", 11));
    free(kept);
    /* Usage errors. */
    const char *a5[] = {"report", save, "--format", "pdf", NULL};
    CHECK_EQ_INT(run_cmd(4, a5), 2);
    const char *a6[] = {"report", save, "--date", "2025-13-01", NULL};
    CHECK_EQ_INT(run_cmd(4, a6), 2);
    const char *a7[] = {"report", NULL};
    CHECK_EQ_INT(run_cmd(1, a7), 2);

    /* A corrupt save: a clear message and exit 2, nothing written. */
    char bad[512], badout[512];
    snprintf(bad, sizeof bad, "%s/bad.json", tmpdir);
    snprintf(badout, sizeof badout, "%s/bad.html", tmpdir);
    size_t slen;
    char *text = read_all(save, &slen);
    CHECK(text != NULL);
    if (text) {
        char *c = strstr(text, "\"walk\"");
        if (c) c[1] = 'W';
        CHECK(write_all(bad, text, slen));
        const char *a8[] = {"report", bad, "--scenario", FIXTURE, "-o", badout, NULL};
        CHECK_EQ_INT(run_cmd(6, a8), 2);
        CHECK(access(badout, F_OK) != 0);
        CHECK(write_all(bad, text, slen / 2));
        CHECK_EQ_INT(run_cmd(6, a8), 2);
        free(text);
    }

    /* Another version of the scenario (same id, other content): still a
     * report, with a warning line at the top. */
    size_t flen;
    char *fx = read_all(FIXTURE, &flen);
    CHECK(fx != NULL);
    if (fx) {
        char *p = strstr(fx, "It passed.");
        if (p) p[3] = 'P';
        CHECK(write_all(fix2, fx, flen));
        free(fx);
        const char *a9[] = {"report", save, "--scenario", fix2, "--date", "2025-10-11", "-o", out, NULL};
        CHECK_EQ_INT(run_cmd(8, a9), 0);
        char *html = read_all(out, NULL);
        CHECK(html && strstr(html, "<p class=\"warning\">") != NULL);
        CHECK(html && strstr(html, "another version of") != NULL);
        CHECK(html && strstr(html, "It Passed.") != NULL);
        free(html);
    }
    lsr_game_destroy(g);
    unlink(save);
    char bak[600];
    snprintf(bak, sizeof bak, "%s.bak", save);
    unlink(bak);
    unlink(out);
    unlink(notes);
    unlink(mdpath);
    unlink(bad);
    unlink(fix2);
}

bool lsr_save_seal(char *text, size_t len);  /* game/core: reseals an edited save */

/* Review 2026-12 #2, #8, #9, #11: formula cells, special and linked
 * targets, and a save's "scenario" field naming a file. */
static void test_hostile(void) {
    /* CSV: the review's injected step title reaches the sheet neutralised. */
    LsrScenario *sc = NULL;
    CHECK_EQ_INT(lsr_scenario_load_file(LSR_SOURCE_DIR "/tests/scenarios/hostile/inject.json", &sc, NULL), LSR_OK);
    LsrGame *g = NULL;
    char err[512];
    if (sc) CHECK_EQ_INT(lsr_save_load(sc, LSR_SOURCE_DIR "/tests/scenarios/hostile/inj-save.json", &g, err, sizeof err),
                         LSR_OK);
    if (g) {
        LsrReportOptions o = {NULL, "2026-12-01", NULL, NULL};
        size_t n;
        char *csv = render(g, LSR_REPORT_CSV, &o, &n);
        CHECK(csv && strstr(csv, "\"'=HYPERLINK(") != NULL);
        int formulas = 0;
        for (char *p = csv; p && *p; p++) {
            bool cell_start = p == csv || p[-1] == ',' || p[-1] == '\n';
            char c = *p == '"' && cell_start ? p[1] : cell_start ? *p : 0;
            if (cell_start && c && strchr("=+@\t\r", c)) formulas++;
        }
        CHECK_EQ_INT(formulas, 0);
        free(csv);

        /* Targets: a FIFO, a link, and a link planted at the old temporary name. */
        char fifo[512], victim[512], lnk[512], out[512], planted[600];
        snprintf(fifo, sizeof fifo, "%s/h-fifo.csv", tmpdir);
        snprintf(victim, sizeof victim, "%s/h-victim", tmpdir);
        snprintf(lnk, sizeof lnk, "%s/h-link.csv", tmpdir);
        snprintf(out, sizeof out, "%s/h-out.csv", tmpdir);
        snprintf(planted, sizeof planted, "%s.tmp", out);
        CHECK(mkfifo(fifo, 0644) == 0);
        CHECK(write_all(victim, "precious\n", 9));
        CHECK(symlink(victim, lnk) == 0);
        CHECK(symlink(victim, planted) == 0);
        alarm(20);
        CHECK_EQ_INT(lsr_report_save(g, LSR_REPORT_CSV, fifo, &o, true, err, sizeof err), LSR_ERR_IO);
        CHECK(strstr(err, "not a regular file") != NULL);
        CHECK_EQ_INT(lsr_report_save(g, LSR_REPORT_CSV, lnk, &o, true, err, sizeof err), LSR_ERR_IO);
        CHECK_EQ_INT(lsr_report_save(g, LSR_REPORT_CSV, out, &o, false, err, sizeof err), LSR_OK);
        alarm(0);
        char *kept = read_all(victim, NULL);
        CHECK(kept && !strcmp(kept, "precious\n"));
        free(kept);
        struct stat st;
        CHECK(lstat(fifo, &st) == 0 && S_ISFIFO(st.st_mode));
        CHECK(lstat(lnk, &st) == 0 && S_ISLNK(st.st_mode));
        unlink(fifo);
        unlink(victim);
        unlink(lnk);
        unlink(out);
        unlink(planted);
    }
    lsr_game_destroy(g);
    lsr_scenario_free(sc);

    /* A save whose "scenario" is a path: report never opens it. */
    char save[512], fifo[512], text[700];
    snprintf(save, sizeof save, "%s/h-save.json", tmpdir);
    snprintf(fifo, sizeof fifo, "%s/h-scen.json", tmpdir);
    CHECK(mkfifo(fifo, 0644) == 0);
    const char *targets[] = {"/etc/passwd", fifo, "../coalition", "coalition.json"};
    for (int i = 0; i < 4; i++) {
        int len = snprintf(text, sizeof text,
                           "{\"leftsr_save\":1,\"scenario\":\"%s\",\"content_hash\":\"0000000000000000\",\"seed\":\"1\","
                           "\"saved_at\":\"2026-12-01T00:00:00Z\",\"carry\":{},\"choices\":[],"
                           "\"checksum\":\"0000000000000000\"}",
                           targets[i]);
        CHECK(lsr_save_seal(text, (size_t)len));
        CHECK(write_all(save, text, (size_t)len));
        const char *args[] = {"report", save};
        alarm(20);
        CHECK_EQ_INT(run_cmd(2, args), 2);
        alarm(0);
    }
    unlink(save);
    unlink(fifo);
}

int main(void) {
    snprintf(tmpdir, sizeof tmpdir, "%s", "/tmp/leftsr-report-XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    LsrDiagList d;
    lsr_diags_init(&d);
    LsrScenario *sc = NULL;
    LsrStatus st = lsr_scenario_load_file(FIXTURE, &sc, &d);
    CHECK_EQ_INT(st, LSR_OK);
    for (size_t i = 0; i < d.count; i++) fprintf(stderr, "fixture: %s\n", d.items[i].message);
    lsr_diags_free(&d);
    if (sc) {
        test_formats(sc);
        test_files_and_cli(sc);
        lsr_scenario_free(sc);
    }
    test_bundled();
    test_hostile();
    rmdir(tmpdir);
    return check_report("test_report");
}
