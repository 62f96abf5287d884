#!/usr/bin/env python3
"""make bench-web: the browser build's download size (gzip -9, what a
static host with compression sends), time from navigation to the first
drawn frame in headless Chromium (fresh profile, so nothing cached), and
the CPU an idle page uses. Each timing is the median of several runs.
Goals: < 2.5 MB, < 1.5 s, near zero."""
import functools
import gzip
import os
import statistics
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tests', 'web'))
import cdp  # noqa: E402
from test_web import Quiet  # noqa: E402
import http.server  # noqa: E402

RUNS = int(os.environ.get('RUNS', '5'))
IDLE_S = float(os.environ.get('IDLE_SECONDS', '5'))


def tree_cpu(pid):
    """CPU seconds used so far by pid and every process below it."""
    tick = os.sysconf('SC_CLK_TCK')
    kids = {}
    for p in os.listdir('/proc'):
        if p.isdigit():
            try:
                f = open('/proc/%s/stat' % p).read().rsplit(')', 1)[1].split()
                kids.setdefault(int(f[1]), []).append((int(p), int(f[11]) + int(f[12])))
            except (OSError, IndexError):
                pass
    total, todo = 0, [pid]
    try:
        f = open('/proc/%d/stat' % pid).read().rsplit(')', 1)[1].split()
        total += int(f[11]) + int(f[12])
    except OSError:
        pass
    while todo:
        for child, t in kids.get(todo.pop(), []):
            total += t
            todo.append(child)
    return total / tick


def main():
    site = sys.argv[1] if len(sys.argv) > 1 else 'build-web/site'
    names = sorted(f for f in os.listdir(site) if os.path.isfile(os.path.join(site, f)))
    raw = gz = 0
    print('%-14s %10s %10s' % ('file', 'bytes', 'gzip -9'))
    for n in names:
        data = open(os.path.join(site, n), 'rb').read()
        z = len(gzip.compress(data, 9))
        raw += len(data)
        gz += z
        print('%-14s %10d %10d' % (n, len(data), z))
    print('%-14s %10d %10d   (goal: gzip total < 2.5 MB)' % ('total', raw, gz))

    srv = http.server.ThreadingHTTPServer(('127.0.0.1', 0), functools.partial(Quiet, directory=site))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    url = 'http://127.0.0.1:%d/?nosw' % srv.server_address[1]
    first, idle_main, idle_all = [], [], []
    for run in range(RUNS):
        b = cdp.Browser()
        try:
            b.call('Performance.enable')
            b.call('Page.navigate', url=url)
            ms = b.wait_for('window.leftsr && window.leftsr.firstFrameMs > 0 && window.leftsr.firstFrameMs',
                            60, 'the first frame')
            first.append(ms)
            time.sleep(1.0)   # let loading settle before measuring idle
            f0 = b.eval('window.leftsr.frames')
            m0 = {m['name']: m['value'] for m in b.call('Performance.getMetrics')['metrics']}
            c0, t0 = tree_cpu(b.proc.pid), time.time()
            time.sleep(IDLE_S)
            m1 = {m['name']: m['value'] for m in b.call('Performance.getMetrics')['metrics']}
            c1, t1 = tree_cpu(b.proc.pid), time.time()
            idle_main.append(100.0 * (m1['TaskDuration'] - m0['TaskDuration']) / (t1 - t0))
            idle_all.append(100.0 * (c1 - c0) / (t1 - t0))
            frames = b.eval('window.leftsr.frames') - f0
            print('run %d: first frame %.0f ms, idle page main thread %.2f%%, all Chromium processes %.2f%% '
                  'of a core, frames drawn while idle %d' % (run + 1, ms, idle_main[-1], idle_all[-1], frames))
        finally:
            b.close()
    # what headless Chromium costs with an empty page, for comparison
    b = cdp.Browser()
    try:
        b.call('Page.navigate', url='about:blank')
        time.sleep(1.0)
        c0, t0 = tree_cpu(b.proc.pid), time.time()
        time.sleep(IDLE_S)
        blank = 100.0 * (tree_cpu(b.proc.pid) - c0) / (time.time() - t0)
    finally:
        b.close()
    srv.shutdown()
    print('median first frame: %.0f ms (goal < 1500 ms)' % statistics.median(first))
    print('median idle CPU: page main thread %.2f%%, all Chromium processes %.2f%% of one core (goal: near 0)'
          % (statistics.median(idle_main), statistics.median(idle_all)))
    print('(an empty about:blank page: %.2f%% of one core for all Chromium processes)' % blank)
    return 0


if __name__ == '__main__':
    sys.exit(main())
