/* `leftsr report`: a class report of one game (HTML, Markdown or CSV).
 * Everything shown comes from the scenario, the trace and the score, and
 * nothing reads the clock, so the same save and options give the same bytes.
 * Here: the public API and safe saving to a file. The model is in
 * report_model.c, the writers in report_html.c, report_md.c, report_csv.c,
 * the command in report_cmd.c. */
#include "report_internal.h"
#include "app.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *lsr_report_ext(LsrReportFormat fmt) {
    switch (fmt) {
    case LSR_REPORT_MD: return "md";
    case LSR_REPORT_CSV: return "csv";
    case LSR_REPORT_HTML: break;
    }
    return "html";
}

bool lsr_report_parse_format(const char *s, LsrReportFormat *out) {
    if (!s) return false;
    if (!strcmp(s, "html") || !strcmp(s, "htm")) *out = LSR_REPORT_HTML;
    else if (!strcmp(s, "md") || !strcmp(s, "markdown")) *out = LSR_REPORT_MD;
    else if (!strcmp(s, "csv")) *out = LSR_REPORT_CSV;
    else return false;
    return true;
}

LsrStatus lsr_report_write(const LsrGame *g, LsrReportFormat fmt, FILE *out, const LsrReportOptions *o) {
    if (!g || !out) return LSR_ERR_ARG;
    static const LsrReportOptions none = {NULL, NULL, NULL, NULL};
    if (!o) o = &none;
    Ctx c;
    memset(&c, 0, sizeof c);
    c.g = g;
    c.sc = lsr_game_scenario(g);
    c.lang = o->lang;
    c.f = out;
    c.n = lsr_game_trace_len(g);
    c.warning = o->warning;
    lsr_game_score(g, &c.score);
    c.title = o->title && o->title[0] ? o->title : T(&c, &c.sc->title);
    LsrDate pd;
    if (o->played_on && lsr_rp_parse_ymd(o->played_on, &pd)) fmt_date(pd, c.played, sizeof c.played);
    else if (o->played_on) snprintf(c.played, sizeof c.played, "%s", o->played_on);
    if (fmt != LSR_REPORT_CSV) lsr_rp_build_questions(&c);
    if (!c.oom) {
        switch (fmt) {
        case LSR_REPORT_HTML: lsr_rp_write_html(&c); break;
        case LSR_REPORT_MD: lsr_rp_write_md(&c); break;
        case LSR_REPORT_CSV: lsr_rp_write_csv(&c); break;
        }
    }
    for (int q = 0; q < c.n_questions; q++) free(c.questions[q]);
    if (c.oom) return LSR_ERR_NOMEM;
    if (fflush(out) != 0 || ferror(out)) return LSR_ERR_IO;
    return LSR_OK;
}

bool lsr_report_file_is_report(const char *path) {
    int fd = lsr_file_open_regular(path, NULL, 0);
    FILE *f = fd >= 0 ? fdopen(fd, "rb") : NULL;
    if (!f) {
        if (fd >= 0) close(fd);
        return false;
    }
    char head[1024];
    size_t got = fread(head, 1, sizeof head - 1, f);
    fclose(f);
    head[got] = '\0';
    size_t v1 = strlen(CSV_HEADER_V1);
    if (!strncmp(head, CSV_HEADER_V1, v1) && (!strncmp(head + v1, "\r\n", 2) || !strncmp(head + v1, ",contested\r\n", 12)))
        return true;
    if (!strncmp(head, "<!-- " REPORT_MARK " -->", strlen(REPORT_MARK) + 9)) return true;
    return !strncmp(head, "<!DOCTYPE html>", 15) && strstr(head, "<meta name=\"generator\" content=\"" REPORT_MARK "\">");
}

/* TRANSLATORS (the four messages below): the last %s is always empty; keep it last. */
static void seterr(char *err, size_t n, const char *fmt, const char *a, const char *b) {
    if (err && n) snprintf(err, n, fmt, a ? a : "", b ? b : "");
}

LsrStatus lsr_report_save(const LsrGame *g, LsrReportFormat fmt, const char *path, const LsrReportOptions *o,
                          bool force, char *err, size_t errlen) {
    /* lstat: a link, FIFO, device or folder is never replaced (even with
     * --force, which only lets a report replace another regular file). */
    struct stat stbuf;
    if (lstat(path, &stbuf) == 0) {
        if (!S_ISREG(stbuf.st_mode)) {
            seterr(err, errlen, _("%s is not a regular file (a folder, link, FIFO or device); reports are written only "
                   "to regular files (without -o the report goes to standard output)%s"), path, NULL);
            return LSR_ERR_IO;
        }
        if (!force && stbuf.st_size > 0 && !lsr_report_file_is_report(path)) {
            seterr(err, errlen, _("%s already exists and is not a leftsr report; not overwriting it%s"), path, NULL);
            return LSR_ERR_IO;
        }
    }
    /* The shared safe write: a new O_EXCL|O_NOFOLLOW temporary file, renamed into place. */
    LsrFileWriter w;
    LsrStatus st = lsr_writer_open(&w, path, LSR_WRITE_MKDIRS | LSR_WRITE_REGULAR_ONLY, err, errlen);
    if (st != LSR_OK) return st;
    st = lsr_report_write(g, fmt, w.f, o);
    if (st != LSR_OK) {
        int saved = errno;
        lsr_writer_abort(&w);
        if (st == LSR_ERR_NOMEM) seterr(err, errlen, _("out of memory while writing %s%s"), path, NULL);
        else seterr(err, errlen, _("cannot write %s: %s"), path, strerror(saved));
        return st;
    }
    return lsr_writer_commit(&w, err, errlen);
}
