"""A small Chrome DevTools Protocol client over --remote-debugging-pipe
(no websocket, no npm): starts headless Chromium with a fresh profile,
attaches to its page and sends commands. Used by the browser test and
the browser benchmark."""
import base64
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
import zlib

CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                  '--disable-background-networking', '--disable-component-update', '--disable-sync',
                  '--remote-debugging-pipe']


class CdpError(Exception):
    pass


class Browser:
    def __init__(self, chromium='/usr/bin/chromium', width=1280, height=800):
        self.profile = tempfile.mkdtemp(prefix='leftsr-chromium-')
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()

        def fds():
            # Chromium reads commands on fd 3 and writes replies on fd 4
            a, b = os.dup(to_chrome_r), os.dup(from_chrome_w)
            os.dup2(a, 3)
            os.dup2(b, 4)
        self.proc = subprocess.Popen(
            [chromium] + CHROMIUM_FLAGS + ['--user-data-dir=' + self.profile,
                                           '--window-size=%d,%d' % (width, height), 'about:blank'],
            preexec_fn=fds, close_fds=False, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._next = 0
        self._replies = {}
        self._events = []
        self._cv = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.session = None
        targets = self.call('Target.getTargets')['targetInfos']
        page = next(t for t in targets if t['type'] == 'page')
        self.session = self.call('Target.attachToTarget', targetId=page['targetId'], flatten=True)['sessionId']
        self.call('Page.enable')
        self.call('Runtime.enable')
        self.call('Emulation.setDeviceMetricsOverride', width=width, height=height, deviceScaleFactor=1,
                  mobile=False)

    def _read(self):
        buf = b''
        while True:
            try:
                chunk = os.read(self._from_chrome, 1 << 16)
            except OSError:
                chunk = b''
            if not chunk:
                with self._cv:
                    self._replies[None] = 'closed'
                    self._cv.notify_all()
                return
            buf += chunk
            while b'\0' in buf:
                raw, buf = buf.split(b'\0', 1)
                msg = json.loads(raw)
                with self._cv:
                    if 'id' in msg:
                        self._replies[msg['id']] = msg
                    else:
                        self._events.append(msg)
                    self._cv.notify_all()

    def call(self, method, timeout=30, **params):
        self._next += 1
        mid = self._next
        msg = {'id': mid, 'method': method, 'params': params}
        if self.session and not method.startswith('Target.'):
            msg['sessionId'] = self.session
        os.write(self._to_chrome, json.dumps(msg).encode() + b'\0')
        end = time.time() + timeout
        with self._cv:
            while mid not in self._replies:
                if None in self._replies:
                    raise CdpError('chromium exited')
                if not self._cv.wait(max(0.0, end - time.time())) and time.time() >= end:
                    raise CdpError('%s: no reply in %ss' % (method, timeout))
            reply = self._replies.pop(mid)
        if 'error' in reply:
            raise CdpError('%s: %s' % (method, reply['error'].get('message')))
        return reply.get('result', {})

    def events(self, method):
        with self._cv:
            return [e for e in self._events if e.get('method') == method]

    def eval(self, expr, timeout=30):
        r = self.call('Runtime.evaluate', timeout=timeout, expression=expr, returnByValue=True,
                      awaitPromise=True)
        if 'exceptionDetails' in r:
            raise CdpError('%s: %s' % (expr, r['exceptionDetails'].get('exception', {}).get('description')))
        return r['result'].get('value')

    # What Runtime.evaluate answers while the page is being replaced
    # (a reload or navigation in progress): not a failure, ask again.
    NAVIGATING = ('navigated or closed', 'Cannot find context', 'Execution context was destroyed')

    def wait_for(self, expr, timeout=30, what=None):
        end = time.time() + timeout
        while time.time() < end:
            try:
                v = self.eval(expr)
            except CdpError as e:
                if not any(m in str(e) for m in self.NAVIGATING):
                    raise
                v = None
            if v:
                return v
            time.sleep(0.05)
        raise CdpError('timed out waiting for %s' % (what or expr))

    # Windows virtual key codes: what SDL's Emscripten backend reads (keyCode)
    KEYS = {'Enter': (13, 'Enter'), 'Tab': (9, 'Tab'), 'Escape': (27, 'Escape'),
            'ArrowDown': (40, 'ArrowDown'), 'ArrowUp': (38, 'ArrowUp'), 'F11': (122, 'F11')}

    def key(self, name, shift=False):
        if name in self.KEYS:
            code, dom = self.KEYS[name]
            text = '\r' if name == 'Enter' else ''
        elif len(name) == 1 and name.isdigit():
            code, dom, text = ord(name), 'Digit' + name, name
        elif len(name) == 1 and name.isalpha():
            code, dom, text = ord(name.upper()), 'Key' + name.upper(), name
        else:
            raise ValueError(name)
        mods = 8 if shift else 0
        self.call('Input.dispatchKeyEvent', type='keyDown' if text else 'rawKeyDown', key=name, code=dom,
                  windowsVirtualKeyCode=code, nativeVirtualKeyCode=code, text=text, modifiers=mods)
        self.call('Input.dispatchKeyEvent', type='keyUp', key=name, code=dom, windowsVirtualKeyCode=code,
                  nativeVirtualKeyCode=code, modifiers=mods)

    def screenshot(self, scale=1.0):
        """A PNG of the viewport, scaled by the compositor (0.125: 160x100 of 1280x800)."""
        w, h = self.eval('[innerWidth, innerHeight]')
        clip = {'x': 0, 'y': 0, 'width': w, 'height': h, 'scale': scale}
        return base64.b64decode(self.call('Page.captureScreenshot', format='png', clip=clip)['data'])

    def close(self):
        try:
            self.call('Browser.close', timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._to_chrome, self._from_chrome):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)


