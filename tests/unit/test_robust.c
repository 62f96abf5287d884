/* Robustness against hostile files: every documented limit refuses the file
 * with its exact code and no crash; arithmetic saturates; events end; paths
 * stay inside the scenario's folder; corrupt, truncated and foreign saves
 * give a clear message and overwrite nothing; a failed save never damages
 * the previous one; and every allocation failure in the game and saves
 * returns a clean status without leaking. */
#include "check.h"
#include "internal.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ------------------------------------------------------------- helpers */

typedef struct Text { char *s; size_t len, cap; } Text;

static void put(Text *t, const char *s, size_t n) {
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 4096;
        while (cap < t->len + n + 1) cap *= 2;
        char *ns = realloc(t->s, cap);
        if (!ns) abort();
        t->s = ns, t->cap = cap;
    }
    memcpy(t->s + t->len, s, n);
    t->len += n;
    t->s[t->len] = '\0';
}

static void puts_(Text *t, const char *s) { put(t, s, strlen(s)); }

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void putf(Text *t, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) abort();
    char *tmp = malloc((size_t)n + 1);
    if (!tmp) abort();
    va_start(ap, fmt);
    vsnprintf(tmp, (size_t)n + 1, fmt, ap);
    va_end(ap);
    put(t, tmp, (size_t)n);
    free(tmp);
}

static const char HEAD[] =
    "{\"format\":\"1.0\",\"id\":\"robust\",\"title\":\"T\","
    "\"period\":{\"start\":\"1917-01-01\",\"end\":\"1918-12-31\"},\"briefing\":\"B\","
    "\"sources\":[{\"id\":\"src\",\"title\":\"T\",\"author\":\"A\",\"language\":\"en\"}],";
static const char VAR_X[] = "{\"id\":\"x\",\"label\":\"X\",\"min\":0,\"max\":1000000000,\"initial\":0}";
static const char ENDING[] = "{\"id\":\"e\",\"title\":\"E\",\"epilogue\":\"E\",\"historical\":true}";

/* A scenario: one decision "s0" with choice "a" (effects `effects`, next
 * "end"), plus the given variables, extra top-level members and events. */
static char *scenario(const char *vars, const char *effects, const char *extra_step_keys, const char *events) {
    Text t = {0};
    putf(&t, "%s\"variables\":[%s],\"start\":\"s0\",\"steps\":[{\"id\":\"s0\",\"type\":\"decision\","
             "\"date\":\"1917-10-25\",\"title\":\"T\",\"narrative\":\"N\",%s"
             "\"choices\":[{\"id\":\"a\",\"label\":\"A\",\"effects\":[%s],\"next\":\"end\"}],"
             "\"history\":{\"choice\":\"a\",\"note\":\"N\",\"sources\":[\"src\"]}}],"
             "\"events\":[%s],\"endings\":[%s]}",
         HEAD, vars ? vars : VAR_X, extra_step_keys ? extra_step_keys : "", effects ? effects : "",
         events ? events : "", ENDING);
    return t.s;
}

static const LsrDiag *find_code(const LsrDiagList *d, const char *code) {
    for (size_t i = 0; i < d->count; i++)
        if (strcmp(d->items[i].code, code) == 0) return &d->items[i];
    return NULL;
}

static void print_diags(const char *what, const LsrDiagList *d) {
    char line[1024];
    for (size_t i = 0; i < d->count && i < 5; i++) {
        lsr_diag_format(&d->items[i], what, line, sizeof line);
        fprintf(stderr, "  %s\n", line);
    }
}

/* Loads from memory and checks the status and that `code` is among the
 * diagnostics (when code is non-NULL). Returns the scenario on success. */
static LsrScenario *load_expect(const char *what, const char *data, size_t len, LsrStatus want, const char *code,
                                LsrDiagList *keep) {
    LsrDiagList d;
    lsr_diags_init(&d);
    LsrScenario *sc = NULL;
    LsrStatus st = lsr_scenario_load_buffer(what, data, len, &sc, &d);
    CHECK_EQ_INT(st, want);
    if (code) {
        const LsrDiag *dg = find_code(&d, code);
        if (!dg) {
            fprintf(stderr, "%s: expected a diagnostic %s; got:\n", what, code);
            print_diags(what, &d);
        }
        CHECK(dg != NULL);
    }
    if (st != want) print_diags(what, &d);
    CHECK((sc != NULL) == (st == LSR_OK));
    if (keep) *keep = d;
    else lsr_diags_free(&d);
    return sc;
}

static char g_tmp[256];

static void tmp_path(char *buf, size_t n, const char *name) { snprintf(buf, n, "%s/%s", g_tmp, name); }

static bool write_file(const char *path, const void *data, size_t n) {
    FILE *f = fopen(path, "wb");
    if (!f) return false;
    bool ok = fwrite(data, 1, n, f) == n;
    return fclose(f) == 0 && ok;
}

static char *read_file(const char *path, size_t *n) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    Text t = {0};
    char buf[8192];
    size_t r;
    while ((r = fread(buf, 1, sizeof buf, f)) > 0) put(&t, buf, r);
    fclose(f);
    if (!t.s) puts_(&t, "");
    *n = t.len;
    return t.s;
}

/* Same bytes (or both absent)? */
static bool same_file(const char *path, const char *data, size_t n) {
    size_t m;
    char *now = read_file(path, &m);
    bool same = data ? now && m == n && memcmp(now, data, n) == 0 : now == NULL;
    free(now);
    return same;
}

/* Runs fn in a child process with a time limit: a hang fails the check
 * instead of stopping the suite. Returns the child's failure count, or -1
 * on timeout or crash. */
