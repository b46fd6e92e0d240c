"""Shared fixtures: Sphinx test apps built from tiny roots, and the real site built once."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent
ROOTS = Path(__file__).resolve().parent / "roots"
SCHEMA = REPO / "members" / "members.schema.json"
PAGES = ("index", "about", "accessibility", "members/index")
#: Every HTML page the site builds: the content pages and those Sphinx and extensions add.
HTML_PAGES = (*(f"{name}.html" for name in PAGES), "search.html", "genindex.html", "404.html")
EXAMPLE_REPOSITORY = "https://github.com/example/icjc-website"
EXAMPLE_SITE = "https://icjc.example.org/"

sys.path.insert(0, str(REPO / "_ext"))
pytest_plugins = ["sphinx.testing.fixtures", "browser_fixtures"]


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
    (destination / "members").mkdir(exist_ok=True)
    shutil.copy(SCHEMA, destination / "members" / SCHEMA.name)
    return destination


@dataclass
class Built:
    srcdir: Path
    outdir: Path
    warnings: str

    def page(self, docname: str) -> BeautifulSoup:
        return soup(self.outdir / f"{docname}.html")


@pytest.fixture
def build_root(make_app: Callable, tmp_path: Path) -> Callable[..., Built]:
    """Build a copy of a test root in a temp dir with Sphinx's test app."""

    def build(name: str, srcdir: Path | None = None, **overrides: object) -> Built:
        srcdir = srcdir or copy_root(name, tmp_path / name)
        warning = StringIO()
        app = make_app(
            "html",
            srcdir=srcdir,
            confoverrides=overrides,
            warning=warning,
            status=StringIO(),
        )
        app.build()
        return Built(srcdir, Path(app.outdir), warning.getvalue())

    return build


@pytest.fixture
def failing_root(make_app: Callable, tmp_path: Path) -> Callable[[str], str]:
    """Start a build of a broken root; return what it printed as it stopped."""

    def start(name: str) -> str:
        srcdir = copy_root(name, tmp_path / name)
        warning = StringIO()
        with pytest.raises(SystemExit) as stopped:
            make_app(
                "html",
                srcdir=srcdir,
                warning=warning,
                status=StringIO(),
            )
        assert stopped.value.code == 1
        return warning.getvalue()

    return start


def sphinx_build(
    srcdir: Path, outdir: Path, *options: str, site_url: str = EXAMPLE_SITE
) -> subprocess.CompletedProcess[str]:
    """Run sphinx-build the way ``make html`` does, without colour."""
    env = {
        **os.environ,
        "NO_COLOR": "1",
        "PYTHONPATH": str(REPO / "_ext"),
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


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The real site, built once with ``-W -n`` as ``make html`` does."""
    outdir = tmp_path_factory.mktemp("site") / "html"
    result = sphinx_build(REPO, outdir, "-W", "-n", "-E", "-d", str(outdir.parent / "doctrees"))
    assert result.returncode == 0, result.stderr
    return Built(REPO, outdir, result.stderr)


@pytest.fixture(scope="session")
def site_fr(site: Built) -> Built:
    """The French site, in its own process (``-D language=fr``), in ``fr/`` beside the English
    one as ``make html-all`` lays them out, so that the language switch works offline."""
    outdir = site.outdir / "fr"
    doctrees = site.outdir.parent / "doctrees-fr"
    result = sphinx_build(
        REPO, outdir, "-W", "-n", "-E", "-D", "language=fr", "-d", str(doctrees), site_url=""
    )
    assert result.returncode == 0, result.stderr
    return Built(REPO, outdir, result.stderr)
