#!/usr/bin/python3
"""End-to-end tests of the compiled issue.

    issue_e2e.py SATZWERK SOURCE_DIR refs MANIFEST     page references, ads, bookmarks
    issue_e2e.py SATZWERK SOURCE_DIR bad               bad manifests, with and without --keep-going
    issue_e2e.py SATZWERK SOURCE_DIR cover             many Rubriken: the cover keeps to its page

Every check reads the PDF back (pdftotext per page, the outline with pikepdf);
the layout trace (--trace) only says which texts are entries and headlines.
Closing line: "N passed, N failed".
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

PASSED, FAILED = [], []


def check(ok, what):
    (PASSED if ok else FAILED).append(what)
    if not ok:
        print('FAIL:', what, flush=True)


def run(cmd):
    return subprocess.run(cmd, capture_output=True, env=dict(os.environ, SOURCE_DATE_EPOCH='1567080000'))


def squash(s):
    # One space for any run of white space; a line broken after a hard hyphen
    # ("Luxus-" / "Einkaufszentrum") reads like the unbroken word.
    return ' '.join(s.replace('\u00a0', ' ').replace('\u202f', ' ').split()).replace('- ', '-')


def page_texts(pdf):
    n = int(re.search(r'Pages:\s+(\d+)', run(['pdfinfo', pdf]).stdout.decode()).group(1))
    return [squash(run(['pdftotext', '-f', str(i), '-l', str(i), '-enc', 'UTF-8', pdf, '-']).stdout.decode())
            for i in range(1, n + 1)]


def trace(path):
    out = []
    for line in open(path, encoding='utf-8'):
        m = re.match(r'(\d+) (\S+) (\S+) (\S+) (\S+) (\S+) (\S+) \|(.*)\|$', line.rstrip('\n'))
        out.append(dict(page=int(m.group(1)), role=m.group(2), block=int(m.group(3)), text=m.group(8)))
    return out


def blocks(lines, role):
    """Texts of the blocks of a role, in order, with the page of their first line."""
    out, seen = [], {}
    for l in lines:
        if l['role'] != role:
            continue
        if l['block'] in seen:
            out[seen[l['block']]][1] += ' ' + l['text']
        else:
            seen[l['block']] = len(out)
            out.append([l['page'], l['text']])
    return [(p, squash(t)) for p, t in out]


def test_refs(tool, src, manifest):
    with tempfile.TemporaryDirectory() as d:
        pdf, tr = os.path.join(d, 'issue.pdf'), os.path.join(d, 'issue.trace')
        r = run([tool, 'issue', manifest, '-o', pdf, '--trace', tr])
        check(r.returncode == 0, f'the issue builds: {r.stderr.decode(errors="replace")[-400:]}')
        if r.returncode != 0:
            return
        texts = page_texts(pdf)
        lines = trace(tr)
        headlines = blocks(lines, 'headline')
        # Where each article's headline really is, by the PDF's own text.
        def pages_with(text):
            return [i + 1 for i, t in enumerate(texts) if text in t]
        # The front matter's pages: from its headline to the next headline.
        heads = blocks(lines, 'headline')
        def pages_of(title):
            starts = [p for p, t in heads if t == title]
            if not starts:
                return []
            later = [p for p, t in heads if p > starts[0]]
            return list(range(starts[0], (min(later) if later else starts[0] + 1)))
        paragraphs = blocks(lines, 'paragraph')
        # Inhalt: entries are lines ending in a page number.
        inhalt_pages = pages_of('Inhalt')
        entries = [(p, t) for p, t in paragraphs if p in inhalt_pages and re.search(r' \d+$', t)]
        check(len(entries) >= 10, f'Inhalt has entries ({len(entries)})')
        for _, t in entries:
            title, num = re.match(r'(.*) (\d+)$', t).groups()
            check(int(num) in pages_with(title), f'Inhalt: "{title[:50]}" → S. {num} holds it (found on {pages_with(title)[:3]})')
        # Aktuelle Meldungen: a headline, then its teaser ending in "→ S. N".
        akt_pages = pages_of('Aktuelle Meldungen')
        pairs, head = [], None
        for p, t in paragraphs:
            if p not in akt_pages:
                continue
            m = re.search(r'→ S\. (\d+)$', t)
            if m and head:
                pairs.append((head, int(m.group(1))))
                head = None
            elif not m:
                head = t
        check(len(pairs) >= 5, f'Aktuelle Meldungen has page references ({len(pairs)})')
        for head, num in pairs:
            check(num in pages_with(head), f'Aktuelle Meldungen: "{head[:50]}" → S. {num} holds it')
        # Every page with an image that is an ad says "Anzeige".
        imgs = run(['pdfimages', '-list', pdf]).stdout.decode().splitlines()[2:]
        ad_labels = [p for p, t in blocks(lines, 'kicker') if t == 'Anzeige']
        for p in ad_labels:
            check('Anzeige' in texts[p - 1], f'ad page {p} carries "Anzeige"')
        # Bookmarks: Rubriken and their articles, pointing at the right pages.
        import pikepdf
        with pikepdf.open(pdf) as doc:
            page_of = {p.objgen: i + 1 for i, p in enumerate(doc.pages)}
            with doc.open_outline() as ol:
                top = [(o.title, [c.title for c in o.children], o) for o in ol.root]
                def dest_page(o):
                    d = o.destination if o.destination is not None else o.action.get('/D')
                    return page_of.get(d[0].objgen) if d is not None else None
                titles = [t for t, _, _ in top]
                import xml.etree.ElementTree as ET
                root = ET.parse(manifest).getroot()
                sections = [s.get('name') for s in root.iter('section')]
                check(all(s in titles for s in sections), f'bookmarks name every Rubrik ({titles})')
                for title, children, o in top:
                    if title in sections:
                        n = len([a for s in root.iter('section') if s.get('name') == title for a in s.iter('article')])
                        check(len(children) == n, f'bookmark {title}: {n} articles ({len(children)})')
                        for c in o.children:
                            check(dest_page(c) in pages_with(squash(c.title)),
                                  f'bookmark "{c.title[:40]}" → page {dest_page(c)} holds it')


MANIFEST = '''<?xml version="1.0" encoding="UTF-8"?>
<issue id="t" xml:lang="de-DE">
  <title>Test – Ausgabe 1</title>
  <date norm="20190901">September 2019</date>
  <sections>
    <section name="Panorama">
      <article href="a.xml"/>
      {extra_article}
    </section>
  </sections>
  <ads>{ad}</ads>
  <vendors>{vendor}</vendors>
</issue>
'''


def test_bad(tool, src, _args):
    good = os.path.join(src, 'samples', 'k21-20190829-darmstadt-labor-und-vorbild.xml')
    cases = {
        'missing article': (dict(extra_article='<article href="fehlt.xml"/>'), r':8: article "fehlt.xml" does not exist'),
        'missing ad': (dict(ad='<ad href="fehlt.pdf" size="half"/>'), r':11: ad "fehlt.pdf" does not exist'),
        'unknown Rubrik': (dict(vendor='<vendor rubrik="Sport" company="X GmbH"/>'),
                           r':12: vendor "X GmbH" names the unknown Rubrik "Sport"'),
        'listed twice': (dict(extra_article='<article href="a.xml"/>'), r':8: article "a.xml" is listed twice'),
        'outside the folder': (dict(extra_article='<article href="../aussen.xml"/>'),
                               r':8: article "../aussen.xml" lies outside the manifest\'s folder'),
    }
    with tempfile.TemporaryDirectory() as d:
        inner = os.path.join(d, 'heft')
        os.mkdir(inner)
        shutil.copy(good, os.path.join(inner, 'a.xml'))
        shutil.copy(good, os.path.join(d, 'aussen.xml'))
        for name, (fields, pattern) in cases.items():
            m = os.path.join(inner, name.replace(' ', '-') + '.xml')
            open(m, 'w', encoding='utf-8').write(MANIFEST.format(**{**dict(extra_article='', ad='', vendor=''), **fields}))
            out = os.path.join(inner, 'out.pdf')
            r = run([tool, 'issue', m, '-o', out, '--profile', 'none'])
            err = r.stderr.decode(errors='replace')
            check(r.returncode == 2 and re.search(re.escape(m) + pattern, err),
                  f'{name}: exit 2 and "{pattern}" (got {r.returncode}: {err.strip()})')
            check(not os.path.exists(out), f'{name}: no issue written without --keep-going')
            r = run([tool, 'issue', m, '-o', out, '--profile', 'none', '--keep-going'])
            err = r.stderr.decode(errors='replace')
            check(r.returncode == 1 and re.search(re.escape(m) + pattern, err) and os.path.exists(out),
                  f'{name}: --keep-going builds the issue, lists the error, exits 1 (got {r.returncode})')
            if os.path.exists(out):
                text = run(['pdftotext', out, '-']).stdout.decode()
                check('Darmstadt: Labor und Vorbild' in text, f'{name}: --keep-going keeps the good article')
                os.remove(out)


def test_cover(tool, src, _args):
    """Sixteen Rubriken of one article each: more cover lines than a page holds.
    The cover sets as many as fit, in manifest order, and page 2 is the Inhalt."""
    articles = sorted(f for f in os.listdir(os.path.join(src, 'samples')) if f.endswith('.xml') and f != 'ausgabe-2019-09.xml')
    names = [f'Rubrik {i + 1:02d}' for i in range(len(articles))]
    with tempfile.TemporaryDirectory() as d:
        sections = ''
        for name, a in zip(names, articles):
            shutil.copy(os.path.join(src, 'samples', a), os.path.join(d, a))
            sections += f'<section name="{name}"><article href="{a}"/></section>\n'
        m = os.path.join(d, 'heft.xml')
        open(m, 'w', encoding='utf-8').write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<issue id="viele" xml:lang="de-DE">\n'
            '<title>Kommune21 – Ausgabe 1/2020</title><date norm="20200101">Januar 2020</date>\n'
            f'<sections>\n{sections}</sections>\n</issue>\n')
        out = os.path.join(d, 'heft.pdf')
        r = run([tool, 'issue', m, '-o', out])
        check(r.returncode == 0, f'an issue of {len(names)} Rubriken builds: {r.stderr.decode(errors="replace")[-300:]}')
        if r.returncode != 0:
            return
        texts = page_texts(out)
        on_cover = [n for n in names if n in texts[0]]
        check(3 <= len(on_cover) < len(names), f'the cover shows some but not all {len(names)} Rubriken ({len(on_cover)})')
        check(on_cover == names[:len(on_cover)], 'the cover lines keep the manifest order')
        check(texts[1].startswith('Inhalt') or ' Inhalt ' in texts[1][:80], f'page 2 is the Inhalt ({texts[1][:80]!r})')


def main():
    tool, src, what, args = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    if what == 'refs':
        test_refs(tool, src, args[0])
    elif what == 'cover':
        test_cover(tool, src, args)
    else:
        test_bad(tool, src, args)
    print(f'{len(PASSED)} passed, {len(FAILED)} failed')
    sys.exit(1 if FAILED else 0)


if __name__ == '__main__':
    main()
