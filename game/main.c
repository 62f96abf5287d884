/* leftsr: the one program. Subcommands dispatch to the front ends and tools. */
#include "app.h"
#include "endings.h"
#include "i18n.h"
#include "tools/analyze.h"
#include "tools/cli.h"
#include "tools/report.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *out) {
    /* TRANSLATORS: keep the command names, SCENARIO, FILE, SAVE and the
     * scenario ids (coalition, brest, july, campaign) as they are. */
    fprintf(out,
            _("leftsr %s - lead the Left Socialist-Revolutionaries through 1917-1918\n"
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
            "  po SCENARIO...      write the translation template (.pot) of a scenario\n"
            "\n"
            "SCENARIO is a bundled id (coalition, brest, july, campaign) or a file path;\n"
            "the default is coalition. 'leftsr COMMAND --help' explains each command.\n"
            "\n"
            "exit status: 0 ok, 1 content errors found, 2 usage or I/O error\n"),
            LSR_VERSION);
}

enum {
    P_TEXT = 1, P_CLASSROOM, P_TIMER, P_REVEAL, P_SEED, P_CHOICES, P_LANG, P_FULLSCREEN, P_SIZE,
    P_SAVE, P_NO_SAVE, P_CONTINUE, P_NEW, P_SCREENSHOTS, P_PLAIN, P_AUTHOR
};

static const LsrOption play_opts[] = {
    {"text", 0, NULL, P_TEXT, N_("play in the terminal")},
    {"plain", 0, NULL, P_PLAIN, N_("terminal text for screen readers: no colour, bars or\n"
                                "rules, values in words (implies --text)")},
    {"classroom", 0, NULL, P_CLASSROOM, N_("projector mode: fullscreen, large type, class votes,\n"
                                        "discussion timer, reveal, step back, report export")},
    {"timer", 0, "SECONDS", P_TIMER, N_("classroom discussion time per decision (default 120;\n"
                                     "0 hides the timer)")},
    {"reveal", 0, "WHEN", P_REVEAL, N_("show what really happened: after (each decision,\n"
                                    "default), end (in the debrief), never")},
    {"seed", 0, "N", P_SEED, N_("random seed (default: from the clock; shown at the end)")},
    {"choices", 0, "LIST", P_CHOICES, N_("scripted choices, e.g. 2,1,3 (terminal); then stdin")},
    {"lang", 0, "CODE", P_LANG, N_("language of the game: the scenario's text when it\n"
                                   "has it, and the program's words (default: from the\n"
                                   "environment)")},
    {"fullscreen", 0, NULL, P_FULLSCREEN, N_("start fullscreen")},
    {"size", 0, "WxH", P_SIZE, N_("initial window size (with --classroom: a window, not\n"
                               "fullscreen)")},
    {"save", 0, "FILE", P_SAVE, N_("save file (default: $XDG_DATA_HOME/leftsr/saves/ID.json)")},
    {"no-save", 0, NULL, P_NO_SAVE, N_("never write a save")},
    {"continue", 0, NULL, P_CONTINUE, N_("resume the save if there is one")},
    {"new", 0, NULL, P_NEW, N_("start a new game even if there is a save; the old save\n"
                               "is kept as SAVE.old (without --continue or --new, an\n"
                               "existing save is never replaced)")},
    {"screenshots", 0, "DIR", P_SCREENSHOTS, N_("play the whole game automatically (historical\n"
                                             "choices), writing a PNG of every screen, then exit")},
    {"author", 0, NULL, P_AUTHOR, N_("author tools (F12 debug panel, live reload) also in\n"
                                     "classroom mode and on bundled scenarios")},
};

static const LsrCommand play_cmd = {
    "play", "play [OPTIONS] [SCENARIO]",
    N_("Plays SCENARIO (a bundled id or a .json path; default: coalition) in a window,\n"
       "or in the terminal with --text or when no display can be opened."),
    play_opts, sizeof play_opts / sizeof play_opts[0],
    /* TRANSLATORS: the keys (s, g, l, u, h, q, r, b) and the letters A, B, C
     * are typed as they are in every language. */
    N_("In the terminal: type a choice number; 's' shows the state, 'g' the glossary,\n"
       "'l' the log, 'u' takes back a decision, 'h' lists every key, 'q' quits\n"
       "(progress is saved after every decision). With --classroom, choices are\n"
       "lettered A, B, C; type the class's count for each ('12 8 3' or 'A12 B8'),\n"
       "'r' reveals the history, 'b' steps back one decision."),
};

