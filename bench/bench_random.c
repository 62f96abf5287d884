/* Random play-throughs per second of a bundled scenario on one core:
 * the loop behind `leftsr analyze --random`. */
#include "bench_util.h"
#include "tools/analyze.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(int argc, char **argv) {
    const char *name = argc > 1 ? argv[1] : "coalition";
    char path[1024];
    snprintf(path, sizeof path, "%s/scenarios/%s.json", LSR_SOURCE_DIR, name);
    LsrScenario *sc = NULL;
    if (lsr_scenario_load_file(path, &sc, NULL) != LSR_OK) {
        fprintf(stderr, "bench_random: cannot load %s\n", path);
        return 1;
    }
    enum { RUNS = 7 };
    const uint64_t n = 400000;
    double rate[RUNS], steps = 0;
    for (int r = 0; r < RUNS; r++) {
        LsrRandomStats rs;
        double t0 = bench_now();
        if (!lsr_random_run(sc, n, (uint64_t)r + 1, &rs)) return 1;
        double dt = bench_now() - t0;
        rate[r] = (double)n / dt;
        steps = (double)rs.steps_total / (double)n;
        lsr_random_stats_free(&rs);
    }
    printf("random_playthroughs_%s: %.0f per s (target >= 1000000; median of %d runs of %llu, "
           "%.1f steps each)\n",
           name, bench_median(rate, RUNS), RUNS, (unsigned long long)n, steps);
    lsr_scenario_free(sc);
    return 0;
}
