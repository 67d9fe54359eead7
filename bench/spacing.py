#!/usr/bin/python3
"""Word-spacing and hyphenation quality of satzwerk's justified text on the corpus.

Renders every corpus article as Druckversion with the given satzwerk binary into
a temporary folder, measures each PDF with the shared pdfmetrics.py and pools the
results over all articles: the interword gaps of all full justified lines (in em
of the body size), the share of hyphenated line ends, the longest run of them,
overfull lines, widows/orphans and text fidelity. Prints them beside the figures
the reference engines reached on the corpus (../shared/bench/anchors.md).

Run with Debian's python3 (pdfmetrics needs its pikepdf and pdfminer):

    /usr/bin/python3 bench/spacing.py build/satzwerk
    /usr/bin/python3 bench/spacing.py build/satzwerk --anchor-set   # the 21 anchor articles only
    /usr/bin/python3 bench/spacing.py build/satzwerk --json pooled.json

Text fidelity is measured against a copy of each article whose text went through
`satzwerk normalize`, as the end-to-end tests do, so that „…“ or 1914–1999 count
as found.
"""
import argparse
import concurrent.futures
import json
import os
import statistics
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.normpath(os.path.join(HERE, '..', '..', 'shared'))

# Reference figures from ../shared/bench/anchors.md (Darmstadt + the first 20
# 10kGNAD articles by file name; same design and font).
ANCHORS = {
    'LuaLaTeX': dict(gap_mean=0.255, gap_sd=0.033, gap_p95=0.325, gap_max=0.373, loose=0.0, tight=0.048,
                     hyph=0.090, maxrun=1, widows=0, orphans=0, overfull=0, fidelity=100.0),
    'Typst 0.10': dict(gap_mean=0.269, gap_sd=0.045, gap_p95=0.345, gap_max=0.401, loose=0.0, tight=0.047,
                       hyph=0.306, maxrun=4, widows=0, orphans=0, overfull=0, fidelity=100.0),
    'Typst 0.14.2': dict(gap_mean=0.289, gap_sd=0.069, gap_p95=0.419, gap_max=0.599, loose=0.007, tight=0.070,
                         hyph=0.119, maxrun=1, widows=0, orphans=0, overfull=0, fidelity=100.0),
}

# The same normalised copy of an article the end-to-end tests measure against.
sys.path.insert(0, os.path.join(HERE, '..', 'tests', 'cli'))
from e2e import normalised_copy  # noqa: E402


def measure_one(tool, metrics, xml, scratch):
    name = os.path.basename(xml)[:-4]
    pdf = os.path.join(scratch, name + '.pdf')
    env = dict(os.environ, SOURCE_DATE_EPOCH='1567080000')
    r = subprocess.run([tool, 'article', xml, '-o', pdf], capture_output=True, env=env, check=False)
    if r.returncode != 0:
        return name, None, 'render failed: ' + r.stderr.decode(errors='replace').strip()
    norm = os.path.join(scratch, name + '.normalised.xml')
    try:
        normalised_copy(tool, xml, norm)
    except (RuntimeError, ET.ParseError) as e:
        return name, None, str(e)
    m = subprocess.run(['/usr/bin/python3', metrics, pdf, '--nitf', norm, '--json', '-'],
                       capture_output=True, check=False)
    if m.returncode != 0:
        return name, None, 'pdfmetrics failed: ' + m.stderr.decode(errors='replace')[-300:]
    return name, json.loads(m.stdout.decode()), None


def pct(xs, p):
    xs = sorted(xs)
    if not xs:
        return None
    k = (len(xs) - 1) * p / 100
    f = int(k)
    c = min(f + 1, len(xs) - 1)
    return xs[f] + (xs[c] - xs[f]) * (k - f)


def pool(results):
    gaps, line_means = [], []
    hyph = cand = overfull = widows = orphans = pages = exact = 0
    maxrun = 0
    min_fid = 100.0
    for _, j in results:
        L, T = j.get('layout', {}), j.get('text', {})
        gaps += L.get('gaps_em', [])
        line_means += L.get('line_gap_means_em', [])
        hyph += L.get('hyphenated_lines', 0)
        cand += L.get('hyphen_candidate_lines', 0)
        maxrun = max(maxrun, L.get('max_consecutive_hyphens', 0))
        overfull += L.get('overfull_lines', 0)
        widows += L.get('widows', 0)
        orphans += L.get('orphans', 0)
        pages += j.get('pages', 0)
        fid = T.get('words_found_pct')
        if fid is not None:
            min_fid = min(min_fid, fid)
            exact += fid == 100.0
    return dict(articles=len(results), pages=pages, full_lines=len(line_means), gaps=len(gaps),
                gap_mean=statistics.mean(gaps) if gaps else None,
                gap_sd=statistics.pstdev(gaps) if gaps else None,
                gap_p95=pct(gaps, 95), gap_max=max(gaps) if gaps else None,
                loose=sum(m > 0.5 for m in line_means) / len(line_means) if line_means else None,
                tight=sum(m < 0.2 for m in line_means) / len(line_means) if line_means else None,
                hyph=hyph / cand if cand else None, hyphenated_lines=hyph, hyphen_candidate_lines=cand,
                maxrun=maxrun, overfull=overfull, widows=widows, orphans=orphans,
                fidelity=min_fid, fidelity_exact_articles=exact)