/* One option of `play` into opt; false after printing a usage error. */
static bool play_option(LsrPlayOptions *opt, int id, const char *val) {
    uint64_t t;
    switch (id) {
    case P_TEXT: opt->text_only = true; break;
    case P_PLAIN: opt->plain = opt->text_only = true; break;
    case P_CLASSROOM: opt->classroom = true; break;
    case P_FULLSCREEN: opt->fullscreen = true; break;
    case P_NO_SAVE: opt->no_save = true; break;
    case P_CONTINUE: opt->resume = true; break;
    case P_AUTHOR: opt->author = true; break;
    case P_NEW: opt->fresh = true; break;
    case P_CHOICES: opt->choices = val; break;
    case P_LANG:
        opt->lang = val;
        opt->lang_given = true;
        break;
    case P_SAVE: opt->save_path = val; break;
    case P_SCREENSHOTS: opt->screenshot_dir = val; break;
    case P_REVEAL:
        opt->reveal_set = true;
        if (!strcmp(val, "after")) opt->reveal = LSR_REVEAL_AFTER;
        else if (!strcmp(val, "end")) opt->reveal = LSR_REVEAL_END;
        else if (!strcmp(val, "never")) opt->reveal = LSR_REVEAL_NEVER;
        else {
            lsr_cli_fail(&play_cmd, false, _("--reveal takes after, end or never, not '%s'"), val);
            return false;
        }
        break;
    case P_SEED:
        if (!lsr_cli_u64(val, &opt->seed)) {
            lsr_cli_fail(&play_cmd, false, _("--seed takes a whole number, not '%s'"), val);
            return false;
        }
        opt->have_seed = true;
        break;
    case P_TIMER:
        if (!lsr_cli_u64(val, &t) || t > 3600) {
            lsr_cli_fail(&play_cmd, false, _("--timer takes seconds from 0 (no timer) to 3600, not '%s'"), val);
            return false;
        }
        opt->timer_s = (int)t;
        break;
    case P_SIZE:
        if (sscanf(val, "%dx%d", &opt->width, &opt->height) != 2 || opt->width < 320 || opt->height < 240) {
            lsr_cli_fail(&play_cmd, false, _("--size takes WIDTHxHEIGHT (at least 320x240), not '%s'"), val);
            return false;
        }
        break;
    default: break;
    }
    return true;
}

static int cmd_play(int argc, char **argv) {
    LsrPlayOptions opt;
    memset(&opt, 0, sizeof opt);
    opt.timer_s = -1;
    const char *arg = NULL;
    LsrCli cli;
    lsr_cli_begin(&cli, &play_cmd, argc, argv);
    const char *val;
    for (int id; (id = lsr_cli_next(&cli, &val)) != LSR_CLI_END;) {
        if (id == LSR_CLI_HELP) return LSR_EXIT_OK;
        if (id == LSR_CLI_ERROR) return LSR_EXIT_USAGE;
        if (id == LSR_CLI_OPERAND) {
            if (arg) {
                lsr_cli_fail(&play_cmd, false, _("one scenario at a time ('%s' and '%s')"), arg, val);
                return LSR_EXIT_USAGE;
            }
            arg = val;
        } else if (!play_option(&opt, id, val)) {
            return LSR_EXIT_USAGE;
        }
    }
    if (opt.resume && opt.fresh) {
        lsr_cli_fail(&play_cmd, false, "--continue and --new exclude each other");
        return LSR_EXIT_USAGE;
    }
    /* the projector gets the whole screen, unless a window size was asked for */
    if (opt.classroom && opt.width == 0) opt.fullscreen = true;
    static char path[4096];
    if (!lsr_resolve_scenario(arg, path, sizeof path)) {
        char shown[4200];
        lsr_text_safe(arg ? arg : "coalition", shown, sizeof shown, 0);
        fprintf(stderr, _("leftsr play: no scenario '%s' (not a file, not a bundled id; try 'leftsr list')\n"), shown);
        return LSR_EXIT_USAGE;
    }
    opt.scenario_path = path;
    opt.is_campaign = lsr_file_is_campaign(path);
    static char env_lang[16];
    char langs[256];
    if (opt.lang && !lsr_scenario_has_lang(path, opt.lang, langs, sizeof langs)) {
        lsr_cli_fail(&play_cmd, false, _("no '%s' translation of %s; available: %s"), opt.lang, path, langs);
        return LSR_EXIT_USAGE;
    }
    /* a scenario may be translated before the program is: its text, English words */
    if (opt.lang && !lsr_ui_set_lang(opt.lang)) {
        lsr_ui_langs(langs, sizeof langs);
        fprintf(stderr, "leftsr play: no '%s' translation of the program yet (available: %s); its own words stay in English\n",
                opt.lang, langs);
    }
    if (!opt.lang) {
        bool missing = false;
        opt.lang = lsr_env_lang(path, env_lang, sizeof env_lang, &missing);
        if (missing)
            fprintf(stderr, _("leftsr: no '%s' translation of this scenario yet; playing in English (--lang lists the others)\n"),
                    env_lang);
    }
#ifdef LSR_HAVE_SDL
    if (!opt.text_only && !opt.choices) {
        int rc = lsr_sdl_play(&opt);
        if (rc != LSR_SDL_NO_DISPLAY) return rc;
        fputs(_("leftsr: no display could be opened; playing in the terminal instead.\n"), stderr);
    }
#endif
    return lsr_cmd_play_text(&opt);
}

static const LsrCommand list_cmd = {
    "list", "list", N_("Lists the bundled scenarios with their period and file."), NULL, 0, NULL,
};

