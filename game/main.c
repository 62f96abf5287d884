/* leftsr: the one program. Subcommands dispatch to the front ends and tools. */
#include "app.h"
#include "tools/analyze.h"
#include "tools/report.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *out) {
    fprintf(out,
            "leftsr %s - lead the Left Socialist-Revolutionaries through 1917-1918\n"
            "\n"
            "usage: leftsr COMMAND [OPTIONS] [ARGS]\n"
            "\n"
            "commands:\n"
            "  play [SCENARIO]     play a scenario or the campaign (window, or terminal)\n"
            "  check FILE...       validate scenario files and report every problem\n"
            "  list                list the bundled scenarios\n"
            "  analyze FILE        explore every path: endings, odds, stuck steps, scores\n"
            "  new NAME            write a small, commented starter scenario NAME.json\n"
            "  report SAVE         a class report (html, md or csv) of a saved game\n"
            "\n"
            "SCENARIO is a bundled id (coalition, brest, july, campaign) or a file path;\n"
            "the default is coalition. 'leftsr COMMAND --help' explains each command.\n"
            "\n"
            "exit status: 0 ok, 1 content errors found, 2 usage or I/O error\n",
            LSR_VERSION);
}

static void play_usage(FILE *out) {
    fprintf(out,
            "usage: leftsr play [OPTIONS] [SCENARIO]\n"
            "\n"
            "Plays SCENARIO (a bundled id or a .json path; default: coalition) in a window,\n"
            "or in the terminal with --text or when no display can be opened.\n"
            "\n"
            "  --text               play in the terminal\n"
            "  --classroom          projector mode: fullscreen, large type, class votes,\n"
            "                       discussion timer, reveal, step back, report export\n"
            "  --timer SECONDS      classroom discussion time per decision (default 120;\n"
            "                       0 hides the timer)\n"
            "  --reveal WHEN        show what really happened: after (each decision,\n"
            "                       default), end (in the debrief), never\n"
            "  --seed N             random seed (default: from the clock; shown at the end)\n"
            "  --choices LIST       scripted choices, e.g. 2,1,3 (terminal); then stdin\n"
            "  --lang CODE          language of the text when the scenario has it\n"
            "  --fullscreen         start fullscreen\n"
            "  --size WxH           initial window size (with --classroom: a window, not\n"
            "                       fullscreen)\n"
            "  --save FILE          save file (default: $XDG_DATA_HOME/leftsr/saves/ID.json)\n"
            "  --no-save            never write a save\n"
            "  --continue           resume the save if there is one\n"
            "  --screenshots DIR    play the whole game automatically (historical\n"
            "                       choices), writing a PNG of every screen, then exit\n"
            "\n"
            "In the terminal: type a choice number; 's' shows the state, 'h' help,\n"
            "'q' quits (progress is saved after every decision). With --classroom, type\n"
            "the class's count for each choice ('12 8 3'); 'b' steps back one decision.\n");
}

static bool parse_u64(const char *s, uint64_t *out) {
    if (!s || !*s) return false;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || s[0] == '-') return false;
    *out = v;
    return true;
}

static int cmd_play(int argc, char **argv) {
    LsrPlayOptions opt;
    memset(&opt, 0, sizeof opt);
    opt.timer_s = -1;
    const char *arg = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) { play_usage(stdout); return LSR_EXIT_OK; }
        else if (!strcmp(a, "--text")) opt.text_only = true;
        else if (!strcmp(a, "--classroom")) opt.classroom = true;
        else if (!strcmp(a, "--fullscreen")) opt.fullscreen = true;
        else if (!strcmp(a, "--no-save")) opt.no_save = true;
        else if (!strcmp(a, "--continue")) opt.resume = true;
        else if (!strcmp(a, "--reveal") && val) {
            i++;
            opt.reveal_set = true;
            if (!strcmp(val, "after")) opt.reveal = LSR_REVEAL_AFTER;
            else if (!strcmp(val, "end")) opt.reveal = LSR_REVEAL_END;
            else if (!strcmp(val, "never")) opt.reveal = LSR_REVEAL_NEVER;
            else { fprintf(stderr, "leftsr play: --reveal takes after, end or never, not '%s'\n", val); return LSR_EXIT_USAGE; }
        } else if (!strcmp(a, "--seed") && val) {
            i++;
            if (!parse_u64(val, &opt.seed)) { fprintf(stderr, "leftsr play: --seed takes a whole number, not '%s'\n", val); return LSR_EXIT_USAGE; }
            opt.have_seed = true;
        } else if (!strcmp(a, "--timer") && val) {
            i++;
            uint64_t t;
            if (!parse_u64(val, &t) || t > 3600) { fprintf(stderr, "leftsr play: --timer takes seconds from 0 (no timer) to 3600, not '%s'\n", val); return LSR_EXIT_USAGE; }
            opt.timer_s = (int)t;
        } else if (!strcmp(a, "--choices") && val) { opt.choices = val; i++; }
        else if (!strcmp(a, "--lang") && val) { opt.lang = val; i++; }
        else if (!strcmp(a, "--save") && val) { opt.save_path = val; i++; }
        else if (!strcmp(a, "--screenshots") && val) { opt.screenshot_dir = val; i++; }
        else if (!strcmp(a, "--size") && val) {
            i++;
            if (sscanf(val, "%dx%d", &opt.width, &opt.height) != 2 || opt.width < 320 || opt.height < 240) {
                fprintf(stderr, "leftsr play: --size takes WIDTHxHEIGHT (at least 320x240), not '%s'\n", val);
                return LSR_EXIT_USAGE;
            }
        } else if (a[0] == '-') {
            fprintf(stderr, "leftsr play: unknown option or missing value: '%s'\n", a);
            play_usage(stderr);
            return LSR_EXIT_USAGE;
        } else if (arg) {
            fprintf(stderr, "leftsr play: one scenario at a time ('%s' and '%s')\n", arg, a);
            return LSR_EXIT_USAGE;
        } else arg = a;
    }
    /* the projector gets the whole screen, unless a window size was asked for */
    if (opt.classroom && opt.width == 0) opt.fullscreen = true;
    static char path[4096];
    if (!lsr_resolve_scenario(arg, path, sizeof path)) {
        fprintf(stderr, "leftsr play: no scenario '%s' (not a file, not a bundled id; try 'leftsr list')\n",
                arg ? arg : "coalition");
        return LSR_EXIT_USAGE;
    }
    opt.scenario_path = path;
    opt.is_campaign = lsr_file_is_campaign(path);
