"""The hostile corpus: each attempt ends in its one located message, publishes nothing it
tried to, and never echoes the secret into the build's output."""

from __future__ import annotations

import re
import resource
import shutil
import signal
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import ROOTS, copy_members
from hostile_pages_corpus import CASES, OUTSIDE, OUTSIDE_PICTURE, SECRET, Case
from hypothesis import given
from hypothesis import strategies as st
from icjc.safety.page_source import check_source, front_matter_lines
from myst_parser.config.main import TopmatterReadError, read_topmatter
from sphinx.testing.util import _clean_up_global_state
from sphinx.util.console import strip_escape_sequences

#: Cases also built as ``make html`` builds the site, in a process of their own.
RUN_AS_MAKE_HTML = ("front-matter-unclosed", "front-matter-merge-alias", "octicon-class")
#: A message line, as Sphinx prints it: ``page.md:3: WARNING: ...``.
MESSAGE = re.compile(r"^(?:(?P<location>\S.*?): )?(?:WARNING|ERROR|CRITICAL): ", re.M)


def make_site(case: Case, folder: Path) -> Path:
    """The small site with the case's change, and the outside files holding the secret."""
    outside = folder / "outside"
    outside.mkdir()
    for name in (OUTSIDE, OUTSIDE_PICTURE):
        (folder / "site" / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / "site" / name).resolve().write_text(f"token={SECRET}\n", encoding="utf-8")
    site = Path(shutil.copytree(ROOTS / "test-hostile", folder / "site", dirs_exist_ok=True))
    copy_members(site)
    for name, text in case.files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")
    if case.setup:
        case.setup(site)
    for name, target in case.links.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).symlink_to(target)
    return site


def first_environment_entry() -> str:
    """A variable this process started with, as ``/proc/self/environ`` would publish it."""
    return next(
        entry for entry in Path("/proc/self/environ").read_text().split("\0") if "=" in entry
    )


def published_text(folder: Path) -> str:
    """Every file the build left, as text (links not followed: they are what is checked)."""
    texts = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            texts.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(texts)


@pytest.fixture
def bounded_writes():
    """Files of at most 50 MB while a case builds: should a check fail, copying ``/dev/zero``
    ends in an error instead of filling the disk."""
    limits = resource.getrlimit(resource.RLIMIT_FSIZE)
    handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (50_000_000, limits[1]))
    yield
    resource.setrlimit(resource.RLIMIT_FSIZE, limits)
    signal.signal(signal.SIGXFSZ, handler)


@pytest.mark.usefixtures("bounded_writes")
@pytest.mark.parametrize("case", CASES, ids=[f"{case.category}-{case.name}" for case in CASES])
def test_each_attempt_is_refused_with_one_located_message(case, make_app, tmp_path, monkeypatch):
    monkeypatch.setenv("MY_SECRET_TOKEN", SECRET)
    site = make_site(case, tmp_path)
    warning, status = StringIO(), StringIO()
    started = time.monotonic()
    try:
        app = make_app("html", srcdir=site, warning=warning, status=status)
        app.build()
        stopped = False
    except SystemExit as stop:
        assert stop.code == 1
        stopped = True
    finally:
        _clean_up_global_state()
    assert time.monotonic() - started < 60
    for name in (OUTSIDE, OUTSIDE_PICTURE):  # nothing outside the site was written
        assert (site / name).resolve().read_text(encoding="utf-8") == f"token={SECRET}\n"
    output = strip_escape_sequences(warning.getvalue() + status.getvalue())
    output = output.replace(f"{site}/", "")
    kept = published_text(site / "_build")  # the pages and the environment Sphinx keeps
    for secret in (SECRET, first_environment_entry()):
        assert secret not in kept
        assert secret not in output
    published = published_text(site / "_build" / "html")
    for attempt in case.unpublished:
        assert attempt not in published
    messages = [line for line in output.splitlines() if MESSAGE.match(line)]
    assert len(messages) == 1, messages
    assert messages[0].startswith(f"{case.location}: "), messages
    assert case.message in messages[0], messages
    assert "Traceback" not in output
    assert stopped == case.stops