static int bounded(int (*fn)(void), unsigned seconds, const char *what) {
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid == 0) {
        alarm(seconds);
        _exit(fn());
    }
    if (pid < 0) return -1;
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFSIGNALED(status)) {
        fprintf(stderr, "%s: %s after %u s\n", what,
                WTERMSIG(status) == SIGALRM ? "did not finish (hang)" : "crashed", seconds);
        return -1;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Under valgrind or sanitizers everything is ~20x slower. */
static unsigned slow_factor(void) {
#ifdef LSR_SANITIZED
    return 10;
#else
    const char *vg = getenv("LSR_UNDER_VALGRIND");
    return vg && *vg == '1' ? 20 : 1;
#endif
}

/* -------------------------------------------------------------- limits */

static void test_file_size(void) {
    size_t n = 17u * 1024u * 1024u;
    char *big = malloc(n);
    if (!big) abort();
    memset(big, ' ', n);
    big[0] = '{';
    big[n - 1] = '}';
    load_expect("big.json", big, n, LSR_ERR_INVALID, "E_FILE_TOO_LARGE", NULL);
    /* The same from a file: refused from its size, before reading it. */
    char path[512];
    tmp_path(path, sizeof path, "big.json");
    CHECK(write_file(path, big, n));
    LsrDiagList d;
    lsr_diags_init(&d);
    LsrScenario *sc = NULL;
    CHECK_EQ_INT(lsr_scenario_load_file(path, &sc, &d), LSR_ERR_INVALID);
    CHECK(find_code(&d, "E_FILE_TOO_LARGE") != NULL);
    CHECK(sc == NULL);
    lsr_diags_free(&d);
    unlink(path);
    free(big);

    /* An endless stream (not a regular file) is refused at once. */
    lsr_diags_init(&d);
    CHECK_EQ_INT(lsr_scenario_load_file("/dev/zero", &sc, &d), LSR_ERR_IO);
    CHECK(find_code(&d, "E_IO") != NULL);
    CHECK(d.count && strstr(d.items[0].message, "not a regular file") != NULL);
    lsr_diags_free(&d);
    /* A folder is an I/O error, not a crash. */
    lsr_diags_init(&d);
    CHECK_EQ_INT(lsr_scenario_load_file(g_tmp, &sc, &d), LSR_ERR_IO);
    CHECK(find_code(&d, "E_IO") != NULL);
    lsr_diags_free(&d);
}

static void test_nesting(void) {
    Text t = {0};
    for (int i = 0; i < 200; i++) puts_(&t, "[");
    for (int i = 0; i < 200; i++) puts_(&t, "]");
    load_expect("deep.json", t.s, t.len, LSR_ERR_INVALID, "E_TOO_DEEP", NULL);
    free(t.s);
    /* 100,000 levels: no recursion in the scanner may blow the stack. */
    Text u = {0};
    for (int i = 0; i < 100000; i++) puts_(&u, "{\"a\":");
    puts_(&u, "1");
    for (int i = 0; i < 100000; i++) puts_(&u, "}");
    load_expect("deeper.json", u.s, u.len, LSR_ERR_INVALID, "E_TOO_DEEP", NULL);
    free(u.s);
    /* Deep inside a valid scenario: a condition of 70 nested 'not'. */
    Text c = {0};
    puts_(&c, "\"condition\":");
    for (int i = 0; i < 70; i++) puts_(&c, "{\"not\":");
    puts_(&c, "true");
    for (int i = 0; i < 70; i++) puts_(&c, "}");
    puts_(&c, ",\"otherwise\":\"end\",");
    char *s = scenario(NULL, NULL, c.s, NULL);
    load_expect("deepcond.json", s, strlen(s), LSR_ERR_INVALID, "E_TOO_DEEP", NULL);
    free(s);
    free(c.s);
}

static void test_string_length(void) {
    Text title = {0};
    puts_(&title, "\"place\":\"");
    for (int i = 0; i < 70000; i++) puts_(&title, "a");
    puts_(&title, "\",");
    char *s = scenario(NULL, NULL, title.s, NULL);
    load_expect("longstring.json", s, strlen(s), LSR_ERR_INVALID, "E_LIMIT", NULL);
    free(s);
    free(title.s);
    /* Exactly at the limit (65,536 bytes of 2-byte characters) is fine. */
    Text ok = {0};
    puts_(&ok, "\"place\":\"");
    for (int i = 0; i < 32768; i++) puts_(&ok, "\xd0\x96");
    puts_(&ok, "\",");
    s = scenario(NULL, NULL, ok.s, NULL);
    LsrScenario *sc = load_expect("atlimit.json", s, strlen(s), LSR_OK, NULL, NULL);
    if (sc) CHECK_EQ_INT(strlen(sc->steps[0].place.s), 65536);
    lsr_scenario_free(sc);
    free(s);
    free(ok.s);
}

static void test_counts(void) {
    /* 2,000 variables. */
    Text v = {0};
    for (int i = 0; i < 2000; i++)
        putf(&v, "%s{\"id\":\"v%d\",\"label\":\"V\",\"min\":0,\"max\":1,\"initial\":0}", i ? "," : "", i);
    char *s = scenario(v.s, NULL, NULL, NULL);
    load_expect("vars.json", s, strlen(s), LSR_ERR_INVALID, "E_LIMIT", NULL);
    free(s);
    free(v.s);
    /* 1,024 variables are allowed. */
    Text v2 = {0};
    for (int i = 0; i < 1024; i++)
        putf(&v2, "%s{\"id\":\"v%d\",\"label\":\"V\",\"min\":0,\"max\":1,\"initial\":0}", i ? "," : "", i);
    s = scenario(v2.s, NULL, NULL, NULL);
    LsrScenario *sc = load_expect("vars1024.json", s, strlen(s), LSR_OK, NULL, NULL);
    lsr_scenario_free(sc);
    free(s);
    free(v2.s);

    /* 4,097 events. */
    Text e = {0};
    for (int i = 0; i < 4097; i++)
        putf(&e, "%s{\"id\":\"ev%d\",\"condition\":false,\"title\":\"T\",\"text\":\"X\"}", i ? "," : "", i);
    s = scenario(NULL, NULL, NULL, e.s);
    load_expect("events.json", s, strlen(s), LSR_ERR_INVALID, "E_LIMIT", NULL);
    free(s);
    free(e.s);

    /* 10 choices in a decision; 17 outcomes in a choice. */
    Text c = {0};
    putf(&c, "%s\"variables\":[%s],\"start\":\"s0\",\"steps\":[{\"id\":\"s0\",\"type\":\"decision\","
             "\"date\":\"1917-10-25\",\"title\":\"T\",\"narrative\":\"N\",\"choices\":[",
         HEAD, VAR_X);
    for (int i = 0; i < 10; i++) putf(&c, "%s{\"id\":\"c%d\",\"label\":\"L\",\"next\":\"end\"}", i ? "," : "", i);
    putf(&c, "],\"history\":{\"choice\":\"c0\",\"note\":\"N\",\"sources\":[\"src\"]}}],\"endings\":[%s]}", ENDING);
    load_expect("choices.json", c.s, c.len, LSR_ERR_INVALID, "E_LIMIT", NULL);
    free(c.s);
    Text o = {0};
    putf(&o, "%s\"variables\":[%s],\"start\":\"s0\",\"steps\":[{\"id\":\"s0\",\"type\":\"decision\","
             "\"date\":\"1917-10-25\",\"title\":\"T\",\"narrative\":\"N\",\"choices\":[{\"id\":\"a\",\"label\":\"L\","
             "\"outcomes\":[",
         HEAD, VAR_X);
    for (int i = 0; i < 17; i++) putf(&o, "%s{\"weight\":1,\"next\":\"end\"}", i ? "," : "");
    putf(&o, "]}],\"history\":{\"choice\":\"a\",\"note\":\"N\",\"sources\":[\"src\"]}}],\"endings\":[%s]}", ENDING);
    load_expect("outcomes.json", o.s, o.len, LSR_ERR_INVALID, "E_LIMIT", NULL);
    free(o.s);

    /* 65 blocs. */
    Text b = {0};
    putf(&b, "%s\"variables\":[%s],\"blocs\":[", HEAD, VAR_X);
    for (int i = 0; i < 65; i++)
        putf(&b, "%s{\"id\":\"b%d\",\"name\":\"B\",\"color\":\"#000000\",\"seats\":1}", i ? "," : "", i);
    putf(&b, "],\"start\":\"s0\",\"steps\":[{\"id\":\"s0\",\"type\":\"decision\",\"date\":\"1917-10-25\","
             "\"title\":\"T\",\"narrative\":\"N\",\"choices\":[{\"id\":\"a\",\"label\":\"A\",\"next\":\"end\"}],"
             "\"history\":{\"choice\":\"a\",\"note\":\"N\",\"sources\":[\"src\"]}}],\"endings\":[%s]}",
         ENDING);
    load_expect("blocs.json", b.s, b.len, LSR_ERR_INVALID, "E_LIMIT", NULL);
    free(b.s);

    /* 1 step + 65,535 endings = 65,536 nodes. */
    Text n = {0};
    putf(&n, "%s\"variables\":[%s],\"start\":\"s0\",\"steps\":[{\"id\":\"s0\",\"type\":\"decision\","
             "\"date\":\"1917-10-25\",\"title\":\"T\",\"narrative\":\"N\","
             "\"choices\":[{\"id\":\"a\",\"label\":\"A\",\"next\":\"end\"}],"
             "\"history\":{\"choice\":\"a\",\"note\":\"N\",\"sources\":[\"src\"]}}],\"endings\":[%s",
         HEAD, VAR_X, ENDING);
    for (int i = 1; i < 65535; i++) putf(&n, ",{\"id\":\"e%d\",\"title\":\"E\",\"epilogue\":\"E\"}", i);
    puts_(&n, "]}");
    load_expect("nodes.json", n.s, n.len, LSR_ERR_INVALID, "E_LIMIT", NULL);
    free(n.s);
}

static void test_utf8(void) {
    /* The bad byte is on line 2, column 12 (byte columns), offset 28. */
    const char bad[] = "{\"format\":\"1.0\",\n\"title\":\"ab\xC3\x28\"}";
    LsrDiagList d;
    load_expect("utf8.json", bad, sizeof bad - 1, LSR_ERR_INVALID, "E_UTF8", &d);
    const LsrDiag *dg = find_code(&d, "E_UTF8");
    if (dg) {
        CHECK_EQ_INT(dg->line, 2);
        CHECK_EQ_INT(dg->col, 12);
        CHECK(strstr(dg->message, "offset 28") != NULL);
    }
    lsr_diags_free(&d);
    /* Overlong '/', a UTF-16 surrogate and a code point above U+10FFFF. */
    const char *const hostile[] = {"{\"t\":\"\xC0\xAF\"}", "{\"t\":\"\xED\xA0\x80\"}", "{\"t\":\"\xF4\x90\x80\x80\"}",
                                   "{\"t\":\"\xF0\x9F\x98\"}"};
    for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++)
        load_expect("utf8.json", hostile[i], strlen(hostile[i]), LSR_ERR_INVALID, "E_UTF8", NULL);
    /* A NUL byte in the file is refused too (as a syntax error). */
    const char nul[] = "{\"format\":\"1.0\"\0}";
    load_expect("nul.json", nul, sizeof nul - 1, LSR_ERR_INVALID, NULL, NULL);
}

