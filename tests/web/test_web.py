#!/usr/bin/env python3
"""The browser build, played in headless Chromium: title to debrief of
coalition with keyboard events, the screen-reader text and screenshots
checked at each stage, a reload that resumes from IndexedDB, a broken
scenario's diagnostics, and the offline copy. Usage:
  test_web.py SITE_DIR SRC_DIR [--update-ref]
Exit 0 pass, 1 fail, 77 skip (no browser)."""
import functools
import http.server
import os
import shutil
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cdp  # noqa: E402

TOLERANCE = 3.0     # mean gray difference of 160x100 thumbnails, 0..255
failures = []


def check(cond, what):
    print(('ok   ' if cond else 'FAIL ') + what, flush=True)
    if not cond:
        failures.append(what)
    return cond


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def end_headers(self):
        self.send_header('Cache-Control', 'no-cache')
        super().end_headers()


def serve(site):
    srv = http.server.ThreadingHTTPServer(('127.0.0.1', 0), functools.partial(Quiet, directory=site))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


def state(b, key):
    return b.eval('window.leftsr && window.leftsr.%s' % key)


def wait_screen(b, name, timeout=20):
    return b.wait_for('window.leftsr && window.leftsr.screen === %r' % name, timeout, 'screen ' + name)


def load(b, url=None, timeout=30):
    """Navigates (or reloads) and waits for the new page's title screen."""
    b.eval('window.__leftsr_old_page = true')
    if url:
        b.call('Page.navigate', url=url)
    else:
        b.call('Page.reload')
    b.wait_for("!window.__leftsr_old_page && window.leftsr && window.leftsr.screen === 'title'", timeout,
               'the title screen of the new page')


def press_button(b, label, limit=40):
    """Moves the focus with Tab until the screen reader's focus names label,
    then presses Enter, as a keyboard player would."""
    for _ in range(limit):
        if label in (state(b, 'focus') or ''):
            b.key('Enter')
            return True
        frames = state(b, 'frames')
        b.key('Tab')
        b.wait_for('window.leftsr.frames !== %d' % frames, 5, 'a frame after Tab')
    return False


def compare_shot(b, name, refdir, update):
    thumb = cdp.thumbnail(b.screenshot(0.125))
    ref = os.path.join(refdir, name + '.pgm')
    if update:
        os.makedirs(refdir, exist_ok=True)
        cdp.write_pgm(ref, thumb)
        print('note reference %s written' % ref)
        return
    if not check(os.path.exists(ref), 'reference %s exists (test_web.py SITE SRC --update-ref)' % ref):
        return
    d = cdp.image_diff(thumb, cdp.read_pgm(ref))
    check(d <= TOLERANCE, 'screenshot %s matches its reference (mean difference %.2f <= %.1f)' % (name, d, TOLERANCE))


def settle(b):
    """Waits until the page has handled the last key (its frame counter rests)."""
    last, same = -1, 0
    for _ in range(100):
        f = state(b, 'frames')
        same = same + 1 if f == last else 0
        if same >= 3:
            return
        last = f
        time.sleep(0.03)


