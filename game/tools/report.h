/* `leftsr report`: a class report of one game, as a standalone HTML page,
 * Markdown or CSV, built only from the engine's scenario, trace and score,
 * so it tells the same story as the screens.
 *
 * Output is deterministic: the same game and options give the same bytes
 * (no clock is read here; the date shown comes from the options).
 *
 * Ownership: nothing is retained. The game (and its scenario) is borrowed
 * for the duration of a call; option strings are borrowed likewise.
 */
#ifndef LEFTSR_REPORT_H
#define LEFTSR_REPORT_H

#include "leftsr/leftsr.h"

#include <stdbool.h>
#include <stdio.h>

typedef enum LsrReportFormat {
    LSR_REPORT_HTML = 0,   /* one standalone page: inline CSS and SVG, no network */
    LSR_REPORT_MD,         /* Markdown: headings, tables, lists */
    LSR_REPORT_CSV         /* RFC 4180, CRLF, one row per decision, header row */
} LsrReportFormat;

typedef struct LsrReportOptions {
    const char *title;     /* main heading; NULL or "": the scenario's title */
    const char *played_on; /* "YYYY-MM-DD" or ISO 8601 ("2025-10-11T09:30:00Z",
                              as in LsrSaveInfo.saved_at); shown as "11 October
                              2025"; NULL or "": "not recorded" */
    const char *lang;      /* language of scenario text; NULL: scenario default */
    const char *warning;   /* shown prominently at the top (HTML, Markdown),
                              e.g. a version mismatch; NULL: none. CSV has no
                              place for it: the caller prints it. */
} LsrReportOptions;

/* The file name extension of a format, without the dot ("html", "md", "csv"). */
const char *lsr_report_ext(LsrReportFormat fmt);

/* Parses "html", "md"/"markdown" or "csv". Returns false if unknown. */
bool lsr_report_parse_format(const char *s, LsrReportFormat *out);

/* Writes the report of game g to out. g may be finished, stuck or still in
 * progress (the report then says where play stopped). o may be NULL (all
 * defaults). Returns LSR_OK, LSR_ERR_NOMEM, or LSR_ERR_IO when writing to
 * out failed (checked with ferror; out is flushed but not closed). */
LsrStatus lsr_report_write(const LsrGame *g, LsrReportFormat fmt, FILE *out, const LsrReportOptions *o);

/* Writes the report to the file `path` safely, for the CLI and the SDL
 * debrief's "Export report" button: writes PATH.tmp, then renames it over
 * PATH, so PATH is never left half-written; missing folders are created.
 * An existing PATH is replaced only if it is empty or looks like a leftsr
 * report (of any format), unless
 * `force`. Errors return LSR_ERR_IO (refused, or cannot write) or
 * LSR_ERR_NOMEM, with one sentence in err (no trailing newline). */
LsrStatus lsr_report_save(const LsrGame *g, LsrReportFormat fmt, const char *path,
                          const LsrReportOptions *o, bool force, char *err, size_t errlen);

/* Does the file at path look like a report written by leftsr? */
bool lsr_report_file_is_report(const char *path);

/* `leftsr report SAVE ...`: the subcommand; returns a process exit code
 * (0 ok, 1 the scenario has content errors, 2 usage, I/O or corrupt save). */
int lsr_cmd_report(int argc, char **argv);

#endif