/* ----------------------------------------------------------- arithmetic */

static int64_t eval_effect(const LsrScenario *sc, uint32_t k) {
    int32_t st[64] = {0};
    lsr_state_init(sc, st, NULL);
    return lsr_expr_eval(sc, st, sc->effects[sc->choices[0].effects_first + k].value);
}

static void test_saturation(void) {
    const char *vars =
        "{\"id\":\"x\",\"label\":\"X\",\"min\":-1000000000,\"max\":1000000000,\"initial\":-1000000000},"
        "{\"id\":\"y\",\"label\":\"Y\",\"min\":-1000000000,\"max\":1000000000,\"initial\":0}";
    const char *effects =
        /* 0: (2^53)^3 saturates high */
        "{\"set\":\"y\",\"value\":{\"mul\":[9007199254740992,9007199254740992,9007199254740992]}},"
        /* 1: -(2^53)^3 saturates low */
        "{\"set\":\"y\",\"value\":{\"mul\":[-9007199254740992,9007199254740992,9007199254740992]}},"
        /* 2: sums beyond 2^63 */
        "{\"set\":\"y\",\"value\":{\"add\":[{\"mul\":[9007199254740992,9007199254740992]},"
        "{\"mul\":[9007199254740992,9007199254740992]}]}},"
        /* 3: INT64_MIN - 1 */
        "{\"set\":\"y\",\"value\":{\"sub\":[{\"mul\":[-9007199254740992,9007199254740992]},1]}},"
        /* 4: division by zero is 0 */
        "{\"set\":\"y\",\"value\":{\"div\":[{\"var\":\"x\"},0]}},"
        /* 5: INT64_MIN / -1 saturates */
        "{\"set\":\"y\",\"value\":{\"div\":[{\"mul\":[-9007199254740992,9007199254740992]},-1]}},"
        /* 6: 0 x huge */
        "{\"set\":\"y\",\"value\":{\"mul\":[0,{\"mul\":[9007199254740992,9007199254740992]}]}},"
        /* 7: last: the applied value is clamped to the range */
        "{\"add\":\"y\",\"value\":{\"mul\":[{\"var\":\"x\"},{\"var\":\"x\"},{\"var\":\"x\"}]}}";
    char *s = scenario(vars, effects, NULL, NULL);
    LsrScenario *sc = load_expect("sat.json", s, strlen(s), LSR_OK, NULL, NULL);
    free(s);
    if (!sc) return;
    CHECK_EQ_INT(eval_effect(sc, 0), INT64_MAX);
    CHECK_EQ_INT(eval_effect(sc, 1), INT64_MIN);
    CHECK_EQ_INT(eval_effect(sc, 2), INT64_MAX);
    CHECK_EQ_INT(eval_effect(sc, 3), INT64_MIN);
    CHECK_EQ_INT(eval_effect(sc, 4), 0);
    CHECK_EQ_INT(eval_effect(sc, 5), INT64_MAX);
    CHECK_EQ_INT(eval_effect(sc, 6), 0);
    CHECK_EQ_INT(eval_effect(sc, 7), INT64_MIN);
    int32_t st[64] = {0};
    lsr_state_init(sc, st, NULL);
    LsrStepRecord rec;
    lsr_state_advance(sc, st, 0, 0, &rec);
    CHECK(rec.clamped);
    CHECK_EQ_INT(lsr_state_var(st, lsr_find_var(sc, "y")), -1000000000);
    lsr_scenario_free(sc);

    /* Literals beyond 2^53 are refused, not rounded. */
    s = scenario(NULL, "{\"set\":\"x\",\"value\":1e300}", NULL, NULL);
    load_expect("huge.json", s, strlen(s), LSR_ERR_INVALID, "E_RANGE", NULL);
    free(s);
    s = scenario(NULL, "{\"set\":\"x\",\"value\":18014398509481984}", NULL, NULL);
    load_expect("huge2.json", s, strlen(s), LSR_ERR_INVALID, "E_RANGE", NULL);
    free(s);
}

