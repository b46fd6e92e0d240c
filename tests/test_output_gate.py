"""The output gate on its own: a built site with one forbidden thing planted in its output
gives one located message, loses the planted file and keeps the rest; the real site passes;
a build whose page makes Sphinx publish a script from elsewhere exits non-zero."""

from __future__ import annotations

import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from conftest import ROOTS, copy_members, html_pages
from icjc.safety import gate
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_escape_sequences

SVG = '<svg xmlns="http://www.w3.org/2000/svg">{}</svg>\n'
OUTPUT = "_build/html"

#: (file in the output, how it changes: appended to a page's body or the file's new text,
#: where the message points, a part of the message)
PLANTED = {
    "script-from-elsewhere": (
        "page.html",
        '<script src="https://evil.example/x.js"></script>',
        "page.md:1",
        "page.html: the script `https://evil.example/x.js` is not the theme's or the site's own",
    ),
    "inline-script": (
        "page.html",
        "<script>alert(1)</script>",
        "page.md:1",
        "an inline script that is not the theme's own is not allowed",
    ),
    "event-attribute": (
        "index.html",
        '<img src="_static/logo.svg" alt="" onload="alert(1)">',
        "index.md:1",
        "index.html: the event attribute `onload` runs script: not allowed",
    ),
    "javascript-link": (
        "page.html",
        '<a href="javascript:alert(1)">Donate</a>',
        "page.md:1",
        "the link `javascript:alert(1)` is not allowed: links go to http, https, mailto",
    ),
    "meta-refresh": (
        "page.html",
        '<meta http-equiv="refresh" content="0; url=https://evil.example/">',
        "page.md:1",
        "`<meta http-equiv>` (a refresh, a redirect) is not allowed",
    ),
    "stylesheet-from-elsewhere": (
        "page.html",
        '<link rel="stylesheet" href="https://evil.example/x.css">',
        "page.md:1",
        "the address `https://evil.example/x.css` is not allowed: the site loads nothing",
    ),
    "picture-srcset": (
        "page.html",
        '<img alt="" src="_static/logo.svg" srcset="_static/logo.svg 1x, //evil.example/a.png 2x">',
        "page.md:1",
        "the address `//evil.example/a.png` is not allowed",
    ),
    "noscript-picture": (
        "page.html",
        '<noscript><img alt="" src="https://evil.example/pixel.png"></noscript>',
        "page.md:1",
        "the address `https://evil.example/pixel.png` is not allowed",
    ),
    "noscript-breakout": (
        "page.html",
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>',
        "page.md:1",
        "the event attribute `onerror` runs script",
    ),
    "link-ping": (
        "page.html",
        '<a href="https://example.org/" ping="https://evil.example/track">Read</a>',
        "page.md:1",
        "the address `https://evil.example/track` is not allowed",
    ),
    "frame": (
        "page.html",
        '<iframe src="index.html"></iframe>',
        "page.md:1",
        "`<iframe>` is not allowed in the site's pages and pictures",
    ),
    "style-attribute": (
        "page.html",
        '<p style="background: url(https://evil.example/a.png)">Hi</p>',
        "page.md:1",
        "the style address `https://evil.example/a.png` is not allowed",
    ),
    "css-url": (
        "_static/site.css",
        "body { background: url('https://evil.example/a.png'); }\n",
        f"{OUTPUT}/_static/site.css:1",
        "_static/site.css: the style address `https://evil.example/a.png` is not allowed",
    ),
    "css-backslash-address": (
        "_static/site.css",
        "body { background: url(/\\\\evil.example/b.png); }\n",
        f"{OUTPUT}/_static/site.css:1",
        "_static/site.css: the style address `/\\evil.example/b.png` is not allowed",
    ),
    "css-import": (
        "_static/site.css",
        '@import "https://evil.example/x.css";\n',
        f"{OUTPUT}/_static/site.css:1",
        "the style address `https://evil.example/x.css` is not allowed",
    ),
    "svg-script": (
        "_images/drawing.svg",
        SVG.format("<script>alert(1)</script>"),
        f"{OUTPUT}/_images/drawing.svg:1",
        "`<script>` is not allowed in the site's pages and pictures",
    ),
    "svg-foreign-object": (
        "_static/logo.svg",
        SVG.format("<foreignObject><p>Hi</p></foreignObject>"),
        f"{OUTPUT}/_static/logo.svg:1",
        "`<foreignObject>` is not allowed",
    ),
    "svg-xml-stylesheet": (
        "_static/logo.svg",
        '<?xml-stylesheet href="https://evil.example/x.xsl"?>\n' + SVG.format(""),
        f"{OUTPUT}/_static/logo.svg:1",
        "a processing instruction (`<?...?>`) is not allowed in a picture",
    ),
    "svg-outside-reference": (
        "_static/logo.svg",
        SVG.format('<image href="https://evil.example/a.png"/>'),
        f"{OUTPUT}/_static/logo.svg:1",
        'a picture may refer only to itself, not `href="https://evil.example/a.png"`',
    ),
    "xht-file": (
        "_static/page.xht",
        "<html xmlns='http://www.w3.org/1999/xhtml'><script>alert(1)</script></html>",
        f"{OUTPUT}/_static/page.xht:1",
        "the site publishes no `.xht` files here",
    ),
    "html-download": (
        "_downloads/0123abcd/login.html",
        "<script>alert(1)</script>",
        f"{OUTPUT}/_downloads/0123abcd/login.html:1",
        "the site publishes no `.html` files here",
    ),
    "theme-script-replaced": (
        "_static/scripts/furo.js",
        "alert(1)\n",
        f"{OUTPUT}/_static/scripts/furo.js:1",
        "a script that is not the theme's or the site's own is not published",
    ),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The small hostile-corpus site, built once; each test gets back its clean output."""
    site = Path(shutil.copytree(ROOTS / "test-hostile", tmp_path_factory.mktemp("g") / "site"))
    copy_members(site)
    app = SphinxTestApp("html", srcdir=site, status=StringIO(), warning=StringIO())
    try:
        app.build()
        assert app.statuscode == 0, app._warning.getvalue()
        clean = Path(shutil.copytree(app.outdir, site.parent / "clean"))
        yield app, clean
    finally:
        app.cleanup()


def run_gate(app, clean):
    shutil.rmtree(app.outdir)
    shutil.copytree(clean, app.outdir)
    app._warning.seek(0)
    app._warning.truncate()
    app.statuscode = 0


def test_the_small_site_passes_the_gate(built):
    app, clean = built
    assert gate.check_output in [entry.handler for entry in app.events.listeners["build-finished"]]
    run_gate(app, clean)
    gate.check_output(app, None)
    assert app._warning.getvalue() == ""
    assert app.statuscode == 0


@pytest.mark.parametrize("name", PLANTED)
def test_each_planted_file_gives_one_located_message_and_is_removed(built, name):
    app, clean = built
    run_gate(app, clean)
    planted, change, location, message = PLANTED[name]
    target = Path(app.outdir, planted)
    target.parent.mkdir(parents=True, exist_ok=True)
    if planted.endswith(".html") and target.exists():
        page = target.read_text(encoding="utf-8")
        target.write_text(page.replace("</body>", f"{change}</body>"), encoding="utf-8")
    else:
        target.write_text(change, encoding="utf-8")
    gate.check_output(app, None)
    output = strip_escape_sequences(app._warning.getvalue()).replace(f"{app.srcdir}/", "")
    messages = [line for line in output.splitlines() if "[icjc.gate]" in line]
    assert len(messages) == 1, output
    assert messages[0].startswith(f"{location}: ERROR: "), messages
    assert message in messages[0], messages
    assert app.statuscode == 1
    assert not target.exists()
    kept = {path.relative_to(clean) for path in clean.rglob("*") if path.is_file()}
    assert {path for path in kept if not Path(app.outdir, path).is_file()} <= {Path(planted)}


def test_the_real_site_passes_the_gate(site):
    assert "[icjc.gate]" not in site.warnings
    for page in html_pages(site.srcdir):
        assert (site.outdir / page).is_file(), page


def test_a_script_from_elsewhere_that_got_past_the_page_checks_stops_the_build(tmp_path):
    """A page cannot add one (``{math}``, which would bring MathJax, is refused first): here
    the build itself adds it (``html_js_files``), and the gate still stops the build."""
    site = Path(shutil.copytree(ROOTS / "test-hostile", tmp_path / "site"))
    copy_members(site)
    with (site / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('html_js_files = ["https://cdn.example.org/x.js"]\n')
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", ".", "_build/html"],
        cwd=site,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1"},
        check=False,
        timeout=60,
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "ERROR: page.html: the script `https://cdn.example.org/x.js" in result.stderr
    assert not (site / "_build" / "html" / "page.html").exists()