def test_the_small_site_builds_clean(make_app, tmp_path):
    """The corpus' starting point is itself accepted: every message comes from the case."""
    site = Path(shutil.copytree(ROOTS / "test-hostile", tmp_path / "site"))
    copy_members(site)
    warning = StringIO()
    app = make_app("html", srcdir=site, warning=warning, status=StringIO())
    app.build()
    assert warning.getvalue() == ""
    assert (site / "_build" / "html" / "_static" / "logo.svg").is_file()


@pytest.mark.parametrize(
    "change",
    [
        {"links": {"_static/env.txt": "/proc/self/environ"}},
        {"files": {"page.md": "# Page\n\n<img src=x onerror=alert(1)>\n"}},
        *({"files": case.files} for case in CASES if case.name in RUN_AS_MAKE_HTML),
    ],
    ids=["static-environ", "page-onerror", *RUN_AS_MAKE_HTML],
)
def test_sphinx_build_exits_non_zero_without_the_secret(change, tmp_path):
    """As ``make html`` runs it, with the secret in the build's real environment."""
    site = make_site(Case("", "", "", "", **change), tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "-n", "--keep-going", ".", "_build"],
        cwd=site,
        capture_output=True,
        text=True,
        env={
            "PATH": "/usr/bin:/bin",
            "NO_COLOR": "1",
            "MY_SECRET_TOKEN": SECRET,
        },
        check=False,
        timeout=60,
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert SECRET not in result.stdout + result.stderr
    assert SECRET not in published_text(site / "_build")


@given(st.lists(st.sampled_from(["---", "--- ICJC", "...", "----", " ---", "a: 1", "", "# A"])))
def test_front_matter_is_found_where_myst_finds_it(lines):
    """MyST's reader decides, fed the lines without their YAML: the same pages, the same end."""
    text = "\n".join(lines)
    try:
        found = read_topmatter(text) is not None
    except TopmatterReadError:
        found = True
    assert bool(front_matter_lines(text)) == found


def test_a_long_page_without_front_matter_is_not_refused(make_app, tmp_path):
    """Nor a long heading (its id is long, and plain), nor a label with a colon."""
    heading = "(sec:how)=\n## How the website of the consortium is tested, and by whom\n\n"
    heading += "See {ref}`sec:how`.\n\n"
    site = make_site(
        Case("", "", "", "", files={"page.md": "# Page\n\n" + heading + "Words. " * 2_000}),
        tmp_path,
    )
    warning = StringIO()
    make_app("html", srcdir=site, warning=warning, status=StringIO()).build()
    assert warning.getvalue() == ""


def test_front_matter_values_are_text(make_app, tmp_path):
    """A description that YAML would read as a date (an impossible one) is its text."""
    text = "---\nmyst: {html_meta: {description: 2021-99-99}}\n---\n\n# Page\n"
    site = make_site(Case("", "", "", "", files={"page.md": text}), tmp_path)
    warning = StringIO()
    make_app("html", srcdir=site, warning=warning, status=StringIO()).build()
    assert warning.getvalue() == ""
    html = (site / "_build" / "html" / "page.html").read_text(encoding="utf-8")
    assert '<meta content="2021-99-99" name="description" />' in html


@given(st.text(st.sampled_from(list("-.:[]{}&*!<>|?,#'\" \n\tmystorphan\x07\u2028")), max_size=60))
def test_any_front_matter_is_read_without_a_crash_and_keeps_its_lines(text):
    """Whatever the front matter, one message at most, and the page's lines stay where
    they were (each message's line is right)."""
    env = SimpleNamespace(doc2path=lambda docname, base: Path(f"{docname}.md"))
    source = [f"---\n{text}\n---\n\n# Page\n"]
    lines = source[0].count("\n")
    check_source(SimpleNamespace(env=env), "page", source)
    assert source[0].count("\n") == lines
    assert source[0].endswith("\n# Page\n")