/* A vote where 64 blocs of 10^9 seats all vote yes: the totals must not
 * overflow (they saturate) and the motion carries. */
static void test_vote_totals(void) {
    Text t = {0};
    putf(&t, "%s\"variables\":[%s],\"blocs\":[", HEAD, VAR_X);
    for (int i = 0; i < 64; i++)
        putf(&t, "%s{\"id\":\"b%d\",\"name\":\"B\",\"color\":\"#000000\",\"seats\":1000000000}", i ? "," : "", i);
    putf(&t, "],\"start\":\"v\",\"steps\":[{\"id\":\"v\",\"type\":\"vote\",\"date\":\"1917-10-25\",\"title\":\"T\","
             "\"narrative\":\"N\",\"motion\":\"M\",\"positions\":[");
    for (int i = 0; i < 64; i++) putf(&t, "%s{\"bloc\":\"b%d\",\"vote\":\"%s\"}", i ? "," : "", i, i < 40 ? "yes" : "no");
    putf(&t, "],\"pass\":{\"next\":\"e\"},\"fail\":{\"next\":\"f\"},\"history\":{\"note\":\"N\",\"sources\":[\"src\"]}}],"
             "\"endings\":[%s,{\"id\":\"f\",\"title\":\"F\",\"epilogue\":\"F\"}]}", ENDING);
    LsrScenario *sc = load_expect("votes.json", t.s, t.len, LSR_OK, NULL, NULL);
    free(t.s);
    if (!sc) return;
    int32_t st[64] = {0}, totals[3];
    lsr_state_init(sc, st, NULL);
    bool pass = lsr_vote_tally(sc, st, 0, NULL, totals);
    CHECK(pass); /* 40e9 yes against 24e9 no */
    CHECK(totals[0] > 0 && totals[1] > 0 && totals[2] == 0);
    lsr_scenario_free(sc);
}

/* -------------------------------------------------------------- events */

static void test_event_loop(void) {
    /* Two events that undo each other would loop forever without
     * max_fires: each fires 255 times, then play goes on. */
    const char *events =
        "{\"id\":\"up\",\"condition\":{\"var\":\"x\",\"eq\":0},\"title\":\"T\",\"text\":\"X\","
        "\"effects\":[{\"set\":\"x\",\"value\":1}],\"max_fires\":255},"
        "{\"id\":\"down\",\"condition\":{\"var\":\"x\",\"eq\":1},\"title\":\"T\",\"text\":\"X\","
        "\"effects\":[{\"set\":\"x\",\"value\":0}],\"max_fires\":255}";
    char *s = scenario(NULL, "{\"set\":\"x\",\"value\":0}", NULL, events);
    LsrScenario *sc = load_expect("loop.json", s, strlen(s), LSR_OK, NULL, NULL);
    free(s);
    if (!sc) return;
    int32_t st[64] = {0};
    lsr_state_init(sc, st, NULL); /* the events already run before the start */
    CHECK_EQ_INT(lsr_state_fires(sc, st, 0), 255);
    CHECK_EQ_INT(lsr_state_fires(sc, st, 1), 255);
    LsrStepRecord rec;
    lsr_state_advance(sc, st, 0, 0, &rec);
    CHECK_EQ_INT(rec.n_fired, 0);
    CHECK(lsr_state_pos(st) >= sc->n_steps);
    lsr_scenario_free(sc);
    /* max_fires outside 1..255 is refused. */
    s = scenario(NULL, NULL, NULL,
                 "{\"id\":\"ev\",\"condition\":true,\"title\":\"T\",\"text\":\"X\",\"max_fires\":256}");
    load_expect("maxfires.json", s, strlen(s), LSR_ERR_INVALID, "E_RANGE", NULL);
    free(s);
}

/* 4,096 events x 255 fires, ordered so that each pass over the list fires
 * exactly one of them: over a million passes of 4,096 checks each. Loading
 * and starting such a file must still take a moment, not minutes. */
static int slow_chain_child(void) {
    enum { N = 4096 };
    Text t = {0};
    for (int i = 0; i < N; i++)
        putf(&t, "%s{\"id\":\"ev%d\",\"title\":\"T\",\"text\":\"X\",\"max_fires\":255,\"effects\":[{\"add\":\"x\",\"value\":1}],"
                 "\"condition\":{\"var\":\"x\",\"eq\":{\"add\":[{\"mul\":[{\"div\":[{\"var\":\"x\"},%d]},%d]},%d]}}}",
             i ? "," : "", i, N, N, N - 1 - i);
    char *s = scenario(NULL, NULL, NULL, t.s);
    free(t.s);
    LsrScenario *sc = NULL;
    LsrStatus st = lsr_scenario_load_buffer("chain.json", s, strlen(s), &sc, NULL);
    free(s);
    if (st != LSR_OK) return 1;
    LsrGame *g = NULL;
    LsrGameOptions opt = {1, NULL};
    int fails = lsr_game_create(sc, &opt, &g) == LSR_OK ? 0 : 1;
    if (!fails && lsr_game_phase(g) == LSR_PHASE_DECISION) fails += lsr_game_choose(g, 0) == LSR_OK ? 0 : 1;
    lsr_game_destroy(g);
    lsr_scenario_free(sc);
    return fails;
}

static void test_event_work_bound(void) {
    CHECK_EQ_INT(bounded(slow_chain_child, 10 * slow_factor(), "event chain of 4096 x 255"), 0);
}

/* A file full of references to ids that do not exist, next to 60,000
 * endings, must be refused in seconds: "did you mean" may not compare every
 * bad reference with every id. */
