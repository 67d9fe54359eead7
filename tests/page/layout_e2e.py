#!/usr/bin/python3
"""End-to-end tests of pages and layouts (issue: pages and layouts).

    layout_e2e.py SATZWERK SOURCE_DIR grid|change|media [NITF_DIR]

grid:   every article of NITF_DIR in the Druckversion and in the 2- and 3-column
        issue layouts: every body line on the baseline grid (from --trace), and
        pdfmetrics finds no widows, orphans or overfull lines.
change: a copy of the Druckversion layout with another body size, column count
        and margins changes the output accordingly, without a rebuild.
media:  NITF media render with captions; a missing image gives a warning and a
        framed placeholder.
Closing line: "N passed, N failed".
"""
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

PASSED, FAILED = [], []
BODY_ROLES = {'paragraph', 'list-item', 'quote', 'heading', 'tagline', 'keywords'}


def check(ok, what):
    (PASSED if ok else FAILED).append(what)
    if not ok:
        print('FAIL:', what, flush=True)


def run(cmd, **kw):
    env = dict(os.environ, SOURCE_DATE_EPOCH='1567080000')
    return subprocess.run(cmd, capture_output=True, env=env, **kw)


def length(v, em=0):
    m = re.fullmatch(r'([0-9.]+)\s*(mm|cm|pt|in|em)?', v.strip())
    n, unit = float(m.group(1)), m.group(2) or 'pt'
    return n * {'mm': 72 / 25.4, 'cm': 72 / 2.54, 'pt': 1, 'in': 72, 'em': em}[unit]


def grid_of(layout_file):
    """(page height, first body baseline from the top, leading) as the layout says."""
    root = ET.parse(layout_file).getroot()
    height = length(root.find('page').get('height'))
    top = length(root.find('margins').get('top'))
    leading = length(root.find('grid').get('leading'))
    body = [s for s in root.find('styles') if s.get('name') == 'body'][0]
    return height, top + length(body.get('size')), leading


def trace_lines(path):
    out = []
    for line in open(path, encoding='utf-8'):
        m = re.match(r'(\d+) (\S+) (\S+) (\S+) (\S+) (\S+) (\S+) \|(.*)\|$', line.rstrip('\n'))
        out.append(dict(page=int(m.group(1)), role=m.group(2), block=int(m.group(3)), x=float(m.group(4)),
                        baseline=float(m.group(5)), size=float(m.group(6)), width=float(m.group(7)),
                        text=m.group(8)))
    return out


def render(tool, xml, pdf, layout, extra=()):
    trace = pdf[:-4] + '.trace'
    r = run([tool, 'article', xml, '-o', pdf, '--layout', layout, '--trace', trace, *extra])
    return r, (trace_lines(trace) if r.returncode == 0 else [])


def metrics(pdf):
    pm = os.environ['PDFMETRICS']
    r = run(['/usr/bin/python3', pm, pdf, '--json', '-'])
    return json.loads(r.stdout.decode())['layout']


def columns_of(layout_file, master):
    """Left and right edge of each column on odd pages (x, pt)."""
    root = ET.parse(layout_file).getroot()
    width = length(root.find('page').get('width'))
    m = root.find('margins')
    inner, outer = length(m.get('inner')), length(m.get('outer'))
    masters = root.find('masters').findall('master')
    ms = [x for x in masters if x.get('name') == master] or masters[:1]
    n, gutter = int(ms[0].get('columns')), length(ms[0].get('gutter'))
    col = (width - inner - outer - (n - 1) * gutter) / n
    return [(inner + i * (col + gutter), inner + i * (col + gutter) + col) for i in range(n)], inner, outer, width


