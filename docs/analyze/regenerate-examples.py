#!/usr/bin/env python3
"""Runs every `$ goroscope analyze ...` example of docs/analyze.md that prints a table and puts the real output
in its place, so the page shows what the tool prints today.

    GOROSCOPE=path/to/goroscope docs/analyze/regenerate-examples.py    # from the repository root

Examples against a live process (`http://...`) are left alone: they are recorded by hand (the page says how).
Two inputs are not in the repository: `runtime-stack.txt` is read from the external corpus
(../shared/corpus/external-dumps), and `cap64.txt` is made here, as the page describes it.
"""
import os, re, subprocess, sys, tempfile

repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
goroscope = os.environ.get('GOROSCOPE', 'goroscope')
work = tempfile.mkdtemp(prefix='goroscope-doc-')


def cap64():
    """Copies of one leakzoo goroutine, ids 1, 2, 3, …, cut at exactly 64 MiB (inside goroutine 315587)."""
    path = os.path.join(work, 'cap64.txt')
    block = ('goroutine {} [chan send]:\nmain.leakChanSend.func1()\n\t/work/main/testdata/programs/leakzoo/main.go:167 +0x1e\n'
             'created by main.leakChanSend in goroutine 1\n\t/work/main/testdata/programs/leakzoo/main.go:166 +0x3a\n\n')
    parts, size, i = [], 0, 1
    while size < 64 << 20:
        parts.append(block.format(i)); size += len(parts[-1]); i += 1
    open(path, 'wb').write(''.join(parts).encode()[:64 << 20])
    return path


# A name the page uses → (where the file is, how the page shows its path)
inputs = {
    'runtime-stack.txt': (os.path.join(repo, '..', 'shared', 'corpus', 'external-dumps',
                                       'DataDog-go-profiler-notes__examples__runtime-stack__runtime-stack.txt'), '…/runtime-stack.txt'),
    'cap64.txt': (None, 'cap64.txt'),
}


def run(command):
    real = command
    for name, (path, _) in inputs.items():
        if re.search(r'(?<![\w/.])' + re.escape(name), real):
            if path is None:
                path = cap64()
                inputs[name] = (path, inputs[name][1])
            real = re.sub(r'(?<![\w/.])' + re.escape(name), path, real)
    real = re.sub(r'(^|\| )goroscope ', lambda m: m.group(1) + goroscope + ' ', real)
    result = subprocess.run(['bash', '-c', real], cwd=repo, capture_output=True, text=True)
    text = result.stdout + result.stderr
    for name, (path, shown) in inputs.items():
        if path:
            text = text.replace(os.path.abspath(path), shown).replace(path, shown)
    return [line.rstrip() for line in text.rstrip('\n').split('\n')]


page = os.path.join(repo, 'docs', 'analyze.md')
lines = open(page).read().split('\n')
out, i, changed = [], 0, 0
while i < len(lines):
    out.append(lines[i])
    if lines[i].startswith('```') and i + 1 < len(lines) and lines[i + 1].startswith('$ goroscope analyze'):
        end = i + 1
        while not lines[end].startswith('```'):
            end += 1
        block = lines[i + 1:end]
        commands = [k for k, line in enumerate(block) if line.startswith('$ ')]
        if any('───' in line for line in block) and not any('http://' in block[k] for k in commands):
            fresh = []
            for n, k in enumerate(commands):
                fresh.append(block[k])
                fresh += run(block[k][2:])
                if n + 1 < len(commands):
                    fresh.append('')
            changed += fresh != block
            out += fresh + [lines[end]]
            i = end + 1
            continue
    i += 1
open(page, 'w').write('\n'.join(out))
print(f'{changed} example(s) changed', file=sys.stderr)
