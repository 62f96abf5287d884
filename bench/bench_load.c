#define _DEFAULT_SOURCE 1 /* wait4, mkstemp */
/* Load-and-validate time and peak memory for generated scenarios of 1,000
 * and 10,000 steps (3 choices each), and a full scripted playthrough of the
 * bundled default scenario. */
#include "app.h"
#include "bench_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define RUNS 9

/* The generated files: fresh unique names, removed at exit, so that two
 * runs at once never read or delete each other's file. */
static char tmp_path[2][4096];

static void remove_temps(void) {
    for (int k = 0; k < 2; k++)
        if (tmp_path[k][0]) unlink(tmp_path[k]);
}

/* Creates a new empty file for scenario k in $TMPDIR (or /tmp); its path is
 * tmp_path[k]. */
static FILE *make_temp(int k, const char *tag) {
    const char *dir = getenv("TMPDIR");
    if (!dir || !dir[0]) dir = "/tmp";
    int n = snprintf(tmp_path[k], sizeof tmp_path[k], "%s/leftsr-bench-%s-XXXXXX", dir, tag);
    if (n < 0 || (size_t)n >= sizeof tmp_path[k]) {
        fprintf(stderr, "temporary directory path too long: %s\n", dir);
        tmp_path[k][0] = '\0';
        exit(2);
    }
    int fd = mkstemp(tmp_path[k]);
    if (fd < 0) {
        perror(tmp_path[k]);
        tmp_path[k][0] = '\0';
        exit(2);
    }
    FILE *f = fdopen(fd, "w");
    if (!f) { perror(tmp_path[k]); close(fd); exit(2); }
    return f;
}

static void gen(FILE *f, const char *path, unsigned steps) {
    fprintf(f, "{\"format\":\"1.0\",\"id\":\"gen\",\"title\":\"Generated\",\n"
               "\"period\":{\"start\":\"1917-01-01\",\"end\":\"1918-12-31\"},\"briefing\":\"A generated scenario.\",\n"
               "\"sources\":[{\"id\":\"s\",\"title\":\"T\",\"author\":\"A\",\"language\":\"en\"}],\n"
               "\"variables\":[{\"id\":\"trust\",\"label\":\"Trust\",\"min\":0,\"max\":100,\"initial\":50,\"better\":\"higher\"},\n"
               "{\"id\":\"unity\",\"label\":\"Unity\",\"min\":0,\"max\":100,\"initial\":50,\"better\":\"higher\"}],\n"
               "\"start\":\"s0\",\"steps\":[\n");
    for (unsigned i = 0; i < steps; i++) {
        char next[32];
        if (i + 1 < steps) snprintf(next, sizeof next, "s%u", i + 1);
        else snprintf(next, sizeof next, "end");
        fprintf(f,
                "{\"id\":\"s%u\",\"type\":\"decision\",\"date\":\"1917-06-01\",\"title\":\"Decision %u\","
                "\"narrative\":\"The committee meets again to decide what the party will do next.\",\"choices\":[\n"
                " {\"id\":\"a\",\"label\":\"Work with the Bolsheviks\",\"effects\":[{\"add\":\"trust\",\"value\":3}],\"next\":\"%s\"},\n"
                " {\"id\":\"b\",\"label\":\"Hold the party together\",\"effects\":[{\"add\":\"unity\",\"value\":2}],\"next\":\"%s\"},\n"
                " {\"id\":\"c\",\"label\":\"Strike out alone\",\"condition\":{\"var\":\"unity\",\"gte\":40},"
                "\"effects\":[{\"add\":\"trust\",\"value\":-5}],\"next\":\"%s\"}],\n"
                " \"history\":{\"choice\":\"a\",\"credit\":{\"b\":0.5},\"note\":\"What happened.\",\"sources\":[\"s\"]}}%s\n",
                i, i, next, next, next, i + 1 < steps ? "," : "");
    }
    fprintf(f, "],\"endings\":[{\"id\":\"done\",\"title\":\"Done\",\"epilogue\":\"The end.\",\"historical\":true}]}\n");
    int bad = ferror(f);
    if (fclose(f) != 0 || bad) { perror(path); exit(2); }
}

