/* Fuzz target: arbitrary UTF-8 through the text code.
 *  - lsr_utf8_invalid_at against an independent strict validator
 *    (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF);
 *  - the terminal front end's word wrap (game/term/play.c), reached through
 *    lsr_cmd_play_text on a scenario whose every text field comes from the
 *    input, at terminal widths 40..100, with and without a translation;
 *  - diagnostics formatting, dates and the "did you mean" distance on
 *    arbitrary strings.
 * The SDL text layout needs fonts and a renderer (game/sdl/render.c has no
 * pure layout function yet), so it is not covered here. */
#include "fuzz_util.h"
#include "app.h"

#include <fcntl.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char g_dir[64];
static char g_file[128];
static int g_devnull = -1;

static void cleanup(void) {
    if (g_file[0]) unlink(g_file);
    if (g_dir[0]) rmdir(g_dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    snprintf(g_dir, sizeof g_dir, "/tmp/lsr-fuzz-text-XXXXXX");
    if (!mkdtemp(g_dir)) {
        perror("fuzz_text: mkdtemp");
        exit(2);
    }
    snprintf(g_file, sizeof g_file, "%s/text.json", g_dir);
    atexit(cleanup);
    g_devnull = open("/dev/null", O_WRONLY);
    /* The player must never wait for a keyboard. */
    if (!freopen("/dev/null", "r", stdin) || g_devnull < 0) {
        perror("fuzz_text: /dev/null");
        exit(2);
    }
    return 0;
}

/* Strict reference: offset of the first byte that does not start a valid
 * sequence, or (size_t)-1. */
static size_t ref_utf8(const uint8_t *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        uint8_t c = s[i];
        size_t len;
        uint8_t lo = 0x80, hi = 0xBF;
        if (c <= 0x7F) { i++; continue; }
        if (c >= 0xC2 && c <= 0xDF) len = 2;
        else if (c == 0xE0) { len = 3; lo = 0xA0; }
        else if (c == 0xED) { len = 3; hi = 0x9F; }
        else if (c >= 0xE1 && c <= 0xEF) len = 3;
        else if (c == 0xF0) { len = 4; lo = 0x90; }
        else if (c == 0xF4) { len = 4; hi = 0x8F; }
        else if (c >= 0xF1 && c <= 0xF3) len = 4;
        else return i;
        if (i + len > n) return i;
        if (s[i + 1] < lo || s[i + 1] > hi) return i;
        for (size_t k = 2; k < len; k++)
            if (s[i + k] < 0x80 || s[i + k] > 0xBF) return i;
        i += len;
    }
    return (size_t)-1;
}

/* Splits the input at NUL bytes into up to `max` pieces. */
static size_t split(const uint8_t *data, size_t size, const uint8_t **p, size_t *n, size_t max) {
    size_t k = 0, start = 0;
    for (size_t i = 0; i <= size && k < max; i++) {
        if (i == size || data[i] == 0) {
            p[k] = data + start;
            n[k] = i - start;
            k++;
            start = i + 1;
        }
    }
    for (size_t j = k; j < max; j++) { p[j] = data; n[j] = 0; }
    return k;
}

static void text_field(Buf *b, const char *key, const uint8_t *s, size_t n, bool translate) {
    if (n == 0) {
        buf_fmt(b, "\"%s\":\"x\",", key);
        return;
    }
    buf_fmt(b, "\"%s\":", key);
    if (translate) buf_str(b, "{\"en\":\"");
    else buf_str(b, "\"");
    buf_json_text(b, s, n);
    if (translate) {
        buf_str(b, "\",\"ru\":\"");
        /* The translation is the same text reversed by pieces. */
        buf_json_text(b, s + n / 2, n - n / 2);
        buf_json_text(b, s, n / 2);
        buf_str(b, "\"}");
    } else buf_str(b, "\"");
    buf_str(b, ",");
}

