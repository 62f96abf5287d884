#!/usr/bin/env python3
"""The terminal game as a person sees it: leftsr runs on a pseudo-terminal
(python's pty module) and is driven key by key. Checks colour (and none with
NO_COLOR, TERM=dumb or --plain), the pauses between a consequence, the
history and the next decision, take-back (the save afterwards is the save of
a game that never made the decision), the log, the glossary and its marks,
help, the state table within the terminal's width, --plain's words, and the
endings record shown after a game and by `leftsr list`.

Needs LEFTSR and SRC in the environment (ctest sets them)."""
import fcntl
import json
import os
import pty
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time

LEFTSR = os.environ["LEFTSR"]
SRC = os.environ["SRC"]
TMP = tempfile.mkdtemp(prefix="lsr-pty-")
ESC = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
passed = failed = 0


def ok(name, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f"FAIL: {name}" + (f"\n{detail}" if detail else ""))


class Pty:
    """leftsr on a pseudo-terminal of the given size."""

    def __init__(self, args, cols=80, rows=24, env=None):
        e = dict(os.environ, TERM="xterm", XDG_DATA_HOME=f"{TMP}/data", XDG_CONFIG_HOME=f"{TMP}/config")
        e.pop("NO_COLOR", None)
        e.pop("COLUMNS", None)
        e.update(env or {})
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execve(LEFTSR, [LEFTSR, *args], e)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.out = ""
        self.mark = 0

    def read_until(self, pattern, timeout=10):
        """Reads until pattern appears after the last mark; returns the text since it."""
        end = time.time() + timeout
        while time.time() < end:
            m = re.search(pattern, self.out[self.mark:])
            if m:
                got = self.out[self.mark:self.mark + m.end()]
                self.mark += m.end()
                return got
            r, _, _ = select.select([self.fd], [], [], 0.2)
            if r:
                try:
                    data = os.read(self.fd, 65536)
                except OSError:
                    break
                if not data:
                    break
                self.out += data.decode("utf-8", "replace")
        raise TimeoutError(f"no {pattern!r} in:\n{self.out[self.mark:][-1500:]}")

    def read_paged(self, pattern, timeout=10):
        """Like read_until, pressing Enter at each "-- more" of the pager;
        returns everything read; self.turned counts the pages turned."""
        got, self.turned = "", 0
        while True:
            part = self.read_until(f"(?:{MORE})|(?:{pattern})", timeout)
            got += part
            if not re.search(MORE + "$", part):
                return got
            self.turned += 1
            self.send("")

    def quiet(self, wait=0.5):
        """What arrives within `wait` seconds (to show nothing more came)."""
        end = time.time() + wait
        got = ""
        while time.time() < end:
            r, _, _ = select.select([self.fd], [], [], 0.1)
            if r:
                try:
                    data = os.read(self.fd, 65536)
                except OSError:
                    break
                got += data.decode("utf-8", "replace")
        self.out += got
        return got

    def send(self, line):
        os.write(self.fd, (line + "\r").encode())

    def close(self):
        try:
            os.kill(self.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass
        os.close(self.fd)


PROMPT = r"Your choice\S* \[1-\d[^\]]*\]: "
PAUSE = r"\[Enter to continue\]\S* "
MORE = r"-- more: Enter goes on, q stops --\S* "


def to_prompt(p):
    """Presses Enter at each pause until the next choice is asked for."""
    while True:
        got = p.read_paged(f"(?:{PAUSE})|(?:{PROMPT})")
        if re.search(PROMPT, got):
            return
        p.send("")


def plain_lines(text):
    return ESC.sub("", text).replace("\r", "").split("\n")


def cols(line):
    return len(line)


def test_colour_pauses_and_keys():
    save = f"{TMP}/solo.json"
    p = Pty(["play", "--text", "--seed", "1", "--save", save, "coalition"])
    try:
        head = p.read_paged(PROMPT)
        ok("colour on a terminal", "\x1b[1m" in head, head[-300:])
        ok("glossary terms are underlined on first use", "\x1b[4;32m" in head)
        ok("the glossary hint is given", "type g for the glossary" in head)
        lines = plain_lines(head)
        ok("a wrapped choice continues under its text (hanging indent)",
           any(re.match(r"^     \S", l) for l in lines) and any(re.match(r"^  \d\) ", l) for l in lines),
           "\n".join(lines[-12:]))
        ok("nothing wider than the terminal", all(cols(l) <= 80 for l in lines),
           "\n".join(l for l in lines if cols(l) > 80))

        p.send("s")
        state = p.read_paged(PROMPT)
        sl = plain_lines(state)
        ok("state table within 80 columns", all(cols(l) <= 80 for l in sl), "\n".join(sl))
        ok("units are spaced", re.search(r"\d+ %", state) and re.search(r"\d+ seats", state)
           and not re.search(r"\d(%|seats)", state), "\n".join(sl))
        ok("values aligned in one column",
           len({l.index(re.search(r"\d+ (%|seats)", l).group(0)) + len(re.search(r"\d+ (%|seats)", l).group(0))
                for l in sl if re.search(r"\d+ (%|seats)  \[", l)}) == 1, "\n".join(sl))
        ok("s shows what each measure means", "Higher is better" in state and len(sl) > 20)

        p.send("g")
        glo = p.read_paged(PROMPT)
        ok("g lists the glossary", "Glossary" in glo and "Sovnarkom" in glo and "Vikzhel" in glo, glo[-500:])

        p.send("h")
        hlp = p.read_paged(PROMPT)
        ok("h lists the keys", all(k in hlp for k in ("take back", "glossary", "the log", "quit" if False else "stop")), hlp)
        ok("h explains the two scores", "Historical fidelity" in hlp and "Outcome against history" in hlp)
        ok("h names the sources by id", re.search(r"\balpha: ", ESC.sub("", hlp)) is not None, hlp[-600:])
        p.send("?")
        ok("? is help too", "The two scores" in p.read_paged(PROMPT))

        p.send("1")
        cons = p.read_paged(PAUSE)
        ok("a pause after the consequence, before the history", "WHAT REALLY HAPPENED" not in cons, cons)
        more = p.quiet(0.6)
        ok("the history waits for Enter", "WHAT REALLY HAPPENED" not in more, more)
        p.send("")
        hist = p.read_paged(PAUSE)
        turned = p.turned
        ok("Enter shows the history, then pauses again", "WHAT REALLY HAPPENED" in hist and "Your choice" not in hist,
           hist[-400:])
        ok("a history longer than the screen is paged", turned >= 1 and
           all(len(plain_lines(page.lstrip("\r\n"))) <= 24 for page in re.split(MORE, hist)), hist)
        p.send("")
        p.read_paged(PROMPT)
        ok("the glossary hint is given once", p.out.count("type g for the glossary") == 1)

        p.send("l")
        log = p.read_until(r"-- more: Enter goes on, q stops --")
        ok("l shows the log, paged", "The log of this game" in log and "You chose:" in log, log[-500:])
        ok("a page fits the terminal", len(plain_lines(log)) <= 24 + 2)
        p.send("")
        p.read_until(r"-- more")
        p.send("q")
        p.read_paged(PROMPT)

        p.send("2")
        to_prompt(p)
        p.send("u")
        back = p.read_paged(PROMPT)
        ok("u takes back the last decision", "Took back your last decision." in back, back[-300:])
        p.send("q")
        p.read_until(r"Stopping here")
    finally:
        p.close()
    # The save now is the save of a game with only the first choice.
    fresh = f"{TMP}/fresh.json"
    subprocess.run([LEFTSR, "play", "--text", "--seed", "1", "--save", fresh, "--choices", "1,q", "coalition"],
                   stdin=subprocess.DEVNULL, capture_output=True, timeout=60)

    def body(path):
        d = json.load(open(path))
        for k in ("saved_at", "checksum"):
            d.pop(k, None)
        return d
    try:
        a, b = body(save), body(fresh)
        ok("after take-back the save equals a fresh game's with the shorter choice list", a == b, f"{a}\n{b}")
    except (OSError, ValueError) as e:
        ok("saves readable", False, str(e))
    env = dict(os.environ, SOURCE_DATE_EPOCH="0")
    reports = []
    for src in (save, fresh):
        out = src + ".md"
        r = subprocess.run([LEFTSR, "report", src, "--format", "md", "-o", out], capture_output=True, text=True,
                           env=env)
        reports.append(open(out).read() if r.returncode == 0 else r.stderr)
    ok("the same score and trace in the report", reports[0] == reports[1] and "Historical fidelity" in reports[0],
       "\n".join(reports))
    # Repeated take-back goes to the start.
    p = Pty(["play", "--text", "--seed", "1", "--no-save", "--choices", "1,2", "coalition"])
    try:
        p.read_until(PROMPT + r"2\r?\n")
        to_prompt(p)
        for _ in range(2):
            p.send("u")
            p.read_until("Took back your last decision.")
            p.read_paged(PROMPT)
        p.send("u")
        ok("take-back stops at the start", "There is no decision to take back." in p.read_paged(PROMPT))
    finally:
        p.close()


def test_classroom():
    vote = r"q quit\): "
    p = Pty(["play", "--text", "--classroom", "--no-save", "--seed", "5", "coalition"])
    try:
        head = p.read_paged(vote)
        lines = plain_lines(head)
        ok("classroom choices are lettered", any(l.startswith("  A) ") for l in lines)
           and any(l.startswith("  D) ") for l in lines), "\n".join(lines[-12:]))
        p.send("A12 B3")
        got = p.read_until(r"Teacher: r reveals what really happened; Enter goes on: ")
        ok("counts by letter decide", "The class chose A, with 12 of 15 votes." in got, got[-300:])
        ok("the history waits for the teacher", "WHAT REALLY HAPPENED" not in got + p.quiet(0.6))
        p.send("r")
        got = p.read_paged(PAUSE)
        ok("r reveals the history", "WHAT REALLY HAPPENED" in got, got[-300:])
        p.send("")
        p.read_paged(vote)
        p.send("l")
        log = p.read_paged(vote)
        ok("the log shows the class's choice by letter", "The class chose A) Stay, but send" in ESC.sub("", log),
           log[-500:])
    finally:
        p.close()


def test_no_colour():
    for name, args, env in (("NO_COLOR", [], {"NO_COLOR": "1"}), ("TERM=dumb", [], {"TERM": "dumb"}),
                            ("--plain", ["--plain"], {})):
        p = Pty(["play", "--text", "--no-save", *args, "coalition"], env=env)
        try:
            out = p.read_paged(PROMPT)
            ok(f"no colour with {name}", "\x1b[" not in out, repr(out[-200:]))
            ok(f"marks without colour are daggers ({name})", "\u2020" in out)
            if name == "--plain":
                ok("--plain draws no rules", "-----" not in out and "=====" not in out)
                p.send("s")
                st = p.read_paged(PROMPT)
                ok("--plain says values in words", re.search(r"Bolshevik trust: \d+ percent", st) is not None, st)
                ok("--plain draws no bars", "[#" not in st and "..]" not in st, st)
        finally:
            p.close()


def test_width_follows_terminal():
    p = Pty(["play", "--text", "--no-save", "coalition"], cols=60)
    try:
        out = p.read_paged(PROMPT)
        p.send("s")
        out += p.read_paged(PROMPT)
        ls = plain_lines(out)
        ok("a 60-column terminal gets 60-column text", all(cols(l) <= 60 for l in ls) and
           any(cols(l) > 50 for l in ls), "\n".join(l for l in ls if cols(l) > 60))
    finally:
        p.close()


def test_piped_unchanged():
    r = subprocess.run([LEFTSR, "play", "--text", "--no-save", "--seed", "1", "--choices", "1,2", "coalition"],
                       stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    ok("piped: no colour, no pauses, no marks", "\x1b[" not in r.stdout and "Enter to continue" not in r.stdout
       and "\u2020" not in r.stdout and "glossary" not in r.stdout, r.stdout[-300:])


def test_endings():
    env = dict(os.environ, XDG_DATA_HOME=f"{TMP}/endings-data")
    paths = json.load(open(f"{SRC}/tests/scenarios/paths/coalition.json"))
    hist = next(p for p in paths if p["name"] == "historical")
    r = subprocess.run([LEFTSR, "play", "--text", "--seed", str(hist.get("seed", 1)), "--save", f"{TMP}/e.json",
                        "--choices", ",".join(hist["choices"]), "coalition"], stdin=subprocess.DEVNULL,
                       capture_output=True, text=True, env=env, timeout=60)
    n = len(json.load(open(f"{SRC}/scenarios/coalition.json"))["endings"])
    ok("the ending screen counts endings found", f"1 of {n} endings of this scenario found." in r.stdout,
       r.stdout[-400:])
    lst = subprocess.run([LEFTSR, "list"], capture_output=True, text=True, env=env)
    ok("leftsr list shows endings found", re.search(rf"^coalition .*endings found: 1/{n}\)", lst.stdout, re.M)
       and re.search(r"^brest .*endings found: 0/\d+\)", lst.stdout, re.M), lst.stdout)
    r2 = subprocess.run([LEFTSR, "play", "--text", "--seed", "1", "--no-save", "--choices",
                         ",".join(hist["choices"]), "coalition"], stdin=subprocess.DEVNULL, capture_output=True,
                        text=True, env=env, timeout=60)
    ok("--no-save records nothing", "endings of this scenario found" not in r2.stdout)
    with open(f"{TMP}/endings-data/leftsr/endings.json", "w") as f:
        f.write("{broken")
    lst = subprocess.run([LEFTSR, "list"], capture_output=True, text=True, env=env)
    ok("a damaged record is recovered with a notice", "was damaged" in lst.stderr and
       f"endings found: 1/{n}" in lst.stdout, lst.stderr + lst.stdout)
    ok("the damaged record is kept", os.path.exists(f"{TMP}/endings-data/leftsr/endings.json.damaged"))


try:
    test_colour_pauses_and_keys()
    test_classroom()
    test_no_colour()
    test_width_follows_terminal()
    test_piped_unchanged()
    test_endings()
except TimeoutError as e:
    import traceback
    ok("the game answered in time", False, "".join(traceback.format_tb(e.__traceback__)[-2:]) + str(e))
finally:
    shutil.rmtree(TMP, ignore_errors=True)
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
