#!/usr/bin/env python3
"""Hostile inputs for `satzwerk article` (issue 9, docs/limits.md).

    run.py SATZWERK [--sanitized] [--only NAME…]

Each case writes one input into a folder of its own, runs the command line with
resource limits (10 s, 1 GB address space; without the address-space limit and
with more time under the sanitizers) and checks the expected outcome:
  pdf   — exit 0, a PDF that qpdf --check accepts, pdftotext shows the expected
          text, stderr has the expected warnings;
  error — exit 2, one line FILE:LINE: message, and no output file (an existing
          one stays untouched, no temporary file is left behind).
With strace available, every file the process opens is checked: nothing outside
the input's folder, the output folder, the resources (fonts/, data/, layouts/)
and the system's own files (/usr, /lib, /etc, /proc, /sys, /dev/null, /dev/urandom).
Big inputs (50 MB, 10,000 paragraphs) are generated here, not kept in git.
Fuzz findings in regressions/article/ are replayed as well: exit 0 or 2, in time.
"""
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))

HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<nitf xml:lang="de-DE">\n'
def article(body, head='', hl='Überschrift', decl=HEAD):
    return (decl + f'<head>{head}</head>\n<body><body.head><hedline><hl1>{hl}</hl1></hedline></body.head>\n'
            f'<body.content>\n{body}\n</body.content></body></nitf>\n')

def nested(depth):
    return article('<p>' + '<em>' * depth + 'tief' + '</em>' * depth + '</p>')

def big_article(megabytes):
    para = '<p>' + 'Ein ganz gewöhnlicher Satz mit einigen Wörtern darin. ' * 30 + '</p>\n'
    n = megabytes * 1024 * 1024 // len(para.encode()) + 1
    return article(para * n)

# Set when the page stage reports missing glyphs through Document::warnings;
# until then the warning is checked only when present (the replacement always).
MISSING_GLYPH_WARNING_REQUIRED = True

CASES = []
def case(name, data, expect, text=(), no_text=(), warn=(), error=None, env=None, fname='artikel.xml',
         setup=None, out='out.pdf', xfail=None, timeout=10):
    CASES.append(dict(name=name, data=data, expect=expect, text=text, no_text=no_text, warn=warn,
                      error=error, env=env or {}, fname=fname, setup=setup, out=out, xfail=xfail,
                      timeout=timeout))

SECRET = 'GEHEIMNIS-4711'

# --- baseline and plain errors ---------------------------------------------------
case('baseline', article('<p>Ein Absatz über die Auflage.</p>'), 'pdf', text=['Überschrift', 'Absatz'])
case('empty-file', b'', 'error', error=r':0: file is empty')
case('truncated-xml', article('<p>Ein Absatz')[:-40], 'error', error=r':\d+: malformed XML')
case('wrong-root', '<?xml version="1.0"?>\n<html><p>x</p></html>\n', 'error', error=r':2: root element is <html>')
case('duplicate-attribute', article('<p class="a" class="b">Text</p>'), 'error', error=r':\d+: malformed XML')
case('fifo-input', None, 'error', error=r'not a regular file', setup='fifo')
case('existing-output-kept', b'', 'error', error=r'file is empty', setup='old-output')

# --- entities and DOCTYPEs: nothing is expanded, nothing read ----------------------
case('doctype-external-dtd',
     '<?xml version="1.0"?>\n<!DOCTYPE nitf SYSTEM "../geheim/nitf.dtd">\n' + article('<p>Text</p>', decl='<nitf>\n'),
     'pdf', text=['Text'], no_text=[SECRET])
case('external-entity',
     '<?xml version="1.0"?>\n<!DOCTYPE nitf [\n<!ENTITY x SYSTEM "../geheim/passwd">\n]>\n'
     + article('<p>&x;</p>', decl=''), 'error', error=r':2: DOCTYPE with an internal subset')
case('external-entity-file-uri',
     '<?xml version="1.0"?>\n<!DOCTYPE nitf [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
     + article('<p>&x;</p>', decl=''), 'error', error=r':2: DOCTYPE with an internal subset')
