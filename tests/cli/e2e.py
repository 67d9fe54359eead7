#!/usr/bin/python3
"""End-to-end tests of the satzwerk command line, reading the PDFs back with
Debian's tools (pdftotext, pdffonts, pdfinfo, qpdf) and the shared pdfmetrics.

    e2e.py SATZWERK errors|determinism|corpus [NITF_DIR_OR_FILES…] [--metrics PDFMETRICS.py]

Prints one line per failure and a closing line "N passed, N failed".
"""
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import tempfile

PASSED, FAILED = [], []


def check(ok, what):
    (PASSED if ok else FAILED).append(what)
    if not ok:
        print('FAIL:', what, flush=True)


def run(cmd, env=None, **kw):
    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run(cmd, capture_output=True, env=e, **kw)


def render(tool, xml, pdf, epoch='1567080000'):
    return run([tool, 'article', xml, '-o', pdf], env={'SOURCE_DATE_EPOCH': epoch})


# ------------------------------------------------------------------ errors
def test_errors(tool, _args):
    with tempfile.TemporaryDirectory() as d:
        cases = {
            'missing': (os.path.join(d, 'fehlt.xml'), None, r'fehlt\.xml:0: cannot open file'),
            'empty': (os.path.join(d, 'leer.xml'), b'', r'leer\.xml:0: file is empty'),
            'malformed': (os.path.join(d, 'kaputt.xml'), b'<nitf>\n<body>\n<p>offen</body>\n</nitf>\n',
                          r'kaputt\.xml:\d+: malformed XML'),
            'wrong root': (os.path.join(d, 'html.xml'), b'<?xml version="1.0"?>\n<html><p>x</p></html>\n',
                           r'html\.xml:2: root element is <html>, expected <nitf>'),
            'no text': (os.path.join(d, 'ohne.xml'), b'<nitf>\n<head/>\n<body>\n<body.content/>\n</body>\n</nitf>\n',
                        r'ohne\.xml:3: article has no text'),
        }
        for name, (path, content, pattern) in cases.items():
            if content is not None:
                with open(path, 'wb') as f:
                    f.write(content)
            out = os.path.join(d, name.replace(' ', '_') + '.pdf')
            r = render(tool, path, out)
            lines = r.stderr.decode('utf-8', 'replace').splitlines()
            check(r.returncode == 2, f'{name}: exit status 2 (got {r.returncode})')
            check(len(lines) == 1 and re.match(r'^\S+:\d+: ', lines[0] if lines else ''),
                  f'{name}: one line FILE:LINE: message (got {lines!r})')
            check(bool(lines) and re.search(pattern, lines[0]), f'{name}: message matches {pattern!r}')
            check(not os.path.exists(out), f'{name}: no output file')
        leftovers = [f for f in os.listdir(d) if f.startswith('.')]
        check(not leftovers, f'no temporary files left behind ({leftovers})')
        # An existing output is not corrupted by a failing run.
        good = os.path.join(d, 'gut.pdf')
        with open(good, 'wb') as f:
            f.write(b'%PDF-old')
        r = render(tool, cases['malformed'][0], good)
        check(r.returncode == 2 and open(good, 'rb').read() == b'%PDF-old', 'a failing run leaves an existing file intact')
        r = run([tool, 'article'])
        check(r.returncode == 2, 'usage error exits 2')


# ------------------------------------------------------------------ determinism
def pdf_id(path):
    data = open(path, 'rb').read()
    m = re.search(rb'/ID\s*\[\s*<([0-9A-Fa-f]+)>', data)
    return m.group(1) if m else None


def test_determinism(tool, args):
    a, b = args[0], args[1]
    with tempfile.TemporaryDirectory() as d:
        p1, p2, p3, p4 = (os.path.join(d, n) for n in ('a1.pdf', 'a2.pdf', 'b.pdf', 'a3.pdf'))
        for x, p in ((a, p1), (a, p2), (b, p3)):
            check(render(tool, x, p).returncode == 0, f'renders {os.path.basename(x)}')
        check(open(p1, 'rb').read() == open(p2, 'rb').read(), 'same input and SOURCE_DATE_EPOCH: byte-identical PDF')
        check(pdf_id(p1) is not None and pdf_id(p1) != pdf_id(p3), 'different articles: different document IDs')
        render(tool, a, p4, epoch='1600000000')
        check(open(p1, 'rb').read() != open(p4, 'rb').read(), 'SOURCE_DATE_EPOCH reaches the PDF dates')


# ------------------------------------------------------------------ corpus
def nitf_title(xml):
    import xml.etree.ElementTree as ET
    root = ET.parse(xml).getroot()
    t = root.find('head/title')
    return ' '.join(''.join(t.itertext()).split()) if t is not None else None


# The elements pdfmetrics reads the source words from.
TEXT_PATHS = ('body.head/hedline/hl1', 'body.head/byline', 'body.head/abstract/p', 'body.content/p',
              'body.end/tagline')