def fmt(v, kind):
    if v is None:
        return '–'
    if kind == 'em':
        return f'{v:.3f}'
    if kind == 'pct':
        return f'{100 * v:.1f} %'
    if kind == 'fid':
        return f'{v:g} %'
    return str(v)


ROWS = [('gap mean (em)', 'gap_mean', 'em'), ('gap sd (em)', 'gap_sd', 'em'), ('gap p95 (em)', 'gap_p95', 'em'),
        ('gap max (em)', 'gap_max', 'em'), ('loose lines > 0.5 em', 'loose', 'pct'),
        ('tight lines < 0.2 em', 'tight', 'pct'), ('hyphenated line ends', 'hyph', 'pct'),
        ('most hyphens in a row', 'maxrun', 'int'), ('overfull lines', 'overfull', 'int'),
        ('widows / orphans', None, 'wo'), ('text fidelity (lowest article)', 'fidelity', 'fid')]


def table(p):
    cols = ['satzwerk'] + list(ANCHORS)
    data = [p] + list(ANCHORS.values())
    out = ['| metric | ' + ' | '.join(cols) + ' |', '|---' * (len(cols) + 1) + '|']
    for label, key, kind in ROWS:
        if kind == 'wo':
            cells = [f"{d['widows']} / {d['orphans']}" for d in data]
        else:
            cells = [fmt(d.get(key), kind) for d in data]
        cells[0] = f'**{cells[0]}**'
        out.append(f'| {label} | ' + ' | '.join(cells) + ' |')
    return '\n'.join(out)


def anchor_set(files):
    """Darmstadt and the first 20 10kGNAD articles by file name, as in anchors.md."""
    gnad = sorted(f for f in files if os.path.basename(f).startswith('10kgnad'))[:20]
    darm = [f for f in files if 'darmstadt' in os.path.basename(f)]
    return darm + gnad


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('satzwerk', help='the satzwerk binary to measure')
    ap.add_argument('--corpus', default=os.path.join(SHARED, 'corpus', 'nitf'), help='folder of NITF articles')
    ap.add_argument('--metrics', default=os.path.join(SHARED, 'bench', 'pdfmetrics.py'))
    ap.add_argument('--anchor-set', action='store_true', help='only the 21 articles anchors.md was measured on')
    ap.add_argument('--limit', type=int, default=0, help='only the first N articles (quick tuning runs)')
    ap.add_argument('--jobs', type=int, default=os.cpu_count() or 2)
    ap.add_argument('--json', help='write the pooled figures (and per-article summaries) here')
    ap.add_argument('--keep', help='render into this folder and keep the PDFs')
    a = ap.parse_args()

    tool = os.path.abspath(a.satzwerk)
    files = sorted(os.path.join(a.corpus, f) for f in os.listdir(a.corpus) if f.endswith('.xml'))
    if a.anchor_set:
        files = anchor_set(files)
    if a.limit:
        files = files[:a.limit]
    if not files:
        sys.exit('no articles in ' + a.corpus)

    results, errors = [], []
    with tempfile.TemporaryDirectory(prefix='satzwerk-spacing-') as tmp:
        scratch = a.keep or tmp
        os.makedirs(scratch, exist_ok=True)
        with concurrent.futures.ThreadPoolExecutor(a.jobs) as ex:
            for name, j, err in ex.map(lambda x: measure_one(tool, a.metrics, x, scratch), files):
                if err:
                    errors.append(f'{name}: {err}')
                else:
                    results.append((name, j))
    p = pool(results)
    print(f"{p['articles']} articles, {p['pages']} pages, {p['full_lines']} full justified lines, "
          f"{p['gaps']} word gaps, {p['hyphen_candidate_lines']} line ends")
    print(table(p))
    print('(anchor figures: ../shared/bench/anchors.md, measured on Darmstadt + the first 20 10kGNAD articles)')
    for e in errors:
        print('ERROR', e, file=sys.stderr)
    if a.json:
        per = {n: dict(gap_sd=j['layout'].get('gap_sd_em'), hyph=j['layout'].get('hyphen_line_share'),
                       maxrun=j['layout'].get('max_consecutive_hyphens'),
                       overfull=j['layout'].get('overfull_lines'),
                       overfull_examples=j['layout'].get('overfull_examples'),
                       loosest=j['layout'].get('loosest_lines'),
                       fidelity=j['text'].get('words_found_pct'),
                       missing=j['text'].get('missing_examples')) for n, j in results}
        with open(a.json, 'w', encoding='utf-8') as f:
            json.dump(dict(pooled=p, articles=per), f, ensure_ascii=False, indent=1)
    sys.exit(1 if errors else 0)


if __name__ == '__main__':
    main()
