#!/usr/bin/python3
"""Batch benchmark: satzwerk batch on the corpus against the reference engines.

    bench/batch.py [--satzwerk BUILD/satzwerk] [--corpus DIR] [--runs N] [--quick]

Measures in one run (wall clock, best and median of --runs):
  * satzwerk batch on the corpus (../shared/corpus/nitf, 156 articles) with -j1 and -j2:
    articles/s inside the batch (the report's time) and for the whole process;
  * a cold single article: `satzwerk article` process wall time including start-up
    (hyperfine when installed, else a loop);
  * peak RSS (/usr/bin/time -v) of one batch of 1,000 articles (corpus files copied
    under new names) with -j1 and -j2;
  * the 20 first 10kGNAD articles in one process: satzwerk batch -j1 vs Typst 0.14.2 and
    LuaLaTeX through ../shared/bench/anchors/render.sh --batch, where installed
    (Typst 0.14.2: TYPST_NEW_MODULES=DIR/node_modules, see ../shared/bench/README.md);
    otherwise "not installed" and the figures of ../shared/bench/anchors.md.
Prints a Markdown table with the ratios; the goals are those of docs/batch.md.
"""
import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.path.join(os.path.dirname(ROOT), 'shared')
EPOCH = '1567080000'
# ../shared/bench/anchors.md, 20 articles in one process / one article per process
ANCHOR_BATCH = {'LuaLaTeX': 1.78, 'Typst 0.14.2': 0.27}
ANCHOR_SINGLE = {'LuaLaTeX': 0.98, 'Typst 0.14.2': 0.17}


def env(**kw):
    e = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    e.update(kw)
    return e


def timed(cmd, **kw):
    t0 = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, env=env(), **kw)
    dt = time.perf_counter() - t0
    if r.returncode != 0:
        sys.exit(f'batch.py: {cmd[0]} failed ({r.returncode}): {r.stderr.decode(errors="replace")[-600:]}')
    return dt, r


def batch_run(tool, inputs, jobs, work, runs):
    """(best in-batch s, median in-batch s, best process s, best user+sys CPU s)"""
    inner, outer, cpu = [], [], []
    rep = os.path.join(work, f'report-j{jobs}.json')
    for run in range(runs):
        # A fresh folder per run, all removed at the end: files created right
        # after deleting as many make ext4 search longer for free inodes (up to
        # 15 % of a batch), which measures the file system, not satzwerk.
        out = os.path.join(work, f'out-{len(inputs)}-j{jobs}-{run}')
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        dt, _r = timed([tool, 'batch', *inputs, '-o', out, f'-j{jobs}', '--quiet', '--force', '--report', rep])
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        with open(rep) as f:
            inner.append(json.load(f)['seconds'])
        outer.append(dt)
    return min(inner), statistics.median(inner), min(outer), min(cpu)


def cold_article(tool, article, work, runs):
    out = os.path.join(work, 'cold.pdf')
    if shutil.which('hyperfine'):
        js = os.path.join(work, 'hyperfine.json')
        subprocess.run(['hyperfine', '-N', '-w', '3', '-r', str(max(runs * 10, 20)), '--export-json', js,
                        f'{tool} article {article} -o {out}'], capture_output=True, env=env(), check=True)
        with open(js) as f:
            times = json.load(f)['results'][0]['times']
        how = 'hyperfine'
    else:
        times = [timed([tool, 'article', article, '-o', out])[0] for _ in range(max(runs * 10, 20))]
        how = 'loop'
    return min(times), statistics.median(times), how


def peak_rss(tool, corpus_files, work, count, jobs):
    src = os.path.join(work, f'rss-in')
    if not os.path.isdir(src):
        os.mkdir(src)
        for i in range(count):
            f = corpus_files[i % len(corpus_files)]
            shutil.copy(f, os.path.join(src, f'a{i:04d}-{os.path.basename(f)}'))
    out = os.path.join(work, f'rss-out-j{jobs}')
    if not os.path.exists('/usr/bin/time'):
        return None, None
    t0 = time.perf_counter()
    r = subprocess.run(['/usr/bin/time', '-v', tool, 'batch', src, '-o', out, f'-j{jobs}', '--quiet'],
                       capture_output=True, env=env())
    dt = time.perf_counter() - t0
    for line in r.stderr.decode().splitlines():
        if 'Maximum resident set size' in line:
            return int(line.split()[-1]) / 1024, dt
    return None, dt


