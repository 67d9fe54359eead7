#!/usr/bin/python3
"""Prints the tagged structure of a PDF as an indented tree, one element a line:

    Document
      H1 "Darmstadt: Labor und Vorbild"
      P "Zur Innovators Lounge in …"
      L ListNumbering=Disc
        LI
          Lbl "•"
          LBody "Erster Punkt der …"
      …
      Link /Alt "https://…" -> https://…

Headings, labels, links and captions show their whole text; paragraphs their
first words, so the tree does not change when a line breaks elsewhere.

    structure_tree.py FILE.pdf                 print the tree
    structure_tree.py FILE.pdf --check GOLDEN  compare with a golden file (exit 1 on a difference)
    structure_tree.py FILE.pdf --update GOLDEN write the golden file
    structure_tree.py --render SATZWERK IN.xml --check|--update GOLDEN
                                               render IN.xml as Druckversion first

Needs Debian's python3-pikepdf and python3-pdfminer.
"""
import difflib
import sys

import pikepdf
from pdfminer.pdfdevice import PDFTextDevice
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage

WHOLE = {"H", "H1", "H2", "H3", "H4", "H5", "H6", "Lbl", "Link", "Caption"}
FIRST_WORDS = 4


class MarkedText(PDFTextDevice):
    """Collects the text of each marked-content sequence with an MCID. A TJ
    move of more than 0.2 em to the right counts as a word space."""

    def __init__(self, rsrcmgr):
        super().__init__(rsrcmgr)
        self.page = 0
        self.stack = []
        self.text = {}  # (page index, mcid) -> text

    def begin_tag(self, tag, props=None):
        mcid = props.get("MCID") if isinstance(props, dict) else None
        self.stack.append(mcid if mcid is not None else (self.stack[-1] if self.stack else None))

    def end_tag(self):
        if self.stack:
            self.stack.pop()

    def render_string(self, textstate, seq, ncs, graphicstate):
        mcid = self.stack[-1] if self.stack else None
        if mcid is None:
            return
        out = []
        font = textstate.font
        for item in seq:
            if isinstance(item, (int, float)):
                if item < -200:
                    out.append(" ")
                continue
            for cid in font.decode(item):
                try:
                    out.append(font.to_unichr(cid))
                except Exception:
                    out.append("\ufffd")
        key = (self.page, mcid)
        self.text[key] = self.text.get(key, "") + "".join(out)


def marked_text(path):
    rsrc = PDFResourceManager()
    dev = MarkedText(rsrc)
    interp = PDFPageInterpreter(rsrc, dev)
    with open(path, "rb") as f:
        for i, page in enumerate(PDFPage.get_pages(f)):
            dev.page = i
            dev.stack = []
            interp.process_page(page)
    return dev.text


def tree(path):
    texts = marked_text(path)
    pdf = pikepdf.open(path)
    page_no = {p.obj.objgen: i for i, p in enumerate(pdf.pages)}
    root = pdf.Root.StructTreeRoot
    lines = []

    def content(elem):
        """The text of an element's own marked content and its links, in order."""
        out, uris = [], []
        kids = elem.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]
        pg = elem.get("/Pg")
        for k in kids:
            if isinstance(k, int):
                out.append(texts.get((page_no.get(pg.objgen) if pg is not None else None, int(k)), ""))
            elif isinstance(k, pikepdf.Dictionary) and k.get("/Type") == pikepdf.Name.MCR:
                out.append(texts.get((page_no.get(k.Pg.objgen), int(k.MCID)), ""))
            elif isinstance(k, pikepdf.Dictionary) and k.get("/Type") == pikepdf.Name.OBJR:
                a = k.Obj
                uris.append(str(a.get("/A", {}).get("/URI", "")))
            elif isinstance(k, pikepdf.Dictionary) and "/S" in k:
                t, _ = content(k)
                out.append(t)
        return " ".join(" ".join(out).split()), uris

    def walk(elem, depth):
        s = str(elem.S)[1:]
        text, uris = content(elem)
        has_children = any(isinstance(k, pikepdf.Dictionary) and "/S" in k for k in
                           (elem.K if isinstance(elem.get("/K"), pikepdf.Array) else [elem.get("/K")]))
        line = "  " * depth + s
        for a in (list(elem.A) if isinstance(elem.get("/A"), pikepdf.Array) else [elem.get("/A")]):
            if isinstance(a, pikepdf.Dictionary):
                line += "".join(" %s=%s" % (str(k)[1:], str(v)[1:]) for k, v in a.items() if k != "/O")
        if "/Alt" in elem and s != "Link":
            line += " /Alt %r" % str(elem.Alt)
        if text and not has_children:
            words = text.split()
            line += ' "%s"' % (text if s in WHOLE or len(words) <= FIRST_WORDS else " ".join(words[:FIRST_WORDS]) + " …")
        for u in uris:
            line += " -> " + u
        lines.append(line)
        kids = elem.get("/K")
        for k in (list(kids) if isinstance(kids, pikepdf.Array) else [kids]):
            if isinstance(k, pikepdf.Dictionary) and "/S" in k:
                walk(k, depth + 1)

    k = root.K
    for e in (list(k) if isinstance(k, pikepdf.Array) else [k]):
        walk(e, 0)
    return "\n".join(lines) + "\n"


def main(argv):
    if argv[:1] == ["--render"] and len(argv) == 5:
        import os
        import subprocess
        import tempfile
        with tempfile.TemporaryDirectory() as d:
            pdf = os.path.join(d, "out.pdf")
            env = dict(os.environ, SOURCE_DATE_EPOCH="1567080000")
            r = subprocess.run([argv[1], "article", argv[2], "-o", pdf, "--profile", "a2u-ua1"], env=env)
            if r.returncode:
                print("FAIL: satzwerk exited with %d" % r.returncode)
                return 1
            return main([pdf] + argv[3:])
    if len(argv) not in (1, 3) or (len(argv) == 3 and argv[1] not in ("--check", "--update")):
        sys.exit(__doc__)
    got = tree(argv[0])
    if len(argv) == 1:
        sys.stdout.write(got)
        return 0
    if argv[1] == "--update":
        with open(argv[2], "w", encoding="utf-8") as f:
            f.write(got)
        return 0
    want = open(argv[2], encoding="utf-8").read()
    if got == want:
        print("structure matches %s" % argv[2])
        return 0
    sys.stdout.writelines(difflib.unified_diff(want.splitlines(True), got.splitlines(True), argv[2], "output"))
    print("FAIL: the structure differs from %s (structure_tree.py FILE --update GOLDEN after a wanted change)" % argv[2])
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