case('billion-laughs',
     '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
     + ''.join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">\n' for i in range(1, 10))
     + ']>\n' + article('<p>&lol9;</p>', decl=''), 'error', error=r':2: DOCTYPE with an internal subset')
case('undefined-entity', article('<p>Vorher &lol9; nachher</p>'), 'pdf', text=['Vorher', 'nachher'],
     warn=[r':\d+: entity &lol9; is not defined'])

# --- encodings ----------------------------------------------------------------------
case('invalid-utf8', article('<p>Gr\udcfc\udcdfe</p>').encode('utf-8', 'surrogateescape'), 'error',
     error=r':6: invalid UTF-8 at byte \d+ \(0xFC\)')
case('overlong-utf8', article('<p>x</p>').encode().replace(b'<p>x', b'<p>\xc0\xafx'), 'error',
     error=r':6: invalid UTF-8')
case('utf8-bom', b'\xef\xbb\xbf' + article('<p>Grüße mit BOM</p>').encode(), 'pdf', text=['Grüße mit BOM'])
case('iso-8859-1', article('<p>Grüße aus Köln</p>', decl='<?xml version="1.0" encoding="ISO-8859-1"?>\n<nitf>\n')
     .encode('latin-1'), 'pdf', text=['Grüße aus Köln'])
case('iso-8859-15', article('<p>Preis: 5 €</p>', decl='<?xml version="1.0" encoding="iso-8859-15"?>\n<nitf>\n')
     .encode('iso8859-15'), 'pdf', text=['5 €'])
case('windows-1252', article('<p>Preis 5 € – „gut“</p>', decl="<?xml version='1.0' encoding='windows-1252'?>\n<nitf>\n")
     .encode('cp1252'), 'pdf', text=['€', 'gut'])
case('utf16le-bom', b'\xff\xfe' + article('<p>Grüße in UTF-16</p>',
     decl='<?xml version="1.0" encoding="UTF-16"?>\n<nitf>\n').encode('utf-16-le'), 'pdf', text=['Grüße in UTF-16'])
case('utf16be-bom', b'\xfe\xff' + article('<p>Grüße big endian</p>',
     decl='<?xml version="1.0" encoding="UTF-16"?>\n<nitf>\n').encode('utf-16-be'), 'pdf', text=['Grüße big endian'])
case('utf16le-no-bom', article('<p>Ohne BOM</p>', decl='<?xml version="1.0" encoding="UTF-16"?>\n<nitf>\n')
     .encode('utf-16-le'), 'pdf', text=['Ohne BOM'])
case('utf16-unpaired-surrogate', b'\xff\xfe' + article('<p>X</p>').encode('utf-16-le').replace(
     'X'.encode('utf-16-le'), b'\x00\xd8'), 'error', error=r':6: invalid UTF-16')
case('utf16-declared-no-bom', article('<p>x</p>', decl='<?xml version="1.0" encoding="UTF-16"?>\n<nitf>\n'),
     'error', error=r':1: encoding "utf-16" declared')
case('unsupported-encoding', article('<p>x</p>', decl='<?xml version="1.0" encoding="Shift_JIS"?>\n<nitf>\n'),
     'error', error=r':1: encoding "shift_jis" is not supported')

# --- control and invisible characters ----------------------------------------------
case('control-characters', article('<p>Klin\x07gel\x1b und \x01Text\x7f.</p>'), 'pdf', text=['Klingel und Text'],
     warn=[r':6: control characters removed: U\+0001 U\+0007 U\+001B U\+007F'])
case('nul-bytes', article('<p>Null\x00byte</p>'), 'pdf', text=['Nullbyte'], warn=[r'U\+0000'])
case('bad-character-references', article('<p>A&#1;B &#xD800; C&#x7;D</p>'), 'pdf', text=['AB', 'CD'],
     warn=[r'control characters removed'])
case('soft-hyphen-zero-width', article('<p>Zu\u00adsam\u200bmen\u200darbeit und Auf\u200clage \ufeffdes Blattes.</p>'),
     'pdf', text=['Auflage'], no_text=['\ufffd'])