static double load_ms(const char *path) {
    double t[RUNS];
    for (int r = 0; r < RUNS; r++) {
        LsrScenario *sc = NULL;
        double a = bench_now();
        LsrStatus st = lsr_scenario_load_file(path, &sc, NULL);
        t[r] = (bench_now() - a) * 1000.0;
        if (st != LSR_OK) { fprintf(stderr, "load failed: %s\n", lsr_status_str(st)); exit(1); }
        lsr_scenario_free(sc);
    }
    return bench_median(t, RUNS);
}

/* Peak RSS of a fresh child that loads the file once, minus one that doesn't. */
static long child_peak_kb(const char *path) {
    pid_t pid = fork();
    if (pid == 0) {
        if (path) {
            LsrScenario *sc = NULL;
            lsr_scenario_load_file(path, &sc, NULL);
            lsr_scenario_free(sc);
        }
        _exit(0);
    }
    int status;
    struct rusage ru;
    wait4(pid, &status, 0, &ru);
    return ru.ru_maxrss;
}

int main(void) {
    atexit(remove_temps);
    FILE *fs = make_temp(0, "1k"), *fl = make_temp(1, "10k");
    const char *small = tmp_path[0], *large = tmp_path[1];
    gen(fs, small, 1000);
    gen(fl, large, 10000);
    struct stat st;
    stat(large, &st);
    double ms_small = load_ms(small), ms_large = load_ms(large);
    printf("load_1000_steps: %.2f ms (3,000 choices)\n", ms_small);
    printf("load_10000_steps: %.2f ms (30,000 choices, %.1f MB file; target < 50 ms)\n", ms_large,
           (double)st.st_size / 1e6);
    printf("growth_10x: %.1fx (linear = 10x)\n", ms_large / ms_small);
    long base[RUNS], peak[RUNS];
    double extra[RUNS];
    for (int r = 0; r < RUNS; r++) {
        base[r] = child_peak_kb(NULL);
        peak[r] = child_peak_kb(large);
        extra[r] = (double)(peak[r] - base[r]) / 1024.0;
    }
    double limit = 3.0 * (double)st.st_size / (1024.0 * 1024.0) + 5.0;
    printf("load_10000_peak_extra: %.1f MB above an idle process (target < %.1f MB = 3x file + 5 MB)\n",
           bench_median(extra, RUNS), limit);

    char path[4096];
    if (lsr_resolve_scenario("coalition", path, sizeof path)) {
        LsrScenario *sc = NULL;
        if (lsr_scenario_load_file(path, &sc, NULL) == LSR_OK) {
            double t[RUNS];
            for (int r = 0; r < RUNS; r++) {
                double a = bench_now();
                for (int rep = 0; rep < 1000; rep++) {
                    LsrGameOptions o = {(uint64_t)rep, NULL};
                    LsrGame *g = NULL;
                    lsr_game_create(sc, &o, &g);
                    while (lsr_game_phase(g) == LSR_PHASE_DECISION || lsr_game_phase(g) == LSR_PHASE_VOTE) {
                        const LsrStep *s = lsr_game_step(g);
                        uint32_t pick = s->type == LSR_STEP_DECISION ? s->hist_choice : 0;
                        if (lsr_game_choose(g, pick) != LSR_OK) {
                            for (pick = 0; lsr_game_choose(g, pick) != LSR_OK; pick++) {}
                        }
                    }
                    lsr_game_destroy(g);
                }
                t[r] = (bench_now() - a) * 1000.0;
            }
            printf("playthrough_coalition: %.2f us per full historical playthrough (game API, trace kept)\n",
                   bench_median(t, RUNS));
            lsr_scenario_free(sc);
        }
    }
    return 0;
}
