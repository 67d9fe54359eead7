#!/usr/bin/python3
"""End-to-end tests of `satzwerk batch`.

    batch_test.py SATZWERK SOURCE_DIR [CORPUS_DIR]

SOURCE_DIR is the checkout (samples/, fonts/, data/, layouts/); CORPUS_DIR, when
given, adds a few corpus articles. Prints one line per failure and a closing
line "N passed, N failed"; exit status 1 when anything failed.
"""
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

PASSED, FAILED = [], []
EPOCH = '1567080000'


def check(ok, what):
    (PASSED if ok else FAILED).append(what)
    if not ok:
        print('FAIL:', what, flush=True)
    return ok


def run(cmd, env=None, **kw):
    e = dict(os.environ)
    e['SOURCE_DATE_EPOCH'] = EPOCH
    e.update(env or {})
    return subprocess.run(cmd, capture_output=True, env=e, **kw)


def digests(folder, ext=('.pdf',)):
    out = {}
    for f in sorted(os.listdir(folder)):
        if f.endswith(ext):
            out[f] = hashlib.sha256(open(os.path.join(folder, f), 'rb').read()).hexdigest()
    return out


def leftovers(folder):
    """Temporary files (".NAME.XXXXXX") in folder and its state folder."""
    found = []
    for root, _dirs, files in os.walk(folder):
        found += [os.path.join(root, f) for f in files if f.startswith('.')]
    return found


def report(path):
    with open(path, encoding='utf-8') as f:
        return json.load(f)


def good_first(folder):
    return sorted(f for f in os.listdir(folder) if f.endswith('.xml'))[0]


def is_nitf(path):
    with open(path, 'rb') as f:
        return b'<nitf' in f.read(4096)


def qpdf_ok(pdf):
    r = subprocess.run(['qpdf', '--check', pdf], capture_output=True)
    return r.returncode == 0


