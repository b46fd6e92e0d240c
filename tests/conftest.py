"""Shared fixtures: Sphinx test apps built from tiny roots, and the real site built once.

Tests of the real site derive what they expect from its sources (the Markdown pages, the
toctree, members/members.yaml), never from today's content: ``each_site`` runs them on the
site as it is and on a copy edited with CONTRIBUTING's recipes and rebuilt incrementally.
"""

from __future__ import annotations

import gc
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import settings
from sphinx.builders.html._assets import _file_checksum_inner
from sphinx.config import Config
from sphinx.project import Project
from sphinx.testing.util import SphinxTestApp, _clean_up_global_state
from sphinx.util.tags import Tags

REPO = Path(__file__).resolve().parent.parent
ROOTS = Path(__file__).resolve().parent / "roots"
SCHEMA = REPO / "members" / "members.schema.json"
#: Pages Sphinx and the extensions add to the Markdown pages.
GENERATED_PAGES = ("search", "genindex", "404")
#: What a fresh clone does not have: build output, environments, caches.
NOT_IN_A_CLONE = shutil.ignore_patterns(
    ".git", ".venv", "_build", "node_modules", "__pycache__", ".*_cache", ".hypothesis"
)
EXAMPLE_REPOSITORY = "https://github.com/example/icjc-website"
PROBLEM_MATCHERS = json.loads((REPO / ".github/sphinx-problem-matcher.json").read_text())[
    "problemMatcher"
]
EXAMPLE_SITE = "https://icjc.example.org/"


# Property tests: reproducible in CI (no example database, derandomized), exploratory locally.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("dev", print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
pytest_plugins = ["sphinx.testing.fixtures", "browser_fixtures"]


def matched(line: str) -> tuple[str, str, int, str] | None:
    """What GitHub's problem matcher (.github/) makes of a printed line: (severity, file,
    line, message), shown on that line of the file in a pull request; None if nothing."""
    for matcher in PROBLEM_MATCHERS:
        pattern = matcher["pattern"][0]
        if found := re.match(pattern["regexp"], line):
            where, number = found[pattern["file"]], int(found[pattern["line"]])
            return matcher["severity"], where, number, found[pattern["message"]]
    return None


def site_pages(srcdir: Path = REPO) -> tuple[str, ...]:
    """The site's pages: its Markdown files, less the tooling conf.py keeps out."""
    config = Config.read(srcdir, overrides={}, tags=Tags())
    project = Project(srcdir, {".md": "markdown"})
    return tuple(sorted(project.discover(config.exclude_patterns)))


def html_pages(srcdir: Path = REPO) -> tuple[str, ...]:
    """Every HTML page the site builds, relative to the output folder."""
    return tuple(f"{name}.html" for name in (*site_pages(srcdir), *GENERATED_PAGES))


#: The pages of the site as it is, for tests parametrized by page (the browser tests).
PAGES = site_pages()
HTML_PAGES = html_pages()


def read_members(srcdir: Path = REPO, language: str = "en") -> list[dict[str, Any]]:
    """The member entries of ``members/members.yaml`` as a build in ``language`` publishes
    them: values given per language taken in that language, the country's code and its name
    in that language from Babel (CLDR)."""
    from babel import Locale
    from icjc.members.loading import LOCALIZED_FIELDS, SOURCE_LANGUAGE, in_language, language_of

    text = (srcdir / "members" / "members.yaml").read_text(encoding="utf-8")
    territories = Locale.parse(language).territories
    return [
        {
            "name_language": SOURCE_LANGUAGE,
            **member,
            **{key: in_language(member[key], language) for key in LOCALIZED_FIELDS & set(member)},
            **(
                {"name_language": language_of(member["name"], language)}
                if isinstance(member["name"], dict)
                else {}
            ),
            "country": territories[member["country"]],
            "country_code": member["country"],
        }
        if isinstance(member, dict)
        else member
        for member in yaml.safe_load(text)["members"]
    ]


def copy_site(destination: Path) -> Path:
    """A copy of the repository's files, as a fresh clone has them."""
    return Path(shutil.copytree(REPO, destination, ignore=NOT_IN_A_CLONE, symlinks=True))


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def copy_root(name: str, destination: Path) -> Path:
    """Copy ``tests/roots/test-NAME`` to ``destination``, with the site's templates and schema.

    Each root then builds on its own, in a test app or with ``sphinx-build``.
    """
    shutil.copytree(ROOTS / f"test-{name}", destination)
    shutil.copytree(REPO / "_templates", destination / "_templates")
    copy_members(destination)
    return destination


def copy_members(site: Path) -> None:
    """The site's schema, and its members file unless the site has its own (a root about
    something else than members)."""
    (site / "members").mkdir(exist_ok=True)
    shutil.copy(SCHEMA, site / "members" / SCHEMA.name)
    if not (site / "members" / "members.yaml").exists():
        shutil.copy(REPO / "members" / "members.yaml", site / "members" / "members.yaml")


@dataclass
class Built:
    srcdir: Path
    outdir: Path
    warnings: str
    status: str = ""  # what the build printed besides warnings

    def page(self, docname: str) -> BeautifulSoup:
        return soup(self.outdir / f"{docname}.html")

    @property
    def pages(self) -> tuple[str, ...]:
        return site_pages(self.srcdir)

    @property
    def members(self) -> list[dict[str, Any]]:
        return read_members(self.srcdir)


@pytest.fixture(scope="session")
def _root_builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Built]:
    """Builds of unchanged test roots, kept for the session: the tests only read them."""
    return {}