static int cmd_list(int argc, char **argv) {
    LsrCli cli;
    lsr_cli_begin(&cli, &list_cmd, argc, argv);
    const char *val;
    for (int id; (id = lsr_cli_next(&cli, &val)) != LSR_CLI_END;) {
        if (id == LSR_CLI_HELP) return LSR_EXIT_OK;
        if (id == LSR_CLI_ERROR) return LSR_EXIT_USAGE;
        lsr_cli_fail(&list_cmd, true, _("takes no arguments ('%s')"), val);
        return LSR_EXIT_USAGE;
    }
    static const char *const ids[] = {"coalition", "brest", "july"};
    int found = 0;
    char notice[512];
    LsrEndings *endings = lsr_endings_load(NULL, notice, sizeof notice);
    if (notice[0]) fprintf(stderr, "leftsr: %s\n", notice);
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        char path[4096];
        if (!lsr_resolve_scenario(ids[i], path, sizeof path)) continue;
        LsrScenario *sc = NULL;
        /* the titles in the program's language when the scenario has it */
        char langs[256];
        const char *lang = lsr_scenario_has_lang(path, lsr_ui_lang(), langs, sizeof langs) ? lsr_ui_lang() : NULL;
        if (lang && strcmp(lang, "en") == 0) lang = NULL;
        LsrLoadOptions lo = {lang, NULL, NULL, NULL};
        if (lsr_scenario_load_file_opts(path, &lo, &sc, NULL) != LSR_OK) {
            printf(_("%-10s (does not load: run 'leftsr check %s')\n"), ids[i], path);
            continue;
        }
        char a[40], b[40];
        lsr_date_format_lang(sc->period_start, lsr_ui_lang(), a, sizeof a);
        lsr_date_format_lang(sc->period_end, lsr_ui_lang(), b, sizeof b);
        /* padded by characters, not bytes: titles may be Cyrillic */
        const char *title = lsr_tx(&sc->title, lang);
        int chars = 0;
        for (const char *p = title; *p; p++) chars += (*p & 0xC0) != 0x80;
        printf("%-10s %s%*s %s - %s  (", sc->id, title, chars < 36 ? 36 - chars : 0, "", a, b);
        printf(lsr_ui_n("%u decision", "%u decisions", sc->n_steps), sc->n_steps);
        printf(_("; endings found: %u/%u"), lsr_endings_count(endings, sc), sc->n_endings);
        puts(")");
        found++;
        lsr_scenario_free(sc);
    }
    lsr_endings_free(endings);
    char path[4096];
    if (lsr_resolve_scenario("campaign", path, sizeof path)) printf(_("%-10s all three in order, state carried over\n"), "campaign");
    if (!found) {
        fputs(_("leftsr list: no bundled scenarios found (set LEFTSR_DATA to the folder holding scenarios/)\n"), stderr);
        return LSR_EXIT_USAGE;
    }
    return LSR_EXIT_OK;
}

/* The program's language from the environment, for every command; `play
 * --lang` and `report --lang` may change it afterwards. */
static void choose_ui_lang(void) {
    char lang[16];
    bool missing = false;
    const char *want = lsr_env_ui_lang(lang, sizeof lang, &missing);
    if (want && !lsr_ui_set_lang(want)) missing = true;
    if (missing) fprintf(stderr, "leftsr: no '%s' translation of the program yet; using English\n", lang);
}

static int run(int argc, char **argv) {
    choose_ui_lang();
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
        printf(_("leftsr %s (scenario format %d.%d)\n"), LSR_VERSION, LSR_FORMAT_MAJOR, LSR_FORMAT_MINOR);
        return LSR_EXIT_OK;
    }
    if (!strcmp(cmd, "play")) return cmd_play(argc - 1, argv + 1);
    if (!strcmp(cmd, "check")) return lsr_cmd_check(argc - 1, argv + 1);
    if (!strcmp(cmd, "list")) return cmd_list(argc - 1, argv + 1);
    if (!strcmp(cmd, "analyze") || !strcmp(cmd, "analyse")) return lsr_cmd_analyze(argc - 1, argv + 1);
    if (!strcmp(cmd, "new")) return lsr_cmd_new(argc - 1, argv + 1);
    if (!strcmp(cmd, "report")) return lsr_cmd_report(argc - 1, argv + 1);
    if (!strcmp(cmd, "po")) return lsr_cmd_po(argc - 1, argv + 1);
    fprintf(stderr, _("leftsr: unknown command '%s'\n\n"), cmd);
    usage(stderr);
    return LSR_EXIT_USAGE;
}

int main(int argc, char **argv) {
    /* Past a file-size limit (ulimit -f) a write must fail and be reported,
     * not kill the process half-way through a save. */
    signal(SIGXFSZ, SIG_IGN);
    int rc = run(argc, argv);
    /* Output that could not be written (a full disk, /dev/full, a closed
     * pipe) is a failure, not a success. */
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "leftsr: could not write the output: %s\n", strerror(errno));
        if (rc == LSR_EXIT_OK) rc = LSR_EXIT_USAGE;
    }
    return rc;
}
