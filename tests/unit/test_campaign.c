/* Campaign loading against hostile campaign files (review 2026-12, #1, #5,
 * #15): a first part that fails to load, a middle part that fails, 17 and
 * 33 parts, more parts than the limit, and a "type" written after a long
 * briefing. Each must load or fail with a diagnostic, never crash. */
#include "check.h"
#include "app.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char g_tmp[256];

static void copy(const char *from, const char *to) {
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    char buf[65536];
    size_t n;
    while (in && out && (n = fread(buf, 1, sizeof buf, in)) > 0) fwrite(buf, 1, n, out);
    if (in) fclose(in);
    if (out) fclose(out);
}

static void write_text(const char *path, const char *s) {
    FILE *f = fopen(path, "wb");
    if (!f) return;
    fputs(s, f);
    fclose(f);
}

static bool has_code(const LsrDiagList *d, const char *code) {
    for (size_t i = 0; i < d->count; i++)
        if (!strcmp(d->items[i].code, code)) return true;
    return false;
}

/* A campaign of the given part files (JSON array body), bundled parts copied beside it. */
static void campaign(const char *name, const char *parts, const char *carry_part) {
    char path[600], text[8192];
    snprintf(path, sizeof path, "%s/%s", g_tmp, name);
    snprintf(text, sizeof text,
             "{\"format\":\"1.0\",\"type\":\"campaign\",\"id\":\"c\",\"title\":\"C\",\"scenarios\":[%s%s],"
             "\"epilogues\":[{\"text\":\"E\"}]}",
             parts, carry_part ? carry_part : "");
    write_text(path, text);
}

static LsrStatus load(const char *name, LsrCampaign **cp, LsrDiagList *d) {
    char path[600];
    snprintf(path, sizeof path, "%s/%s", g_tmp, name);
    lsr_diags_init(d);
    return lsr_campaign_load(path, cp, d);
}

static void test_failed_first_part(void) {
    /* Each way part 0 can fail, followed by a part that carries variables:
     * the carry check read parts[n_parts - 2] with n_parts == 1. */
    static const char *const first[] = {
        "{\"file\":\"missing.json\"}", "{\"file\":\"syntax.json\"}", "{\"file\":\"../coalition.json\"}",
        "{\"file\":\"/etc/passwd\"}", "{\"file\":\"adir\"}", "{\"file\":\"fifo.json\"}", "{}",
    };
    char p[600];
    snprintf(p, sizeof p, "%s/syntax.json", g_tmp);
    write_text(p, "{\"format\":");
    snprintf(p, sizeof p, "%s/adir", g_tmp);
    mkdir(p, 0755);
    snprintf(p, sizeof p, "%s/fifo.json", g_tmp);
    mkfifo(p, 0644);
    alarm(20); /* a FIFO part used to block forever */
    for (size_t i = 0; i < sizeof first / sizeof first[0]; i++) {
        char parts[512];
        snprintf(parts, sizeof parts, "%s,{\"file\":\"brest.json\",\"carry\":[\"unity\"]}", first[i]);
        campaign("first.json", parts, NULL);
        LsrCampaign *cp = (LsrCampaign *)1;
        LsrDiagList d;
        CHECK_EQ_INT(load("first.json", &cp, &d), LSR_ERR_INVALID);
        CHECK(cp == NULL);
        CHECK(d.errors > 0);
        lsr_diags_free(&d);
    }
    alarm(0);
    /* A failed middle part: the next part's carry is not checked against
     * the part before the failed one, and nothing crashes. */
    campaign("middle.json",
             "{\"file\":\"coalition.json\"},{\"file\":\"missing.json\"},"
             "{\"file\":\"july.json\",\"carry\":[\"unity\"]}", NULL);
    LsrCampaign *cp = NULL;
    LsrDiagList d;
    CHECK_EQ_INT(load("middle.json", &cp, &d), LSR_ERR_INVALID);
    CHECK(has_code(&d, "E_IO"));
    CHECK(!has_code(&d, "E_UNKNOWN_REF"));
    lsr_diags_free(&d);
}

static void test_many_parts(void) {
    char dir[300];
    snprintf(dir, sizeof dir, "%s", g_tmp);
    /* The review's 17- and 33-part campaigns load; the epilogue of the
     * 33-part one names part 32. */
    const char *cases[] = {"camp-17-valid.json", "camp-33-valid.json"};
    for (int i = 0; i < 2; i++) {
        char from[600], to[600];
        snprintf(from, sizeof from, "%s/tests/scenarios/hostile/%s", LSR_SOURCE_DIR, cases[i]);
        snprintf(to, sizeof to, "%s/%s", g_tmp, cases[i]);
        copy(from, to);
        LsrCampaign *cp = NULL;
        LsrDiagList d;
        CHECK_EQ_INT(load(cases[i], &cp, &d), LSR_OK);
        CHECK(cp && cp->n_parts == (i ? 33u : 17u));
        if (cp) {
            uint32_t ends[LSR_MAX_CAMPAIGN_PARTS] = {0};
            int32_t vars[1024] = {0};
            CHECK(lsr_campaign_epilogue(cp, ends, vars) != NULL);
        }
        lsr_campaign_free(cp);
        lsr_diags_free(&d);
    }
    /* One more than the limit: E_LIMIT, not a larger array somewhere. */
    static char parts[LSR_MAX_CAMPAIGN_PARTS * 32];
    size_t at = 0;
    for (int k = 0; k <= LSR_MAX_CAMPAIGN_PARTS; k++)
        at += (size_t)snprintf(parts + at, sizeof parts - at, "%s{\"file\":\"coalition.json\"}", k ? "," : "");
    campaign("toomany.json", parts, NULL);
    LsrCampaign *cp = NULL;
    LsrDiagList d;
    CHECK_EQ_INT(load("toomany.json", &cp, &d), LSR_ERR_INVALID);
    CHECK(has_code(&d, "E_LIMIT"));
    lsr_diags_free(&d);
}

static void test_detection(void) {
    /* "type" after 4 KB of briefing is still a campaign. */
    char from[600], to[600];
    snprintf(from, sizeof from, "%s/tests/scenarios/hostile/camp-late-type.json", LSR_SOURCE_DIR);
    snprintf(to, sizeof to, "%s/camp-late-type.json", g_tmp);
    copy(from, to);
    CHECK(lsr_file_is_campaign(to));
    LsrCampaign *cp = NULL;
    LsrDiagList d;
    CHECK_EQ_INT(load("camp-late-type.json", &cp, &d), LSR_OK);
    lsr_campaign_free(cp);
    lsr_diags_free(&d);
    snprintf(to, sizeof to, "%s/coalition.json", g_tmp);
    CHECK(!lsr_file_is_campaign(to));
    snprintf(to, sizeof to, "%s/fifo.json", g_tmp);
    alarm(20);
    CHECK(!lsr_file_is_campaign(to));
    alarm(0);
}

int main(void) {
    snprintf(g_tmp, sizeof g_tmp, "/tmp/lsr-campaign-XXXXXX");
    if (!mkdtemp(g_tmp)) return 1;
    static const char *const bundled[] = {"coalition", "brest", "july"};
    for (int i = 0; i < 3; i++) {
        char from[600], to[600];
        snprintf(from, sizeof from, "%s/scenarios/%s.json", LSR_SOURCE_DIR, bundled[i]);
        snprintf(to, sizeof to, "%s/%s.json", g_tmp, bundled[i]);
        copy(from, to);
    }
    test_failed_first_part();
    test_many_parts();
    test_detection();
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_tmp);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", g_tmp);
    return check_report("test_campaign");
}