@pytest.fixture
def build_root(
    make_app: Callable, tmp_path_factory: pytest.TempPathFactory, _root_builds: dict[str, Built]
) -> Callable[..., Built]:
    """Build a copy of a test root in a temp dir with Sphinx's test app.

    A root built with the same overrides is built once per session and shared; a caller
    that passes its own ``srcdir`` always gets a build of its own.
    """

    def build(name: str, srcdir: Path | None = None, **overrides: object) -> Built:
        key = f"{name} {sorted(overrides.items())!r}"
        if srcdir is None and key in _root_builds:
            return _root_builds[key]
        shared = srcdir is None
        srcdir = srcdir or copy_root(name, tmp_path_factory.mktemp(name) / name)
        warning = StringIO()
        app = make_app(
            "html",
            srcdir=srcdir,
            confoverrides=overrides,
            warning=warning,
            status=StringIO(),
        )
        app.build()
        built = Built(srcdir, Path(app.outdir), warning.getvalue())
        if shared:
            _root_builds[key] = built
        return built

    return build


@pytest.fixture
def failing_root(make_app: Callable, tmp_path: Path) -> Callable[[str], str]:
    """Start a build of a broken root; return what it printed as it stopped."""

    def start(name: str) -> str:
        srcdir = copy_root(name, tmp_path / name)
        warning = StringIO()
        try:
            with pytest.raises(SystemExit) as stopped:
                make_app(
                    "html",
                    srcdir=srcdir,
                    warning=warning,
                    status=StringIO(),
                )
        finally:
            # The app stopped before make_app could hand it over for clean-up: clear the
            # nodes, directives and roles it registered, as SphinxTestApp.cleanup() does.
            _clean_up_global_state()
        assert stopped.value.code == 1
        return warning.getvalue()

    return start


def sphinx_build(
    srcdir: Path,
    outdir: Path,
    *options: str,
    env: dict[str, str] | None = None,
    site_url: str = EXAMPLE_SITE,
) -> subprocess.CompletedProcess[str]:
    """Run sphinx-build the way ``make html`` does, without colour."""
    env = {
        **os.environ,
        **(env or {}),
        "NO_COLOR": "1",
        "ICJC_REPOSITORY_URL": EXAMPLE_REPOSITORY,
        "READTHEDOCS_CANONICAL_URL": site_url,
    }
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", *options, str(srcdir), str(outdir)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def build_site(
    srcdir: Path,
    builddir: Path,
    *,
    language: str | None = None,
    site_url: str = EXAMPLE_SITE,
) -> Built:
    """Build the site in ``srcdir`` into ``builddir/html`` as ``make html`` does (``-n``,
    every page read: ``-E``), in this process with Sphinx's test app, with the addresses Read
    the Docs gives. Warnings are collected, not raised."""
    # Sphinx remembers each asset's checksum (the ``?v=`` of its links) for the life of the
    # process; each ``make html`` is a new process, so a rebuild here starts without them.
    _file_checksum_inner.cache_clear()
    warning, status = StringIO(), StringIO()
    with pytest.MonkeyPatch.context() as patch:  # conf.py reads them when it runs
        patch.setenv("ICJC_REPOSITORY_URL", EXAMPLE_REPOSITORY)
        patch.setenv("READTHEDOCS_CANONICAL_URL", site_url)
        app = SphinxTestApp(
            "html",
            srcdir=srcdir,
            builddir=builddir,
            freshenv=True,
            confoverrides={"nitpicky": True, **({"language": language} if language else {})},
            status=status,
            warning=warning,
        )
        try:
            app.build()
        finally:
            app.cleanup()  # docutils' registries and Sphinx's translations, for the next app
            # sphinx-sitemap's queue lives in a forked process until the app is gone; end it
            # now, as the end of ``make html`` does, rather than at the end of the session.
            vars(app).pop("sitemap_links", None)
            gc.collect()
    return Built(srcdir, Path(app.outdir), warning.getvalue(), status.getvalue())


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The real site as a fresh clone has it, built once as ``make html`` does."""
    folder = tmp_path_factory.mktemp("site")
    return build_site(copy_site(folder / "src"), folder)


@pytest.fixture(scope="session")
def edited_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """A copy of the site, built, then edited with each CONTRIBUTING recipe in turn and
    rebuilt after each, as a contributor runs ``make html``."""
    from contributor_edits import RECIPES

    folder = tmp_path_factory.mktemp("edited")
    srcdir = copy_site(folder / "src")
    built = build_site(srcdir, folder)
    warnings = built.warnings
    for recipe in RECIPES:
        recipe(srcdir)
        built = build_site(srcdir, folder)
        warnings += built.warnings
    return Built(srcdir, built.outdir, warnings)


@pytest.fixture(scope="session", params=["site", "edited_site"])
def each_site(request: pytest.FixtureRequest) -> Built:
    """The site as it is, then as a contributor left it: the same rules hold for both."""
    return request.getfixturevalue(request.param)


@pytest.fixture(scope="session")
def site_fr(site: Built, tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The French site (``-D language=fr``) in ``fr/`` beside a copy of the English one, as
    ``make html-all`` lays them out: the language switch works offline."""
    folder = tmp_path_factory.mktemp("fr")
    french = build_site(site.srcdir, folder / "build", language="fr", site_url="")
    both = folder / "both"
    shutil.copytree(site.outdir, both)
    shutil.copytree(french.outdir, both / "fr")
    return Built(site.srcdir, both / "fr", french.warnings)
