/* Endings found: for each scenario id, the ids of the endings this player
 * has reached, kept across games in $XDG_DATA_HOME/leftsr/endings.json
 * (~/.local/share/leftsr/endings.json without XDG_DATA_HOME):
 *
 *   {"format": 1, "found": {"coalition": ["split", "dustbin"], "brest": []}}
 *
 * Used by the terminal and the window after each finished game ("3 of 9
 * endings found") and by `leftsr list`. Never names an ending not found.
 * Writes are atomic (temporary file, fsync, rename), then the same record
 * is written the same way to PATH.bak; a damaged file is moved aside to
 * PATH.damaged (never deleted) and the record recovered from PATH.bak.
 *
 * Ownership: lsr_endings_load returns a record the caller frees with
 * lsr_endings_free; the other calls only borrow their arguments. */
#ifndef LEFTSR_ENDINGS_H
#define LEFTSR_ENDINGS_H

#include "leftsr/leftsr.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct LsrEndings LsrEndings;

/* The default record path; returns snprintf's length. */
size_t lsr_endings_default_path(char *buf, size_t n);
/* Reads the record at path (NULL: the default). A missing file is an empty
 * record. A damaged one is moved aside and recovered as above; notice (may
 * be NULL) then says what happened in one line, else it is "". Returns NULL
 * only when out of memory. */
LsrEndings *lsr_endings_load(const char *path, char *notice, size_t n);
void lsr_endings_free(LsrEndings *e);
/* Has the player reached this ending? */
bool lsr_endings_has(const LsrEndings *e, const char *scenario_id, const char *ending_id);
/* How many of sc's endings the record holds (ids sc no longer has are not
 * counted); sc->n_endings is the "of N". */
uint32_t lsr_endings_count(const LsrEndings *e, const LsrScenario *sc);
/* Adds the ending to the record and writes it to path (NULL: the default),
 * merged with whatever another game wrote there since the load. *added (may
 * be NULL) says whether it was new; an ending already found is not written
 * again. LSR_ERR_IO with err filled when it cannot be written.
 *
 * A finished game, as the terminal does it (skip it for --no-save):
 *
 *     char notice[512], err[512];
 *     LsrEndings *e = lsr_endings_load(NULL, notice, sizeof notice);
 *     if (notice[0]) show(notice);
 *     bool added;
 *     lsr_endings_record(e, NULL, sc->id, lsr_game_ending(g)->id, &added, err, sizeof err);
 *     show("%u of %u endings found", lsr_endings_count(e, sc), sc->n_endings);
 *     lsr_endings_free(e);
 */
LsrStatus lsr_endings_record(LsrEndings *e, const char *path, const char *scenario_id, const char *ending_id,
                             bool *added, char *err, size_t errlen);

#endif
