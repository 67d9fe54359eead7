#!/usr/bin/python3
"""Benchmark of the text engine through the command line.

    bench/text.py SATZWERK [--corpus ../shared/corpus/nitf] [--runs 5]

- normalisation: MB/s of `satzwerk normalize` on all corpus text, repeated to ~20 MB
  (one process, so start-up is a small share);
- hyphenation: words/s of `satzwerk hyphenate` on all corpus words, repeated to ~1 M words;
- cold start: wall time of `satzwerk hyphenate` on one word, process start and pattern
  loading included (median of --runs × 10).
"""
import argparse
import os
import statistics
import subprocess
import time
import xml.etree.ElementTree as ET

ap = argparse.ArgumentParser()
ap.add_argument('satzwerk')
ap.add_argument('--corpus', default=os.path.join(os.path.dirname(__file__), '..', '..', 'shared', 'corpus', 'nitf'))
ap.add_argument('--runs', type=int, default=5)
a = ap.parse_args()

texts = []
for f in sorted(os.listdir(a.corpus)):
    if f.endswith('.xml'):
        root = ET.parse(os.path.join(a.corpus, f)).getroot()
        texts += [' '.join(''.join(e.itertext()).split()) for e in root.iter('p')]
text = '\n'.join(texts) + '\n'
big = (text * (20_000_000 // len(text.encode()) + 1)).encode()
words = text.split()
many = ('\n'.join(words * (1_000_000 // len(words) + 1)) + '\n').encode()


def timed(cmd, data):
    best = []
    for _ in range(a.runs):
        t = time.perf_counter()
        r = subprocess.run(cmd, input=data, capture_output=True)
        best.append(time.perf_counter() - t)
        if r.returncode != 0:
            raise SystemExit(r.stderr.decode())
    return statistics.median(best)


t = timed([a.satzwerk, 'normalize'], big)
print(f'normalize   {len(big) / 1e6:.1f} MB in {t:.2f} s: {len(big) / 1e6 / t:.1f} MB/s')
n = many.count(b'\n')
t = timed([a.satzwerk, 'hyphenate'], many)
print(f'hyphenate   {n / 1e6:.2f} M words in {t:.2f} s: {n / t / 1e6:.2f} M words/s')
cold = []
for _ in range(a.runs * 10):
    t = time.perf_counter()
    subprocess.run([a.satzwerk, 'hyphenate'], input=b'Digitalisierung\n', capture_output=True)
    cold.append(time.perf_counter() - t)
print(f'cold start  satzwerk hyphenate, one word: median {statistics.median(cold) * 1000:.1f} ms, '
      f'best {min(cold) * 1000:.1f} ms')