static int bad_refs_child(void) {
    Text t = {0};
    putf(&t, "%s\"variables\":[%s],\"start\":\"s0\",\"steps\":[{\"id\":\"s0\",\"type\":\"decision\","
             "\"date\":\"1917-10-25\",\"title\":\"T\",\"narrative\":\"N\","
             "\"choices\":[{\"id\":\"a\",\"label\":\"A\",\"next\":\"end\"}],"
             "\"history\":{\"choice\":\"a\",\"note\":\"N\",\"sources\":[\"src\"]}}],\"endings\":["
             "{\"id\":\"first\",\"title\":\"E\",\"epilogue\":\"E\",\"historical\":true,\"condition\":{\"any\":[",
         HEAD, VAR_X);
    for (int i = 0; i < 60000; i++) putf(&t, "%s{\"visited\":\"e%05dx\"}", i ? "," : "", i);
    puts_(&t, "]}}");
    for (int i = 0; i < 60000; i++) putf(&t, ",{\"id\":\"e%05d\",\"title\":\"E\",\"epilogue\":\"E\"}", i);
    puts_(&t, "]}");
    LsrDiagList d;
    lsr_diags_init(&d);
    LsrScenario *sc = NULL;
    LsrStatus st = lsr_scenario_load_buffer("refs.json", t.s, t.len, &sc, &d);
    int fails = st == LSR_ERR_INVALID && find_code(&d, "E_UNKNOWN_REF") ? 0 : 1;
    lsr_diags_free(&d);
    lsr_scenario_free(sc);
    free(t.s);
    return fails;
}

static void test_bad_refs_bound(void) {
    CHECK_EQ_INT(bounded(bad_refs_child, 10 * slow_factor(), "60,000 unknown references"), 0);
}

/* --------------------------------------------------------------- paths */

static void test_image_paths(void) {
    const char *const bad[] = {"/etc/passwd", "../secret.png", "img/../../x.png", "img/..", "..", "a\\..\\b.png"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char keys[256];
        snprintf(keys, sizeof keys, "\"image\":\"%s\",", bad[i]);
        /* JSON needs the backslashes doubled. */
        Text k = {0};
        for (const char *q = keys; *q; q++) put(&k, *q == '\\' ? "\\\\" : q, *q == '\\' ? 2 : 1);
        char *t = scenario(NULL, NULL, k.s, NULL);
        load_expect(bad[i], t, strlen(t), LSR_ERR_INVALID, "E_BAD_PATH", NULL);
        free(t);
        free(k.s);
    }
    /* A plain relative name is accepted. */
    char *s = scenario(NULL, NULL, "\"image\":\"img/walkout.png\",", NULL);
    LsrScenario *sc = load_expect("image.json", s, strlen(s), LSR_OK, NULL, NULL);
    if (sc) CHECK_EQ_STR(sc->steps[0].image, "img/walkout.png");
    lsr_scenario_free(sc);
    free(s);
}

/* --------------------------------------------------------------- saves */

static LsrScenario *g_sc;

static const char SAVE_SCENARIO[] =
    "{\"format\":\"1.0\",\"id\":\"saves\",\"title\":\"T\","
    "\"period\":{\"start\":\"1917-01-01\",\"end\":\"1918-12-31\"},\"briefing\":\"B\","
    "\"sources\":[{\"id\":\"src\",\"title\":\"T\",\"author\":\"A\",\"language\":\"en\"}],"
    "\"variables\":[{\"id\":\"x\",\"label\":\"X\",\"min\":0,\"max\":100,\"initial\":10}],"
    "\"blocs\":[{\"id\":\"b\",\"name\":\"B\",\"color\":\"#000000\",\"seats\":10}],"
    "\"start\":\"s0\",\"steps\":["
    " {\"id\":\"s0\",\"type\":\"decision\",\"date\":\"1917-10-25\",\"title\":\"T\",\"narrative\":\"N\","
    "  \"choices\":[{\"id\":\"a\",\"label\":\"A\",\"effects\":[{\"add\":\"x\",\"value\":1}],\"next\":\"s1\"},"
    "   {\"id\":\"b\",\"label\":\"B\",\"outcomes\":[{\"weight\":1,\"next\":\"s1\"},{\"weight\":{\"var\":\"x\"},\"next\":\"v\"}]},"
    "   {\"id\":\"stop\",\"label\":\"S\",\"next\":\"end\"}],"
    "  \"history\":{\"choice\":\"a\",\"note\":\"N\",\"sources\":[\"src\"]}},"
    " {\"id\":\"s1\",\"type\":\"decision\",\"date\":\"1917-10-26\",\"title\":\"T\",\"narrative\":\"N\","
    "  \"choices\":[{\"id\":\"again\",\"label\":\"A\",\"effects\":[{\"add\":\"x\",\"value\":2}],\"next\":\"s0\"},"
    "   {\"id\":\"vote\",\"label\":\"V\",\"next\":\"v\"}],"
    "  \"history\":{\"choice\":\"again\",\"note\":\"N\",\"sources\":[\"src\"]}},"
    " {\"id\":\"v\",\"type\":\"vote\",\"date\":\"1917-10-27\",\"title\":\"T\",\"narrative\":\"N\",\"motion\":\"M\","
    "  \"positions\":[{\"bloc\":\"b\",\"vote\":\"yes\"}],\"pass\":{\"next\":\"s0\"},\"fail\":{\"next\":\"end\"},"
    "  \"history\":{\"note\":\"N\",\"sources\":[\"src\"]}}],"
    "\"endings\":[{\"id\":\"e\",\"title\":\"E\",\"epilogue\":\"E\",\"historical\":true}]}";

/* A game of n steps (cycling through s0, s1 and the vote). */
static LsrGame *game_of(uint32_t n, uint64_t seed) {
    LsrGameOptions opt = {seed, NULL};
    LsrGame *g = NULL;
    if (lsr_game_create(g_sc, &opt, &g) != LSR_OK) return NULL;
    for (uint32_t k = 0; k < n; k++) {
        LsrPhase ph = lsr_game_phase(g);
        uint32_t pick = ph == LSR_PHASE_VOTE ? 0 : k % 2;
        if (ph == LSR_PHASE_DECISION && lsr_game_step_index(g) == 0 && k % 3 == 2) {
            uint32_t tally[3] = {1, 1, 2};
            tally[pick] = k + 3;   /* the choice taken has the most votes */
            lsr_game_choose_tally(g, pick, tally, 3);
        } else lsr_game_choose(g, pick);
    }
    return g;
}

typedef struct SaveCase { const char *name; char *data; size_t n; LsrStatus want; const char *msg; } SaveCase;

