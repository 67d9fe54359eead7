#!/usr/bin/python3
"""PDF/X-4, PDF/A-2u and PDF/UA-1 output of `satzwerk article`, judged by the
shared preflight (../shared/preflight/preflight.py) and by pikepdf.

    preflight_test.py SATZWERK PREFLIGHT druck NITF_DIR [FULL_TOOLS_XML…]
        every article as Druckversion (--profile a2u-ua1, the default) passes
        `preflight.py --profile a2u,ua1` (pikepdf checks for all, the external
        tools too for the FULL_TOOLS_XML files); the same articles written with
        --profile none fail it
    preflight_test.py SATZWERK PREFLIGHT x4 XML…
        --profile x4 passes `preflight.py --profile x4 --trim 210x297`; TrimBox,
        BleedBox and crop marks sit where they must on every page; --profile
        none fails the X-4 checks
    preflight_test.py SATZWERK - boxes PDF…
        only the box and crop-mark geometry of X-4 files

Prints one line per failure and a closing line "N passed, N failed".
"""
import concurrent.futures
import json
import os
import subprocess
import sys
import tempfile

import pikepdf

PASSED, FAILED = [], []
MM = 72 / 25.4
EPOCH = {"SOURCE_DATE_EPOCH": "1567080000"}
TRIM_MM = (210, 297)
BLEED_MM = 3


def check(ok, what):
    (PASSED if ok else FAILED).append(what)
    if not ok:
        print("FAIL:", what, flush=True)


def render(tool, xml, pdf, profile):
    env = dict(os.environ, **EPOCH)
    r = subprocess.run([tool, "article", xml, "-o", pdf, "--profile", profile], capture_output=True, env=env)
    return r.returncode, r.stderr.decode("utf-8", "replace").strip()


_MODULE = {}


def preflight_in_process(checker, pdf, profile):
    """The pikepdf checks of preflight.py (its --no-tools mode), without a new
    interpreter per file: imports the checker once and calls its check()."""
    if checker not in _MODULE:
        import importlib.util
        spec = importlib.util.spec_from_file_location("preflight", checker)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        _MODULE[checker] = mod
    mod = _MODULE[checker]
    profiles = profile.split(",")
    rep, profiles = mod.check(pdf, profiles, tools=False)
    counted = {"general"} | {"PDF/X-4" if p == "x4" else "PDF/UA-1" if p == "ua1" else "PDF/A-2" + p[2] for p in profiles}
    fails = ["%s: %s (%s)" % (c["group"], c["check"], c["reason"][:160]) for c in rep.checks
             if c["status"] == "FAIL" and c["group"] in counted]
    return (1 if fails else 0), fails


def preflight(checker, pdf, profile, tools, trim=None):
    if not tools and not trim:
        return preflight_in_process(checker, pdf, profile)
    cmd = ["/usr/bin/python3", checker, pdf, "--profile", profile, "--json"]
    if trim:
        cmd += ["--trim", trim]
    if not tools:
        cmd.append("--no-tools")
    r = subprocess.run(cmd, capture_output=True, text=True)
    try:
        j = json.loads(r.stdout)
    except ValueError:
        return r.returncode, ["preflight gave no JSON: " + r.stderr[-300:]]
    counted = {"general", "PDF/X-4", "PDF/UA-1", "PDF/A-2u"}
    fails = ["%s: %s (%s)" % (c["group"], c["check"], c["reason"][:160]) for c in j["checks"]
             if c["status"] == "FAIL" and c["group"] in counted]
    return r.returncode, fails


