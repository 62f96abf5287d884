/* Fuzz target: a campaign file and the scenario files it names. The input
 * is split at each line "@@": the first piece is campaign.json, the others
 * p0.json, p1.json, ... beside it. The folder also holds a subfolder
 * (adir), a FIFO (fifo.json) and a link leading out (out.json), so a
 * campaign may name parts that are missing, broken, not files, or outside.
 * Loading must return a status with diagnostics and never crash, hang or
 * leak; a campaign that loads is played part by part with carried values
 * and its epilogue chosen, as the front ends do. */
#include "fuzz_util.h"

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_PIECES 80
static char g_dir[256];

static void path_in(char *buf, size_t n, const char *name) { snprintf(buf, n, "%s/%s", g_dir, name); }

static void cleanup(void) {
    static const char *const fixed[] = {"campaign.json", "fifo.json", "out.json", "adir"};
    char p[300];
    for (int k = 0; k < MAX_PIECES; k++) {
        snprintf(p, sizeof p, "%s/p%d.json", g_dir, k);
        unlink(p);
    }
    for (size_t k = 0; k < sizeof fixed / sizeof fixed[0]; k++) {
        path_in(p, sizeof p, fixed[k]);
        if (unlink(p) != 0) rmdir(p);
    }
    rmdir(g_dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    atexit(cleanup);
    const char *tmp = getenv("TMPDIR");
    snprintf(g_dir, sizeof g_dir, "%s/lsr-fuzz-campaign-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    FUZZ_ASSERT(mkdtemp(g_dir) != NULL);
    char p[300];
    path_in(p, sizeof p, "adir");
    mkdir(p, 0755);
    path_in(p, sizeof p, "fifo.json");
    mkfifo(p, 0644);
    path_in(p, sizeof p, "out.json");
    FUZZ_ASSERT(symlink("/etc/hostname", p) == 0 || errno == EEXIST);
    return 0;
}

static void write_piece(const char *name, const uint8_t *s, size_t n) {
    char p[300];
    path_in(p, sizeof p, name);
    FILE *f = fopen(p, "wb");
    FUZZ_ASSERT(f != NULL);
    if (n) FUZZ_ASSERT(fwrite(s, 1, n, f) == n);
    fclose(f);
}

/* Plays every part in order with carried values, then the epilogue. */
static void play_campaign(const LsrCampaign *cp, uint64_t seed) {
    FUZZ_ASSERT(cp->n_parts >= 1 && cp->n_parts <= LSR_MAX_CAMPAIGN_PARTS);
    uint32_t endings[LSR_MAX_CAMPAIGN_PARTS] = {0};
    LsrGame *prev = NULL;
    int32_t carry[1024];
    for (uint32_t k = 0; k < cp->n_parts; k++) {
        const LsrScenario *sc = cp->parts[k].scenario;
        FUZZ_ASSERT(sc != NULL && sc->n_vars <= 1024);
        lsr_campaign_carry(cp, k, prev, carry);
        LsrGameOptions go = {seed + k, carry};
        LsrGame *g = NULL;
        if (lsr_game_create(sc, &go, &g) != LSR_OK) break;
        for (int n = 0; n < 64 && lsr_game_phase(g) != LSR_PHASE_ENDED && lsr_game_phase(g) != LSR_PHASE_STUCK; n++) {
            uint32_t pick = 0;
            const LsrStep *s = lsr_game_step(g);
            for (uint32_t i = 0; s && i < s->n_choices; i++)
                if (lsr_game_choice_state(g, i) == LSR_CHOICE_AVAILABLE) pick = i;
            if (lsr_game_choose(g, pick) != LSR_OK) break;
        }
        lsr_game_destroy(prev);
        prev = g;
        if (lsr_game_phase(g) != LSR_PHASE_ENDED) break;
        endings[k] = lsr_game_step_index(g) - sc->n_steps;
        FUZZ_ASSERT(endings[k] < sc->n_endings);
        if (k + 1 == cp->n_parts) {
            const LsrText *ep = lsr_campaign_epilogue(cp, endings, lsr_game_state(g) + 1);
            if (ep) FUZZ_ASSERT(ep->s != NULL);
        }
    }
    lsr_game_destroy(prev);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    /* Split at "\n@@\n" (the first piece may also start with "@@\n"). */
    size_t starts[MAX_PIECES + 1], ends[MAX_PIECES + 1], np = 0, at = 0;
    while (np < MAX_PIECES) {
        size_t e = at;
        while (e + 3 < size && !(data[e] == '\n' && data[e + 1] == '@' && data[e + 2] == '@' && data[e + 3] == '\n')) e++;
        if (e + 3 >= size) e = size;
        starts[np] = at;
        ends[np] = e;
        np++;
        if (e >= size) break;
        at = e + 4;
    }
    char name[32];
    for (size_t k = 0; k < MAX_PIECES; k++) {
        snprintf(name, sizeof name, "p%zu.json", k);
        char p[300];
        path_in(p, sizeof p, name);
        unlink(p);
    }
    write_piece("campaign.json", data + starts[0], ends[0] - starts[0]);
    for (size_t k = 1; k < np; k++) {
        snprintf(name, sizeof name, "p%zu.json", k - 1);
        write_piece(name, data + starts[k], ends[k] - starts[k]);
    }
    char path[300];
    path_in(path, sizeof path, "campaign.json");
    LsrDiagList d;
    lsr_diags_init(&d);
    LsrCampaign *cp = NULL;
    LsrStatus st = lsr_campaign_load(path, &cp, &d);
    FUZZ_ASSERT(st == LSR_OK || st == LSR_ERR_INVALID || st == LSR_ERR_IO || st == LSR_ERR_NOMEM);
    FUZZ_ASSERT((st == LSR_OK) == (cp != NULL));
    if (st == LSR_ERR_INVALID) FUZZ_ASSERT(d.errors > 0 && d.count > 0);
    char line[1200];
    for (size_t i = 0; i < d.count; i++) {
        lsr_diag_format(&d.items[i], path, line, sizeof line);
        /* Diagnostics are printable: no terminal control reaches `check`. */
        for (const char *c = line; *c; c++) FUZZ_ASSERT((unsigned char)*c >= 0x20 || *c == '\t');
    }
    lsr_diags_free(&d);
    if (cp) {
        play_campaign(cp, lsr_hash64(data, size, 0));
        lsr_campaign_free(cp);
    }
    return 0;
}