def engine(name, args, work):
    render = os.path.join(SHARED, 'bench', 'anchors', 'render.sh')
    if not os.path.exists(render):
        return None, 'render.sh not found'
    e = env(BENCH_SCRATCH=os.path.join(work, 'scratch'))
    if name == 'Typst 0.14.2':
        mods = os.environ.get('TYPST_NEW_MODULES', os.path.join(SHARED, 'bench', 'typst-new', 'node_modules'))
        if not shutil.which('node') or not os.path.isdir(os.path.join(mods, '@myriaddreamin')):
            return None, 'not installed'
        e['TYPST_NEW_MODULES'] = mods
        cmd = ['bash', render, '--batch', 'typst-new', os.path.join(work, 'typst.pdf'), *args]
    else:
        if not shutil.which('lualatex'):
            return None, 'not installed'
        cmd = ['bash', render, '--batch', 'lualatex', os.path.join(work, 'lualatex.pdf'), *args]
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        r = subprocess.run(cmd, capture_output=True, env=e)
        times.append(time.perf_counter() - t0)
        if r.returncode != 0:
            return None, f'failed: {r.stderr.decode(errors="replace")[-200:]}'
    return min(times[1:]), 'measured'  # the first run warms font caches


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--satzwerk', default=os.path.join(ROOT, 'build', 'satzwerk'))
    ap.add_argument('--corpus', default=os.path.join(SHARED, 'corpus', 'nitf'))
    ap.add_argument('--runs', type=int, default=5)
    ap.add_argument('--quick', action='store_true', help='fewer runs, 300 instead of 1,000 articles for RSS')
    a = ap.parse_args()
    tool = os.path.abspath(a.satzwerk)
    runs = 2 if a.quick else a.runs
    files = sorted(os.path.join(a.corpus, f) for f in os.listdir(a.corpus) if f.endswith('.xml'))
    first20 = [f for f in files if os.path.basename(f).startswith('10kgnad')][:20]
    n = len(files)
    rows = []
    with tempfile.TemporaryDirectory(prefix='satzwerk-bench-') as work:
        b1 = batch_run(tool, [a.corpus], 1, work, runs)
        b2 = batch_run(tool, [a.corpus], 2, work, runs)
        rows.append(('corpus, -j1: articles/s in the batch (best / median)',
                     f'{n / b1[0]:.0f} / {n / b1[1]:.0f}', '≥ 250 (goal 500)'))
        rows.append(('corpus, -j1: articles/s for the whole process (incl. start, resources)',
                     f'{n / b1[2]:.0f} ({b1[2]:.2f} s, CPU {b1[3]:.2f} s)', ''))
        rows.append(('corpus, -j2: articles/s in the batch (best / median)',
                     f'{n / b2[0]:.0f} / {n / b2[1]:.0f}', ''))
        rows.append(('corpus: articles per CPU second, -j1 / -j2 (whole process; load-independent)',
                     f'{n / b1[3]:.0f} / {n / b2[3]:.0f}', 'equal = no cost for threads'))
        rows.append(('speed-up -j2 / -j1 (in the batch, best)', f'{b1[0] / b2[0]:.2f}×', '≥ 1.8×'))
        cold = cold_article(tool, first20[0], work, runs)
        rows.append((f'cold single article, process wall (best / median, {cold[2]})',
                     f'{cold[0] * 1000:.1f} / {cold[1] * 1000:.1f} ms', '≤ 30 ms'))
        count = 300 if a.quick else 1000
        for jobs in (1, 2):
            rss, dt = peak_rss(tool, files, work, count, jobs)
            rows.append((f'{count} articles, -j{jobs}: peak RSS (wall)',
                         f'{rss:.0f} MB ({dt:.1f} s)' if rss else 'not measured (/usr/bin/time missing)',
                         '≤ 300 MB' if count == 1000 else '≤ 300 MB at 1,000'))
        # The 20 anchor articles in one process.
        s20 = batch_run(tool, first20, 1, work, runs)
        rows.append(('20 articles, one process: satzwerk batch -j1 (process wall)', f'{s20[2]:.3f} s', ''))
        for name in ('Typst 0.14.2', 'LuaLaTeX'):
            t, how = engine(name, first20, work)
            if t is None:
                ref = ANCHOR_BATCH[name]
                rows.append((f'20 articles, one process: {name}', f'{how}; anchors.md: {ref:.2f} s',
                             f'satzwerk {ref / s20[2]:.1f}× faster (vs anchors.md)'))
            else:
                rows.append((f'20 articles, one process: {name} (render.sh --batch, best of 2 warm)', f'{t:.3f} s',
                             f'satzwerk {t / s20[2]:.1f}× faster'))
        for name, ref in ANCHOR_SINGLE.items():
            rows.append((f'one article per process: {name} (anchors.md median)', f'{ref * 1000:.0f} ms',
                         f'satzwerk cold {ref / cold[1]:.1f}× faster'))
    load = os.getloadavg()
    print(f'satzwerk: {tool}  corpus: {n} articles  runs: {runs}  cores: {os.cpu_count()}  '
          f'load average: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}\n')
    print('| measurement | result | goal / ratio |')
    print('|---|---|---|')
    for r in rows:
        print(f'| {r[0]} | {r[1]} | {r[2]} |')


if __name__ == '__main__':
    main()