def png_gray(data):
    """Decodes an 8-bit RGB/RGBA PNG into (width, height, list of gray rows)."""
    assert data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
    pos, idat, w = 8, b'', 0
    while pos < len(data):
        n = int.from_bytes(data[pos:pos + 4], 'big')
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]
        if kind == b'IHDR':
            w, h, depth, ctype = body[0:4], body[4:8], body[8], body[9]
            w, h = int.from_bytes(w, 'big'), int.from_bytes(h, 'big')
            assert depth == 8 and ctype in (2, 6), 'only 8-bit RGB(A) PNGs'
            bpp = 3 if ctype == 2 else 4
        elif kind == b'IDAT':
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = w * bpp
    prev = bytearray(stride)
    rows = []
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        prev = line
        rows.append([(line[x] * 30 + line[x + 1] * 59 + line[x + 2] * 11) // 100 for x in range(0, stride, bpp)])
    return w, h, rows


def thumbnail(data, tw=160, th=100):
    """A PNG reduced to tw x th gray block averages: what screenshots are compared by."""
    w, h, rows = png_gray(data)
    out = []
    for ty in range(th):
        y0, y1 = ty * h // th, max(ty * h // th + 1, (ty + 1) * h // th)
        line = []
        for tx in range(tw):
            x0, x1 = tx * w // tw, max(tx * w // tw + 1, (tx + 1) * w // tw)
            s = sum(sum(rows[y][x0:x1]) for y in range(y0, y1))
            line.append(s // ((y1 - y0) * (x1 - x0)))
        out.append(line)
    return out


def write_pgm(path, img):
    with open(path, 'w') as f:
        f.write('P2\n%d %d\n255\n' % (len(img[0]), len(img)))
        for line in img:
            f.write(' '.join(map(str, line)) + '\n')


def read_pgm(path):
    tok = open(path).read().split()
    w, h = int(tok[1]), int(tok[2])
    vals = list(map(int, tok[4:]))
    return [vals[y * w:(y + 1) * w] for y in range(h)]


def image_diff(a, b):
    """Mean absolute difference of two thumbnails (0..255)."""
    if len(a) != len(b) or len(a[0]) != len(b[0]):
        return 255.0
    tot = sum(abs(p - q) for ra, rb in zip(a, b) for p, q in zip(ra, rb))
    return tot / (len(a) * len(a[0]))