def main():
    tool, src = sys.argv[1], sys.argv[2]
    corpus = sys.argv[3] if len(sys.argv) > 3 else None
    samples = os.path.join(src, 'samples')
    with tempfile.TemporaryDirectory() as d:
        # The input set: samples/ plus a few corpus articles in their own folder.
        inp = os.path.join(d, 'in')
        # Articles only: samples/ may also hold issue manifests, a later input kind.
        os.mkdir(inp)
        for f in sorted(os.listdir(samples)):
            if f.endswith('.xml') and is_nitf(os.path.join(samples, f)):
                shutil.copy(os.path.join(samples, f), inp)
        if corpus and os.path.isdir(corpus):
            extra = os.path.join(inp, 'corpus')
            os.mkdir(extra)
            for f in sorted(os.listdir(corpus))[-8:]:
                if f.endswith('.xml') and not os.path.exists(os.path.join(inp, f)):
                    shutil.copy(os.path.join(corpus, f), extra)
        xml_count = sum(1 for _r, _d, fs in os.walk(inp) for f in fs if f.endswith('.xml'))

        # ---- -j1 and -j2 give byte-identical outputs; reports in input order
        o1, o2 = os.path.join(d, 'o1'), os.path.join(d, 'o2')
        r1 = run([tool, 'batch', inp, '-o', o1, '-j1', '--report', os.path.join(d, 'r1.json'), '--quiet'])
        r2 = run([tool, 'batch', inp, '-o', o2, '-j', '2', '--report', os.path.join(d, 'r2.json'),
                  '--junit', os.path.join(d, 'r2.xml')])
        check(r1.returncode == 0 and r2.returncode == 0,
              f'clean batches exit 0 (got {r1.returncode}, {r2.returncode}: {r2.stderr[-500:]!r})')
        check(r1.stderr == b'', f'--quiet prints nothing on success (got {r1.stderr[:200]!r})')
        log = r2.stderr.decode('utf-8', 'replace').splitlines()
        check(sum(1 for l in log if l.startswith('[')) == xml_count,
              f'without a terminal: one log line per item ({len(log)} lines for {xml_count})')
        d1, d2 = digests(o1), digests(o2)
        check(len(d1) == xml_count, f'one PDF per input ({len(d1)} of {xml_count})')
        check(d1 == d2, '-j1 and -j2 outputs are byte-identical')
        rep1, rep2 = report(os.path.join(d, 'r1.json')), report(os.path.join(d, 'r2.json'))
        check([i['input'] for i in rep1['results']] == [i['input'] for i in rep2['results']],
              'report order is input order, not completion order')
        check(rep2['threads'] == 2 and rep2['built'] == xml_count and rep2['failed'] == 0,
              f"report counts ({rep2['threads']} threads, {rep2['built']} built)")
        check(all(i['pages'] >= 1 and i['status'] == 'built' for i in rep2['results']), 'report: pages and status')
        ET.parse(os.path.join(d, 'r2.xml'))
        check(True, 'JUnit XML parses')

        # ---- --shard 1/3, 2/3, 3/3 cover every input exactly once (one shared output folder)
        osh = os.path.join(d, 'osh')
        seen = []
        for k in (1, 2, 3):
            r = run([tool, 'batch', inp, '-o', osh, '--shard', f'{k}/3', '--quiet',
                     '--report', os.path.join(d, f'rs{k}.json')])
            rep = report(os.path.join(d, f'rs{k}.json'))
            check(r.returncode == 0 and rep['inputs_total'] == xml_count and rep['shard'] == f'{k}/3',
                  f'shard {k}/3 runs')
            seen += [i['input'] for i in rep['results']]
        check(len(seen) == xml_count and len(set(seen)) == xml_count, 'shards cover every input exactly once')
        check(digests(osh) == digests(o2), 'shards together give the same PDFs as one run')

        # ---- a rerun with nothing changed rebuilds nothing
        before = {f: os.stat(os.path.join(o1, f)).st_mtime_ns for f in d1}
        r = run([tool, 'batch', inp, '-o', o1, '--report', os.path.join(d, 'r3.json'), '--quiet'])
        rep = report(os.path.join(d, 'r3.json'))
        check(r.returncode == 0 and rep['built'] == 0 and rep['up_to_date'] == xml_count,
              f"rerun: nothing rebuilt (built {rep['built']}, up to date {rep['up_to_date']})")
        check(all(i['status'] == 'up-to-date' and i['pages'] >= 1 for i in rep['results']),
              'rerun: every item up-to-date with its page count')
        check(before == {f: os.stat(os.path.join(o1, f)).st_mtime_ns for f in d1}, 'rerun: no PDF touched')

        # ---- one changed input rebuilds only that one; --force rebuilds all
        changed = os.path.join(inp, sorted(f for f in os.listdir(inp) if f.endswith('.xml'))[0])
        with open(changed, 'ab') as f:
            f.write(b'\n<!-- changed -->\n')
        r = run([tool, 'batch', inp, '-o', o1, '--report', os.path.join(d, 'r4.json'), '--quiet'])
        rep = report(os.path.join(d, 'r4.json'))
        check(rep['built'] == 1 and [i['input'] for i in rep['results'] if i['status'] == 'built'] == [changed],
              f"a changed input rebuilds that input only (built {rep['built']})")
        r = run([tool, 'batch', inp, '-o', o1, '--force', '--report', os.path.join(d, 'r5.json'), '--quiet'])
        check(report(os.path.join(d, 'r5.json'))['built'] == xml_count, '--force rebuilds all')
        os.remove(os.path.join(o1, sorted(d1)[1]))
        r = run([tool, 'batch', inp, '-o', o1, '--report', os.path.join(d, 'r6.json'), '--quiet'])
        check(report(os.path.join(d, 'r6.json'))['built'] == 1, 'a deleted output is rebuilt')

        # ---- a changed image rebuilds the article that shows it, and only that one
        media = os.path.join(os.path.dirname(corpus), 'media') if corpus else ''
        if os.path.isfile(os.path.join(media, 'garten.jpg')) and os.path.isfile(os.path.join(media, 'garten-klein.jpg')):
            im = os.path.join(d, 'img')
            os.mkdir(im)
            shutil.copy(os.path.join(media, 'garten-klein.jpg'), os.path.join(im, 'bild.jpg'))
            article = open(os.path.join(inp, good_first(inp)), 'rb').read()
            fig = (b'<media media-type="image"><media-reference source="bild.jpg" alternate-text="Garten"/>'
                   b'<media-caption>Ein Garten.</media-caption></media>')
            with open(os.path.join(im, 'mit-bild.xml'), 'wb') as f:
                f.write(article.replace(b'</body.content>', fig + b'</body.content>', 1))
            shutil.copy(os.path.join(inp, good_first(inp)), os.path.join(im, 'ohne-bild.xml'))
            oi = os.path.join(d, 'oi')
            run([tool, 'batch', im, '-o', oi, '--quiet'])
            shutil.copy(os.path.join(media, 'garten.jpg'), os.path.join(im, 'bild.jpg'))
            r = run([tool, 'batch', im, '-o', oi, '--quiet', '--report', os.path.join(d, 'ri.json')])
            rep = report(os.path.join(d, 'ri.json'))
            check([(os.path.basename(i['input']), i['status']) for i in rep['results']] ==
                  [('mit-bild.xml', 'built'), ('ohne-bild.xml', 'up-to-date')],
                  f"a changed image rebuilds only its article ({[i['status'] for i in rep['results']]})")

        # ---- a changed resource (one hyphenation exception more) rebuilds all
        home = os.path.join(d, 'home')
        for sub in ('fonts', 'data', 'layouts'):
            if os.path.isdir(os.path.join(src, sub)):
                shutil.copytree(os.path.join(src, sub), os.path.join(home, sub))
        r = run([tool, 'batch', inp, '-o', o1, '--report', os.path.join(d, 'r7.json'), '--quiet'],
                env={'SATZWERK_HOME': home})
        check(report(os.path.join(d, 'r7.json'))['built'] == 0, 'an identical copy of the resources rebuilds nothing')
        with open(os.path.join(home, 'data', 'hyphenation', 'exceptions-de.txt'), 'a', encoding='utf-8') as f:
            f.write('Satz=werk-test\n')
        r = run([tool, 'batch', inp, '-o', o1, '--report', os.path.join(d, 'r8.json'), '--quiet'],
                env={'SATZWERK_HOME': home})
        rep = report(os.path.join(d, 'r8.json'))
        check(r.returncode == 0 and rep['built'] == xml_count,
              f"a changed hyphenation exception rebuilds all (built {rep['built']} of {xml_count})")
        r = run([tool, 'batch', inp, '-o', o1, '--report', os.path.join(d, 'r9.json'), '--quiet'],
                env={'SATZWERK_EPOCH_UNUSED': '1', 'SOURCE_DATE_EPOCH': '1600000000'})
        check(report(os.path.join(d, 'r9.json'))['built'] == xml_count, 'another SOURCE_DATE_EPOCH rebuilds all')

        # ---- a bad article among good ones: exit 1, good PDFs, the report names the bad one
        mixed = os.path.join(d, 'mixed')
        os.mkdir(mixed)
        good = sorted(f for f in os.listdir(inp) if f.endswith('.xml'))[:3]
        for f in good:
            shutil.copy(os.path.join(inp, f), mixed)
        bad = os.path.join(mixed, 'b-kaputt.xml')
        with open(bad, 'wb') as f:
            f.write(b'<?xml version="1.0"?>\n<html><p>x</p></html>\n')
        om = os.path.join(d, 'om')
        r = run([tool, 'batch', mixed, os.path.join(d, 'fehlt.xml'), '-o', om, '-j2',
                 '--report', os.path.join(d, 'rm.json'), '--junit', os.path.join(d, 'rm.xml')])
        check(r.returncode == 1, f'bad inputs among good ones: exit 1 (got {r.returncode})')
        err = r.stderr.decode('utf-8', 'replace')
        check('b-kaputt.xml:2: root element is <html>, expected <nitf>' in err, 'the error is printed FILE:LINE')
        check(sorted(digests(om)) == sorted(f[:-4] + '.pdf' for f in good), 'the good PDFs are there, no bad one')
        rep = report(os.path.join(d, 'rm.json'))
        failed = [i for i in rep['results'] if i['status'] == 'failed']
        check([i['input'] for i in failed] == [bad, os.path.join(d, 'fehlt.xml')] and rep['failed'] == 2,
              f'the report names the bad inputs ({[i["input"] for i in failed]})')
        check(all('error' in i and i['error'].startswith(i['input'] + ':') for i in failed), 'errors are FILE:LINE:')
        junit = ET.parse(os.path.join(d, 'rm.xml')).getroot()
        cases = junit.findall('.//testcase')
        check(len(cases) == 5 and sum(1 for c in cases if c.find('failure') is not None) == 2,
              'JUnit: one testcase per input, the bad ones with <failure>')
        check(junit.find('testsuite').get('failures') == '2', 'JUnit: failures counted')

        # ---- a batch killed with SIGKILL mid-run, rerun: the complete set of valid PDFs, no temp files
        ok = os.path.join(d, 'ok')
        big = os.path.join(d, 'big')
        os.mkdir(big)
        n = 0
        for rep_i in range(3):
            for f in sorted(os.listdir(inp)):
                if f.endswith('.xml'):
                    shutil.copy(os.path.join(inp, f), os.path.join(big, f'{rep_i}-{f}'))
                    n += 1
        e = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
        p = subprocess.Popen([tool, 'batch', big, '-o', ok, '-j2', '--quiet'], env=e,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 20
        while time.time() < deadline and p.poll() is None:
            if os.path.isdir(ok) and sum(1 for f in os.listdir(ok) if f.endswith('.pdf')) >= 3:
                break
            time.sleep(0.002)
        killed = p.poll() is None
        if killed:
            p.send_signal(signal.SIGKILL)
        p.wait()
        partial = [f for f in os.listdir(ok) if f.endswith('.pdf')] if os.path.isdir(ok) else []
        check(killed and len(partial) < n, f'the batch was killed mid-run ({len(partial)} of {n} PDFs)')
        check(all(qpdf_ok(os.path.join(ok, f)) for f in partial), 'a killed batch leaves only valid PDFs')
        r = run([tool, 'batch', big, '-o', ok, '-j2', '--quiet', '--report', os.path.join(d, 'rk.json')])
        rep = report(os.path.join(d, 'rk.json'))
        pdfs = sorted(f for f in os.listdir(ok) if f.endswith('.pdf'))
        check(r.returncode == 0 and len(pdfs) == n, f'the rerun completes the set ({len(pdfs)} of {n})')
        check(rep['up_to_date'] >= len(partial) - 2, f"the rerun keeps what was finished ({rep['up_to_date']} kept)")
        check(all(qpdf_ok(os.path.join(ok, f)) for f in pdfs), 'qpdf --check passes for every PDF')
        check(not leftovers(ok), f'no temporary files are left ({leftovers(ok)[:3]})')

        # ---- the same base name twice: unique names, the same on every run
        twin = os.path.join(d, 'twin')
        for sub in ('x', 'y'):
            os.makedirs(os.path.join(twin, sub))
            shutil.copy(os.path.join(inp, good[0]), os.path.join(twin, sub, 'artikel.xml'))
        ot = os.path.join(d, 'ot')
        r = run([tool, 'batch', twin, '-o', ot, '--quiet'])
        names = sorted(digests(ot))
        check(r.returncode == 0 and len(names) == 2 and all(n.startswith('artikel-') for n in names),
              f'colliding base names get unique names ({names})')

        # ---- previews
        op = os.path.join(d, 'op')
        # (scripts/setup.sh installs poppler-cpp, so the preview module must be there)
        r = run([tool, 'batch', os.path.join(mixed, good[0]), '-o', op, '--preview', '--quiet'])
        png = os.path.join(op, good[0][:-4] + '.png')
        check(r.returncode == 0 and os.path.exists(png) and open(png, 'rb').read(8) == b'\x89PNG\r\n\x1a\n',
              f'--preview writes a PNG of page 1 ({r.stderr.decode(errors="replace")[-200:]})')
        r = run([tool, 'batch', os.path.join(mixed, good[0]), '-o', op, '--preview', '--report',
                 os.path.join(d, 'rp.json'), '--quiet'])
        check(report(os.path.join(d, 'rp.json'))['up_to_date'] == 1, '--preview rerun: up to date')

        # ---- --sync: syncfs once at the end, and only when asked for (strace: scripts/setup.sh --test)
        for flag, want in (([], 0), (['--sync'], 1)):
            osync = os.path.join(d, 'osync' + ''.join(flag))
            r = subprocess.run(['strace', '-f', '-qq', '-e', 'trace=syncfs', tool, 'batch',
                                os.path.join(mixed, good[0]), '-o', osync, '--quiet', *flag],
                               capture_output=True, env=dict(os.environ, SOURCE_DATE_EPOCH=EPOCH))
            calls = r.stderr.decode(errors='replace').count('syncfs(')
            check(r.returncode == 0 and calls == want, f'batch {flag or "(no --sync)"}: {want} syncfs call(s) (got {calls})')

        # ---- usage errors: exit 2
        for args in ([], [inp], ['-o', o1], [inp, '-o', o1, '-j', '0'], [inp, '-o', o1, '--shard', '4/3'],
                     [inp, '-o', o1, '--bogus']):
            r = run([tool, 'batch'] + args)
            check(r.returncode == 2, f'usage error {args[-1:] or "none"}: exit 2 (got {r.returncode})')

    print(f'{len(PASSED)} passed, {len(FAILED)} failed')
    return 1 if FAILED else 0


if __name__ == '__main__':
    sys.exit(main())