# --- size and nesting limits --------------------------------------------------------
case('nesting-20000', '<?xml version="1.0"?>\n<nitf>' + '<x>' * 20000 + '</x>' * 20000 + '</nitf>\n', 'error',
     error=r':2: elements nested more than 100 deep')
case('nesting-limit-env', nested(10), 'error', env={'SATZWERK_MAX_DEPTH': '8'},
     error=r':\d+: elements nested \d+ deep, more than the limit of 8 \(SATZWERK_MAX_DEPTH\)')
case('input-50mb', lambda: big_article(50), 'error', error=r':0: file has \d+ bytes, more than the limit of 8 MiB')
case('input-limit-env', lambda: big_article(2), 'error', env={'SATZWERK_MAX_INPUT_MB': '1'},
     error=r'more than the limit of 1 MiB \(SATZWERK_MAX_INPUT_MB\)')
case('paragraphs-10000', lambda: article(''.join(f'<p>Wort{i}</p>\n' for i in range(10000))), 'pdf',
     text=['Wort0', 'Wort9999'])
case('word-200000', article('<p>Vorher ' + 'a' * 200000 + ' nachher</p>'), 'pdf', text=['Vorher'])
case('long-attribute', article('<p>Text</p>', head='<title>' + 'T' * 1000000 + '</title>'), 'pdf', text=['Text'])
case('warning-flood', article(''.join('<blink>x</blink>' for _ in range(5000)), hl='Flut'), 'pdf',
     warn=[r'further warnings not shown'])

# --- fonts: characters the fonts do not have ----------------------------------------
case('emoji', article('<p>Lachen \U0001F600 ist gesund.</p>'), 'pdf', text=['Lachen', 'ist gesund'],
     no_text=['\U0001F600'], warn=[r':6: missing glyphs for U\+1F600'])
case('cjk', article('<p>Beijing heißt 北京.</p>'), 'pdf', text=['Beijing heißt'], warn=[r'missing glyphs for U\+4EAC'])
case('rtl-hebrew-arabic', article('<p>Schalom שלום und Salam سلام.</p>'), 'pdf', text=['Schalom', 'Salam'],
     warn=[r'missing glyphs for U\+05.*right-to-left'])

# --- links, media, dates, file names -------------------------------------------------
case('javascript-link', article('<p><a href="javascript:alert(1)">Klick</a> hier.</p>'), 'pdf', text=['Klick'],
     warn=[r':6: link target "javascript:alert\(1\)" is not an http'])
case('file-link', article('<p><a href="file:///etc/passwd">Datei</a></p>'), 'pdf', text=['Datei'],
     warn=[r'link target "file:///etc/passwd"'])
case('media-escape', article('<media><media-reference source="../geheim/bild.jpg"/>'
                             '<media-caption>Bild</media-caption></media><p>Text</p>'), 'pdf', text=['Text'],
     warn=[r'image "\.\./geheim/bild\.jpg" lies outside the article\'s folder'])
case('media-absolute-device', article('<media><media-reference source="/dev/zero"/></media><p>Text</p>'), 'pdf',
     text=['Text'], warn=[r'media source "/dev/zero"'])
case('media-file-uri', article('<media><media-reference source="file:///etc/passwd"/></media><p>Text</p>'), 'pdf',
     text=['Text'], warn=[r'media source "file:///etc/passwd"'])
case('media-symlink-escape', article('<media><media-reference source="link.jpg"/></media><p>Text</p>'), 'pdf',
     text=['Text'], setup='symlink')
case('absurd-dates', article('<p>Text</p>', head='<docdata><date.issue norm="99999999T999999"/></docdata>'), 'pdf',
     text=['Text'], warn=[r'date.issue norm="99999999T999999" is not a date'])
case('february-31', article('<p>Text</p>', head='<docdata><date.issue norm="20190231T250000"/></docdata>'), 'pdf',
     text=['Text'], warn=[r'is not a date'])
case('bad-time', article('<p>Text</p>', head='<docdata><date.issue norm="20190829T256199"/></docdata>'), 'pdf',
     text=['Text'], warn=[r'has no valid time of day'])
