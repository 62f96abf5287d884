/* The analyser's budget: a memory ceiling and a deadline that every long
 * loop of the exact analysis and of random play checks, so that a small
 * hostile file ends with a clear message instead of exhausting the machine.
 * Memory is the process's resident size (what the kernel would kill for),
 * read every few thousand steps, plus a projection before each large
 * growth so that one doubling cannot jump far past the ceiling. */
#include "analyze_internal.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

LsrAnBudget lsr_an_budget;
_Thread_local uint32_t lsr_an_tick;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

uint64_t lsr_an_rss_bytes(void) {
    FILE *f = fopen("/proc/self/statm", "r");
    unsigned long long size = 0, rss = 0;
    if (f) {
        if (fscanf(f, "%llu %llu", &size, &rss) != 2) rss = 0;
        fclose(f);
    }
    long page = sysconf(_SC_PAGESIZE);
    return (uint64_t)rss * (uint64_t)(page > 0 ? page : 4096);
}

/* A number from a one-line file such as a cgroup limit; 0 when absent or "max". */
static uint64_t read_limit(const char *path) {
    FILE *f = fopen(path, "r");
    unsigned long long v = 0;
    if (f) {
        if (fscanf(f, "%llu", &v) != 1) v = 0;
        fclose(f);
    }
    return (uint64_t)v;
}

uint64_t lsr_an_budget_default_bytes(void) {
    /* A quarter of physical memory, or of the container's limit when smaller. */
    uint64_t phys = 0;
    FILE *f = fopen("/proc/meminfo", "r");
    if (f) {
        char line[256];
        unsigned long long kb;
        while (fgets(line, sizeof line, f))
            if (sscanf(line, "MemTotal: %llu kB", &kb) == 1) phys = (uint64_t)kb * 1024u;
        fclose(f);
    }
    uint64_t cg = read_limit("/sys/fs/cgroup/memory.max");
    if (!cg) cg = read_limit("/sys/fs/cgroup/memory/memory.limit_in_bytes");
    if (cg && (cg < phys || !phys)) phys = cg;
    if (!phys) phys = (uint64_t)4 << 30;
    return phys / 4;
}

void lsr_an_budget_set(uint64_t max_bytes, double max_seconds) {
    lsr_an_budget_clear();
    lsr_an_budget.max_bytes = max_bytes;
    lsr_an_budget.max_seconds = max_seconds;
    lsr_an_budget.start = now_s();
    lsr_an_budget.on = max_bytes > 0 || max_seconds > 0;
}

void lsr_an_budget_clear(void) {
    lsr_an_budget.on = false;
    lsr_an_budget.max_bytes = 0;
    lsr_an_budget.max_seconds = lsr_an_budget.start = 0;
    lsr_an_budget.headroom = 0;
    lsr_an_budget.hit = LSR_AN_OK;
}

LsrAnalyzeStatus lsr_an_budget_check(void) {
    LsrAnBudget *b = &lsr_an_budget;
    if (!b->on || b->hit) return b->hit;
    if (b->max_seconds > 0 && now_s() - b->start > b->max_seconds) b->hit = LSR_AN_TIME_BUDGET;
    else if (b->max_bytes && lsr_an_rss_bytes() > b->max_bytes) b->hit = LSR_AN_MEMORY_BUDGET;
    return b->hit;
}

bool lsr_an_budget_allows(uint64_t more) {
    LsrAnBudget *b = &lsr_an_budget;
    if (!b->on || !b->max_bytes) return b->hit == LSR_AN_OK;
    if (b->hit) return false;
    pthread_mutex_lock(&lock);
    bool ok = true;
    /* Small growths come out of the headroom measured last time, so that
     * many of them cost one reading of the resident size, not one each;
     * memory freed since is not counted back, which errs on the safe side. */
    if (more <= b->headroom) {
        b->headroom -= more;
    } else {
        uint64_t rss = lsr_an_rss_bytes();
        if (rss > b->max_bytes || more > b->max_bytes - rss) {
            b->hit = LSR_AN_MEMORY_BUDGET;
            ok = false;
        } else {
            uint64_t left = b->max_bytes - rss - more;
            b->headroom = left / 2 < ((uint64_t)16 << 20) ? left / 2 : (uint64_t)16 << 20;
        }
    }
    pthread_mutex_unlock(&lock);
    return ok;
}

double lsr_an_budget_elapsed(void) { return lsr_an_budget.start > 0 ? now_s() - lsr_an_budget.start : 0; }