static void play_text(const uint8_t *data, size_t size) {
    enum { T_TITLE, T_BRIEF, T_GOAL, T_NARR, T_PLACE, T_LABEL, T_LABEL2, T_RESULT, T_NOTE, T_DISAGREE,
           T_EPILOGUE, T_REASON, T_COUNT };
    const uint8_t *p[T_COUNT];
    size_t n[T_COUNT];
    uint8_t ctl = size ? data[0] : 0;
    split(size ? data + 1 : data, size ? size - 1 : 0, p, n, T_COUNT);
    bool tr = ctl & 1;
    Buf b = {0};
    buf_str(&b, "{\"format\":\"1.0\",\"id\":\"text\",");
    text_field(&b, "title", p[T_TITLE], n[T_TITLE], tr);
    text_field(&b, "briefing", p[T_BRIEF], n[T_BRIEF], tr);
    buf_str(&b, "\"goals\":[");
    buf_str(&b, "\"");
    buf_json_text(&b, p[T_GOAL], n[T_GOAL]);
    buf_str(&b, "x\"],\"period\":{\"start\":\"1917-01-01\",\"end\":\"1918-12-31\"},"
                "\"sources\":[{\"id\":\"src\",\"title\":\"");
    buf_json_text(&b, p[T_NOTE], n[T_NOTE] > 300 ? 300 : n[T_NOTE]);
    buf_str(&b, "x\",\"author\":\"A\",\"language\":\"en\"}],"
                "\"variables\":[{\"id\":\"v\",\"label\":\"V\",\"min\":0,\"max\":10,\"initial\":5}],"
                "\"start\":\"s\",\"steps\":[{\"id\":\"s\",\"type\":\"decision\",\"date\":\"1917-10-25\",");
    text_field(&b, "narrative", p[T_NARR], n[T_NARR], tr);
    text_field(&b, "place", p[T_PLACE], n[T_PLACE], tr);
    buf_str(&b, "\"title\":\"T\",\"choices\":[{\"id\":\"a\",");
    text_field(&b, "label", p[T_LABEL], n[T_LABEL], tr);
    text_field(&b, "result", p[T_RESULT], n[T_RESULT], tr);
    buf_str(&b, "\"next\":\"end\"},{\"id\":\"b\",\"condition\":false,\"unavailable\":\"disable\",");
    text_field(&b, "reason", p[T_REASON], n[T_REASON], tr);
    text_field(&b, "label", p[T_LABEL2], n[T_LABEL2], tr);
    buf_str(&b, "\"next\":\"end\"}],\"history\":{\"choice\":\"a\",");
    text_field(&b, "note", p[T_NOTE], n[T_NOTE], tr);
    text_field(&b, "disagreement", p[T_DISAGREE], n[T_DISAGREE], tr);
    buf_str(&b, "\"sources\":[\"src\"]}}],\"endings\":[{\"id\":\"e\",\"title\":\"E\",");
    text_field(&b, "epilogue", p[T_EPILOGUE], n[T_EPILOGUE], tr);
    buf_str(&b, "\"historical\":true}]}");
    if (b.oom) { buf_free(&b); return; }

    FILE *f = fopen(g_file, "wb");
    if (!f) { buf_free(&b); return; }
    fwrite(b.s, 1, b.len, f);
    fclose(f);
    buf_free(&b);

    char cols[8];
    snprintf(cols, sizeof cols, "%u", 30u + (ctl >> 1) % 80u);
    setenv("COLUMNS", cols, 1);
    LsrPlayOptions opt;
    memset(&opt, 0, sizeof opt);
    opt.scenario_path = g_file;
    opt.text_only = true;
    opt.no_save = true;
    opt.have_seed = true;
    opt.seed = 1;
    opt.choices = (ctl & 2) ? "2,1" : "s,h,1";
    opt.lang = tr && (ctl & 4) ? "ru" : NULL;
    opt.reveal = (ctl & 8) ? LSR_REVEAL_END : LSR_REVEAL_AFTER;
    fflush(stdout);
    int saved = dup(STDOUT_FILENO);
    if (saved < 0) return;
    dup2(g_devnull, STDOUT_FILENO);
    lsr_cmd_play_text(&opt);
    fflush(stdout);
    dup2(saved, STDOUT_FILENO);
    close(saved);
}

static void strings(const uint8_t *data, size_t size) {
    /* NUL-terminated copies of two halves. */
    size_t h = size / 2;
    char *a = malloc(h + 1), *b = malloc(size - h + 1);
    if (!a || !b) { free(a); free(b); return; }
    memcpy(a, data, h);
    a[h] = '\0';
    memcpy(b, data + h, size - h);
    b[size - h] = '\0';

    LsrDiag dg;
    memset(&dg, 0, sizeof dg);
    dg.code = "E_FUZZ";
    dg.line = (int)(size % 7);
    dg.col = (int)(size % 5) - 1;
    snprintf(dg.message, sizeof dg.message, "%s", a);
    snprintf(dg.path, sizeof dg.path, "%s", b);
    char small[16], big[2048];
    size_t need = lsr_diag_format(&dg, b, small, sizeof small);
    FUZZ_ASSERT(strlen(small) < sizeof small);
    size_t got = lsr_diag_format(&dg, b, big, sizeof big);
    FUZZ_ASSERT(need == got);
    if (got < sizeof big) FUZZ_ASSERT(strlen(big) == got);

    size_t d1 = lsr_edit_distance(a, b, 2), d2 = lsr_edit_distance(b, a, 2);
    FUZZ_ASSERT(d1 == d2 && d1 <= 3);
    /* Names longer than an id (64 bytes) are never "close" by design. */
    if (strcmp(a, b) == 0 && strlen(a) <= 64) FUZZ_ASSERT(d1 == 0);

    LsrDate dt;
    if (lsr_date_parse(a, &dt)) {
        FUZZ_ASSERT(dt.month >= 1 && dt.month <= 12 && dt.day >= 1 && dt.day <= 31);
        char out[8];
        lsr_date_format(dt, out, sizeof out);
    }
    LsrTrans trs[1] = {{"ru", b}};
    LsrText t = {a, trs, 1};
    FUZZ_ASSERT(lsr_tx(&t, "ru") == b && lsr_tx(&t, NULL) == a && lsr_tx(&t, a) == (strcmp(a, "ru") ? a : b));
    free(a);
    free(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    size_t got = lsr_utf8_invalid_at((const char *)data, size);
    size_t want = ref_utf8(data, size);
    if (got != want)
        fprintf(stderr, "lsr_utf8_invalid_at: engine %zd, reference %zd\n", (ssize_t)got, (ssize_t)want);
    FUZZ_ASSERT(got == want);
    strings(data, size);
    if (size <= 256 * 1024) play_text(data, size);
    return 0;
}
