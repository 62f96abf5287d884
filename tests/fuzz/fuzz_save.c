/* Fuzz target: arbitrary bytes as a save file for a bundled scenario. A save
 * is checksummed, so most mutations stop at the checksum; the target
 * therefore also tries each input with its checksum recomputed, which lets
 * the fuzzer reach the parser and the replay. Every outcome must be a clean
 * status with a message, and a loaded game must be consistent. */
#include "fuzz_util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define KEY "\"checksum\":\""

static LsrScenario *g_sc;

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    const char *id = getenv("LSR_FUZZ_SCENARIO");
    g_sc = fz_load_bundled(id && *id ? id : "coalition");
    return 0;
}

static void hex64(uint64_t v, char out[17]) {
    static const char digits[] = "0123456789abcdef";
    for (int i = 15; i >= 0; i--) {
        out[i] = digits[v & 15];
        v >>= 4;
    }
    out[16] = '\0';
}

/* Rewrites the first checksum field to the value the format defines: FNV-1a
 * over the text with the field's 16 digits read as '0' (trailing newlines
 * are not part of the text). Returns false when there is no field. */
static bool fix_checksum(char *buf, size_t len) {
    while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r')) len--;
    char *k = NULL;
    size_t kl = strlen(KEY);
    for (size_t i = 0; i + kl <= len && !k; i++)
        if (memcmp(buf + i, KEY, kl) == 0) k = buf + i;
    if (!k) return false;
    size_t at = (size_t)(k - buf) + kl;
    if (at + 16 > len) return false;
    uint64_t h = lsr_hash64(buf, at, 0);
    h = lsr_hash64("0000000000000000", 16, h);
    h = lsr_hash64(buf + at + 16, len - at - 16, h);
    char hex[17];
    hex64(h, hex);
    memcpy(buf + at, hex, 16);
    return true;
}

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
