#!/usr/bin/env python3
"""Options as the program and its documents state them, for man_page.sh and
completion.sh. Reads `leftsr COMMAND --help` output, never a list kept here,
so a change of the option parser is checked the same way.

  help_options.py help LEFTSR CMD        options CMD's --help lists, one a line
  help_options.py commands LEFTSR        the commands `leftsr --help` lists
  help_options.py man MANPAGE CMD        options the man page's "SS CMD" gives
  help_options.py man MANPAGE OPTIONS    the man page's global options
"""
import re
import subprocess
import sys

OPT = re.compile(r"(?<![\w-])(--?[A-Za-z][\w-]*)")


def help_text(leftsr, *args):
    run = subprocess.run([leftsr, *args], capture_output=True, text=True, timeout=30)
    if run.returncode != 0:
        sys.exit(f"'{' '.join(['leftsr', *args])}' exited {run.returncode}: {run.stderr}")
    return run.stdout


def help_options(leftsr, cmd):
    """The option column of each line that starts with an option: the text
    before the first gap of two spaces ('--format FMT, -f FMT  html ...')."""
    found = []
    for line in help_text(leftsr, cmd, "--help").splitlines():
        if re.match(r"^ {1,8}-", line):
            column = re.split(r" {2,}", line.strip())[0]
            found += [o for o in OPT.findall(column) if o not in found]
    return found


def commands(leftsr):
    text = help_text(leftsr, "--help")
    block = re.search(r"^commands:\n((?: .*\n)+)", text, re.M)
    if not block:
        sys.exit("'leftsr --help' has no 'commands:' list")
    return [line.split()[0] for line in block.group(1).splitlines()]


def man_options(manpage, section):
    """Options in the tags (the line after .TP) of one section: '.SS CMD' or
    '.SH OPTIONS'."""
    found, inside, tag_next = [], False, False
    for line in open(manpage, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith((".SH", ".SS")):
            name = line.split(None, 1)[1].strip('"') if " " in line else ""
            inside = name == section
            continue
        if not inside:
            continue
        if line.startswith(".TP"):
            tag_next = True
            continue
        if tag_next:
            plain = re.sub(r"\\f[BIRP]", "", line).replace("\\-", "-")
            found += [o for o in OPT.findall(plain.split(None, 1)[1] if line.startswith(".") else plain)
                      if o not in found]
            tag_next = False
    return found


if __name__ == "__main__":
    what, args = sys.argv[1] if len(sys.argv) > 1 else "", sys.argv[2:]
    if what == "help" and len(args) == 2:
        print("\n".join(help_options(*args)))
    elif what == "commands" and len(args) == 1:
        print("\n".join(commands(*args)))
    elif what == "man" and len(args) == 2:
        print("\n".join(man_options(*args)))
    else:
        sys.exit(__doc__)
