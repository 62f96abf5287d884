/* How sure the history is: the shared wording for estimated tallies and
 * the test for the game's invented 0-100 measures. */
#include "leftsr/leftsr.h"

#include <string.h>

const char *lsr_hist_tally_label(const LsrStep *st) {
    return st && st->hist_estimate ? "Estimate (not in the sources)" : "Historically";
}

bool lsr_var_is_game_scale(const LsrVar *v) {
    /* Sourced figures carry a counting unit (seats, thousand) or none. */
    return v && v->unit && strcmp(v->unit, "%") == 0 && v->min == 0 && v->max == 100;
}
