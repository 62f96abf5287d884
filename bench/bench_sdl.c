/* Benchmark of the SDL game window with the software renderer on the
 * offscreen driver at 1920x1080: start-up to the first presented frame,
 * the time to render the decision screen, CPU used while idle, and peak
 * memory. Each figure is the median of several runs. */
#ifndef LSR_HAVE_SDL
#include <stdio.h>
int main(void) {
    puts("bench_sdl: skipped (built without SDL)");
    return 0;
}
#else

#include "bench_util.h"
#include "sdl/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define W 1920
#define H 1080

static char scenario[1024];

static void environment(void) {
    setenv("SDL_VIDEODRIVER", "offscreen", 1);
    setenv("SDL_RENDER_DRIVER", "software", 1);
    setenv("SDL_AUDIODRIVER", "dummy", 1);
    /* no user settings, no user saves */
    const char *tmp = getenv("TMPDIR");
    char dir[512];
    snprintf(dir, sizeof dir, "%s/leftsr-bench-%d", tmp && tmp[0] ? tmp : "/tmp", (int)getuid());
    mkdir(dir, 0700);
    setenv("XDG_CONFIG_HOME", dir, 1);
    setenv("XDG_DATA_HOME", dir, 1);
    snprintf(scenario, sizeof scenario, "%s/scenarios/brest.json", LSR_SOURCE_DIR);
}

static LsrPlayOptions options(void) {
    LsrPlayOptions o;
    memset(&o, 0, sizeof o);
    o.scenario_path = scenario;
    o.have_seed = true;
    o.seed = 1917;
    o.no_save = true;
    o.width = W;
    o.height = H;
    return o;
}

static void press(LsrUi *ui, SDL_Keycode k) {
    SDL_Event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = SDL_KEYDOWN;
    ev.key.state = SDL_PRESSED;
    ev.key.keysym.sym = k;
    SDL_PushEvent(&ev);
    lsr_ui_pump(ui, 0);
}

static double cpu_seconds(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 + (double)ru.ru_stime.tv_sec +
           (double)ru.ru_stime.tv_usec * 1e-6;
}

/* Child: open the window, present the first frame, tell the parent. With
 * `full`, also play into the decision and debrief screens for peak memory. */
static int child(int fd, bool full) {
    environment();
    LsrPlayOptions o = options();
    LsrUi *ui;
    char err[512];
    if (lsr_ui_create(&o, &ui, err, sizeof err) != 0) return 1;
    lsr_ui_pump(ui, 0);
    char c = 'k';
    if (write(fd, &c, 1) != 1) return 1;
    if (full) {
        press(ui, SDLK_RETURN);   /* title -> briefing (the scenario was named) */
        press(ui, SDLK_RETURN);   /* briefing -> first decision */
        for (int i = 0; i < 60 && lsr_ui_screen(ui) != LSR_SCR_ENDING; i++) {
            press(ui, SDLK_1);
            press(ui, SDLK_RETURN);
        }
    }
    lsr_ui_destroy(ui);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    char buf[32];
    int len = snprintf(buf, sizeof buf, "%ld", ru.ru_maxrss);
    return write(fd, buf, (size_t)len) == len ? 0 : 1;
}

/* Runs a child; returns seconds to its first frame and its peak RSS in KiB. */
static bool spawn(const char *self, bool full, double *secs, long *maxrss) {
    int p[2];
    if (pipe(p) != 0) return false;
    double t0 = bench_now();
    pid_t pid = fork();
    if (pid < 0) return false;
    if (pid == 0) {
        close(p[0]);
        char fd[16];
        snprintf(fd, sizeof fd, "%d", p[1]);
        execl(self, self, full ? "--child-full" : "--child", fd, (char *)NULL);
        _exit(127);
    }
    close(p[1]);
    char c;
    bool ok = read(p[0], &c, 1) == 1;
    *secs = bench_now() - t0;
    char buf[32] = "";
    ssize_t got = read(p[0], buf, sizeof buf - 1);
    buf[got > 0 ? got : 0] = '\0';
    *maxrss = atol(buf);
    close(p[0]);
    int status;
    if (waitpid(pid, &status, 0) < 0) return false;
    return ok && got > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int main(int argc, char **argv) {
    if (argc == 3 && strncmp(argv[1], "--child", 7) == 0)
        return child(atoi(argv[2]), strcmp(argv[1], "--child-full") == 0);
    int idle_runs = argc > 1 ? atoi(argv[1]) : 3;
    if (idle_runs < 1) idle_runs = 1;
    char self[1024];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) snprintf(self, sizeof self, "%s", argv[0]);
    else self[n] = '\0';

    enum { RUNS = 9 };
    double start[RUNS], rss[RUNS];
    for (int i = 0; i < RUNS; i++) {
        long kb = 0;
        if (!spawn(self, false, &start[i], &kb)) {
            fprintf(stderr, "bench_sdl: the window could not be opened\n");
            return 1;
        }
    }
    for (int i = 0; i < 5; i++) {
        long kb = 0;
        double s;
        if (!spawn(self, true, &s, &kb)) return 1;
        rss[i] = (double)kb / 1024.0;
    }

    environment();
    LsrPlayOptions o = options();
    LsrUi *ui;
    char err[512];
    if (lsr_ui_create(&o, &ui, err, sizeof err) != 0) {
        fprintf(stderr, "bench_sdl: %s\n", err);
        return 1;
    }
    lsr_ui_pump(ui, 0);
    press(ui, SDLK_RETURN);
    press(ui, SDLK_RETURN);
    if (lsr_ui_screen(ui) != LSR_SCR_DECISION) {
        fprintf(stderr, "bench_sdl: did not reach the decision screen\n");
        return 1;
    }
    enum { FRAMES = 60 };
    double warm[FRAMES], cold[15];
    for (int i = 0; i < FRAMES; i++) {
        double t = bench_now();
        lsr_ui_redraw(ui);
        warm[i] = bench_now() - t;
    }
    for (int i = 0; i < 15; i++) {
        lsr_r_cache_clear(ui);
        double t = bench_now();
        lsr_ui_redraw(ui);
        cold[i] = bench_now() - t;
    }
    double idle[16];
    for (int r = 0; r < idle_runs && r < 16; r++) {
        double c0 = cpu_seconds(), w0 = bench_now();
        while (bench_now() - w0 < 10.0) lsr_ui_pump(ui, 1000);
        idle[r] = (cpu_seconds() - c0) / (bench_now() - w0) * 100.0;
    }
    lsr_ui_destroy(ui);

    printf("startup_to_first_frame: %.1f ms (target < 150 ms)\n", bench_median(start, RUNS) * 1e3);
    printf("decision_frame: %.2f ms (target < 4 ms)\n", bench_median(warm, FRAMES) * 1e3);
    printf("decision_frame_uncached: %.2f ms (text rasterised again; no target)\n", bench_median(cold, 15) * 1e3);
    printf("idle_cpu: %.2f %% of a core over 10 s (target < 1 %%)\n", bench_median(idle, (size_t)(idle_runs < 16 ? idle_runs : 16)));
    printf("peak_memory: %.1f MB (target < 60 MB)\n", bench_median(rss, 5));
    return 0;
}

#endif
