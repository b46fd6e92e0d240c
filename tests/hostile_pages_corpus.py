"""Hostile pages and static files, one attempt each: where it must be reported and the message.

Each case changes the small site ``tests/roots/test-hostile`` (a page, a file under
``_static/``, a link) the way a pull request could. A file outside the site,
``../outside/secret.txt``, holds the secret each case tries to publish. Categories: files
read from outside the project, code run by the build, script reaching visitors, static files,
and the structure of the site.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

#: The value of MY_SECRET_TOKEN while the corpus builds, also written into the outside files.
SECRET = "fake-secret-123"
#: The file outside the site that cases try to read, relative to the site.
OUTSIDE = "../outside/secret.txt"
OUTSIDE_PICTURE = "../outside/secret.png"


def page(*lines: str) -> dict[str, str]:
    """``page.md``: its title on line 1, then ``lines`` from line 3."""
    return {"page.md": "# Page\n\n" + "".join(f"{line}\n" for line in lines)}


def front_matter(*lines: str) -> dict[str, str]:
    """``page.md`` with front matter: ``---`` on line 1, then ``lines`` from line 2."""
    body = "".join(f"{line}\n" for line in lines)
    return {"page.md": f"---\n{body}---\n\n# Page\n\n{{{{ token }}}}\n"}


def svg(*inner: str, attributes: str = "") -> dict[str, str]:
    """``_static/logo.svg`` with ``inner`` inside the root element."""
    return {
        "_static/logo.svg": f'<svg xmlns="http://www.w3.org/2000/svg" {attributes}>'
        + "".join(inner)
        + "</svg>\n"
    }


@dataclass(frozen=True)
class Case:
    category: str
    name: str
    location: str  # the message starts with ``location: ``
    message: str  # a part of the one expected message
    files: dict[str, str] = field(default_factory=dict)  # path in the site -> text
    links: dict[str, str] = field(default_factory=dict)  # path in the site -> link target
    setup: Callable[[Path], None] | None = None
    stops: bool = False  # the build stops before it writes anything
    unpublished: tuple[str, ...] = ()  # text that must appear nowhere in the output


def _fifo(site: Path) -> None:
    os.mkfifo(site / "_static" / "pipe.css")


def _big(site: Path) -> None:
    with (site / "_static" / "photo.png").open("wb") as file:
        file.truncate(1_500_000)


def _huge_page(site: Path) -> None:
    (site / "page.md").write_text("# Page\n\n" + "word " * 300_000, encoding="utf-8")


def _deep_folders(site: Path) -> None:
    (site / DEEP / "more" / "page.md").parent.mkdir(parents=True)
    (site / DEEP / "more" / "page.md").write_text("# Deep\n", encoding="utf-8")


def _fake_git(site: Path) -> None:
    (site / ".git").mkdir()
    (site / ".git" / "config").write_text(f"[remote]\ntoken = {SECRET}\n", encoding="utf-8")


#: Jinja that runs a command, as the second hostile round published the environment.
POPEN = "cycler.__init__.__globals__.os.popen('echo ran-$MY_SECRET_TOKEN').read()"
#: Front matter that turns on MyST's substitutions, for the cases that hide it from a check.
SUBSTITUTION = (
    "  enable_extensions: [substitution]",
    f'  substitutions: {{token: "{{{{ {POPEN} }}}}"}}',
)
ICON = '{octicon}`law;1em;x"><script>alert(1)</script>`'
DEEP = "/".join(["folder"] * 12)
#: docutils settings that would publish an attribute break and empty a file outside.
DOCUTILS_CONF = f'[general]\nid_prefix: "><script>alert(1)</script>\nwarning_stream: {OUTSIDE}\n'
#: Jinja that reads the secret through Sphinx's objects, as MyST's substitutions would run it.
READ_SECRET = "env.__class__.__init__.__globals__['os'].environ['MY_SECRET_TOKEN']"
SCRIPT = ("alert(1)", "onerror", "onload")
DISABLED = "directive disabled"
LINK = "a symbolic link: the build reads only the project's own files"

CASES = [
    # -- Code run by the build ------------------------------------------------------------
    Case(
        "code",
        "front-matter-substitution",
        "page.md:3",
        "front matter may set only `myst: html_meta: description`, `edit-data` and `orphan`, "
        "not `myst: enable_extensions`",
        front_matter(
            "myst:",
            "  enable_extensions: [substitution]",
            "  substitutions:",
            f'    token: "{{{{ {READ_SECRET} }}}}"',
        ),
    ),
    Case(
        "code",
        "front-matter-unclosed",
        "page.md:1",
        "front matter that starts with `---` on line 1 must end with a line `---`",
        {
            "page.md": "--- ICJC\nmyst:\n  enable_extensions: [substitution]\n"
            f'note: "{{{{ {POPEN} }}}}"\n\n# Page\n'
        },
    ),
    Case(
        "code",
        "front-matter-merge-alias",
        "page.md:2",
        "front matter: write plain `key: value` lines, a few levels deep, no &, *, ! or <<",
        front_matter("d: &d", "  myst:", *(f"  {line}" for line in SUBSTITUTION), "<<: *d"),
        unpublished=("ran-",),
    ),
    Case(
        "code",
        "front-matter-merge-key",
        "page.md:3",
        "not `myst: <<`",
        front_matter("myst:", "  <<: {enable_extensions: [substitution]}"),
    ),
    Case(
        "code",
        "front-matter-tag",
        "page.md:2",
        "no &, *, ! or <<",
        front_matter("myst: !!map {enable_extensions: [substitution]}"),
    ),
    Case(
        "code",
        "front-matter-control-character",
        "page.md:2",
        "front matter: write plain `key: value` lines",
        front_matter('myst: {html_meta: {description: "a\x07b"}}'),
    ),
    Case(
        "code",
        "front-matter-list-key",
        "page.md:3",
        "not `myst: […]`",
        front_matter("myst:", "  [enable_extensions]: [substitution]"),
    ),
    Case(
        "code",
        "front-matter-nested-5000",
        "page.md:1",
        "front matter is limited to 5,000 characters on plain lines",
        front_matter("a: " + "[" * 5000 + "]" * 5000),
    ),
    Case(
        "code",
        "front-matter-nested-block",
        "page.md:9",
        "a few levels deep",
        front_matter(*(" " * depth + "a:" for depth in range(0, 80, 2))),
    ),
    Case(
        "code",
        "nested-colon-fences-150",
        "page.md:3",
        "a fence of more than 12 `:`, ` or ~, or an indent of more than 80 spaces: too deep",
        page(
            *(":" * (153 - depth) + "{note}" for depth in range(150)),
            "Deep",
            *(":" * (4 + depth) for depth in range(150)),
        ),
    ),
    Case(
        "code",
        "nested-colon-fences-2000-over-the-size-limit",
        "page.md:1",
        "bytes is more than the limit of 1,000,000 bytes per page",
        page(
            *(":" * (2003 - depth) + "{note}" for depth in range(2000)),
            "Deep",
            *(":" * (4 + depth) for depth in range(2000)),
        ),
        stops=True,
    ),
    Case(
        "code",
        "front-matter-url-schemes",
        "page.md:3",
        "not `myst: url_schemes`",
        front_matter("myst:", "  url_schemes: [javascript]"),
    ),
    Case(
        "code",
        "docutils-conf",
        "docutils.conf:1",
        "docutils.conf changes how every page is read: that is a code change",
        {
            "docutils.conf": "[general]\nfile-insertion-enabled: yes\nraw_enabled: 1\n",
            **page("```{literalinclude} ../outside/secret.txt", "```"),
        },
        stops=True,
    ),
    Case(
        "code",
        "docutils-conf-link",
        "docutils.conf:1",
        "docutils.conf changes how every page is read",
        links={"docutils.conf": "/dev/zero"},
        stops=True,
    ),
    Case(
        "code",
        "css-template",
        "_static/site.css_t:1",
        "script, HTML pages and templates are not accepted here",
        {"_static/site.css_t": "{% for i in range(3) %}rendered-{{ i }} {% endfor %}\n"},
        stops=True,
        unpublished=("rendered-2",),
    ),
    Case(
        "code",
        "jinja-template",
        "_static/site.css.jinja:1",
        "templates are not accepted",
        {"_static/site.css.jinja": "{{ ''.__class__.__mro__ }}\n"},
        stops=True,
        unpublished=("<class 'object'>",),
    ),
    # -- Files read from outside the project ----------------------------------------------
    Case(
        "files",
        "literalinclude",
        "page.md:3",
        "File insertion disabled",
        page(f"```{{literalinclude}} {OUTSIDE}", "```"),
    ),
    Case(
        "files",
        "include",
        "page.md:3",
        'Directive "include" disabled',
        page(f"```{{include}} {OUTSIDE}", "```"),
    ),
    Case(
        "files",
        "include-cycle",
        "page.md:3",
        'Directive "include" disabled',
        page("```{include} page.md", "```"),
    ),
    Case(
        "files",
        "raw-file",
        "page.md:3",
        f'"raw" {DISABLED}',
        page("```{raw} html", f":file: {OUTSIDE}", "```"),
    ),
    Case(
        "files",
        "csv-table-file",
        "page.md:3",
        'File and URL access deactivated; ignoring "csv-table" directive',
        page("```{csv-table} Table", f":file: {OUTSIDE}", "```"),
    ),
    Case(
        "files",
        "download",
        "page.md:3",
        f"`{OUTSIDE}` is outside the site's files",
        page(f"Get {{download}}`the file <{OUTSIDE}>`."),
    ),
    Case(
        "files",
        "image",
        "page.md:3",
        f"`{OUTSIDE_PICTURE}` is outside the site's files",
        page(f"![A picture]({OUTSIDE_PICTURE})"),
    ),
    Case(
        "files",
        "image-etc-passwd",
        "page.md:3",
        "`../../../../../../../../etc/passwd` is outside the site's files",
        page("![A picture](../../../../../../../../etc/passwd)"),
        unpublished=("root:x:0:0",),
    ),
    Case(
        "files",
        "figure",
        "page.md:3",
        f"`{OUTSIDE_PICTURE}` is outside the site's files",
        page(f"```{{figure}} {OUTSIDE_PICTURE}", "A caption", "```"),
    ),
    Case(
        "files",
        "image-link-out",
        "pictures/photo.png:1",
        LINK,
        page("![A picture](pictures/photo.png)"),
        links={"pictures/photo.png": f"../{OUTSIDE_PICTURE}"},
        stops=True,
    ),
    Case(
        "files",
        "image-git",
        "page.md:3",
        "`/.git/config` is outside the site's files",
        page("![A picture](/.git/config)"),
        setup=_fake_git,
    ),
    Case(
        "files",
        "image-path-from-folder",
        "news/index.md:3",
        "there is no file `news/_static/logo.svg`: paths start from this page's folder; "
        "write `/_static/logo.svg`",
        {
            "index.md": "# Home\n\n```{toctree}\npage\nnews/index\n```\n",
            "news/index.md": "# News\n\n![A picture](_static/logo.svg)\n",
        },
    ),
    Case(
        "files",
        "static-link-environ",
        "_static/env.txt:1",
        LINK,
        links={"_static/env.txt": "/proc/self/environ"},
        stops=True,
    ),
    Case(
        "files",
        "static-link-git",
        "_static/gitdir:1",
        LINK,
        links={"_static/gitdir": "../.git"},
        setup=_fake_git,
        stops=True,
    ),
    Case(
        "files",
        "static-link-up",
        "_static/up:1",
        LINK,
        links={"_static/up": ".."},
        stops=True,
    ),
    Case(
        "files",
        "static-link-outside",
        "_static/secret.txt:1",
        LINK,
        links={"_static/secret.txt": f"../{OUTSIDE}"},
        stops=True,
    ),
    Case(
        "files",
        "static-dev-zero",
        "_static/zero.png:1",
        LINK,
        links={"_static/zero.png": "/dev/zero"},
        stops=True,
    ),
    Case(
        "files",
        "static-fifo",
        "_static/pipe.css:1",
        "not a regular file",
        setup=_fifo,
        stops=True,
    ),
    Case(
        "files",
        "static-too-big",
        "_static/photo.png:1",
        "1,500,000 bytes is more than the limit of 1,000,000 bytes per file",
        setup=_big,
        stops=True,
    ),
    # -- Script reaching visitors ---------------------------------------------------------
    Case(
        "script",
        "html-block",
        "page.md:3",
        "raw HTML is not allowed in pages",
        page('<div onmouseover="alert(1)">Hello</div>'),
        unpublished=(*SCRIPT, "onmouseover"),
    ),
    Case(
        "script",
        "html-inline",
        "page.md:3",
        "raw HTML is not allowed in pages",
        page("A picture <img src=x onerror=alert(1)> here."),
        unpublished=SCRIPT,
    ),
    Case(
        "script",
        "raw-directive",
        "page.md:3",
        f'"raw" {DISABLED}',
        page("```{raw} html", "<script>alert(1)</script>", "```"),
        unpublished=SCRIPT,
    ),
    Case(
        "script",
        "toctree-javascript",
        "index.md:3",
        "the link `javascript://x%0Aalert(1)` is not allowed",
        {"index.md": "# Home\n\n```{toctree}\npage\nDonate <javascript://x%0Aalert(1)>\n```\n"},
        unpublished=("javascript://x", "Donate"),
    ),
    Case(
        "script",
        "button-link",
        "page.md:3",
        "the link `javascript:alert(1)` is not allowed",
        page("```{button-link} javascript:alert(1)", "Donate", "```"),
        unpublished=SCRIPT,
    ),
    Case(
        "script",
        "link-protocol-relative",
        "page.md:3",
        "the link `//evil.example/x` is not allowed",
        page("```{button-link} //evil.example/x", "Go", "```"),
        unpublished=("evil.example",),
    ),
    Case(
        "script",
        "front-matter-refresh",
        "page.md:4",
        "not `myst: html_meta: http-equiv=refresh`",
        front_matter(
            "myst:", "  html_meta:", '    http-equiv=refresh: "0; url=https://evil.example"'
        ),
        unpublished=("evil.example", "refresh"),
    ),
    Case(
        "script",
        "front-matter-top-level-meta",
        "page.md:2",
        "not `html_meta`",
        front_matter("html_meta:", '  http-equiv=refresh: "0; url=https://evil.example"'),
        unpublished=("evil.example", "refresh"),
    ),
    Case(
        "script",
        "front-matter-og-key",
        "page.md:2",
        'not `og:a"><script>alert(1)</script>',
        front_matter('"og:a\\"><script>alert(1)</script><meta x=\\"": "v"'),
        unpublished=SCRIPT,
    ),
    Case(
        "script",
        "front-matter-edit-data",
        "page.md:2",
        "front matter: `edit-data` must be a file path such as `members/members.yaml`",
        front_matter("edit-data: 'x\" onmouseover=\"alert(1)'"),
        unpublished=("onmouseover",),
    ),
    Case(
        "script",
        "eval-rst-meta-refresh",
        "page.md:1",  # docutils moves <meta> to the top of the page, without its line
        "a page may set only its description",
        page(
            "```{eval-rst}",
            ".. meta::",
            "   :http-equiv=refresh: 0; url=https://evil.example",
            "```",
        ),
        unpublished=("evil.example",),
    ),
    Case(
        "script",
        "math-role",
        "page.md:3",
        "math is not available: it would load a script (MathJax) from another website",
        page("The sum {math}`x^2`."),
        unpublished=("mathjax", "MathJax"),
    ),
    Case(
        "script",
        "math-directive",
        "page.md:3",
        "math is not available",
        page("```{math}", "x^2", "```"),
        unpublished=("mathjax", "MathJax"),
    ),
    Case(
        "script",
        "octicon-class",
        "page.md:3",
        "page.html: `<script>` is not allowed in the site's pages and pictures",
        page(f"An icon {ICON}."),
        unpublished=SCRIPT,
    ),
    Case(
        "script",
        "octicon-class-attribute",
        "page.md:3",
        "page.html: the event attribute `onload` runs script: not allowed",
        page('An icon {octicon}`law;1em;x" onload="alert(1)`.'),
        unpublished=SCRIPT,
    ),
    Case(
        "script",
        "card-octicon-class",
        "page.md:4",
        "page.html: `<script>` is not allowed in the site's pages and pictures",
        page(":::{card}", f"{ICON} Title", ":::"),
        unpublished=SCRIPT,
    ),
    Case(
        "script",
        "fontawesome-class",
        "page.md:3",
        'the class `x"y` is refused',
        page('An icon {fas}`spinner;x"y`.'),
    ),
    Case(
        "script",
        "card-link-javascript",
        "page.md:3",
        "the link `javascript:alert(1)` is not allowed",
        page(":::{card} Title", ":link: javascript:alert(1)", "Body", ":::"),
        unpublished=('href="javascript:alert',),
    ),
    Case(
        "script",
        "eval-rst-image-target",
        "page.md:4",
        "the link `javascript:alert(1)` is not allowed",
        page(
            "```{eval-rst}",
            ".. image:: /_static/logo.svg",
            "   :target: javascript:alert(1)",
            "```",
        ),
        unpublished=('href="javascript:alert',),
    ),
    Case(
        "script",
        "eval-rst-raw-role",
        "page.md:6",
        "raw HTML is not allowed in pages",
        page("```{eval-rst}", ".. role:: html(raw)", "", ":html:`<b>x</b>`", "```"),
        unpublished=("<b>x</b>",),
    ),
    Case(
        "script",
        "class-attribute",
        "page.md:4",
        "the class `a:b` is refused: write it with letters, digits, - and _ (a class: at most 64)",
        page("{.a:b}", "Words."),
    ),
    Case(
        "script",
        "link-ftp",
        "page.md:3",
        "the link `ftp://files.example/` is not allowed",
        page("[Files](ftp://files.example/)"),
        unpublished=("ftp:",),
    ),
    Case(
        "script",
        "theme-script",
        "_static/scripts/furo.js:1",
        "script, HTML pages and templates are not accepted here",
        {"_static/scripts/furo.js": "alert(1)\n"},
        stops=True,
    ),
    Case(
        "script",
        "static-html",
        "_static/login.html:1",
        "script, HTML pages and templates are not accepted here",
        {"_static/login.html": "<script>alert(1)</script>\n"},
        stops=True,
    ),
    Case(
        "script",
        "theme-stylesheet",
        "_static/styles/furo.css:1",
        "a file of the theme or of an extension has this name",
        {"_static/styles/furo.css": "body { display: none; }\n"},
        stops=True,
    ),
    Case(
        "script",
        "svg-script",
        "_static/logo.svg:1",
        "`<script>` is not allowed in the site's pages and pictures",
        svg("<script>alert(1)</script>"),
        stops=True,
    ),
    Case(
        "script",
        "svg-event",
        "_static/logo.svg:1",
        "the event attribute `onload` runs script: not allowed",
        svg(attributes='onload="alert(1)"'),
        stops=True,
    ),
    Case(
        "script",
        "svg-foreign-object",
        "_static/logo.svg:1",
        "`<foreignObject>` is not allowed in the site's pages and pictures",
        svg("<foreignObject><p>Hi</p></foreignObject>"),
        stops=True,
    ),
    Case(
        "script",
        "svg-outside-reference",
        "_static/logo.svg:1",
        'a picture may refer only to itself, not `href="https://evil.example/a.png"`',
        svg('<image href="https://evil.example/a.png"/>'),
        stops=True,
    ),
    Case(
        "script",
        "svg-entity",
        "_static/logo.svg:1",
        "not well-formed SVG without entities: save it again as plain SVG",
        {
            "_static/logo.svg": '<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">]>\n'
            '<svg xmlns="http://www.w3.org/2000/svg">&a;</svg>\n'
        },
        stops=True,
    ),
    Case(
        "script",
        "svg-nested-1000-deep",
        "_static/logo.svg:1",
        "the event attribute `onclick` runs script: not allowed",
        svg("<g>" * 1000 + '<g onclick="alert(1)"/>' + "</g>" * 1000),
        stops=True,
    ),
    Case(
        "script",
        "picture-nested-1000-deep",
        "pictures/deep.svg:2",
        "the event attribute `onclick` runs script: not allowed",
        {
            **page("![A picture](pictures/deep.svg)"),
            "pictures/deep.svg": '<svg xmlns="http://www.w3.org/2000/svg">\n'
            + "<g>" * 1000
            + '<g onclick="alert(1)"/>'
            + "</g>" * 1000
            + "</svg>\n",
        },
        unpublished=("alert(1)",),
    ),
    Case(
        "script",
        "css-address-in-a-static-file",
        "_static/site.css:2",
        "the style address `https://evil.example/p.png` is not allowed",
        {
            "_static/site.css": "body { color: black; }\n"
            "body { background: url(https://evil.example/p.png); }\n"
        },
        unpublished=("evil.example",),
    ),
    Case(
        "code",
        "emphasis-nested-400-deep",
        "page.md:3",
        "this page nests markup more deeply than the parsers can read",
        page("*" * 400 + "x" + "*" * 400),
    ),
    Case(
        "code",
        "emphasis-nested-5000-deep",
        "page.md:3",
        "this page nests markup more deeply than the parsers can read",
        page("*" * 5000 + "x" + "*" * 5000),
    ),
    Case(
        "files",
        "card-picture-from-elsewhere",
        "page.md:5",
        "`https://evil.example/a.png` is not a file of the site: put the file in the repository",
        page(
            "Words.",
            "",
            ":::{card} A card",
            ":img-top: https://evil.example/a.png",
            "",
            "Text",
            ":::",
        ),
        unpublished=("evil.example",),
    ),
    Case(
        "script",
        "svg-xml-base",
        "_static/logo.svg:1",
        'a picture may refer only to itself, not `base="https://evil.example/x.svg"`',
        svg('<g xml:base="https://evil.example/x.svg"><use href="#a"/></g>'),
        stops=True,
    ),
    # -- Structure of the site ------------------------------------------------------------
    Case(
        "structure",
        "search-page",
        "search.md:1",
        "the site's own `search` page is written here",
        {"index.md": "# Home\n\n```{toctree}\npage\nsearch\n```\n", "search.md": "# Mine\n"},
        stops=True,
    ),
    Case(
        "structure",
        "genindex-page",
        "genindex.md:1",
        "the site's own `genindex` page is written here",
        {"index.md": "# Home\n\n```{toctree}\npage\ngenindex\n```\n", "genindex.md": "# Mine\n"},
        stops=True,
    ),
    Case(
        "structure",
        "generated-folder",
        "members.json/index.md:1",
        "the build writes `members.json` at the top of the site: rename the folder",
        {
            "index.md": "# Home\n\n```{toctree}\npage\nmembers.json/index\n```\n",
            "members.json/index.md": "# Members\n",
        },
        stops=True,
    ),
    Case(
        "structure",
        "toctree-cycle",
        "page.md:3",
        "this toctree leads back to a page above it (index > page > index): list each page once",
        page("```{toctree}", "index", "```"),
        stops=True,
    ),
    # -- The source tree, checked before anything is read ---------------------------------
    Case(
        "tree",
        "page-link-environ",
        "environ.md:1",
        LINK,
        {"index.md": "# Home\n\n```{toctree}\npage\nenviron\n```\n"},
        links={"environ.md": "/proc/self/environ"},
        stops=True,
    ),
    Case("tree", "folder-link-root", "rootfs:1", LINK, links={"rootfs": "/"}, stops=True),
    Case("tree", "folder-link-up", "news:1", LINK, links={"news": "../.."}, stops=True),
    Case(
        "tree",
        "docutils-conf-id-prefix",
        "docutils.conf:1",
        "that is a code change, which belongs in conf.py",
        {"docutils.conf": DOCUTILS_CONF},
        stops=True,
        unpublished=("alert(1)",),
    ),
    Case(
        "tree",
        "huge-page",
        "page.md:1",
        "1,500,008 bytes is more than the limit of 1,000,000 bytes per page",
        setup=_huge_page,
        stops=True,
    ),
    Case(
        "tree",
        "page-not-utf8",
        "page.md:4",
        "this line is not UTF-8 text: save the file as UTF-8",
        setup=lambda site: (site / "page.md").write_bytes(b"# Page\n\nText.\nx\xff\xfey\n"),
        stops=True,
    ),
    Case(
        "code",
        "table-too-many-cells",
        "page.md:5",
        "more than 20,000 table cells (`|`) take too long to build: split the table",
        page("| a | b |", "| - | - |", "|" + "b|" * 20_000, "| c | d |"),
    ),
    Case(
        "tree",
        "deep-folders",
        f"{DEEP}:1",
        "folders more than 12 deep are not read",
        setup=_deep_folders,
        stops=True,
    ),
]
