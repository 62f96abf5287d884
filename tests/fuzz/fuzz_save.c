/* Fuzz target: arbitrary bytes as a save file for a bundled scenario. A save
 * is checksummed, so most mutations stop at the checksum; the target
 * therefore also tries each input with its checksum recomputed, which lets
 * the fuzzer reach the parser and the replay. Every outcome must be a clean
 * status with a message, and a loaded game must be consistent. */
#include "fuzz_util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);


static LsrScenario *g_sc;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    const char *id = getenv("LSR_FUZZ_SCENARIO");
    g_sc = fz_load_bundled(id && *id ? id : "coalition");
    return 0;
}

/* Rewrites the checksum field to the value the format defines, so that
 * mutations get past the checksum. Returns false when there is no field. */
static bool fix_checksum(char *buf, size_t len) { return lsr_save_seal(buf, len); }

static void try_load(const char *data, size_t size) {
    LsrGame *g = NULL;
    char err[256];
    err[0] = '\0';
    LsrStatus st = lsr_save_load_buffer(g_sc, data, size, &g, err, sizeof err);
    FUZZ_ASSERT(memchr(err, '\0', sizeof err) != NULL);
    if (st == LSR_OK) {
        FUZZ_ASSERT(g != NULL);
    } else {
        /* Every failure explains itself, except a bare allocation failure. */
        if (st != LSR_ERR_NOMEM) FUZZ_ASSERT(err[0] != '\0');
        FUZZ_ASSERT(g == NULL || st == LSR_ERR_MISMATCH);
    }
    if (g) {
        fz_check_state(g_sc, lsr_game_state(g));
        LsrScore score;
        lsr_game_score(g, &score);
        FUZZ_ASSERT(score.fidelity_permille >= 0 && score.fidelity_permille <= 1000);
        lsr_game_destroy(g);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    try_load((const char *)data, size);
    char *copy = malloc(size ? size : 1);
    if (!copy) return 0;
    memcpy(copy, data, size);
    if (fix_checksum(copy, size)) try_load(copy, size);
    free(copy);
    return 0;
}