def structure_problems(lines, layout_file, master):
    """Widows, orphans and overfull lines read from the layout trace: exact for
    any number of columns (pdfmetrics assumes one column: in columns 2 and 3
    every line counts for it as a paragraph start, and a protruding comma in
    the last column as overfull)."""
    cols, inner, outer, width = columns_of(layout_file, master)
    problems = []
    body = [l for l in lines if l['role'] in ('paragraph', 'list-item', 'quote')]
    for l in body:
        size = l['size']
        # Facing pages: even pages mirror the margins.
        shift = (outer - inner) if l['page'] % 2 == 0 and len(cols) > 1 else 0
        right = max(r + shift for lft, r in cols if l['x'] >= lft + shift - 2 * size)
        if l['x'] + l['width'] > right + 0.3 * size + 0.01:
            problems.append(f"overfull by {l['x'] + l['width'] - right:.2f} pt: |{l['text'][-40:]}|")
    by_block = {}
    for l in body:
        by_block.setdefault(l['block'], []).append(l)
    for block, ls in by_block.items():
        if len(ls) < 2:
            continue
        groups = []  # runs of lines in one column of one page
        for l in ls:
            key = (l['page'], round(l['x'] / 20))
            if groups and groups[-1][0][0] == l['page'] and abs(groups[-1][1] - l['x']) < 30:
                groups[-1][2].append(l)
            else:
                groups.append([(l['page'],), l['x'], [l]])
        if len(groups) > 1:
            if len(groups[-1][2]) == 1:
                problems.append(f"widow: |{groups[-1][2][0]['text'][:40]}|")
            if len(groups[0][2]) == 1:
                problems.append(f"orphan: |{groups[0][2][0]['text'][:40]}|")
    return problems


def grid_one(tool, src, xml, layout, d):
    name = os.path.basename(xml)[:-4] + '-' + layout.replace(':', '-')
    pdf = os.path.join(d, name + '.pdf')
    lf = os.path.join(src, 'layouts', layout.split(':')[0] + '.xml')
    height, origin, leading = grid_of(lf)
    r, lines = render(tool, xml, pdf, layout)
    if r.returncode != 0:
        return name, [r.stderr.decode(errors='replace').strip()]
    problems = []
    for l in lines:
        if l['role'] not in BODY_ROLES:
            continue
        k = (height - l['baseline'] - origin) / leading
        if abs(k - round(k)) > 0.01 or k < -0.01:
            problems.append(f"off the grid: page {l['page']} {l['role']} baseline {l['baseline']} |{l['text'][:40]}|")
    master = layout.split(':')[1] if ':' in layout else ''
    problems += structure_problems(lines, lf, master)
    if ':' not in layout and layout != 'ausgabe':
        m = metrics(pdf)  # the one-column Druckversion: pdfmetrics' own count as well
        for key in ('widows', 'orphans', 'overfull_lines'):
            if m.get(key):
                problems.append(f"pdfmetrics {key}={m[key]}")
    return name, problems[:5]


def test_grid(tool, src, args):
    files = sorted(os.path.join(args[0], f) for f in os.listdir(args[0]) if f.endswith('.xml'))
    jobs = [(x, lay) for lay in ('druckversion', 'ausgabe:zweispaltig', 'ausgabe') for x in files]
    with tempfile.TemporaryDirectory() as d, concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 2) as ex:
        for name, problems in ex.map(lambda j: grid_one(tool, src, j[0], j[1], d), jobs):
            check(not problems, f'{name}: ' + '; '.join(problems) if problems else name)


