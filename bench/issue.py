#!/usr/bin/python3
"""Benchmark: a compiled issue of N corpus articles (default 300).

    bench/issue.py SATZWERK [--corpus ../shared/corpus/nitf] [--articles 300] [--runs 3]

The corpus has fewer articles than that, so copies of them under new names fill
the issue (a manifest may not list one file twice). Prints wall time, pages,
pages/s and peak RSS (from /usr/bin/time -v) of `satzwerk issue`, single-threaded.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time
import xml.etree.ElementTree as ET

ap = argparse.ArgumentParser()
ap.add_argument('satzwerk')
ap.add_argument('--corpus', default=os.path.join(os.path.dirname(__file__), '..', '..', 'shared', 'corpus', 'nitf'))
ap.add_argument('--articles', type=int, default=300)
ap.add_argument('--runs', type=int, default=3)
ap.add_argument('--profile', default='x4')
a = ap.parse_args()

files = sorted(f for f in os.listdir(a.corpus) if f.endswith('.xml'))
with tempfile.TemporaryDirectory() as d:
    sections = {}
    for i in range(a.articles):
        src = files[i % len(files)]
        name = f'{i:04d}-{src}'
        shutil.copy(os.path.join(a.corpus, src), os.path.join(d, name))
        sec = ET.parse(os.path.join(d, name)).getroot().find('head/pubdata').get('position.section') or 'Allgemein'
        sections.setdefault(sec, []).append(name)
    with open(os.path.join(d, 'issue.xml'), 'w', encoding='utf-8') as m:
        m.write('<?xml version="1.0" encoding="UTF-8"?>\n<issue id="bench" xml:lang="de-DE">\n'
                '<title>Benchmark – Ausgabe 1</title><date norm="20190901">September 2019</date>\n<sections>\n')
        for sec, names in sections.items():
            m.write(f'<section name="{sec}">\n' + ''.join(f'<article href="{n}"/>\n' for n in names) + '</section>\n')
        m.write('</sections>\n</issue>\n')
    out = os.path.join(d, 'issue.pdf')
    times, rss, cpu = [], [], []
    for _ in range(a.runs):
        t = time.perf_counter()
        r = subprocess.run(['/usr/bin/time', '-v', a.satzwerk, 'issue', os.path.join(d, 'issue.xml'), '-o', out,
                            '--profile', a.profile], capture_output=True, env=dict(os.environ, SOURCE_DATE_EPOCH='0'))
        times.append(time.perf_counter() - t)
        if r.returncode != 0:
            raise SystemExit(r.stderr.decode()[-2000:])
        err = r.stderr.decode()
        rss.append(int(re.search(r'Maximum resident set size \(kbytes\): (\d+)', err).group(1)) / 1024)
        cpu.append(sum(float(x) for x in re.findall(r'(?:User|System) time \(seconds\): ([0-9.]+)', err)))
    pages = int(re.search(r'Pages:\s+(\d+)', subprocess.run(['pdfinfo', out], capture_output=True).stdout.decode()).group(1))
    t = statistics.median(times)
    c = statistics.median(cpu)
    print(f'articles {a.articles}  pages {pages}  wall {t:.3f} s, CPU {c:.3f} s (medians of {a.runs})  '
          f'{pages / c:.0f} pages per CPU second  peak RSS {max(rss):.0f} MB  PDF {os.path.getsize(out) / 1e6:.1f} MB')