static void test_saves(void) {
    char path[512], bak[600], tmpf[600];
    tmp_path(path, sizeof path, "saves/nested/game.json");
    snprintf(bak, sizeof bak, "%s.bak", path);
    snprintf(tmpf, sizeof tmpf, "%s.tmp", path);
    char err[512];
    LsrGame *g1 = game_of(3, 7), *g2 = game_of(6, 7);
    CHECK(g1 && g2);
    if (!g1 || !g2) return;
    CHECK_EQ_INT(lsr_save_write(g1, path, err, sizeof err), LSR_OK);
    size_t n1;
    char *s1 = read_file(path, &n1);
    CHECK(s1 != NULL);
    CHECK(access(bak, F_OK) != 0);
    CHECK_EQ_INT(lsr_save_write(g2, path, err, sizeof err), LSR_OK);
    size_t n2;
    char *s2 = read_file(path, &n2);
    /* The previous save is kept, byte for byte, as .bak; no temporary remains. */
    CHECK(same_file(bak, s1, n1));
    CHECK(access(tmpf, F_OK) != 0);
    LsrGame *back = NULL;
    CHECK_EQ_INT(lsr_save_load(g_sc, path, &back, err, sizeof err), LSR_OK);
    if (back) CHECK_EQ_INT(lsr_game_trace_len(back), 6);
    lsr_game_destroy(back);

    /* Hostile contents: each fails with a clear message and leaves both
     * files as they were. */
    SaveCase cases[8];
    size_t nc = 0;
    char *corrupt = malloc(n2);
    memcpy(corrupt, s2, n2);
    corrupt[n2 / 2] = corrupt[n2 / 2] == '1' ? '2' : '1';
    cases[nc++] = (SaveCase){"corrupt", corrupt, n2, LSR_ERR_SAVE, "damaged"};
    char *trunc = malloc(n2 / 2);
    memcpy(trunc, s2, n2 / 2);
    cases[nc++] = (SaveCase){"truncated", trunc, n2 / 2, LSR_ERR_SAVE, "truncated"};
    cases[nc++] = (SaveCase){"empty", strdup(""), 0, LSR_ERR_SAVE, "empty"};
    cases[nc++] = (SaveCase){"scenario", strdup(SAVE_SCENARIO), strlen(SAVE_SCENARIO), LSR_ERR_SAVE,
                                     "not a leftsr save"};
    char png[64] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    char *pngd = malloc(64);
    memcpy(pngd, png, 64);
    cases[nc++] = (SaveCase){"png", pngd, 64, LSR_ERR_SAVE, "not a leftsr save"};
    /* Another scenario's save, with a valid checksum. */
    LsrScenario *other = NULL;
    char *o = scenario(NULL, NULL, NULL, NULL);
    lsr_scenario_load_buffer("robust.json", o, strlen(o), &other, NULL);
    free(o);
    if (other) {
        char opath[512];
        tmp_path(opath, sizeof opath, "other.json");
        LsrGame *og = NULL;
        LsrGameOptions oo = {1, NULL};
        lsr_game_create(other, &oo, &og);
        if (og) lsr_save_write(og, opath, err, sizeof err);
        size_t on;
        char *od = read_file(opath, &on);
        if (od) cases[nc++] = (SaveCase){"foreign", od, on, LSR_ERR_MISMATCH, "belongs to scenario 'robust'"};
        lsr_game_destroy(og);
    }
    /* A save from a newer leftsr (same checksum scheme, version 2). */
    {
        LsrGame *ng = NULL;
        char *v2 = malloc(n2 + 1);
        memcpy(v2, s2, n2);
        v2[n2] = '\0';
        char *ver = strstr(v2, "\"leftsr_save\":1");
        if (ver) {
            ver[14] = '2';
            /* Recompute the checksum as the writer does. */
            lsr_save_seal(v2, n2);
            cases[nc++] = (SaveCase){"newer", v2, n2, LSR_ERR_SAVE, "newer"};
        } else free(v2);
        (void)ng;
    }
    for (size_t i = 0; i < nc; i++) {
        char hpath[512];
        tmp_path(hpath, sizeof hpath, "hostile.json");
        CHECK(write_file(hpath, cases[i].data, cases[i].n));
        LsrGame *hg = NULL;
        err[0] = '\0';
        LsrStatus st = lsr_save_load(g_sc, hpath, &hg, err, sizeof err);
        if (st != cases[i].want || !strstr(err, cases[i].msg))
            fprintf(stderr, "save case %s: status %s, message '%s'\n", cases[i].name, lsr_status_str(st), err);
        CHECK_EQ_INT(st, cases[i].want);
        CHECK(strstr(err, cases[i].msg) != NULL);
        CHECK(hg == NULL);
        lsr_game_destroy(hg);
        /* Loading changes nothing on disk. */
        CHECK(same_file(hpath, cases[i].data, cases[i].n));
        /* The same from memory. */
        st = lsr_save_load_buffer(g_sc, cases[i].data, cases[i].n, &hg, err, sizeof err);
        CHECK_EQ_INT(st, cases[i].want);
        lsr_game_destroy(hg);
        LsrSaveInfo info;
        if (cases[i].want == LSR_ERR_SAVE) CHECK(lsr_save_peek(hpath, &info, err, sizeof err) != LSR_OK);
        CHECK(same_file(hpath, cases[i].data, cases[i].n));
        free(cases[i].data);
    }
    /* The real save and its backup are untouched by all of that. */
    CHECK(same_file(path, s2, n2));
    CHECK(same_file(bak, s1, n1));

    /* A damaged main save: the .bak still loads and is the previous game. */
    {
        char *dm = malloc(n2);
        memcpy(dm, s2, n2);
        dm[n2 / 3] ^= 0x20;
        CHECK(write_file(path, dm, n2));
        LsrGame *x = NULL;
        CHECK_EQ_INT(lsr_save_load(g_sc, path, &x, err, sizeof err), LSR_ERR_SAVE);
        lsr_game_destroy(x);
        x = NULL;
        CHECK_EQ_INT(lsr_save_load(g_sc, bak, &x, err, sizeof err), LSR_OK);
        if (x) CHECK_EQ_INT(lsr_game_trace_len(x), 3);
        lsr_game_destroy(x);
        CHECK(same_file(path, dm, n2));
        CHECK(same_file(bak, s1, n1));
        free(dm);
        CHECK(write_file(path, s2, n2));
    }

    /* A save that cannot be written (its folder is a file) fails with
     * LSR_ERR_IO and leaves the existing save alone. */
    {
        char blocker[512], bad[600];
        tmp_path(blocker, sizeof blocker, "blocker");
        CHECK(write_file(blocker, "x", 1));
        snprintf(bad, sizeof bad, "%s/sub/game.json", blocker);
        err[0] = '\0';
        CHECK_EQ_INT(lsr_save_write(g1, bad, err, sizeof err), LSR_ERR_IO);
        CHECK(err[0] != '\0');
        CHECK(same_file(path, s2, n2));
    }
    /* Carried values far outside int32 (in a save not made in a campaign)
     * are refused, and never converted (that would be undefined). */
    {
        char *h = malloc(n2 + 256);
        char *carry = strstr(s2, "\"carry\":{}");
        if (carry) {
            size_t pre = (size_t)(carry - s2);
            memcpy(h, s2, pre);
            int m = sprintf(h + pre, "\"carry\":{\"x\":1e300}");
            memcpy(h + pre + (size_t)m, carry + 10, n2 - pre - 10);
            size_t hn = n2 - 10 + (size_t)m;
            lsr_save_seal(h, hn);
            LsrGame *x = NULL;
            CHECK_EQ_INT(lsr_save_load_buffer(g_sc, h, hn, &x, err, sizeof err), LSR_ERR_SAVE);
            CHECK(x == NULL);
            lsr_game_destroy(x);
        }
        free(h);
    }
    free(s1);
    free(s2);
    lsr_game_destroy(g1);
    lsr_game_destroy(g2);
    lsr_scenario_free(other);
}

