/* Historical markers tell the truth: playing each bundled scenario along
 * history, every state bar shows a historical marker exactly where the
 * scenario gives a value for that point (the step on screen, or after a
 * step the one it leads to), with that value; and the debrief's chart puts
 * its historical points at the same places with the same values, so the
 * two views agree. The anchors are read from the scenario here, not
 * through the function the screens use. */
#ifndef LSR_HAVE_SDL
#include <stdio.h>
int main(void) {
    puts("test_ui_hist: SKIPPED: built without SDL (ctest reports it as skipped)");
    return 77;
}
#else

#include "check.h"
#include "sdl/internal.h"
#include "tools/report.h"
#include "ui_drive.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char work[1024], save_path[1100];

/* The scenario's own anchor for var on arriving at node; ending nodes
 * stand for the end of the game, where history's ending is the anchor. */
static bool anchor(const LsrScenario *sc, uint32_t var, uint32_t node, int32_t *out) {
    const LsrVar *v = &sc->vars[var];
    uint32_t at = node >= sc->n_steps ? sc->n_steps + sc->historical_ending : node;
    for (uint32_t i = 0; i < v->n_hist; i++)
        if (v->hist[i].at == at) {
            *out = v->hist[i].value;
            return true;
        }
    return false;
}

/* The value of the box labelled "<prefix> <var id> [<index>] <value>", or
 * false when there is none. */
static bool marker(LsrUi *ui, const char *prefix, const char *id, long index, int32_t *out) {
    char want[200];
    if (index >= 0) snprintf(want, sizeof want, "%s %s %ld ", prefix, id, index);
    else snprintf(want, sizeof want, "%s %s ", prefix, id);
    size_t n, len = strlen(want);
    const LsrUiItem *it = lsr_ui_items(ui, &n);
    for (size_t i = 0; i < n; i++)
        if (it[i].kind == LSR_ITEM_BOX && strncmp(it[i].text, want, len) == 0) {
            *out = (int32_t)strtol(it[i].text + len, NULL, 10);
            return true;
        }
    return false;
}

static int markers_checked, points_checked;

/* The state bars on screen against the anchors at node. Returns the
 * markers seen, by variable, in seen[] (INT32_MIN: none). */
static void check_bars(LsrUi *ui, uint32_t node, const char *where, int32_t *seen) {
    const LsrScenario *sc = ui->sc;
    for (uint32_t v = 0; v < sc->n_vars; v++) {
        seen[v] = INT32_MIN;
        if (sc->vars[v].hidden) continue;
        int32_t want = 0, got = 0;
        bool has = anchor(sc, v, node, &want), shown = marker(ui, "historical marker", sc->vars[v].id, -1, &got);
        if (has != shown || (has && want != got))
            fprintf(stderr, "%s, node %u, %s: anchor %s %d, marker %s %d\n", where, node, sc->vars[v].id,
                    has ? "yes" : "no", (int)want, shown ? "yes" : "no", (int)got);
        CHECK_EQ_INT(shown, has);
        if (has && shown) CHECK_EQ_INT(got, want);
        if (shown) seen[v] = got;
        markers_checked++;
    }
}

static int report_checked;

/* The report's table of the course of events: "value (historical)" per
 * scored measure at each point; the historical values where the scenario
 * gives them, and only there. */
static void check_report_track(const LsrGame *g) {
    const LsrScenario *sc = lsr_game_scenario(g);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) return;
    CHECK_EQ_INT(lsr_report_write(g, LSR_REPORT_MD, f, NULL), LSR_OK);
    fclose(f);
    LsrScore score;
    lsr_game_score(g, &score);
    size_t n = lsr_game_trace_len(g), rows = 0;
    for (char *line = strstr(buf, "\n| start |"); line && *line; line = strchr(line + 1, '\n')) {
        char *p = line + 1;
        if (strncmp(p, "| ", 2) != 0) break;
        size_t x;
        if (strncmp(p, "| start |", 9) == 0) x = 0;
        else if (sscanf(p, "| %zu |", &x) != 1) break;
        if (x > n) break;
        uint32_t node = x == 0 ? lsr_game_trace(g, 0)->step : lsr_game_trace(g, x - 1)->next;
        char *cell = strchr(p + 1, '|');
        for (uint32_t i = 0; cell && i < score.n_vars; i++) {
            char *end = strchr(cell + 1, '|');
            if (!end) break;
            char *paren = memchr(cell, '(', (size_t)(end - cell));
            int32_t want = 0;
            bool has = anchor(sc, score.vars[i].var, node, &want);
            if ((paren != NULL) != has || (has && strtol(paren + 1, NULL, 10) != want))
                fprintf(stderr, "report point %zu (node %u) %s: anchor %s %d, report \"%.*s\"\n", x, node,
                        sc->vars[score.vars[i].var].id, has ? "yes" : "no", (int)want, (int)(end - cell - 1), cell + 1);
            CHECK_EQ_INT(paren != NULL, has);
            if (has && paren) CHECK_EQ_INT(strtol(paren + 1, NULL, 10), want);
            report_checked++;
            cell = end;
        }
        rows++;
    }
    CHECK_EQ_INT(rows, n + 1);
    free(buf);
}