case('file-name-spaces-umlauts', article('<p>Grüße</p>'), 'pdf', text=['Grüße'],
     fname='Grüße aus Köln – Bericht 1.xml', out='Ausgabe Ä ö.pdf')


def limits(sanitized):
    def apply():
        os.setsid()
        if not sanitized:
            resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        resource.setrlimit(resource.RLIMIT_FSIZE, (200 << 20, 200 << 20))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    return apply


ALLOWED_SYSTEM = ('/usr/', '/lib/', '/lib64/', '/etc/', '/proc/', '/sys/', '/dev/null', '/dev/urandom', '/dev/tty')

def outside_reads(trace_file, allowed, cwd):
    bad = []
    if not os.path.exists(trace_file):
        return bad
    pat = re.compile(r'open(?:at|at2)?\((?:[A-Z_0-9]+, )?"((?:[^"\\]|\\.)*)"')
    for line in open(trace_file, encoding='utf-8', errors='replace'):
        m = pat.search(line)
        if not m or 'ENOENT' in line and '/geheim' not in m.group(1):
            continue
        path = m.group(1).encode('latin-1', 'backslashreplace').decode('unicode_escape').encode('latin-1').decode(
            'utf-8', 'replace')
        real = os.path.realpath(os.path.join(cwd, path))
        if real.startswith(ALLOWED_SYSTEM) and '/geheim' not in real:
            continue
        if any(real == a or real.startswith(a + os.sep) for a in allowed):
            continue
        bad.append(real)
    return bad


def run_case(exe, c, base, sanitized, strace):
    folder = os.path.join(base, c['name'])
    indir, outdir, secret = (os.path.join(folder, d) for d in ('in', 'out', 'geheim'))
    for d in (indir, outdir, secret):
        os.makedirs(d)
    for f in ('passwd', 'nitf.dtd', 'bild.jpg'):
        with open(os.path.join(secret, f), 'w') as fh:
            fh.write(SECRET + '\n')
    src = os.path.join(indir, c['fname'])
    out = os.path.join(outdir, c['out'])
    data = c['data']() if callable(c['data']) else c['data']
    if c['setup'] == 'fifo':
        os.mkfifo(src)
    else:
        with open(src, 'wb') as fh:
            fh.write(data.encode() if isinstance(data, str) else data)
    if c['setup'] == 'symlink':
        os.symlink(os.path.join('..', 'geheim', 'bild.jpg'), os.path.join(indir, 'link.jpg'))
    if c['setup'] == 'old-output':
        with open(out, 'w') as fh:
            fh.write('OLD')
    env = dict(os.environ, SOURCE_DATE_EPOCH='1567036800', SATZWERK_HOME=SOURCE, **c['env'])
    for k in ('SATZWERK_MAX_INPUT_MB', 'SATZWERK_MAX_DEPTH', 'SATZWERK_MAX_PAGES'):
        if k not in c['env']:
            env.pop(k, None)
    cmd = [exe, 'article', src, '-o', out]
    trace = os.path.join(folder, 'trace')
    if strace:
        cmd = ['strace', '-f', '-qq', '-e', 'trace=open,openat,openat2', '-o', trace] + cmd
    timeout = c['timeout'] * (6 if sanitized else 1) * (2 if strace else 1)
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                         preexec_fn=limits(sanitized), cwd=folder)
    try:
        stdout, stderr = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.communicate()
        return [f'no result within {timeout} s']
    secs = time.monotonic() - t0
    err = stderr.decode('utf-8', 'replace')
    problems = []
    if p.returncode < 0 or p.returncode not in (0, 2):
        problems.append(f'exit status {p.returncode}: {err[-400:]}')
    if 'Sanitizer' in err or 'runtime error:' in err:
        problems.append('sanitizer report: ' + err[-600:])
    for w in c['warn']:
        if not re.search(w, err):
            if 'missing glyphs' in w and not MISSING_GLYPH_WARNING_REQUIRED:
                continue
            problems.append(f'expected warning /{w}/ not in stderr: {err[-300:]!r}')
    leftovers = [f for f in os.listdir(outdir) if f != os.path.basename(out)]
    if leftovers:
        problems.append(f'files left in the output folder: {leftovers}')
    if c['expect'] == 'error':
        if p.returncode != 2:
            problems.append(f'expected exit 2, got {p.returncode}')
        lines = [l for l in err.splitlines() if not l.endswith('(warning)')]
        if not any(re.search(c['error'], l) for l in lines):
            problems.append(f'expected error /{c["error"]}/, got {err[-300:]!r}')
        if c['setup'] == 'old-output':
            if open(out).read() != 'OLD':
                problems.append('the existing output file was changed')
        elif os.path.exists(out):
            problems.append('an output file was written')
    else:
        if p.returncode != 0:
            problems.append(f'expected a PDF, got exit {p.returncode}: {err[-300:]!r}')
        elif not os.path.exists(out):
            problems.append('no output file')
        else:
            q = subprocess.run(['qpdf', '--check', out], capture_output=True)
            if q.returncode != 0:
                problems.append('qpdf --check: ' + (q.stdout + q.stderr).decode(errors='replace')[-300:])
            t = subprocess.run(['pdftotext', '-enc', 'UTF-8', out, '-'], capture_output=True)
            txt = re.sub(r'\s+', ' ', t.stdout.decode('utf-8', 'replace').replace('-\n', ''))
            for s in c['text']:
                if s not in txt:
                    problems.append(f'text {s!r} not in the PDF')
            for s in list(c['no_text']) + [SECRET]:
                if s in txt:
                    problems.append(f'text {s!r} must not be in the PDF')
            raw = open(out, 'rb').read()
            if b'javascript' in raw.lower() or b'file:' in raw.lower():
                problems.append('the PDF carries a javascript: or file: target')
    if strace:
        allowed = [os.path.realpath(indir), os.path.realpath(outdir)] + \
                  [os.path.realpath(os.path.join(SOURCE, d)) for d in ('fonts', 'data', 'layouts')]
        bad = outside_reads(trace, allowed, folder)
        if bad:
            problems.append('opened outside the allowed folders: ' + ', '.join(sorted(set(bad))[:5]))
    c['secs'] = secs
    return problems


