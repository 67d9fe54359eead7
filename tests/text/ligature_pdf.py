#!/usr/bin/python3
"""Ligatures in the PDF: at morpheme joints none (Auf|lage, Kauf|leute, Schiff|fahrt),
inside a morpheme yes (offiziell); copied text gives the words back unchanged.

    ligature_pdf.py SATZWERK

Reads the glyphs back: content-stream TJ strings (2-byte CIDs) through the font's
ToUnicode map, so each glyph's text shows which letters it stands for.
Closing line: "N passed, N failed".
"""
import os
import re
import subprocess
import sys
import tempfile

import pikepdf

PASSED, FAILED = [], []


def check(ok, what):
    (PASSED if ok else FAILED).append(what)
    if not ok:
        print('FAIL:', what, flush=True)


ARTICLE = '''<?xml version="1.0" encoding="UTF-8"?>
<nitf xml:lang="de-DE"><head><title>Ligaturen</title></head>
<body><body.head><hedline><hl1>Ligaturen</hl1></hedline></body.head>
<body.content><p>Auflage Schifffahrt Kaufleute offiziell</p></body.content></body></nitf>
'''


def to_unicode(font):
    cmap = font.ToUnicode.read_bytes().decode('latin-1')
    out = {}
    for block in re.findall(r'beginbfchar(.*?)endbfchar', cmap, re.S):
        for cid, uni in re.findall(r'<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]+)>', block):
            out[int(cid, 16)] = bytes.fromhex(uni).decode('utf-16-be')
    return out


def glyph_texts(pdf):
    """The text of every glyph shown in the body font, in order."""
    texts = []
    with pikepdf.open(pdf) as doc:
        page = doc.pages[0]
        fonts = page.Resources.Font
        maps = {name: to_unicode(fonts[name]) for name in fonts.keys()}
        current = None
        for operands, op in pikepdf.parse_content_stream(page):
            if op == pikepdf.Operator('Tf'):
                current = str(operands[0])
                size = float(operands[1])
            elif op == pikepdf.Operator('TJ') and current and size == 10:
                for item in operands[0]:
                    if isinstance(item, pikepdf.String):
                        b = bytes(item)
                        texts += [maps[current].get(int.from_bytes(b[i:i + 2], 'big'), '?') for i in range(0, len(b), 2)]
    return texts


def main():
    tool = sys.argv[1]
    with tempfile.TemporaryDirectory() as d:
        xml, pdf = os.path.join(d, 'l.xml'), os.path.join(d, 'l.pdf')
        open(xml, 'w', encoding='utf-8').write(ARTICLE)
        r = subprocess.run([tool, 'article', xml, '-o', pdf, '--profile', 'none'], capture_output=True)
        check(r.returncode == 0, f'renders: {r.stderr.decode(errors="replace")}')
        glyphs = glyph_texts(pdf)
        body = ''.join(glyphs)
        check('AuflageSchifffahrtKaufleuteoffiziell' in body, f'the glyphs spell the words ({body})')
        multi = [g for g in glyphs if len(g) > 1]
        check('fl' not in multi, f'no fl ligature (Auf|lage, Kauf|leute): {multi}')
        check(multi.count('ffi') == 1, f'one ffi ligature (offiziell): {multi}')
        # Schifffahrt: "ff" of Schiff may join, the joint before "fahrt" may not.
        start, k, pieces = body.index('Schifffahrt'), 0, []
        for g in glyphs:
            if start <= k < start + len('Schifffahrt'):
                pieces.append(g)
            k += len(g)
        # The f that begins "fahrt" must be a glyph of its own.
        check(''.join(pieces) == 'Schifffahrt' and pieces[pieces.index('a') - 1] == 'f',
              f'Schiff|fahrt: no ligature across the joint ({pieces})')
        text = subprocess.run(['pdftotext', pdf, '-'], capture_output=True).stdout.decode()
        for w in ('Auflage', 'Schifffahrt', 'Kaufleute', 'offiziell'):
            check(w in text.split(), f'pdftotext gives back "{w}"')
        check('\u200c' not in text and not any('\ufb00' <= c <= '\ufb06' for c in text),
              'no ZWNJ and no ligature code points in the copied text')
    print(f'{len(PASSED)} passed, {len(FAILED)} failed')
    sys.exit(1 if FAILED else 0)


if __name__ == '__main__':
    main()