#ifdef LSR_HAVE_SDL
    if (!opt.text_only && !opt.choices) {
        int rc = lsr_sdl_play(&opt);
        if (rc != LSR_SDL_NO_DISPLAY) return rc;
        fprintf(stderr, "leftsr: no display could be opened; playing in the terminal instead.\n");
    }
#endif
    return lsr_cmd_play_text(&opt);
}

static int cmd_list(int argc, char **argv) {
    if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        printf("usage: leftsr list\n\nLists the bundled scenarios with their period and file.\n");
        return LSR_EXIT_OK;
    }
    static const char *const ids[] = {"coalition", "brest", "july"};
    int found = 0;
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        char path[4096];
        if (!lsr_resolve_scenario(ids[i], path, sizeof path)) continue;
        LsrScenario *sc = NULL;
        if (lsr_scenario_load_file(path, &sc, NULL) != LSR_OK) {
            printf("%-10s (does not load: run 'leftsr check %s')\n", ids[i], path);
            continue;
        }
        char a[40], b[40];
        lsr_date_format(sc->period_start, a, sizeof a);
        lsr_date_format(sc->period_end, b, sizeof b);
        printf("%-10s %-36s %s - %s  (%u decisions)\n", sc->id, lsr_tx(&sc->title, NULL), a, b,
               sc->n_steps);
        found++;
        lsr_scenario_free(sc);
    }
    char path[4096];
    if (lsr_resolve_scenario("campaign", path, sizeof path)) printf("%-10s all three in order, state carried over\n", "campaign");
    if (!found) {
        fprintf(stderr, "leftsr list: no bundled scenarios found (set LEFTSR_DATA to the folder holding scenarios/)\n");
        return LSR_EXIT_USAGE;
    }
    return LSR_EXIT_OK;
}

int main(int argc, char **argv) {
    /* Past a file-size limit (ulimit -f) a write must fail and be reported,
     * not kill the process half-way through a save. */
    signal(SIGXFSZ, SIG_IGN);
    if (argc < 2) {
        usage(stderr);
        return LSR_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        usage(stdout);
        return LSR_EXIT_OK;
    }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
        printf("leftsr %s (scenario format %d.%d)\n", LSR_VERSION, LSR_FORMAT_MAJOR, LSR_FORMAT_MINOR);
        return LSR_EXIT_OK;
    }
    if (!strcmp(cmd, "play")) return cmd_play(argc - 1, argv + 1);
    if (!strcmp(cmd, "check")) return lsr_cmd_check(argc - 1, argv + 1);
    if (!strcmp(cmd, "list")) return cmd_list(argc - 1, argv + 1);
    if (!strcmp(cmd, "analyze") || !strcmp(cmd, "analyse")) return lsr_cmd_analyze(argc - 1, argv + 1);
    if (!strcmp(cmd, "new")) return lsr_cmd_new(argc - 1, argv + 1);
    if (!strcmp(cmd, "report")) return lsr_cmd_report(argc - 1, argv + 1);
    fprintf(stderr, "leftsr: unknown command '%s'\n\n", cmd);
    usage(stderr);
    return LSR_EXIT_USAGE;
}
