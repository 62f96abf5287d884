/* Fuzz target: arbitrary bytes as a scenario file. The loader must return
 * a status with diagnostics and never crash, hang or leak; a scenario that
 * loads is then played (random games through lsr_state_advance and the game
 * API) so hostile content also reaches conditions, expressions, votes and
 * events. */
#include "fuzz_util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv) {
    (void)argc;
    (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    LsrDiagList d;
    lsr_diags_init(&d);
    LsrScenario *sc = NULL;
    LsrStatus st = lsr_scenario_load_buffer("fuzz/scenario.json", (const char *)data, size, &sc, &d);
    FUZZ_ASSERT(st == LSR_OK || st == LSR_ERR_INVALID || st == LSR_ERR_NOMEM);
    FUZZ_ASSERT((st == LSR_OK) == (sc != NULL));
    /* A refused file always says why. */
    if (st == LSR_ERR_INVALID) FUZZ_ASSERT(d.errors > 0 && d.count > 0);
    if (st == LSR_OK) FUZZ_ASSERT(d.errors == 0);
    char line[1024];
    for (size_t i = 0; i < d.count; i++) {
        FUZZ_ASSERT(d.items[i].code != NULL);
        FUZZ_ASSERT(memchr(d.items[i].message, '\0', sizeof d.items[i].message) != NULL);
        FUZZ_ASSERT(memchr(d.items[i].path, '\0', sizeof d.items[i].path) != NULL);
        lsr_diag_format(&d.items[i], "fuzz/scenario.json", line, sizeof line);
    }
    lsr_diags_free(&d);
    if (sc) {
        uint64_t seed = lsr_hash64(data, size, 0);
        for (int k = 0; k < 4; k++) fz_play_random(sc, seed + (uint64_t)k, 64);
        fz_play_game(sc, seed, 64);
        /* Lookups by id must not crash on any id. */
        for (uint32_t s = 0; s < sc->n_steps && s < 8; s++) {
            FUZZ_ASSERT(lsr_find_node(sc, sc->steps[s].id) == s);
            lsr_node_id(sc, s);
        }
        lsr_find_var(sc, "");
        lsr_find_event(sc, "x");
        lsr_scenario_free(sc);
    }
    return 0;
}