/* ------------------------------------------------ allocation accounting */

typedef struct Alloc {
    long countdown;      /* allocations left before one fails; <0: never */
    bool cjson_fails;    /* do cJSON's allocations count down too? */
    bool failed;         /* a failure was injected */
    long live;           /* blocks currently allocated */
    size_t bytes, peak;  /* bytes live, and the most at once */
} Alloc;

static Alloc g_alloc = {-1, false, false, 0, 0, 0};

/* Every engine and cJSON allocation of this program goes through here (from
 * the start of main), so blocks are counted and failures can be injected. */
typedef struct Hdr { size_t n; size_t pad; } Hdr;

static void *acct(void *p, size_t n, bool counted) {
    Hdr *old = p ? (Hdr *)p - 1 : NULL;
    if (n == 0) {
        if (old) {
            g_alloc.bytes -= old->n;
            g_alloc.live--;
            free(old);
        }
        return NULL;
    }
    if (counted && g_alloc.countdown == 0) {
        g_alloc.failed = true;
        return NULL;
    }
    if (counted && g_alloc.countdown > 0) g_alloc.countdown--;
    size_t oldn = old ? old->n : 0;
    Hdr *h = realloc(old, sizeof(Hdr) + n);
    if (!h) return NULL;
    h->n = n;
    if (!old) g_alloc.live++;
    g_alloc.bytes = g_alloc.bytes - oldn + n;
    if (g_alloc.bytes > g_alloc.peak) g_alloc.peak = g_alloc.bytes;
    return h + 1;
}

static void *acct_realloc(void *p, size_t n, void *ud) {
    (void)ud;
    return acct(p, n, true);
}
static void *acct_malloc(size_t n) { return acct(NULL, n ? n : 1, g_alloc.cjson_fails); }
static void acct_free(void *p) { acct(p, 0, false); }

static void acct_install(void) {
    lsr_set_allocator(acct_realloc, NULL);
    cJSON_Hooks hooks = {acct_malloc, acct_free};
    cJSON_InitHooks(&hooks);
}

/* Makes the k-th allocation from now fail (k >= 0), or none (k < 0). */
static void arm(long k, bool cjson_too) {
    g_alloc.countdown = k;
    g_alloc.cjson_fails = cjson_too;
    g_alloc.failed = false;
}

/* A save of a looping scenario with 40,000 choices must be refused (or
 * replayed) without hundreds of megabytes: a 1 MB file may not cost more
 * than 64 MB. */
static void test_save_memory(void) {
    Text v = {0};
    for (int i = 0; i < 1024; i++)
        putf(&v, "%s{\"id\":\"v%d\",\"label\":\"V\",\"min\":0,\"max\":1,\"initial\":0}", i ? "," : "", i);
    Text t = {0};
    putf(&t, "%s\"variables\":[%s],\"start\":\"a\",\"steps\":[{\"id\":\"a\",\"type\":\"decision\","
             "\"date\":\"1917-10-25\",\"title\":\"T\",\"narrative\":\"N\","
             "\"choices\":[{\"id\":\"b\",\"label\":\"B\",\"next\":\"a\"},{\"id\":\"c\",\"label\":\"C\",\"next\":\"end\"}],"
             "\"history\":{\"choice\":\"c\",\"note\":\"N\",\"sources\":[\"src\"]}}],\"endings\":[%s]}",
         HEAD, v.s, ENDING);
    free(v.s);
    LsrScenario *sc = load_expect("loop1024.json", t.s, t.len, LSR_OK, NULL, NULL);
    free(t.s);
    if (!sc) return;
    char hex[17];
    snprintf(hex, sizeof hex, "%016llx", (unsigned long long)sc->content_hash);
    Text s = {0};
    putf(&s, "{\"leftsr_save\":1,\"scenario\":\"robust\",\"content_hash\":\"%s\",\"seed\":\"1\","
             "\"saved_at\":\"2026-01-01T00:00:00Z\",\"carry\":{},\"choices\":[",
         hex);
    for (int i = 0; i < 40000; i++) puts_(&s, i ? ",{\"step\":\"a\",\"choice\":\"b\"}" : "{\"step\":\"a\",\"choice\":\"b\"}");
    puts_(&s, "],\"checksum\":\"0000000000000000\"}");
    lsr_save_seal(s.s, s.len);
    long live0 = g_alloc.live;
    size_t bytes0 = g_alloc.bytes;
    g_alloc.peak = bytes0;
    LsrGame *g = NULL;
    char err[256];
    LsrStatus st = lsr_save_load_buffer(sc, s.s, s.len, &g, err, sizeof err);
    size_t used = g_alloc.peak - bytes0;
    lsr_game_destroy(g);
    if (used > 64u << 20)
        fprintf(stderr, "a %zu-byte save took %zu MB at peak (status %s)\n", s.len, used >> 20, lsr_status_str(st));
    CHECK(used <= 64u << 20);
    CHECK_EQ_INT(g_alloc.live, live0);
    free(s.s);
    lsr_scenario_free(sc);
}

/* Fails each allocation in turn until the operation needs no more. */
#define EACH_FAILURE(k) for (long k = 0; k < 100000; k++)

