"""Sphinx configuration for the website of the International Criminal Justice Consortium."""

from __future__ import annotations

import contextlib
import io
import os
import sys
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

from icjc.pages import HTML_SIDEBARS  # found through the line above

# -- Project -----------------------------------------------------------------------------

project = "International Criminal Justice Consortium"
short_name = "ICJC"
author = project
language = "en"  # Read the Docs' French project passes -D language=fr
# The site's version, from pyproject.toml: EPUB readers show it (the pages do not).
version = tomllib.loads((Path(__file__).parent / "pyproject.toml").read_text())["project"][
    "version"
]

# -- Languages ---------------------------------------------------------------------------
# The site's languages, each named once, here (Babel locale identifiers: the language and,
# where it matters, its region); the first is the source, English Markdown. The others come
# from locale/<language>/LC_MESSAGES/*.po, one catalog per page (updated with
# `make translations`); sphinx.po holds the theme's words and icjc.po our extension's words.
# _ext/icjc/languages checks the catalogs before Sphinx compiles a page's catalog.

icjc_languages = ["en_GB", "fr_FR"]
locale_dirs = ["locale"]
gettext_compact = False
gettext_uuid = False
gettext_location = False

# The published address, e.g. https://icjc.readthedocs.io/en/latest/, for canonical links,
# the sitemap and sharing previews. Read the Docs supplies it; empty: no sitemap.
site_url = os.environ.get("READTHEDOCS_CANONICAL_URL", "")

# The repository, for "Edit this page" links. Read the Docs supplies it; elsewhere set
# ICJC_REPOSITORY_URL (https://github.com/OWNER/REPOSITORY). Empty: no edit links.
repository_url = os.environ.get("ICJC_REPOSITORY_URL") or os.environ.get(
    "READTHEDOCS_GIT_CLONE_URL", ""
).removesuffix(".git")

# -- General -----------------------------------------------------------------------------

extensions = [
    "myst_parser",
    "sphinx.ext.extlinks",
    "sphinx_design",
    "sphinxext.opengraph",
    "notfound.extension",
    "icjc",  # the site's own extension, in _ext/icjc/
]
if site_url:
    extensions.append("sphinx_sitemap")

if TYPE_CHECKING:
    from sphinx.util.tags import Tags

    tags: Tags  # Sphinx puts ``tags`` in this file's namespace before running it

# The accessibility page links to the repository's problem form when the address is known.
if repository_url:
    tags.add("icjc_repository")  # noqa: F821 - Sphinx provides ``tags`` to conf.py
extlinks = {"problem-form": (f"{repository_url}/issues/new?template=%s", None)}

# The repository root is the source directory: every Markdown file a toctree lists is a
# page. These are the tooling files and folders, kept out; pages need no change here.
exclude_patterns = [
    "README.md",
    "CONTRIBUTING.md",
    ".*",  # .github, .venv, .git, .ci and the tools' caches
    "_build",
    "_ext",
    "_static",
    "_templates",
    "benchmarks",
    "locale",
    "tests",
    "**/node_modules",
]
templates_path = ["_templates"]
nitpicky = True

myst_enable_extensions = ["colon_fence", "attrs_inline", "attrs_block"]
myst_heading_anchors = 2

# -- HTML output -------------------------------------------------------------------------

html_theme = "furo"
html_baseurl = site_url
html_title = project
html_short_title = short_name
html_logo = "_static/logo.svg"
html_favicon = "_static/favicon.svg"
html_static_path = ["_static"]
# With its priority written out (Sphinx's default for the site's own CSS), so that Sphinx
# does not add it to this list while building and call the configuration changed next time.
html_css_files = [("icjc.css", {"priority": 800})]
html_show_sourcelink = False
html_show_copyright = False
html_show_sphinx = False
html_copy_source = False
# The site description (for pages without their own) and the 404 page's words are set per
# language by _ext/icjc/languages/__init__.py.
html_context: dict[str, str] = {}

html_theme_options = {
    "sidebar_hide_name": False,
    "navigation_with_keys": False,
    "top_of_page_buttons": ["edit"],
    "source_repository": f"{repository_url}/" if repository_url else "",
    "source_branch": "main",
    "source_directory": "",
    "light_css_variables": {
        "color-brand-primary": "#1c3d6e",
        "color-brand-content": "#1f4f8f",
        "color-brand-visited": "#5a3d7a",
    },
    "dark_css_variables": {
        "color-brand-primary": "#9cc3f5",
        "color-brand-content": "#9cc3f5",
        "color-brand-visited": "#c9b3e8",
    },
}

# -- Sharing, sitemap and 404 page ----------------------------------------------------

ogp_site_url = site_url
ogp_site_name = project
ogp_image = "_static/social-card.png"
ogp_image_alt = "International Criminal Justice Consortium (ICJC)"
ogp_social_cards = {"enable": False}
# sphinxext-opengraph 0.13 prints "matplotlib is not installed, social cards will not be
# generated" when imported, although they are off (above): imported here, without it.
with contextlib.redirect_stdout(io.StringIO()):
    import sphinxext.opengraph  # noqa: F401
ogp_enable_meta_description = False  # each page sets its own description

# Each language's sitemap addresses and alternates are set from site_url by
# _ext/icjc/languages/links.py; "{link}" is what stays when no language can be read from it.
sitemap_url_scheme = "{link}"
sitemap_excludes = ["search.html", "genindex.html", "404.html"]

notfound_urls_prefix = urlsplit(site_url).path or "/"

# Furo's default sidebar, with the member list after the navigation (so that it scrolls with
# it), and without Furo's ethical-ads and variant-selector (Read the Docs' adverts and version
# menu: the site shows no third-party adverts and has one version). The list lives in
# _ext/icjc/pages.py, shared with the test roots so that the two cannot drift apart.
html_sidebars = HTML_SIDEBARS

# -- PDF and EPUB (Read the Docs' downloads) -----------------------------------------------

# XeLaTeX: French text has narrow no-break spaces (U+202F) that pdflatex cannot set, and
# member names may come in any script. Read the Docs runs no xindy; the site has no index.
latex_engine = "xelatex"
latex_use_xindy = False
latex_documents = [("index", "icjc.tex", project, author, "manual")]
latex_elements = {"papersize": "a4paper"}
latex_show_urls = "footnote"
epub_copyright = author
epub_show_urls = "no"  # links stay links in a reader