def test_change(tool, src, _args):
    xml = os.path.join(src, 'samples', '10kgnad-test-0143.xml')
    with tempfile.TemporaryDirectory() as d:
        base_pdf = os.path.join(d, 'base.pdf')
        r, base = render(tool, xml, base_pdf, 'druckversion')
        check(r.returncode == 0, 'renders with the shipped layout')
        text = open(os.path.join(src, 'layouts', 'druckversion.xml'), encoding='utf-8').read()
        text = text.replace('size="10pt" leading="13pt" align="justify"', 'size="11pt" leading="14pt" align="justify"')
        text = text.replace('<grid leading="13pt"/>', '<grid leading="14pt"/>')
        text = text.replace('columns="1"', 'columns="2"')
        text = text.replace('inner="30mm" outer="30mm"', 'inner="20mm" outer="20mm"')
        changed = os.path.join(d, 'geaendert.xml')
        open(changed, 'w', encoding='utf-8').write(text)
        r, new = render(tool, xml, os.path.join(d, 'new.pdf'), changed)
        check(r.returncode == 0, f'renders with the edited copy {r.stderr.decode(errors="replace")}')
        body_old = [l for l in base if l['role'] == 'paragraph']
        body_new = [l for l in new if l['role'] == 'paragraph']
        check(body_old and all(l['size'] == 10 for l in body_old), 'shipped layout: body 10 pt')
        check(body_new and all(l['size'] == 11 for l in body_new), 'edited layout: body 11 pt')
        xs = sorted({round(l['x']) for l in body_new})
        left = 20 * 72 / 25.4
        col2 = left + ((210 - 40) * 72 / 25.4 - 5 * 72 / 25.4) / 2 + 5 * 72 / 25.4
        check(any(abs(x - left) < 12 for x in xs) and any(abs(x - col2) < 12 for x in xs),
              f'edited layout: two columns at {left:.0f} and {col2:.0f} pt (x seen: {xs[:6]})')
        pitches = {round(b['baseline'] - a['baseline'], 2) for a, b in zip(body_new, body_new[1:])
                   if a['page'] == b['page'] and abs(a['x'] - b['x']) < 15 and a['baseline'] > b['baseline']}
        check(-14.0 in pitches, f'edited layout: 14 pt leading ({sorted(pitches)[:5]})')
        bad = os.path.join(d, 'kaputt.xml')
        open(bad, 'w', encoding='utf-8').write(text.replace('<grid leading="14pt"/>', '<grid leading="vierzehn"/>'))
        r, _ = render(tool, xml, os.path.join(d, 'bad.pdf'), bad)
        err = r.stderr.decode(errors='replace')
        check(r.returncode == 2 and re.search(r'kaputt\.xml:\d+: <grid> leading="vierzehn" is not a length', err),
              f'an invalid layout value names file and line: {err.strip()}')
        check(not os.path.exists(os.path.join(d, 'bad.pdf')), 'no output for an invalid layout')


def test_media(tool, src, args):
    media_dir = args[0]
    corpus = os.path.dirname(os.path.abspath(media_dir))
    with tempfile.TemporaryDirectory() as d:
        for f in sorted(os.listdir(media_dir)):
            if not f.endswith('.xml'):
                continue
            xml = os.path.join(media_dir, f)
            pdf = os.path.join(d, f[:-4] + '.pdf')
            r, lines = render(tool, xml, pdf, 'druckversion', ('--media-root', corpus))
            err = r.stderr.decode(errors='replace')
            check(r.returncode == 0, f'{f}: renders ({err.strip()})')
            captions = [l for l in lines if l['role'] == 'caption']
            check(bool(captions), f'{f}: has a caption')
            images = run(['pdfimages', '-list', pdf]).stdout.decode().splitlines()[2:]
            root = ET.parse(xml).getroot()
            wanted = len(root.findall('.//media'))
            if 'fehlt' in f:
                check(re.search(r'bild-fehlt\.jpg', err) and 'warning' in err, f'{f}: warns about the missing image: {err}')
                check(len(images) == wanted - 1, f'{f}: no image for the missing file')
                ops = run(['qpdf', '--qdf', '--object-streams=disable', pdf, '-'], ).stdout
                check(b' re' in ops and b'\nS\n' in ops.replace(b' S\n', b'\nS\n'), f'{f}: a framed placeholder is drawn')
            else:
                check(len(images) >= wanted, f'{f}: {wanted} image(s) embedded, pdfimages lists {len(images)}')


def main():
    tool, src, what, args = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    {'grid': test_grid, 'change': test_change, 'media': test_media}[what](tool, src, args)
    print(f'{len(PASSED)} passed, {len(FAILED)} failed')
    sys.exit(1 if FAILED else 0)


if __name__ == '__main__':
    main()
