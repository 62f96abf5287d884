/* The subcommands' argument parser and help, from one option table each. */
#include "tools/cli.h"
#include "i18n.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define HELP_ID (-100)
#define LONG_BASE 256
#define HELP_COL 23

static const LsrOption help_opt = {"help", 'h', NULL, HELP_ID, N_("show this help and exit")};

void lsr_cli_begin(LsrCli *st, const LsrCommand *cmd, int argc, char **argv) {
    memset(st, 0, sizeof *st);
    st->cmd = cmd;
    st->argc = argc;
    st->argv = argv;
    /* '-': operands come back in order, whatever POSIXLY_CORRECT says;
     * ':': a missing value is told apart from an unknown option */
    size_t k = 0;
    st->shortopts[k++] = '-';
    st->shortopts[k++] = ':';
    size_t n = cmd->n_opts < LSR_CLI_MAX_OPTS ? cmd->n_opts : LSR_CLI_MAX_OPTS;
    for (size_t i = 0; i <= n; i++) {
        const LsrOption *o = i < n ? &cmd->opts[i] : &help_opt;
        st->longopts[i].name = o->name;
        st->longopts[i].has_arg = o->arg ? required_argument : no_argument;
        st->longopts[i].flag = NULL;
        st->longopts[i].val = LONG_BASE + (int)i;
        if (o->short_name) {
            st->shortopts[k++] = o->short_name;
            if (o->arg) st->shortopts[k++] = ':';
        }
    }
    st->shortopts[k] = '\0';
    /* 0 makes glibc and musl start afresh, so a command can be parsed twice */
    optind = 0;
    opterr = 0;
}

static const LsrOption *opt_at(const LsrCli *st, int i) {
    size_t n = st->cmd->n_opts < LSR_CLI_MAX_OPTS ? st->cmd->n_opts : LSR_CLI_MAX_OPTS;
    return (size_t)i < n ? &st->cmd->opts[i] : &help_opt;
}

static const LsrOption *by_short(const LsrCli *st, int c) {
    if (c == 'h') return &help_opt;
    for (size_t i = 0; i < st->cmd->n_opts; i++)
        if (st->cmd->opts[i].short_name == c) return &st->cmd->opts[i];
    return NULL;
}

/* The option as the user typed it, for messages: "--seed" of "--seed=x". */
static void typed_name(const LsrCli *st, char *buf, size_t n) {
    int at = optind > 0 && optind <= st->argc ? optind - 1 : 0;
    const char *a = st->argv[at] ? st->argv[at] : "";
    if (optopt > 0 && optopt < LONG_BASE && !(a[0] == '-' && a[1] == '-')) {
        snprintf(buf, n, "-%c", optopt);
        return;
    }
    size_t len = strcspn(a, "=");
    snprintf(buf, n, "%.*s", (int)len, a);
}

static int unknown_option(const LsrCli *st) {
    char name[128];
    typed_name(st, name, sizeof name);
    if (name[0] == '-' && name[1] == '-' && name[2]) {
        /* an abbreviation getopt refused: list what it could mean */
        char cands[256] = "";
        size_t len = strlen(name + 2), hits = 0;
        for (int i = 0; i <= (int)st->cmd->n_opts; i++) {
            const LsrOption *o = opt_at(st, i);
            if (strncmp(o->name, name + 2, len) != 0) continue;
            size_t w = strlen(cands);
            snprintf(cands + w, sizeof cands - w, "%s--%s", hits ? ", " : "", o->name);
            hits++;
        }
        if (hits > 1) return lsr_cli_fail(st->cmd, true, _("ambiguous option '%s' (%s?)"), name, cands);
    }
    return lsr_cli_fail(st->cmd, true, _("unknown option '%s'"), name);
}