def play_to(b, target, max_steps=300):
    """Plays on with keyboard only (a number for a choice, Enter for the
    primary button) until screen target; returns the screens seen in order.
    A choice that is not available does nothing, so a decision still on
    screen gets the next number."""
    seen, last_text, tries = [], None, 0
    for _ in range(max_steps):
        settle(b)
        s = state(b, 'screen')
        text = state(b, 'text')
        tries = tries + 1 if text == last_text else 0
        last_text = text
        if not seen or seen[-1] != s:
            seen.append(s)
            check(bool(text.strip()), 'screen %s has text for screen readers' % s)
            if s == 'vote':
                check('passed' in text or 'failed' in text or 'vote' in text.lower(),
                      'vote screen reads out the result')
        if s == target:
            return seen
        b.key(str(1 + tries % 6) if s == 'decision' else 'Enter')
    check(False, 'reached %s (saw %s)' % (target, ' > '.join(seen)))
    return seen


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    site, src = sys.argv[1], sys.argv[2]
    update = '--update-ref' in sys.argv
    refdir = os.path.join(src, 'tests', 'web', 'ref')
    chromium = os.environ.get('CHROMIUM', '/usr/bin/chromium')
    if not os.path.exists(os.path.join(site, 'leftsr.wasm')):
        print('SKIP: no browser build in %s (make web)' % site)
        return 77
    if not shutil.which(chromium):
        print('SKIP: %s is missing (bash .ci/deps.sh --web)' % chromium)
        return 77
    srv = serve(site)
    url = 'http://127.0.0.1:%d/' % srv.server_address[1]
    b = cdp.Browser(chromium)
    t0 = time.time()
    try:
        b.call('Page.navigate', url=url + '?seed=7')  # one seed: the same debrief each run
        wait_screen(b, 'title', 30)
        check(not state(b, 'fatal'), 'the game started (no fatal error)')
        text = state(b, 'text')
        check('New game' in text, 'title screen text names New game')
        check('Continue' not in text, 'a fresh browser profile offers no Continue')
        region = b.eval("document.getElementById('screen-reader').getAttribute('aria-live')")
        check(region == 'polite', 'the screen-reader region is an ARIA live region')
        check('New game' in b.eval("document.getElementById('sr-text').textContent"),
              'the live region holds the title screen text')
        compare_shot(b, 'title', refdir, update)

        check(press_button(b, 'New game'), 'keyboard focus reaches New game; the region names the focus')
        wait_screen(b, 'picker')
        check('Coalition talks' in state(b, 'text'), 'picker lists Coalition talks')
        check(press_button(b, 'Coalition talks'), 'keyboard picks Coalition talks')
        wait_screen(b, 'briefing')
        b.key('Enter')
        wait_screen(b, 'decision')
        settle(b)
        compare_shot(b, 'decision', refdir, update)
        first_decision = state(b, 'text')
        check('The walk-out' in b.eval("document.getElementById('sr-text').textContent"),
              'the live region follows the game to its first decision')
        b.key('Tab')
        settle(b)
        focus = b.eval("document.getElementById('sr-focus').textContent")
        check(focus.startswith('Focus: '), 'the live region names the focused button (%s)' % focus)
        b.key('1')
        b.wait_for("window.leftsr.screen !== 'decision'", 10, 'the first choice to be taken')
        settle(b)

        # reload mid-game: the save went to IndexedDB, Continue brings it back
        b.eval('new Promise(function (r) { Module.lsrPersist(r); })')
        where = state(b, 'screen')
        load(b)
        check('Continue' in state(b, 'text'), 'after a reload the title offers Continue')
        check(press_button(b, 'Continue'), 'keyboard reaches Continue')
        b.wait_for("window.leftsr.screen !== 'title'", 10, 'the game to resume')
        settle(b)
        check(state(b, 'screen') in ('decision', 'vote', 'consequence', where),
              'resumed the game (screen %s, was %s)' % (state(b, 'screen'), where))
        check(state(b, 'text') != first_decision, 'resumed past the first decision')

        seen = play_to(b, 'debrief')
        check('vote' in seen or 'consequence' in seen, 'played through decisions and their outcomes')
        compare_shot(b, 'debrief', refdir, update)

        # classroom mode from the address: the saved game continues on the
        # projector and its report export becomes a download
        b.eval('new Promise(function (r) { Module.lsrPersist(r); })')
        load(b, url + '?seed=7&classroom')
        check(press_button(b, 'Continue'), 'classroom: keyboard reaches Continue')
        wait_screen(b, 'debrief')
        check("The class's course" in state(b, 'text'), 'classroom: the debrief speaks of the class')
        b.key('e')
        b.wait_for('window.leftsr.downloads.length > 0', 10, 'the report download')
        dl = b.eval('window.leftsr.downloads[0]')
        check(dl['name'] == 'coalition-report.html' and dl['bytes'] > 1000,
              'classroom: Export report downloads %s (%d bytes)' % (dl['name'], dl['bytes']))

        # the campaign opens from the title
        load(b, url + '?seed=7')
        check(press_button(b, 'Campaign'), 'keyboard reaches Campaign')
        wait_screen(b, 'briefing')
        check(state(b, 'text').strip() != '', 'campaign: its first briefing is on screen')

        # settings are kept in IndexedDB across a reload
        b.key('Escape')
        settle(b)
        load(b)
        check(press_button(b, 'Settings'), 'keyboard reaches Settings')
        wait_screen(b, 'settings')
        check(press_button(b, 'Dark'), 'keyboard picks the dark theme')
        settle(b)
        b.eval('new Promise(function (r) { Module.lsrPersist(r); })')
        load(b)
        saved = b.eval("new TextDecoder().decode(Module.FS.readFile('/persist/config/leftsr/settings.json'))")
        check('"dark"' in saved, 'the dark theme is still chosen after a reload')
        thumb = cdp.thumbnail(b.screenshot(0.125))
        check(cdp.image_diff(thumb, cdp.read_pgm(os.path.join(refdir, 'title.pgm'))) > TOLERANCE,
              'and the title is drawn dark (differs from the light reference)')

        # the mouse: a click on New game (second on the title, below Continue)
        load(b)
        for kind in ('mouseMoved', 'mousePressed', 'mouseReleased'):
            b.call('Input.dispatchMouseEvent', type=kind, x=920, y=370, button='left', clickCount=1)
        b.wait_for("window.leftsr.screen !== 'title'", 10, 'the click to leave the title')
        check(state(b, 'screen') == 'picker', 'a mouse click on New game opens the picker')

        # a smaller window: the canvas follows and the game lays out again
        frames = state(b, 'frames')
        b.call('Emulation.setDeviceMetricsOverride', width=900, height=640, deviceScaleFactor=1, mobile=False)
        b.wait_for('window.leftsr.frames !== %d' % frames, 10, 'a frame after the resize')
        settle(b)
        size = b.eval("[document.getElementById('canvas').width, document.getElementById('canvas').height]")
        check(size == [900, 640], 'the canvas follows the window to 900x640 (%dx%d)' % tuple(size))
        b.call('Emulation.setDeviceMetricsOverride', width=1280, height=800, deviceScaleFactor=1, mobile=False)
        b.key('Escape')

        # an author's broken file: the same diagnostics as `leftsr check`
        bad = os.path.join(src, 'tests', 'scenarios', 'bad', 'bad-id.json')
        expected = open(bad[:-5] + '.expected').read().replace('tests/scenarios/bad/', '/authored/')
        b.eval('window.leftsr.openText("bad-id.json", %s)' % repr_js(open(bad).read()))
        b.wait_for('window.leftsr.checkStatus >= 0', 10, 'the check of the dropped file')
        diags = state(b, 'diagnostics')
        check(state(b, 'checkStatus') == 1, 'the broken file fails its check (status 1)')
        check(diags.strip() == expected.strip(),
              'diagnostics equal `leftsr check` output with line and column:\n     ' + diags.strip())
        check(b.eval("getComputedStyle(document.getElementById('diag')).display") == 'block' and
              b.eval("document.getElementById('diag').getAttribute('role')") == 'alert',
              'the page shows them in an alert region')
        settle(b)
        check(state(b, 'screen') == 'error' and ':30:13: error[E_BAD_ID]' in state(b, 'text'),
              "the game's error screen lists them too")

        # a good file of the author's own plays at once
        good = open(os.path.join(src, 'scenarios', 'brest.json')).read()
        b.eval('window.leftsr.checkStatus = -1; window.leftsr.openText("mine.json", %s)' % repr_js(good))
        b.wait_for('window.leftsr.checkStatus >= 0', 10, 'the check of the good file')
        check(state(b, 'checkStatus') == 0, "the author's good file passes its check")
        wait_screen(b, 'briefing')
        check(b.eval("getComputedStyle(document.getElementById('diag')).display") == 'none' or
              'no errors' in b.eval("document.getElementById('diag-title').textContent"),
              'and no problems are listed')

        # offline: once loaded, the service worker serves the site
        # ready resolves once the worker is active, that is once its install
        # has cached every file; a promise itself is not an answer, so the
        # page records the resolution and the test waits for that
        b.eval('navigator.serviceWorker.ready.then(function () { window.__lsrSwReady = true; }); true')
        b.wait_for('window.__lsrSwReady === true && navigator.serviceWorker.controller !== null', 20,
                   'service worker')
        srv.shutdown()
        srv.server_close()
        try:
            load(b)
            check(True, 'the page reloads and starts with the server gone (offline copy)')
        except cdp.CdpError:
            check(False, 'the page reloads and starts with the server gone (offline copy)')
    except cdp.CdpError as e:
        check(False, str(e))
    finally:
        b.close()
    print('browser test took %.1f s' % (time.time() - t0))
    print('%d failed' % len(failures))
    return 1 if failures else 0


def repr_js(s):
    import json
    return json.dumps(s)


if __name__ == '__main__':
    sys.exit(main())