# ------------------------------------------------------------------ boxes and marks
def segments(page):
    """Straight stroked segments of a page's content in page space: [(x0, y0, x1, y1)]."""
    ctm, stack, path, out = [1, 0, 0, 1, 0, 0], [], [], []

    def apply(x, y):
        a, b, c, d, e, f = ctm
        return a * x + c * y + e, b * x + d * y + f

    for operands, op in pikepdf.parse_content_stream(page):
        op = str(op)
        if op == "q":
            stack.append(list(ctm))
        elif op == "Q":
            ctm = stack.pop()
        elif op == "cm":
            a, b, c, d, e, f = (float(v) for v in operands)
            A = ctm
            ctm = [a * A[0] + b * A[2], a * A[1] + b * A[3], c * A[0] + d * A[2], c * A[1] + d * A[3],
                   e * A[0] + f * A[2] + A[4], e * A[1] + f * A[3] + A[5]]
        elif op == "m":
            path = [apply(float(operands[0]), float(operands[1]))]
        elif op == "l":
            path.append(apply(float(operands[0]), float(operands[1])))
        elif op in ("S", "s"):
            out += [(p[0], p[1], q[0], q[1]) for p, q in zip(path, path[1:])]
            path = []
        elif op in ("n", "f", "F", "f*", "B", "B*", "b", "b*", "re", "c", "v", "y"):
            if op not in ("re", "c", "v", "y"):
                path = []
    return out


def box(page, key):
    v = page.obj.get(key)
    return [float(x) for x in v] if v is not None else None


def check_boxes(pdf_path):
    name = os.path.basename(pdf_path)
    pdf = pikepdf.open(pdf_path)
    tw, th = TRIM_MM[0] * MM, TRIM_MM[1] * MM
    b = BLEED_MM * MM
    tol = 0.01
    for n, page in enumerate(pdf.pages, 1):
        where = "%s p%d" % (name, n)
        media, trim, bleed = box(page, "/MediaBox"), box(page, "/TrimBox"), box(page, "/BleedBox")
        if not (media and trim and bleed):
            check(False, "%s: MediaBox, TrimBox and BleedBox present" % where)
            continue
        check(abs(trim[2] - trim[0] - tw) < tol and abs(trim[3] - trim[1] - th) < tol,
              "%s: TrimBox is %gx%g mm" % (where, *TRIM_MM))
        check(all(abs(bleed[i] - (trim[i] + (b if i > 1 else -b))) < tol for i in range(4)),
              "%s: BleedBox is the TrimBox + %g mm on every side" % (where, BLEED_MM))
        # the marks need room: the media box exceeds the bleed box on every side
        slug = [bleed[0] - media[0], bleed[1] - media[1], media[2] - bleed[2], media[3] - bleed[3]]
        check(min(slug) > 5 * MM, "%s: MediaBox leaves at least 5 mm for marks outside the bleed (%s)" % (where, slug))
        # crop marks: the stroked segments outside the bleed box
        marks = [s for s in segments(page)
                 if not (bleed[0] - tol < min(s[0], s[2]) and max(s[0], s[2]) < bleed[2] + tol
                         and bleed[1] - tol < min(s[1], s[3]) and max(s[1], s[3]) < bleed[3] + tol)]
        crop = []
        for s in marks:
            x0, y0, x1, y1 = s
            horiz, vert = abs(y0 - y1) < tol, abs(x0 - x1) < tol
            if horiz and any(abs(y0 - t) < tol for t in (trim[1], trim[3])):
                crop.append(("h", s))
            elif vert and any(abs(x0 - t) < tol for t in (trim[0], trim[2])):
                crop.append(("v", s))
        check(len(crop) == 8, "%s: 8 crop marks on the trim lines (found %d)" % (where, len(crop)))
        for kind, (x0, y0, x1, y1) in crop:
            # entirely outside the bleed box, inside the media box, at least 5 mm long
            if kind == "h":
                lo, hi = min(x0, x1), max(x0, x1)
                outside = hi <= bleed[0] + tol or lo >= bleed[2] - tol
                length = hi - lo
            else:
                lo, hi = min(y0, y1), max(y0, y1)
                outside = hi <= bleed[1] + tol or lo >= bleed[3] - tol
                length = hi - lo
            inside_media = media[0] - tol <= min(x0, x1) and max(x0, x1) <= media[2] + tol and \
                media[1] - tol <= min(y0, y1) and max(y0, y1) <= media[3] + tol
            check(outside and inside_media and length >= 5 * MM - tol,
                  "%s: crop mark %s (%.2f %.2f %.2f %.2f) outside the bleed, inside the media box, >= 5 mm"
                  % (where, kind, x0, y0, x1, y1))
        corners = {(round(t[0]), round(t[1])) for t in ((trim[0], trim[1]), (trim[0], trim[3]), (trim[2], trim[1]),
                                                         (trim[2], trim[3]))}
        seen = set()
        for kind, (x0, y0, x1, y1) in crop:
            if kind == "h":
                x = trim[0] if max(x0, x1) <= trim[0] else trim[2]
                seen.add(("h", round(x), round(y0)))
            else:
                y = trim[1] if max(y0, y1) <= trim[1] else trim[3]
                seen.add(("v", round(x0), round(y)))
        check(seen == {(k, cx, cy) for k in ("h", "v") for cx, cy in corners},
              "%s: one horizontal and one vertical mark at each trim corner" % where)
        check("/Annots" not in page.obj, "%s: no annotations in the print file" % where)


