#!/usr/bin/env python3
"""voiceprint.py WAV...: for each 16-bit mono WAV, its median F0 in Hz over
voiced frames (autocorrelation, 50 to 500 Hz) and its spectral centroid in
Hz (a plain DFT of 128-sample frames, every 16th), tab-separated:
"FILE F0 CENTROID". Python's standard library only (issue 13's test of
distinct voices)."""
import math
import struct
import sys
import wave


def samples(path):
    with wave.open(path, "rb") as w:
        if w.getsampwidth() != 2 or w.getnchannels() != 1:
            sys.exit("voiceprint.py: %s: expected 16-bit mono" % path)
        rate = w.getframerate()
        data = w.readframes(w.getnframes())
    return rate, struct.unpack("<%dh" % (len(data) // 2), data)


def f0(rate, x):
    """Median F0 of every other voiced 40 ms frame of the first 6 s: the shortest
    lag whose normalised autocorrelation is near the best one (octave
    errors down are the usual fault of the plain maximum)."""
    n = int(rate * 0.04)
    lo, hi = int(rate / 500), int(rate / 50)
    found = []
    x = x[:rate * 6]
    for start in range(0, len(x) - n - hi, 2 * n):
        fr = x[start:start + n + hi]
        e = sum(v * v for v in fr[:n])
        if e < n * 500 ** 2:
            continue
        cs = []
        for k in range(lo, hi):
            c = sum(fr[i] * fr[i + k] for i in range(0, n, 2))
            ek = sum(fr[i + k] ** 2 for i in range(0, n, 2))
            e0 = sum(fr[i] ** 2 for i in range(0, n, 2))
            cs.append(c / math.sqrt(e0 * ek) if ek and e0 else 0)
        best = max(cs)
        if best < 0.6:
            continue
        k = next(i for i, c in enumerate(cs) if c >= 0.9 * best)
        # the peak around it
        while k + 1 < len(cs) and cs[k + 1] > cs[k]:
            k += 1
        found.append(rate / (k + lo))
    found.sort()
    return found[len(found) // 2] if found else 0.0


def centroid(rate, x):
    """Mean spectral centroid of 128-sample frames of the first 6 s."""
    n, tot, wsum = 128, 0.0, 0.0
    x = x[:rate * 6]
    cos = [[math.cos(2 * math.pi * k * i / n) for i in range(n)] for k in range(n // 2)]
    sin = [[math.sin(2 * math.pi * k * i / n) for i in range(n)] for k in range(n // 2)]
    for start in range(0, len(x) - n, n * 16):
        fr = x[start:start + n]
        for k in range(1, n // 2):
            re = sum(a * b for a, b in zip(fr, cos[k]))
            im = sum(a * b for a, b in zip(fr, sin[k]))
            m = math.hypot(re, im)
            tot += m
            wsum += m * k * rate / n
    return wsum / tot if tot else 0.0


for p in sys.argv[1:]:
    r, x = samples(p)
    print("%s\t%.1f\t%.0f" % (p, f0(r, x), centroid(r, x)))
