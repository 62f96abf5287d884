/* Text from a scenario, a save or a path cannot drive a terminal (review
 * 2026-12, #3): lsr_text_safe, and its use by the loader for every display
 * text and by diagnostics for JSON paths and messages. */
#include "check.h"
#include "leftsr/leftsr.h"

#include <stdlib.h>
#include <string.h>

static const char *safe(const char *s, unsigned flags) {
    static char buf[512];
    lsr_text_safe(s, buf, sizeof buf, flags);
    return buf;
}

/* Does s hold a byte or sequence that a terminal or bidi algorithm acts on? */
static bool dangerous(const char *s) {
    const unsigned char *p = (const unsigned char *)s;
    for (; *p; p++) {
        if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7F) return true;
        if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) return true;  /* C1 */
        if (p[0] == 0xE2 && p[1] == 0x80 && p[2] >= 0xAA && p[2] <= 0xAE) return true; /* U+202A-E */
        if (p[0] == 0xE2 && p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9) return true; /* U+2066-9 */
    }
    return false;
}

static void test_function(void) {
    CHECK_EQ_STR(safe("plain text, Ленин", 0), "plain text, Ленин");
    CHECK_EQ_STR(safe("\x1b[2J\x1b]0;t\x07", 0), "\\e[2J\\e]0;t\\x07");
    CHECK_EQ_STR(safe("a\rb\bc\x7f", 0), "a\\rb\\x08c\\x7f");
    CHECK_EQ_STR(safe("one\ntwo\tx", 0), "one\\ntwo\tx");
    CHECK_EQ_STR(safe("one\ntwo", LSR_SAFE_MULTILINE), "one\ntwo");
    CHECK_EQ_STR(safe("\xc2\x9b" "31m", 0), "\\u009b31m");                       /* C1 CSI */
    CHECK_EQ_STR(safe("Accept \xe2\x80\xae" "tpecca", 0), "Accept \\u202etpecca"); /* RLO */
    CHECK_EQ_STR(safe("\xe2\x81\xa6x\xe2\x81\xa9", 0), "\\u2066x\\u2069");       /* isolates */
    CHECK_EQ_STR(safe("zero\xe2\x80\x8bwidth", 0), "zero\\u200bwidth");
    CHECK_EQ_STR(safe("bad \xff byte", 0), "bad \xef\xbf\xbd byte");
    /* Joiners stay: scripts need them. */
    CHECK_EQ_STR(safe("a\xe2\x80\x8d" "b", 0), "a\xe2\x80\x8d" "b");
    /* Idempotent: safe text is unchanged. */
    CHECK_EQ_STR(safe(safe("\x1b[1m\xe2\x80\xae", 0), 0), "\\e[1m\\u202e");
    /* Cut at a piece boundary, never inside an escape or a character. */
    char small[6];
    CHECK_EQ_INT(lsr_text_safe("a\x1b", small, 3, 0), 3); /* "\\e" does not fit after "a": never half of it */
    CHECK_EQ_STR(small, "a");
    size_t need = lsr_text_safe("ab\x1b" "cd", small, sizeof small, 0);
    CHECK_EQ_INT(need, 6);
    CHECK_EQ_STR(small, "ab\\ec");
    need = lsr_text_safe("aЛ", small, 3, 0);
    CHECK_EQ_STR(small, "a");
    CHECK_EQ_INT(lsr_text_safe("\x1b", NULL, 0, 0), 2);
}

/* Every display text of the review's l01 case loads without one dangerous byte. */
static void test_loader(void) {
    char path[600];
    snprintf(path, sizeof path, "%s/tests/scenarios/hostile/l01-ansi-in-text.json", LSR_SOURCE_DIR);
    LsrScenario *sc = NULL;
    LsrDiagList d;
    lsr_diags_init(&d);
    CHECK_EQ_INT(lsr_scenario_load_file(path, &sc, &d), LSR_OK);
    lsr_diags_free(&d);
    if (!sc) return;
    int checked = 0, bad = 0;
#define TXT(t)                                                    \
    do {                                                          \
        checked++;                                                \
        if (dangerous((t).s)) bad++;                              \
        for (uint32_t k_ = 0; k_ < (t).n_tr; k_++)                \
            if (dangerous((t).tr[k_].s)) bad++;                   \
    } while (0)
    TXT(sc->title);
    TXT(sc->briefing);
    for (uint32_t i = 0; i < sc->n_steps; i++) {
        const LsrStep *s = &sc->steps[i];
        TXT(s->title);
        TXT(s->narrative);
        TXT(s->place);
        TXT(s->note);
        for (uint32_t c = 0; c < s->n_choices; c++) {
            TXT(sc->choices[s->choices_first + c].label);
            TXT(sc->choices[s->choices_first + c].result);
            TXT(sc->choices[s->choices_first + c].reason);
        }
    }
    for (uint32_t i = 0; i < sc->n_endings; i++) {
        TXT(sc->endings[i].title);
        TXT(sc->endings[i].epilogue);
    }
    for (uint32_t i = 0; i < sc->n_vars; i++) {
        TXT(sc->vars[i].label);
        if (dangerous(sc->vars[i].unit)) bad++;
    }
    for (uint32_t i = 0; i < sc->n_sources; i++)
        if (dangerous(sc->sources[i].title) || dangerous(sc->sources[i].author)) bad++;
#undef TXT
    CHECK(checked > 10);
    CHECK_EQ_INT(bad, 0);
    /* The injected text is still there, shown visibly. */
    CHECK(strstr(sc->title.s, "\\e[") != NULL);
    lsr_scenario_free(sc);
}

/* A JSON key with an OSC title sequence reaches `check` output only escaped. */
static void test_diagnostics(void) {
    static const char k_text[] = "{\"format\":\"1.0\",\"\\u001b]0;pwned\\u0007\\u001b[2J\\u202e\":1}";
    LsrScenario *sc = NULL;
    LsrDiagList d;
    lsr_diags_init(&d);
    CHECK_EQ_INT(lsr_scenario_load_buffer("e\x1b[8m.json", k_text, strlen(k_text), &sc, &d), LSR_ERR_INVALID);
    int bad = 0;
    for (size_t i = 0; i < d.count; i++) {
        char line[1200];
        lsr_diag_format(&d.items[i], "e\x1b[8m.json", line, sizeof line);
        if (dangerous(line)) bad++;
    }
    CHECK(d.count > 0);
    CHECK_EQ_INT(bad, 0);
    bool found = false;
    for (size_t i = 0; i < d.count; i++)
        if (strstr(d.items[i].path, "\\e]0;pwned\\x07\\e[2J\\u202e")) found = true;
    CHECK(found);
    lsr_diags_free(&d);
}

int main(void) {
    test_function();
    test_loader();
    test_diagnostics();
    return check_report("test_safe_text");
}