static void walk(const char *path) {
    LsrPlayOptions o = ui_options(path, 1280, 720, save_path);
    remove(save_path);
    LsrUi *ui = NULL;
    char err[512] = "";
    CHECK_EQ_INT(lsr_ui_create(&o, &ui, err, sizeof err), 0);
    if (!ui) return;
    pump(ui);
    CHECK(click(ui, "New game"));
    key(ui, SDLK_RETURN, 0);   /* the briefing */
    const LsrScenario *sc = ui->sc;
    /* the marker on each decision screen, by trace index, to compare with the chart */
    static int32_t at_decision[64][64];
    size_t decisions = 0;
    for (int guard = 0; guard < 200; guard++) {
        LsrScreen s = lsr_ui_screen(ui);
        if (s == LSR_SCR_DECISION) {
            size_t k = lsr_game_trace_len(ui->g);
            int32_t seen[64];
            check_bars(ui, lsr_game_step_index(ui->g), "decision", seen);
            if (k < 64) memcpy(at_decision[k], seen, sizeof seen);
            const LsrStep *st = lsr_game_step(ui->g);
            size_t n;
            const LsrUiItem *it = lsr_ui_items(ui, &n);
            for (size_t i = 0; i < n; i++)
                if (it[i].kind == LSR_ITEM_BUTTON && it[i].action == A_CHOOSE && it[i].arg == (int)st->hist_choice) {
                    click_at(ui, it[i].r.x + it[i].r.w / 2, it[i].r.y + it[i].r.h / 2);
                    break;
                }
            decisions = k + 1;
        } else if (s == LSR_SCR_CONSEQUENCE) {
            const LsrTraceEntry *te = lsr_game_trace(ui->g, ui->shown);
            int32_t seen[64];
            check_bars(ui, te->next, "consequence", seen);
            key(ui, SDLK_RETURN, 0);
        } else if (s == LSR_SCR_VOTE) {
            key(ui, SDLK_RETURN, 0);
        } else {
            break;
        }
    }
    CHECK_EQ_STR(screen_of(ui), "debrief");
    CHECK(decisions > 0);
    /* the chart: a point per arrival (0: the start), history where given */
    size_t n = lsr_game_trace_len(ui->g);
    for (uint32_t v = 0; v < sc->n_vars; v++) {
        if (!sc->vars[v].scored || sc->vars[v].hidden) continue;
        find_scrolling(ui, LSR_ITEM_BOX, sc->vars[v].id);
        for (size_t i = 0; i <= n; i++) {
            uint32_t node = i == 0 ? lsr_game_trace(ui->g, 0)->step : lsr_game_trace(ui->g, i - 1)->next;
            int32_t want = 0, got = 0;
            bool has = anchor(sc, v, node, &want);
            /* the chart may be below the fold: scroll until its box shows */
            bool shown = false;
            for (int page = 0; page < 20 && !(shown = marker(ui, "historical point", sc->vars[v].id, (long)i, &got));
                 page++) {
                if (!has) break;
                key(ui, SDLK_PAGEDOWN, 0);
            }
            key(ui, SDLK_HOME, 0);
            if (has != shown || (has && got != want))
                fprintf(stderr, "chart %s point %zu (node %u): anchor %s %d, point %s %d\n", sc->vars[v].id, i, node,
                        has ? "yes" : "no", (int)want, shown ? "yes" : "no", (int)got);
            CHECK_EQ_INT(shown, has);
            if (has && shown) CHECK_EQ_INT(got, want);
            /* the state bars agreed with the chart at each decision */
            if (i < n && i < 64 && v < 64 && sc->steps[node].type == LSR_STEP_DECISION)
                CHECK_EQ_INT(at_decision[i][v], has ? want : INT32_MIN);
            points_checked++;
        }
    }
    check_report_track(ui->g);
    lsr_ui_destroy(ui);
}

int main(void) {
    setenv("SDL_RENDER_DRIVER", "software", 1);
    snprintf(work, sizeof work, "%s/test-ui-hist", LSR_BINARY_DIR);
    mkdir(work, 0755);
    snprintf(save_path, sizeof save_path, "%s/save.json", work);
    static const char *const scen[] = { "coalition", "brest", "july" };
    for (int i = 0; i < 3; i++) {
        char path[1200];
        snprintf(path, sizeof path, "%s/scenarios/%s.json", LSR_SOURCE_DIR, scen[i]);
        walk(path);
    }
    printf("test_ui_hist: %d state-bar markers, %d chart points and %d report cells checked against the anchors\n",
           markers_checked, points_checked, report_checked);
    printf("test_ui_hist: %d passed, %d failed\n", check_passed, check_failed);
    return check_failed ? 1 : 0;
}

#endif