int lsr_cli_next(LsrCli *st, const char **val) {
    *val = NULL;
    if (st->next_operand) {
        if (st->next_operand >= st->argc) return LSR_CLI_END;
        *val = st->argv[st->next_operand++];
        return LSR_CLI_OPERAND;
    }
    int idx = -1;
    int c = getopt_long(st->argc, st->argv, st->shortopts, st->longopts, &idx);
    if (c == -1) {
        st->next_operand = optind > 0 ? optind : st->argc;
        return lsr_cli_next(st, val);
    }
    if (c == 1) {
        *val = optarg;
        return LSR_CLI_OPERAND;
    }
    if (c == ':') {
        char name[128];
        typed_name(st, name, sizeof name);
        const LsrOption *o = optopt >= LONG_BASE ? opt_at(st, optopt - LONG_BASE) : by_short(st, optopt);
        return lsr_cli_fail(st->cmd, true, _("%s needs a value (%s)"), name, o && o->arg ? o->arg : "?");
    }
    if (c == '?') {
        if (optopt >= LONG_BASE) {
            return lsr_cli_fail(st->cmd, true, _("--%s takes no value"), opt_at(st, optopt - LONG_BASE)->name);
        }
        return unknown_option(st);
    }
    const LsrOption *o = c >= LONG_BASE ? opt_at(st, c - LONG_BASE) : by_short(st, c);
    if (!o) return unknown_option(st);
    if (o->id == HELP_ID) {
        lsr_cli_usage(st->cmd, stdout);
        return LSR_CLI_HELP;
    }
    *val = o->arg ? optarg : NULL;
    return o->id;
}

static void print_option(FILE *out, const LsrOption *o) {
    char label[160];
    if (o->short_name && o->arg)
        snprintf(label, sizeof label, "-%c %s, --%s %s", o->short_name, o->arg, o->name, o->arg);
    else if (o->short_name)
        snprintf(label, sizeof label, "-%c, --%s", o->short_name, o->name);
    else if (o->arg)
        snprintf(label, sizeof label, "--%s %s", o->name, o->arg);
    else
        snprintf(label, sizeof label, "--%s", o->name);
    int w = fprintf(out, "  %s", label);
    if (w + 1 >= HELP_COL) {
        fputc('\n', out);
        w = 0;
    }
    fprintf(out, "%*s", HELP_COL - w, "");
    for (const char *p = _(o->help); *p; p++) {
        fputc(*p, out);
        if (*p == '\n' && p[1]) fprintf(out, "%*s", HELP_COL, "");
    }
    fputc('\n', out);
}

void lsr_cli_usage(const LsrCommand *cmd, FILE *out) {
    const char *syn = cmd->synopsis;
    /* TRANSLATORS: starts the synopsis line "usage: leftsr check FILE..." */
    const char *head = _("usage:");
    int width = 0;
    for (const char *p = head; *p; p++) width += (*p & 0xC0) != 0x80;
    fprintf(out, "%s leftsr ", head);
    for (const char *p = syn; *p; p++) {
        fputc(*p, out);
        if (*p == '\n' && p[1]) fprintf(out, "%*s leftsr ", width, "");
    }
    fprintf(out, "\n\n");
    if (cmd->intro) fprintf(out, "%s\n\n", _(cmd->intro));
    for (size_t i = 0; i < cmd->n_opts; i++) print_option(out, &cmd->opts[i]);
    print_option(out, &help_opt);
    if (cmd->outro) fprintf(out, "\n%s\n", _(cmd->outro));
}

int lsr_cli_fail(const LsrCommand *cmd, bool with_usage, const char *fmt, ...) {
    fprintf(stderr, "leftsr %s: ", cmd->name);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    if (with_usage) {
        fputc('\n', stderr);
        lsr_cli_usage(cmd, stderr);
    }
    return LSR_CLI_ERROR;
}

bool lsr_cli_u64(const char *s, uint64_t *out) {
    if (!s || *s < '0' || *s > '9') return false;
    errno = 0;
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end) return false;
    *out = (uint64_t)v;
    return true;
}
