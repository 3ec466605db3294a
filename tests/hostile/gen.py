#!/usr/bin/env python3
"""gen.py - writes the hostile inputs of tests/hostile/cases into a folder.

usage: gen.py BASE OUT

BASE holds good inputs to start from: brief.json (a brief) and 01.json to
05.json (the states of a short run). Each case NAME becomes OUT/NAME.in:
the bytes a program is given. The cases and what each must answer are
listed in tests/hostile/cases; this file only makes the inputs.
"""

import json
import os
import sys


def load(base, name):
    with open(os.path.join(base, name), 'rb') as f:
        return f.read()


def edit(base, name, fn):
    doc = json.loads(load(base, name))
    fn(doc)
    return json.dumps(doc).encode()


def setter(path, value):
    """A function that sets doc[path...] = value (path: keys and indices)."""
    def fn(doc):
        d = doc
        for k in path[:-1]:
            d = d[k]
        d[path[-1]] = value
    return fn


def deleter(path):
    def fn(doc):
        d = doc
        for k in path[:-1]:
            d = d[k]
        del d[path[-1]]
    return fn


def cases(base):
    brief = lambda fn: edit(base, 'brief.json', fn)
    state = lambda n, fn: edit(base, '%02d.json' % n, fn)
    ctx = lambda k, v: brief(setter(['context', k], v))
    c = {}
    # Bytes that are not a JSON object.
    c['empty'] = b''
    c['spaces'] = b' \n\t '
    c['malformed'] = b'{"context": {"theme": "honesty",\n  "setting": }'
    c['not-object'] = b'[1, 2, 3]'
    c['two-documents'] = b'{"context": {}} {"context": {}}'
    c['invalid-utf8'] = b'{"context": {"theme": "caf\xe9"}}'
    c['nul-byte'] = b'{"context": {"theme": "a\x00b"}}'
    c['deep-nesting'] = b'[' * 10000 + b']' * 10000
    c['deep-object'] = b'{"a":' * 10000 + b'1' + b'}' * 10000
    c['huge-file'] = b'{"x": "' + b'a' * (33 << 20) + b'"}'
    c['truncated-brief'] = load(base, 'brief.json')[:-40]
    # Briefs with wrong fields.
    c['no-context'] = brief(deleter(['context']))
    c['context-string'] = brief(setter(['context'], 'a story'))
    c['no-theme'] = brief(deleter(['context', 'theme']))
    c['theme-number'] = ctx('theme', 42)
    c['theme-10mb'] = ctx('theme', 'x' * 10_000_000)
    c['theme-empty'] = ctx('theme', '')
    c['characters-empty'] = ctx('characters', [])
    c['characters-object'] = ctx('characters', {'name': 'Ruby'})
    c['characters-100000'] = ctx('characters', [
        {'name': 'C%d' % i, 'type': 'fox'} for i in range(100000)])
    c['character-no-name'] = brief(deleter(['context', 'characters', 0,
                                            'name']))
    c['character-name-number'] = brief(setter(['context', 'characters', 0,
                                               'name'], 7))
    for v, name in ((0, '0'), (11, '11'), (3.5, '3.5'), (1e308, '1e308'),
                    (True, 'true'), ('2', 'string'), (-1, 'negative')):
        c['duration-' + name] = ctx('duration_minutes', v)
    c['character-name-escape'] = brief(setter(
        ['context', 'characters', 0, 'name'], '\x1b[31mRuby\x07'))
    c['age-group-number'] = ctx('age_group', 7)
    c['age-group-unknown'] = ctx('age_group', '40-50')
    c['preferences-array'] = brief(setter(['preferences'], []))
    c['wpm-huge'] = brief(setter(['preferences'], {'narration_wpm': 1e9}))
    # States.
    c['format-later'] = state(2, setter(['format'], 99))
    c['format-string'] = state(2, setter(['format'], '1'))
    c['truncated-state'] = (b'{"format": 1, "story": {"title": "The Seed",'
                            b'\n  "text": "Once upon a ti')
    c['brief-to-story'] = load(base, 'brief.json')
    c['story-missing'] = state(3, deleter(['story']))
    c['story-text-number'] = state(3, setter(['story', 'text'], 12))
    c['story-text-empty'] = state(3, setter(['story', 'text'], ''))
    c['segments-empty'] = state(4, setter(['segments'], []))
    c['segments-100000'] = state(4, setter(['segments'], [
        {'scene': i + 1, 'narration': 'Hi.', 'seconds': 1,
         'characters': []} for i in range(100000)]))
    c['segment-narration-number'] = state(4, setter(
        ['segments', 1, 'narration'], 5))
    c['segment-scene-duplicate'] = state(4, setter(['segments', 1, 'scene'],
                                                   1))
    c['image-escapes'] = state(5, setter(['scenes', 1, 'image'],
                                         '../../etc/x'))
    c['image-absolute'] = state(5, setter(['scenes', 1, 'image'],
                                          '/etc/passwd'))
    return c


def main(argv):
    if len(argv) != 3:
        sys.exit(__doc__.split('\n\n')[1])
    base, out = argv[1], argv[2]
    os.makedirs(out, exist_ok=True)
    for name, data in cases(base).items():
        with open(os.path.join(out, name + '.in'), 'wb') as f:
            f.write(data)


if __name__ == '__main__':
    main(sys.argv)