def normalised_copy(tool, xml, out):
    """The article with its text as `satzwerk normalize` sets it (1914–1999, u. a., „…“),
    so that text fidelity compares what the PDF must say word for word."""
    import xml.etree.ElementTree as ET
    tree = ET.parse(xml)
    root = tree.getroot()
    lang = root.get('{http://www.w3.org/XML/1998/namespace}lang', 'de-DE')
    body = root.find('body')
    els = [el for p in TEXT_PATHS for el in body.findall(p)]
    texts = [' '.join(''.join(el.itertext()).split()) for el in els]
    r = run([tool, 'normalize', '--lang', lang], input='\n'.join(texts).encode())
    norm = r.stdout.decode().split('\n')
    if r.returncode != 0 or len(norm) != len(texts):
        raise RuntimeError(f'normalize failed on {xml}')
    for el, t in zip(els, norm):
        for c in list(el):
            el.remove(c)
        el.text = t
    tree.write(out, encoding='utf-8', xml_declaration=True)


def fidelity(metrics, pdf, xml):
    m = run(['/usr/bin/python3', metrics, pdf, '--nitf', xml, '--json', '-'])
    if m.returncode != 0:
        raise RuntimeError(f'pdfmetrics failed: {m.stderr.decode(errors="replace")[-300:]}')
    return json.loads(m.stdout.decode())


def check_one(tool, metrics, xml, d):
    name = os.path.basename(xml)[:-4]
    pdf = os.path.join(d, name + '.pdf')
    problems = []
    r = render(tool, xml, pdf)
    if r.returncode != 0:
        return name, [f'render failed: {r.stderr.decode(errors="replace").strip()}'], None
    norm_xml = os.path.join(d, name + '.normalised.xml')
    try:
        normalised_copy(tool, xml, norm_xml)
        j = fidelity(metrics, pdf, norm_xml)
        raw = fidelity(metrics, pdf, xml)['text']
    except RuntimeError as e:
        return name, [str(e)], None
    j['raw_text'] = raw
    text, layout = j.get('text', {}), j.get('layout', {})
    if text.get('words_found_pct') != 100.0:
        problems.append(f"text fidelity {text.get('words_found_pct')} % missing {text.get('missing_examples')}")
    if text.get('ligature_codepoints') or text.get('replacement_chars') or text.get('private_use_chars'):
        problems.append(f"text has ligature, replacement or private-use characters: {text}")
    if layout.get('overfull_lines') != 0:
        problems.append(f"overfull lines {layout.get('overfull_lines')}: {layout.get('overfull_examples')}")
    fonts = run(['pdffonts', pdf]).stdout.decode().splitlines()[2:]
    for f in fonts:
        cols = f.split()
        # name type… emb sub uni object-id: emb/sub/uni are the 5th–3rd columns from the end
        if cols[-5:-2] != ['yes', 'yes', 'yes']:
            problems.append(f'font not embedded/subset/ToUnicode: {f}')
    if not fonts:
        problems.append('no fonts')
    q = run(['qpdf', '--check', pdf])
    qout = q.stdout.decode() + q.stderr.decode()
    # qpdf exits 0 only when it found neither errors nor warnings (3: warnings, 2: errors).
    if q.returncode != 0 or 'WARNING' in qout or 'No syntax or stream encoding errors found' not in qout:
        problems.append('qpdf: ' + qout.strip()[-300:])
    info = run(['pdfinfo', pdf]).stdout.decode('utf-8', 'replace')
    title = nitf_title(xml)
    m2 = re.search(r'^Title:\s*(.*)$', info, re.M)
    if not m2 or (title and m2.group(1).strip() != title):
        problems.append(f'pdfinfo title {m2.group(1) if m2 else None!r} != {title!r}')
    return name, problems, j


def test_corpus(tool, args):
    metrics = os.environ.get('PDFMETRICS')
    files = []
    for a in args:
        if os.path.isdir(a):
            # articles only: an issue manifest in the folder is the issue tests' business
            files += sorted(os.path.join(a, f) for f in os.listdir(a)
                            if f.endswith('.xml') and b'<nitf' in open(os.path.join(a, f), 'rb').read(4096))
        else:
            files.append(a)
    check(bool(files), 'corpus has articles')
    gaps, raw_exact, raw_missing = [], 0, []
    with tempfile.TemporaryDirectory() as d, concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 2) as ex:
        for name, problems, j in ex.map(lambda x: check_one(tool, metrics, x, d), files):
            check(not problems, f'{name}: ' + '; '.join(problems) if problems else name)
            if not j:
                continue
            gaps += j.get('layout', {}).get('gaps_em', [])
            if j['raw_text'].get('words_found_pct') == 100.0:
                raw_exact += 1
            else:
                raw_missing += j['raw_text'].get('missing_examples', [])
    if gaps:
        import statistics
        print(f'articles: {len(files)}; pooled word gaps: mean {statistics.mean(gaps):.3f} em, '
              f'sd {statistics.pstdev(gaps):.3f} em')
    print(f'unnormalised source words all found in {raw_exact} of {len(files)} articles; '
          f'the others differ only by normalisation: {raw_missing}')


def main():
    tool, what, args = sys.argv[1], sys.argv[2], sys.argv[3:]
    {'errors': test_errors, 'determinism': test_determinism, 'corpus': test_corpus}[what](tool, args)
    print(f'{len(PASSED)} passed, {len(FAILED)} failed')
    sys.exit(1 if FAILED else 0)


if __name__ == '__main__':
    main()
