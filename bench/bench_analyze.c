/* Exact analysis of generated chains of decisions (3 choices each, a
 * variable with 4 values): time and peak memory as the chain grows. At 60
 * decisions there are 3^60 (about 4e28) paths. */
#include "bench_util.h"
#include "tools/analyze.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char *chain(unsigned n) {
    size_t cap = 4096 + (size_t)n * 700;
    char *s = malloc(cap);
    if (!s) return NULL;
    size_t k = (size_t)snprintf(s, cap,
        "{\"format\":\"1.0\",\"id\":\"chain\",\"title\":\"Chain\",\"period\":{\"start\":\"1917-11-01\","
        "\"end\":\"1917-11-30\"},\"briefing\":\"B\",\"sources\":[{\"id\":\"src\",\"title\":\"S\","
        "\"author\":\"A\",\"language\":\"en\"}],\"variables\":[{\"id\":\"x\",\"label\":\"X\",\"min\":0,"
        "\"max\":3,\"initial\":1,\"better\":\"higher\",\"historical\":[{\"at\":\"done\",\"value\":1}]}],"
        "\"start\":\"d0\",\"steps\":[");
    for (unsigned i = 0; i < n; i++) {
        char next[32];
        if (i + 1 < n) snprintf(next, sizeof next, "\"d%u\"", i + 1);
        else snprintf(next, sizeof next, "\"end\"");
        k += (size_t)snprintf(s + k, cap - k,
            "%s{\"id\":\"d%u\",\"type\":\"decision\",\"date\":\"1917-11-02\",\"title\":\"T\",\"narrative\":\"N\","
            "\"choices\":[{\"id\":\"down\",\"label\":\"L\",\"effects\":[{\"add\":\"x\",\"value\":-1}],\"next\":%s},"
            "{\"id\":\"keep\",\"label\":\"L\",\"next\":%s},"
            "{\"id\":\"up\",\"label\":\"L\",\"effects\":[{\"add\":\"x\",\"value\":1}],\"next\":%s}],"
            "\"history\":{\"choice\":\"keep\",\"credit\":{\"up\":0.5},\"note\":\"H\",\"sources\":[\"src\"]}}",
            i ? "," : "", i, next, next, next);
    }
    snprintf(s + k, cap - k, "],\"endings\":[{\"id\":\"done\",\"title\":\"D\",\"epilogue\":\"E\","
                             "\"historical\":true}]}");
    return s;
}

/* Median analysis time over `runs` runs, in a child process so that its
 * peak resident memory is its own. A chain of n decisions, or (file set)
 * that scenario file. */
static int measure_file(const char *file, unsigned n, int runs, double *median_s, long *peak_kb, char *paths,
                        size_t np, char *exact, size_t ne) {
    int fd[2];
    if (pipe(fd) != 0) return -1;
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        close(fd[0]);
        LsrScenario *sc = NULL;
        if (file) {
            if (lsr_scenario_load_file(file, &sc, NULL) != LSR_OK) _exit(1);
        } else {
            char *text = chain(n);
            if (!text || lsr_scenario_load_buffer("chain.json", text, strlen(text), &sc, NULL) != LSR_OK) _exit(1);
        }
        double t[32];
        char pbuf[64] = "", ebuf[64] = "";
        for (int r = 0; r < runs; r++) {
            LsrAnalysis a;
            double t0 = bench_now();
            lsr_analysis_run(sc, NULL, &a);
            t[r] = bench_now() - t0;
            if (a.status != LSR_AN_OK) _exit(2);
            if (a.paths_total_sat) snprintf(pbuf, sizeof pbuf, "more-than-2^128");
            else lsr_u128_str(a.paths_total, pbuf, sizeof pbuf);
            /* which figures, if any, were sampled instead of exact */
            snprintf(ebuf, sizeof ebuf, "%s%s%s%s", a.outcome_sampled ? "outcome," : "",
                     a.clamps_sampled ? "clamps," : "", a.fid_sampled ? "fidelity," : "",
                     a.outcome_sampled || a.clamps_sampled || a.fid_sampled ? "sampled" : "all-exact");
            lsr_analysis_free(&a);
        }
        double med = bench_median(t, (size_t)runs);
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        char out[256];
        int len = snprintf(out, sizeof out, "%.9f %ld %s %s", med, ru.ru_maxrss, pbuf, ebuf);
        if (write(fd[1], out, (size_t)len) != len) _exit(3);
        _exit(0);
    }
    close(fd[1]);
    char in[256] = "";
    ssize_t got = read(fd[0], in, sizeof in - 1);
    close(fd[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    if (got <= 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return -1;
    in[got] = '\0';
    char *sp = strchr(in, ' ');
    *median_s = atof(in);
    *peak_kb = sp ? atol(sp + 1) : 0;
    sp = sp ? strchr(sp + 1, ' ') : NULL;
    snprintf(paths, np, "%s", sp ? sp + 1 : "?");
    char *sp2 = strchr(paths, ' ');
    if (sp2) *sp2 = '\0';
    snprintf(exact, ne, "%s", sp2 ? sp2 + 1 : "?");
    return 0;
}

static int measure(unsigned n, int runs, double *median_s, long *peak_kb, char *paths, size_t np) {
    char exact[64];
    return measure_file(NULL, n, runs, median_s, peak_kb, paths, np, exact, sizeof exact);
}

int main(int argc, char **argv) {
    /* The bundled scenarios, as `leftsr analyze` runs them (issue 17: exact,
     * no sampled figure; target < 0.5 s and < 150 MB each). BENCH_RUNS sets
     * the runs (default 5); `bench_analyze chains` skips them. */
    static const char *const bundled[] = {"coalition", "brest", "july"};
    int runs = getenv("BENCH_RUNS") ? atoi(getenv("BENCH_RUNS")) : 5;
    if (runs < 1 || runs > 32) runs = 5;
    bool chains_only = argc > 1 && strcmp(argv[1], "chains") == 0;
    for (size_t i = 0; !chains_only && i < sizeof bundled / sizeof bundled[0]; i++) {
        char file[1024], paths[64], exact[64];
        snprintf(file, sizeof file, "%s/scenarios/%s.json", LSR_SOURCE_DIR, bundled[i]);
        double t;
        long kb;
        if (measure_file(file, 0, runs, &t, &kb, paths, sizeof paths, exact, sizeof exact) != 0) {
            fprintf(stderr, "bench_analyze: %s failed\n", bundled[i]);
            return 1;
        }
        printf("analyze_%s: %.4f s (target < 0.5; median of %d runs; %s paths; %s)\n", bundled[i], t, runs, paths, exact);
        printf("analyze_%s_peak_rss: %ld KiB (target < 150 MB; whole process)\n", bundled[i], kb);
    }
    if (argc > 1 && !chains_only) return 0;
    static const unsigned sizes[] = {60, 120, 240, 480};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        double t;
        long kb;
        char paths[64];
        if (measure(sizes[i], 7, &t, &kb, paths, sizeof paths) != 0) {
            fprintf(stderr, "bench_analyze: chain of %u failed\n", sizes[i]);
            return 1;
        }
        if (sizes[i] == 60)
            printf("analyze_chain_60: %.4f s (target < 1; median of 7 runs; %s paths)\n", t, paths);
        else
            printf("analyze_chain_%u: %.4f s (target: about quadratic growth, the fidelity distribution has one entry per score value per situation; median of 7 runs; %s paths)\n",
                   sizes[i], t, paths);
        printf("analyze_chain_%u_peak_rss: %ld KiB (target: small; whole process)\n", sizes[i], kb);
    }
    return 0;
}