def main():
    args = sys.argv[1:]
    if not args:
        print(__doc__)
        return 2
    exe = os.path.abspath(args.pop(0))
    sanitized = '--sanitized' in args
    only = args[args.index('--only') + 1:] if '--only' in args else []
    strace = shutil.which('strace') is not None and not sanitized
    regress = os.path.join(HERE, 'regressions', 'article')
    if os.path.isdir(regress):
        for f in sorted(os.listdir(regress)):
            data = open(os.path.join(regress, f), 'rb').read()
            # "known-…": a finding whose fix is still open (docs/limits.md, known gaps).
            xfail = 'open fuzz finding, see docs/limits.md' if f.startswith('known-') else None
            CASES.append(dict(name='regression-' + f, data=data, expect='any', text=(), no_text=(), warn=(),
                              error=None, env={}, fname='artikel.xml', setup=None, out='out.pdf', xfail=xfail,
                              timeout=10))
    failed = 0
    base = tempfile.mkdtemp(prefix='satzwerk-hostile-')
    try:
        for c in CASES:
            if only and c['name'] not in only:
                continue
            problems = run_case(exe, c, base, sanitized, strace)
            if c['expect'] == 'any':
                problems = [p for p in problems if not p.startswith(('expected a PDF', 'no output', 'text '))]
            if c['xfail']:
                status = 'XFAIL' if problems else 'XPASS'
                print(f'{status} {c["name"]}: {c["xfail"]}' + (f' ({problems[0]})' if problems else
                      ' — now passes: remove the xfail mark'))
                continue
            if problems:
                failed += 1
                print(f'FAIL {c["name"]}')
                for pr in problems:
                    print('    ' + pr)
            else:
                print(f'ok   {c["name"]} ({c.get("secs", 0):.2f} s)')
    finally:
        shutil.rmtree(base, ignore_errors=True)
    print(f'{len([c for c in CASES if not only or c["name"] in only])} hostile inputs, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
