/* One command-line parser for every subcommand, on getopt_long.
 *
 * A subcommand describes itself once, as an LsrCommand: its synopsis, a
 * paragraph of explanation, a table of options and a closing paragraph.
 * The same table drives parsing (`--seed 5`, `--seed=5`, `-o FILE`,
 * `-oFILE`, grouped short flags, `--` ending the options, operands mixed
 * with options) and `--help`, so the two cannot drift apart. Usage errors
 * are printed as "leftsr CMD: ..." with the usage on stderr; the caller
 * returns LSR_EXIT_USAGE (2). */
#ifndef LEFTSR_CLI_H
#define LEFTSR_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* One option. `id` is what lsr_cli_next returns for it (any value >= 0
 * that is unique in the table; printable short letters are handy). A NULL
 * `arg` makes it a flag; otherwise it takes a value, shown as `arg` in the
 * help. `help` may hold '\n' for further lines, each indented under the
 * first. */
typedef struct LsrOption {
    const char *name;   /* long name without "--" */
    char short_name;    /* 0: none */
    const char *arg;    /* metavariable ("N", "FILE") or NULL for a flag */
    int id;
    const char *help;
} LsrOption;

typedef struct LsrCommand {
    const char *name;        /* "play": used in messages as "leftsr play: ..." */
    const char *synopsis;    /* one or more lines after "usage: leftsr " (no trailing \n) */
    const char *intro;       /* paragraph before the options, or NULL */
    const LsrOption *opts;   /* --help/-h is added by the parser */
    size_t n_opts;
    const char *outro;       /* paragraph after the options (exit status...), or NULL */
} LsrCommand;

enum {
    LSR_CLI_END = -1,     /* nothing more on the command line */
    LSR_CLI_HELP = -2,    /* --help was printed on stdout: return LSR_EXIT_OK */
    LSR_CLI_ERROR = -3,   /* a usage error was printed on stderr: return LSR_EXIT_USAGE */
    LSR_CLI_OPERAND = -4  /* *val is the next operand (a file, a name), in command-line order */
};

#define LSR_CLI_MAX_OPTS 32

typedef struct LsrCli {
    const LsrCommand *cmd;
    int argc;
    char **argv;
    int next_operand;        /* after "--" or the last option: argv index, else 0 */
    /* getopt_long's tables, built from cmd->opts */
    char shortopts[2 * LSR_CLI_MAX_OPTS + 4];
    struct option longopts[LSR_CLI_MAX_OPTS + 2];
} LsrCli;

/* Prepares to parse argv[1..argc-1] (argv[0] is the subcommand's name).
 * Resets getopt's global state, so commands may run many times in one
 * process (tests do). */
void lsr_cli_begin(LsrCli *st, const LsrCommand *cmd, int argc, char **argv);

/* Returns the next option's id and sets *val to its value (NULL for a
 * flag); LSR_CLI_OPERAND with *val set for each operand, in order (also
 * those after "--"); then LSR_CLI_END. LSR_CLI_HELP and LSR_CLI_ERROR end
 * the parse. */
int lsr_cli_next(LsrCli *st, const char **val);

/* Prints the command's help, generated from its table. */
void lsr_cli_usage(const LsrCommand *cmd, FILE *out);

/* A usage error: "leftsr CMD: <message>" on stderr, then the usage, and
 * returns LSR_CLI_ERROR so callers can `return lsr_cli_fail(...)` style. */
int lsr_cli_fail(const LsrCommand *cmd, bool with_usage, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Parses a whole decimal number (no sign, no spaces, no trailing text). */
bool lsr_cli_u64(const char *s, uint64_t *out);

#endif
