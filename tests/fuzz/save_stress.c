/* Helper for tests/scripts/kill_save.sh: saves as fast as it can so that a
 * SIGKILL lands inside lsr_save_write, then checks what survived.
 *
 *   save_stress loop SCENARIO SAVE [GAMES]
 *       Plays games with seeds 1, 2, ... (random choices, some with class
 *       tallies), saving after every step; after each completed save prints
 *       "SEED LEN" (unbuffered) so the caller knows the newest durable save.
 *   save_stress verify SCENARIO SAVE MIN_SEED MIN_LEN
 *       Loads SAVE with lsr_save_load (or, failing that, SAVE.bak) and checks
 *       it is at least as new as (MIN_SEED, MIN_LEN). Prints "main SEED LEN"
 *       or "bak SEED LEN". Exit 0: SAVE loads and is new enough; 3: only the
 *       .bak loads; 1: nothing loads or the save went back in time; 2: usage. */
#include "leftsr/leftsr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static uint64_t rng(uint64_t *s) {
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static void report(uint64_t seed, size_t len) {
    char line[64];
    int n = snprintf(line, sizeof line, "%llu %zu\n", (unsigned long long)seed, len);
    if (write(STDOUT_FILENO, line, (size_t)n) < 0) exit(1);
}

static int loop(const LsrScenario *sc, const char *path, uint64_t games) {
    char err[512];
    for (uint64_t seed = 1; games == 0 || seed <= games; seed++) {
        LsrGame *g = NULL;
        LsrGameOptions opt = {seed, NULL};
        if (lsr_game_create(sc, &opt, &g) != LSR_OK) return 1;
        uint64_t r = seed;
        for (;;) {
            LsrPhase ph = lsr_game_phase(g);
            if (ph == LSR_PHASE_ENDED || ph == LSR_PHASE_STUCK) break;
            uint32_t pick = 0;
            const LsrStep *s = lsr_game_step(g);
            LsrStatus st;
            if (ph == LSR_PHASE_DECISION) {
                uint32_t avail[16], na = 0;
                for (uint32_t i = 0; i < s->n_choices && na < 16; i++)
                    if (lsr_game_choice_state(g, i) == LSR_CHOICE_AVAILABLE) avail[na++] = i;
                pick = avail[rng(&r) % na];
                uint32_t tally[9] = {0};
                if (rng(&r) % 2 && s->n_choices <= 9) {
                    /* A tally a class could give: the choice taken has the most votes,
                     * choices not available none. */
                    for (uint32_t k = 0; k < s->n_choices; k++)
                        tally[k] = lsr_game_choice_state(g, k) == LSR_CHOICE_AVAILABLE ? (uint32_t)(rng(&r) % 30) : 0;
                    tally[pick] = 30;
                    st = lsr_game_choose_tally(g, pick, tally, s->n_choices);
                } else st = lsr_game_choose(g, pick);
            } else st = lsr_game_choose(g, 0);
            if (st != LSR_OK) {
                fprintf(stderr, "save_stress: choose failed: %s\n", lsr_status_str(st));
                return 1;
            }
            if (lsr_save_write(g, path, err, sizeof err) != LSR_OK) {
                fprintf(stderr, "save_stress: %s\n", err);
                return 1;
            }
            report(seed, lsr_game_trace_len(g));
        }
        lsr_game_destroy(g);
    }
    return 0;
}

static int try_load(const LsrScenario *sc, const char *path, uint64_t *seed, size_t *len) {
    LsrGame *g = NULL;
    char err[512];
    LsrStatus st = lsr_save_load(sc, path, &g, err, sizeof err);
    if (st != LSR_OK) {
        fprintf(stderr, "save_stress: %s: %s (%s)\n", path, err, lsr_status_str(st));
        lsr_game_destroy(g);
        return 0;
    }
    *seed = lsr_game_seed(g);
    *len = lsr_game_trace_len(g);
    lsr_game_destroy(g);
    return 1;
}

static int verify(const LsrScenario *sc, const char *path, uint64_t min_seed, size_t min_len) {
    uint64_t seed = 0;
    size_t len = 0;
    if (try_load(sc, path, &seed, &len)) {
        printf("main %llu %zu\n", (unsigned long long)seed, len);
        if (seed < min_seed || (seed == min_seed && len < min_len)) {
            fprintf(stderr, "save_stress: %s is older (%llu %zu) than the last completed save (%llu %zu)\n", path,
                    (unsigned long long)seed, len, (unsigned long long)min_seed, min_len);
            return 1;
        }
        return 0;
    }
    char bak[4200];
    snprintf(bak, sizeof bak, "%s.bak", path);
    if (try_load(sc, bak, &seed, &len)) {
        printf("bak %llu %zu\n", (unsigned long long)seed, len);
        return 3;
    }
    return 1;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: save_stress loop SCENARIO SAVE [GAMES] | verify SCENARIO SAVE MIN_SEED MIN_LEN\n");
        return 2;
    }
    LsrDiagList d;
    lsr_diags_init(&d);
    LsrScenario *sc = NULL;
    LsrStatus st = lsr_scenario_load_file(argv[2], &sc, &d);
    lsr_diags_free(&d);
    if (st != LSR_OK) {
        fprintf(stderr, "save_stress: cannot load %s: %s\n", argv[2], lsr_status_str(st));
        return 2;
    }
    int rc = 2;
    if (!strcmp(argv[1], "loop")) rc = loop(sc, argv[3], argc > 4 ? strtoull(argv[4], NULL, 10) : 0);
    else if (!strcmp(argv[1], "verify") && argc > 5)
        rc = verify(sc, argv[3], strtoull(argv[4], NULL, 10), (size_t)strtoull(argv[5], NULL, 10));
    lsr_scenario_free(sc);
    return rc;
}