# ------------------------------------------------------------------ modes
def test_druck(tool, checker, args):
    nitf_dir, full = args[0], set(os.path.abspath(a) for a in args[1:])
    files = sorted(os.path.join(nitf_dir, f) for f in os.listdir(nitf_dir) if f.endswith(".xml"))
    files += [f for f in full if f not in {os.path.abspath(x) for x in files}]
    check(bool(files), "corpus has articles")
    counts = {"pass": 0, "full": 0}

    def one(xml, d):
        name = os.path.basename(xml)[:-4]
        pdf = os.path.join(d, name + ".pdf")
        rc, err = render(tool, xml, pdf, "a2u-ua1")
        if rc != 0:
            return name, ["render failed: " + err], None
        tools = os.path.abspath(xml) in full
        if not tools:
            return name, None, pdf  # checked in this process, one at a time
        prc, fails = preflight(checker, pdf, "a2u,ua1", tools)
        return name, fails if prc or fails else [], tools

    with tempfile.TemporaryDirectory() as d, concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 2) as ex:
        for name, fails, tools in ex.map(lambda x: one(x, d), files):
            if fails is None:
                prc, fails = preflight(checker, tools, "a2u,ua1", False)
                tools = False
            check(not fails, "%s: PDF/A-2u + PDF/UA-1 preflight%s%s" % (
                name, " (with external tools)" if tools else "", ": " + "; ".join(fails) if fails else ""))
            if not fails:
                counts["pass"] += 1
                counts["full"] += bool(tools)
        # Negative: without a profile the same articles must not pass.
        for xml in files[:3]:
            name = os.path.basename(xml)[:-4]
            pdf = os.path.join(d, name + ".none.pdf")
            rc, err = render(tool, xml, pdf, "none")
            check(rc == 0, "%s: renders with --profile none" % name)
            for prof in ("a2u,ua1", "x4"):
                prc, fails = preflight(checker, pdf, prof, False, "210x297" if prof == "x4" else None)
                check(prc == 1 and fails, "%s --profile none: preflight %s fails (%d failures)" % (name, prof, len(fails)))
    print("Druckversion preflight a2u,ua1: %d of %d articles pass (%d of them with the external tools)"
          % (counts["pass"], len(files), counts["full"]))


def test_x4(tool, checker, args):
    with tempfile.TemporaryDirectory() as d:
        for xml in args:
            name = os.path.basename(xml)[:-4]
            pdf = os.path.join(d, name + ".x4.pdf")
            rc, err = render(tool, xml, pdf, "x4")
            check(rc == 0, "%s: renders with --profile x4 (%s)" % (name, err))
            if rc:
                continue
            prc, fails = preflight(checker, pdf, "x4", True, "%dx%d" % TRIM_MM)
            check(prc == 0 and not fails, "%s: PDF/X-4 preflight%s" % (name, ": " + "; ".join(fails) if fails else ""))
            check_boxes(pdf)
            none = os.path.join(d, name + ".none.pdf")
            render(tool, xml, none, "none")
            prc, fails = preflight(checker, none, "x4", False, "%dx%d" % TRIM_MM)
            check(prc == 1 and fails, "%s --profile none: PDF/X-4 preflight fails (%d failures)" % (name, len(fails)))


def main():
    tool, checker, what, args = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    if what == "druck":
        test_druck(tool, checker, args)
    elif what == "x4":
        test_x4(tool, checker, args)
    elif what == "boxes":
        for p in args:
            check_boxes(p)
    else:
        sys.exit(__doc__)
    print("%d passed, %d failed" % (len(PASSED), len(FAILED)))
    sys.exit(1 if FAILED else 0)


if __name__ == "__main__":
    main()
