#!/usr/bin/env python3
"""track.py - follows bright dots through raw 8-bit gray frames and
measures how smoothly they move (for tests/6003-motion.bats).

usage: track.py MODE W H FILE X,Y [X,Y ...]

FILE holds W*H-byte frames, as "ffmpeg -f rawvideo -pix_fmt gray" writes
them. X,Y are rough positions of the dots in the first frame, in pixel
indices. In every frame each dot's position is the centroid of the
brightness above black in a window around the position predicted from the
frames before (sub-pixel; pixel (i, j) is at x = i, y = j).

MODE:
  first   prints each dot's position in the first frame: "x y".
  track   prints a line a frame: the frame index, then x y of each dot.
  pan     measures each dot's x; prints "name value" lines.
  zoom    measures each dot's distance from the centre of the frame
          ((W-1)/2, (H-1)/2); prints "name value" lines.

The measures of pan and zoom, in pixels, over all dots. mv's camera eases
in and out: frame k of n shows the move's progress e(k) = (1 - cos(pi k /
(n - 1))) / 2, so the quantity should be a + b e(k):
  fit_rms, fit_max  residuals from the least-squares fit of a + b e(k).
  d2_rms, d2_max    the second difference of those residuals (the change
                    of the step, less the eased move's own): 0 for a
                    steady move; rounding the camera to whole pixels
                    makes it jump.
  step_min, step_mean, step_max
                    the per-frame step.
  backward          how many steps stall or go against the mean step in
                    the middle 80 % of the move (at its ends the eased
                    step is smaller than the encoder's noise).
  cross_max         pan only: how far y strays from its mean.
"""

import math
import sys

RADIUS = 8		# the window's half width, in pixels
BLACK = 16		# limited-range black
THRESHOLD = 8		# brightness above black counted as the dot


def centroid(frame, w, h, cx, cy):
    """The brightness-weighted centroid around (cx, cy), or None."""
    x0 = int(round(cx)) - RADIUS
    y0 = int(round(cy)) - RADIUS
    sw = sx = sy = 0.0
    for j in range(max(y0, 0), min(y0 + 2 * RADIUS + 1, h)):
        row = j * w
        for i in range(max(x0, 0), min(x0 + 2 * RADIUS + 1, w)):
            v = frame[row + i] - BLACK - THRESHOLD
            if v > 0:
                sw += v
                sx += v * i
                sy += v * j
    if sw == 0:
        return None
    return sx / sw, sy / sw


def locate(frame, w, h, guess):
    """Re-centres the window on the dot until it settles."""
    x, y = guess
    for _ in range(4):
        c = centroid(frame, w, h, x, y)
        if c is None:
            return None
        if round(c[0]) == round(x) and round(c[1]) == round(y):
            return c
        x, y = c
    return c


def track(path, w, h, starts):
    with open(path, 'rb') as f:
        data = f.read()
    size = w * h
    if len(data) == 0 or len(data) % size:
        sys.exit('track.py: %s: %d bytes, not whole %dx%d frames' %
                 (path, len(data), w, h))
    paths = [[] for _ in starts]
    for k in range(len(data) // size):
        frame = data[k * size:(k + 1) * size]
        for d, p in enumerate(paths):
            if not p:
                guess = starts[d]
            elif len(p) == 1:
                guess = p[-1]
            else:
                guess = (2 * p[-1][0] - p[-2][0], 2 * p[-1][1] - p[-2][1])
            c = locate(frame, w, h, guess)
            if c is None:
                sys.exit('track.py: frame %d: lost dot %d near %.1f,%.1f' %
                         (k, d + 1, guess[0], guess[1]))
            p.append(c)
    return paths


def ease(k, n):
    """The eased progress of frame k of a move of n frames, 0 to 1."""
    return (1 - math.cos(math.pi * k / (n - 1))) / 2 if n > 1 else 0.0


def ease_fit(v):
    """Residuals of v from its least-squares fit a + b ease(k), and b."""
    n = len(v)
    e = [ease(k, n) for k in range(n)]
    me = sum(e) / n
    my = sum(v) / n
    see = sum((x - me) ** 2 for x in e)
    b = sum((x - me) * (y - my) for x, y in zip(e, v)) / see if see else 0
    return [y - (my + b * (x - me)) for x, y in zip(e, v)], b


def rms(v):
    return math.sqrt(sum(x * x for x in v) / len(v)) if v else 0.0


def measure(series, extra):
    d2, res, steps, middle = [], [], [], []
    for d, v in enumerate(series):
        s = [b - a for a, b in zip(v, v[1:])]
        r, extent = ease_fit(v)
        rs = [b - a for a, b in zip(r, r[1:])]
        dd = [b - a for a, b in zip(rs, rs[1:])]
        print('dot%d from %.3f to %.3f extent %.4f d2_rms %.4f d2_max %.4f '
              'fit_rms %.4f fit_max %.4f' %
              (d + 1, v[0], v[-1], extent, rms(dd),
               max(map(abs, dd), default=0), rms(r), max(map(abs, r))))
        d2 += dd
        res += r
        steps += s
        middle += s[len(s) // 10:len(s) - len(s) // 10]
    out = [
        ('frames', len(series[0])),
        ('d2_rms', rms(d2)),
        ('d2_max', max(map(abs, d2), default=0)),
        ('fit_rms', rms(res)),
        ('fit_max', max(map(abs, res))),
        ('step_min', min(steps, default=0)),
        ('step_mean', sum(steps) / len(steps) if steps else 0),
        ('step_max', max(steps, default=0)),
        ('backward', sum(1 for x in middle if x * sum(steps) <= 0)),
    ] + extra
    for k, v in out:
        print(k, v if isinstance(v, int) else '%.4f' % v)


def main(argv):
    if len(argv) < 6 or argv[1] not in ('first', 'track', 'pan', 'zoom'):
        sys.exit(__doc__.split('\n\n')[1])
    mode, w, h, path = argv[1], int(argv[2]), int(argv[3]), argv[4]
    starts = [tuple(float(c) for c in a.split(',')) for a in argv[5:]]
    paths = track(path, w, h, starts)
    if mode == 'first':
        for p in paths:
            print('%.3f %.3f' % p[0])
    elif mode == 'track':
        for k in range(len(paths[0])):
            print(k, ' '.join('%.3f %.3f' % p[k] for p in paths))
    elif mode == 'pan':
        cross = max(abs(y - sum(q[1] for q in p) / len(p))
                    for p in paths for _, y in p)
        measure([[x for x, _ in p] for p in paths], [('cross_max', cross)])
    else:
        cx, cy = (w - 1) / 2, (h - 1) / 2
        measure([[math.hypot(x - cx, y - cy) for x, y in p] for p in paths],
                [])


if __name__ == '__main__':
    main(sys.argv)