static void test_oom(void) {
    char path[512], err[512];
    tmp_path(path, sizeof path, "oom/game.json");
    LsrGameOptions opt = {3, NULL};
    int32_t carry[1] = {50};
    LsrGameOptions optc = {3, carry};

    /* lsr_game_create, with and without carried values */
    for (int c = 0; c < 2; c++) {
        EACH_FAILURE(k) {
            long live0 = g_alloc.live;
            arm(k, false);
            LsrGame *g = NULL;
            LsrStatus st = lsr_game_create(g_sc, c ? &optc : &opt, &g);
            bool failed = g_alloc.failed;
            arm(-1, false);
            if (failed) {
                CHECK_EQ_INT(st, LSR_ERR_NOMEM);
                CHECK(g == NULL);
            } else CHECK_EQ_INT(st, LSR_OK);
            lsr_game_destroy(g);
            CHECK_EQ_INT(g_alloc.live, live0);
            if (!failed) {
                CHECK(k >= 3);
                break;
            }
        }
    }

    /* lsr_game_choose: a failure leaves the game as it was. */
    EACH_FAILURE(k) {
        LsrGame *g = game_of(32, 5); /* the next choice grows the trace */
        if (!g) break;
        size_t len = lsr_game_trace_len(g);
        uint32_t pos = lsr_game_step_index(g);
        long live0 = g_alloc.live;
        arm(k, false);
        LsrStatus st = lsr_game_choose(g, 0);
        bool failed = g_alloc.failed;
        arm(-1, false);
        if (failed) {
            CHECK_EQ_INT(st, LSR_ERR_NOMEM);
            CHECK_EQ_INT(g_alloc.live, live0);
            CHECK_EQ_INT(lsr_game_trace_len(g), len);
            CHECK_EQ_INT(lsr_game_step_index(g), pos);
            /* and the game goes on afterwards */
            CHECK_EQ_INT(lsr_game_choose(g, 0), LSR_OK);
        } else CHECK_EQ_INT(st, LSR_OK);
        lsr_game_destroy(g);
        if (!failed) break;
    }

    /* lsr_game_undo: a clean status, no crash, no leak. */
    EACH_FAILURE(k) {
        LsrGame *g = game_of(5, 5);
        if (!g) break;
        long live0 = g_alloc.live;
        arm(k, false);
        LsrStatus st = lsr_game_undo(g);
        bool failed = g_alloc.failed;
        arm(-1, false);
        CHECK(failed ? st == LSR_ERR_NOMEM : st == LSR_OK);
        CHECK(g_alloc.live <= live0);
        lsr_game_destroy(g);
        if (!failed) break;
    }

    /* lsr_save_write: a failed save leaves the previous one intact and no
     * temporary file behind; cJSON's allocations fail in turn too. */
    LsrGame *g = game_of(4, 9);
    LsrGame *g2 = game_of(7, 9);
    CHECK(g && g2);
    if (!g || !g2) {
        lsr_game_destroy(g);
        lsr_game_destroy(g2);
        return;
    }
    CHECK_EQ_INT(lsr_save_write(g, path, err, sizeof err), LSR_OK);
    size_t n0;
    char *before = read_file(path, &n0);
    char tmpf[600];
    snprintf(tmpf, sizeof tmpf, "%s.tmp", path);
    EACH_FAILURE(k) {
        long live0 = g_alloc.live;
        arm(k, true);
        LsrStatus st = lsr_save_write(g2, path, err, sizeof err);
        bool failed = g_alloc.failed;
        arm(-1, false);
        CHECK_EQ_INT(g_alloc.live, live0);
        if (failed) {
            CHECK_EQ_INT(st, LSR_ERR_NOMEM);
            CHECK(same_file(path, before, n0));
            CHECK(access(tmpf, F_OK) != 0);
        } else {
            CHECK_EQ_INT(st, LSR_OK);
            break;
        }
    }
    /* lsr_save_load with the engine's allocations failing: always "out of
     * memory", never "damaged save" (which the front end would overwrite). */
    EACH_FAILURE(k) {
        long live0 = g_alloc.live;
        arm(k, false);
        LsrGame *x = NULL;
        err[0] = '\0';
        LsrStatus st = lsr_save_load(g_sc, path, &x, err, sizeof err);
        bool failed = g_alloc.failed;
        arm(-1, false);
        lsr_game_destroy(x);
        CHECK_EQ_INT(g_alloc.live, live0);
        if (failed) {
            if (st != LSR_ERR_NOMEM)
                fprintf(stderr, "allocation %ld failing in lsr_save_load gave '%s': %s\n", k, lsr_status_str(st), err);
            CHECK_EQ_INT(st, LSR_ERR_NOMEM);
        } else {
            CHECK_EQ_INT(st, LSR_OK);
            break;
        }
    }
    /* With cJSON's allocations failing as well: a clean status, no leak. */
    EACH_FAILURE(k) {
        long live0 = g_alloc.live;
        arm(k, true);
        LsrGame *x = NULL;
        LsrStatus st = lsr_save_load(g_sc, path, &x, err, sizeof err);
        bool failed = g_alloc.failed;
        arm(-1, false);
        lsr_game_destroy(x);
        CHECK_EQ_INT(g_alloc.live, live0);
        if (failed) CHECK(st == LSR_ERR_NOMEM || st == LSR_ERR_SAVE);
        else {
            CHECK_EQ_INT(st, LSR_OK);
            break;
        }
    }
    free(before);
    lsr_game_destroy(g);
    lsr_game_destroy(g2);
}

/* A looping scenario played for 4,300 decisions of weight 1000: the score's
 * sums must not wrap around. */
static void test_score_sums(void) {
    Text t = {0};
    putf(&t, "%s\"variables\":[%s],\"start\":\"a\",\"steps\":[{\"id\":\"a\",\"type\":\"decision\","
             "\"date\":\"1917-10-25\",\"title\":\"T\",\"narrative\":\"N\","
             "\"choices\":[{\"id\":\"h\",\"label\":\"H\",\"next\":\"a\"},{\"id\":\"o\",\"label\":\"O\",\"next\":\"a\"},"
             "{\"id\":\"stop\",\"label\":\"S\",\"next\":\"end\"}],"
             "\"history\":{\"choice\":\"h\",\"weight\":1000,\"note\":\"N\",\"sources\":[\"src\"]}}],\"endings\":[%s]}",
         HEAD, VAR_X, ENDING);
    LsrScenario *sc = load_expect("score.json", t.s, t.len, LSR_OK, NULL, NULL);
    free(t.s);
    if (!sc) return;
    LsrGameOptions opt = {1, NULL};
    LsrGame *g = NULL;
    if (lsr_game_create(sc, &opt, &g) == LSR_OK) {
        for (int i = 0; i < 4300; i++) lsr_game_choose(g, i < 4294 ? 0 : 1);
        LsrScore s;
        lsr_game_score(g, &s);
        CHECK(s.fidelity_permille >= 0 && s.fidelity_permille <= 1000);
        CHECK(s.fidelity_permille >= 998);
        lsr_game_destroy(g);
    }
    lsr_scenario_free(sc);
}

int main(void) {
    snprintf(g_tmp, sizeof g_tmp, "/tmp/lsr-robust-XXXXXX");
    if (!mkdtemp(g_tmp)) {
        perror("mkdtemp");
        return 1;
    }
    acct_install();
    test_file_size();
    test_nesting();
    test_string_length();
    test_counts();
    test_utf8();
    test_saturation();
    test_vote_totals();
    test_event_loop();
    test_event_work_bound();
    test_bad_refs_bound();
    test_image_paths();
    g_sc = NULL;
    lsr_scenario_load_buffer("saves.json", SAVE_SCENARIO, strlen(SAVE_SCENARIO), &g_sc, NULL);
    CHECK(g_sc != NULL);
    if (g_sc) {
        test_saves();
        test_oom();
    }
    test_save_memory();
    test_score_sums();
    lsr_scenario_free(g_sc);
    /* Everything the engine and cJSON allocated has been given back. */
    CHECK_EQ_INT(g_alloc.live, 0);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_tmp);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", g_tmp);
    return check_report("test_robust");
}
