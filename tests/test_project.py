"""The project's own files: CI, pre-commit, Read the Docs, the lock, README and CONTRIBUTING."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from io import StringIO
from pathlib import Path

import pytest
import yaml
from conftest import REPO, ROOTS, SCHEMA, copy_root, copy_site, matched, site_pages
from sphinx.util.console import strip_escape_sequences

CONTRIBUTING = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
README = (REPO / "README.md").read_text(encoding="utf-8")


def make_targets_named(text: str) -> list[str]:
    return sorted(set(re.findall(r"`make ([a-z-]+)`|^make ([a-z-]+)", text, re.M)) - {("", "")})


def test_the_problem_matcher_reads_sphinx_messages():
    line = "x.md:1: ERROR: no page's navigation leads to this page: add the line `x` [icjc.pages]"
    assert matched(line) == ("error", "x.md", 1, line.split(": ERROR: ")[1])
    assert matched("x.md:2: WARNING: y")[:3] == ("error", "x.md", 2)  # -W: a warning fails
    assert matched("locale/fr/x.po:3: notice: y")[:3] == ("warning", "locale/fr/x.po", 3)
    assert matched("The site was not built: fix the problems listed above") is None


#: One mistake per rule pyproject.toml enables, each on the line the key names.
MARKDOWN_MISTAKES = {
    "md011": "See (the members)[members/index.md].",
    "md018": "##Members",
    "md020": "##Members##",
    "md037": "A ** bold ** word.",
    "md042": "A [link]() to nowhere.",
    "md045": "![](_static/logo.svg)",
    "md056": "| a | b |\n| - | - |\n| 1 | 2 | 3 |",
}


def markdown_hook() -> dict:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    (hook,) = [
        hook for repo in config["repos"] for hook in repo["hooks"] if hook["id"] == "markdown"
    ]
    return hook


def test_each_markdown_mistake_is_shown_on_its_line(tmp_path):
    enabled = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["pymarkdown"]
    rules = {rule for rule, value in enabled["plugins"].items() if isinstance(value, dict)}
    assert rules == set(MARKDOWN_MISTAKES)
    troubleshooting = CONTRIBUTING.split("## When a check fails", 1)[1]
    assert [rule for rule in rules if f"`{rule.upper()}" not in troubleshooting] == []
    lines, planted = ["---", "og:title: A page", "---", "", "# A page", ""], {}
    for rule, mistake in MARKDOWN_MISTAKES.items():
        lines += mistake.splitlines()
        planted[len(lines)] = rule  # a table's mistake is on its last line
        lines.append("")
    (tmp_path / "page.md").write_text("\n".join(lines))
    shutil.copy(REPO / "pyproject.toml", tmp_path)
    (tmp_path / ".venv").symlink_to(Path(sys.executable).parent.parent)
    result = subprocess.run(
        [*shlex.split(markdown_hook()["entry"]), "page.md"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    shown = [matched(line) for line in result.stdout.splitlines()]
    assert {(where, number) for _, where, number, _ in shown} == {
        ("page.md", number) for number in planted
    }
    assert {severity for severity, *_ in shown} == {"error"}


def test_the_markdown_check_reads_exactly_the_sites_pages():
    hook = markdown_hook()
    tracked = subprocess.run(
        ["git", "ls-files", "*.md"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split()
    checked = [name for name in tracked if not re.search(hook["exclude"], name)]
    assert sorted(name.removesuffix(".md") for name in checked) == list(site_pages())


def test_every_hook_is_pinned_at_one_version():
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    project = tomllib.loads((REPO / "pyproject.toml").read_text())
    locked = dict(pin.split("==") for pin in project["dependency-groups"]["lint"])
    for hook in (hook for repo in config["repos"] for hook in repo["hooks"]):
        if hook["language"] == "system":  # the project's .venv, installed from uv.lock
            assert re.match(r"(env \S+ |bash -c '[^']*?)?\.venv/bin/", hook["entry"]), hook["id"]
            continue
        for requirement in hook["additional_dependencies"]:
            name, version = requirement.split("==")
            assert locked.get(name, version) == version, hook["id"]


def test_every_issue_form_link_works_and_each_field_to_copy_is_explained():
    forms = {path.name: path for path in (REPO / ".github/ISSUE_TEMPLATE").glob("*.yml")}
    for name in re.findall(r"issues/new\?template=([\w.-]+)", CONTRIBUTING + README):
        assert name in forms, name
    for path in forms.values():
        if path.name == "config.yml":
            continue
        form = yaml.safe_load(path.read_text())
        inputs = [item for item in form["body"] if item["type"] == "input"]
        # A form cannot ask for a field only for some changes: those say when they are needed.
        for item in inputs:
            if not item.get("validations", {}).get("required"):
                description = item["attributes"].get("description", "")
                assert description.startswith(("Optional", "Required")), item["id"]
        # A form whose answers a maintainer copies has a section naming each of its fields.
        heading = f'### From the "{form["name"]}" form'
        if heading in CONTRIBUTING:
            section = CONTRIBUTING.split(heading, 1)[1].split("\n#", 1)[0]
            labels = [item["attributes"]["label"] for item in inputs]
            assert [label for label in labels if f"**{label}**" not in section] == []


def test_ci_runs_the_readme_test_command():
    script = (REPO / ".ci/run").read_text()
    assert re.search(r"^make test$", script, re.M)
    assert re.search(r"^make html$", script, re.M)


def troubleshooting_messages() -> list[str]:
    section = CONTRIBUTING.split("## When a check fails", 1)[1]
    return re.findall(r"^\| ``(.*?)`` \|", section, re.M)


def test_contributing_troubleshooting_shows_the_real_page_messages(make_app, tmp_path):
    srcdir = copy_root("pages-messages", tmp_path / "site")
    warning = StringIO()
    make_app("html", srcdir=srcdir, warning=warning, status=StringIO()).build()
    printed = re.sub(r"\x1b\[[0-9;]*m", "", warning.getvalue())
    index = srcdir / "index.md"
    assert printed.splitlines() == [
        *(
            f"{index}:3: WARNING: toctree contains reference to nonexisting document '{name}'"
            " [toc.not_readable]"
            for name in ("events", "resources", "README")
        ),
        "resources/index.md:1: ERROR: no page's navigation leads to this page: add the line "
        "`resources/index` to the {toctree} block in `index.md` [icjc.pages]",
        "resources/lost.md:1: ERROR: no page's navigation leads to this page: add the line "
        "`lost` to the {toctree} block in `resources/index.md` [icjc.pages]",
    ]
    ours = [m for m in troubleshooting_messages() if "toctree" in m]
    assert len(ours) == 2
    for message in ours:  # names in backticks are examples: any name matches
        pattern = re.sub(r"`[^`]+`", "`[^`]+`", re.escape(message.strip()).replace("\\`", "`"))
        assert re.search(pattern, printed), message


def test_read_the_docs_uses_the_lock_fails_on_warnings_and_offers_pdf_and_epub():
    config = yaml.safe_load((REPO / ".readthedocs.yaml").read_text())
    assert config["version"] == 2
    assert config["sphinx"] == {"configuration": "conf.py", "fail_on_warning": True}
    assert config["build"]["tools"]["python"] == "3.11"
    assert "commands" not in config["build"]  # it would skip fail_on_warning
    assert config["python"]["install"] == [{"method": "uv", "command": "sync", "groups": ["docs"]}]
    assert sorted(config["formats"]) == ["epub", "pdf"]


def read_the_docs_install(srcdir: Path, venv: Path) -> list[subprocess.CompletedProcess[str]]:
    """Run the install steps ``.readthedocs.yaml`` declares, in Read the Docs' order and with
    its uv variables (readthedocs/doc_builder/director.py and python_environments.py): the
    jobs' shell lines around ``uv venv`` and ``uv sync``; stop at the first that fails."""
    config = yaml.safe_load((srcdir / ".readthedocs.yaml").read_text())
    jobs = config["build"].get("jobs", {})
    uv_sync = [
        "uv sync" + "".join(f" --group {g}" for g in step.get("groups", []))
        for step in config["python"]["install"]
        if step.get("method") == "uv"
    ]
    lines = [
        *jobs.get("pre_create_environment", []),
        f"uv venv {venv}",
        *jobs.get("post_create_environment", []),
        *jobs.get("pre_install", []),
        *jobs.get("install", uv_sync),
        *jobs.get("post_install", []),
    ]
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
        "UV_PROJECT": str(srcdir),
        "UV_PROJECT_ENVIRONMENT": str(venv),
        "UV_PYTHON": str(venv / "bin" / "python"),
        "UV_PYTHON_DOWNLOADS": "never",
    }
    done = []
    for line in lines:
        # Like Read the Docs, no UV_PYTHON for the environment's creation: it does not exist yet.
        step_env = {k: v for k, v in env.items() if k != "UV_PYTHON" or "uv venv" not in line}
        done.append(
            subprocess.run(
                line,
                shell=True,
                cwd=srcdir,
                env=step_env,
                capture_output=True,
                text=True,
                check=False,
            )
        )
        if done[-1].returncode:
            break
    return done


def test_read_the_docs_installs_from_the_lock_and_stops_on_a_stale_one(tmp_path):
    fresh = copy_site(tmp_path / "fresh")
    steps = read_the_docs_install(fresh, tmp_path / "env-fresh")
    assert [step.returncode for step in steps] == [0] * len(steps), steps[-1].stderr
    assert (
        subprocess.run(
            [tmp_path / "env-fresh/bin/python", "-c", "import sphinx, furo"], check=False
        ).returncode
        == 0
    )

    # A docs tool added to pyproject.toml without `uv lock`: here one the lock already
    # holds, at its locked version, so that only the lock's staleness can make it fail.
    stale = copy_site(tmp_path / "stale")
    lock = tomllib.loads((stale / "uv.lock").read_text())
    project = tomllib.loads((stale / "pyproject.toml").read_text())
    direct = {r.split("==")[0] for r in project["dependency-groups"]["docs"]}
    extra = next(
        p
        for p in lock["package"]
        if p["name"] not in direct and "version" in p and p["name"] != project["project"]["name"]
    )
    text = (stale / "pyproject.toml").read_text()
    text = text.replace("docs = [\n", f'docs = [\n    "{extra["name"]}=={extra["version"]}",\n', 1)
    (stale / "pyproject.toml").write_text(text)
    locked = (stale / "uv.lock").read_text()
    steps = read_the_docs_install(stale, tmp_path / "env-stale")
    assert steps[-1].returncode != 0
    assert "uv sync" not in steps[-1].args  # stopped before the install re-resolved it
    assert (stale / "uv.lock").read_text() == locked


def test_the_lock_pins_one_version_of_each_docs_tool_for_python_3_11():
    lock = tomllib.loads((REPO / "uv.lock").read_text())
    project = tomllib.loads((REPO / "pyproject.toml").read_text())
    assert lock["requires-python"] == project["project"]["requires-python"] == ">=3.11"
    versions = {}
    for package in lock["package"]:
        versions.setdefault(package["name"], set()).add(package["version"])
    for requirement in project["dependency-groups"]["docs"]:
        name, version = requirement.split("==")
        assert versions[name] == {version}, name


@pytest.mark.parametrize(
    "target", sorted({a or b for a, b in make_targets_named(CONTRIBUTING + README)})
)
def test_every_make_command_in_the_docs_exists(target):
    result = subprocess.run(
        ["make", "-n", target], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "No rule to make target" not in result.stderr


def test_contributing_names_the_main_commands():
    named = {a or b for a, b in make_targets_named(CONTRIBUTING)}
    assert {"check-members", "livehtml", "html", "lint", "test"} <= named


def test_contributing_shows_a_real_error_message():
    example = re.search(r"```text\n(members/members\.yaml:.*)\n```", CONTRIBUTING).group(1)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "icjc.members",
            "--source-dir",
            str(ROOTS / "test-error-members"),
            "--schema",
            str(SCHEMA),
        ],
        capture_output=True,
        text=True,
        check=False,
        env={},
    )
    assert example in result.stderr.splitlines()


def test_make_html_builds_the_site(tmp_path):
    result = subprocess.run(
        ["make", "--no-print-directory", "html", f"BUILDDIR={tmp_path}"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "html" / "members" / "index.html").is_file()
    assert "WARNING" not in result.stderr


def test_a_failed_make_html_leaves_the_last_good_site(tmp_path):
    """The build writes into a new folder, which replaces the site only when it succeeds."""
    site = copy_site(tmp_path / "src")
    (site / ".venv").symlink_to(REPO / ".venv")  # the installed tools, not installed again

    def make_html() -> subprocess.CompletedProcess[str]:
        command = ["make", "--no-print-directory", "html", f"BUILDDIR={tmp_path / 'build'}"]
        return subprocess.run(command, cwd=site, capture_output=True, text=True, check=False)

    assert make_html().returncode == 0
    html = tmp_path / "build" / "html"
    good = {path: path.read_bytes() for path in html.rglob("*") if path.is_file()}
    page = site / "index.md"  # the home page, which the client's layout fixes
    with page.open("a", encoding="utf-8") as file:  # only the output gate refuses it
        file.write('\nAn icon {octicon}`law;1em;x" onmouseover="alert(1)`.\n')
    failed = make_html()
    assert failed.returncode != 0
    assert "onmouseover" in failed.stderr
    assert {path: path.read_bytes() for path in html.rglob("*") if path.is_file()} == good
    assert sorted(path.name for path in (tmp_path / "build").iterdir()) == ["doctrees", "html"]


def test_make_livehtml_serves_the_site_on_localhost(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        ["make", "--no-print-directory", "livehtml", f"BUILDDIR={tmp_path}", f"LIVEPORT={port}"],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/about.html") as response:
                    page = response.read().decode()
                break
            except OSError:
                assert time.monotonic() < deadline, "livehtml did not start within 60 s"
                time.sleep(0.1)
        title = re.search(r"^# (.+)$", (REPO / "about.md").read_text(), re.M).group(1)
        assert title in page
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def test_a_link_left_unclosed_is_named_at_its_line(make_app, tmp_path):
    """The parser leaves ``[x](page.md`` as text on the page: the build says where; code,
    which shows brackets as written, is left alone."""
    srcdir = copy_root("pages-messages", tmp_path / "site")
    (srcdir / "about.md").write_text(
        "# About\n\nSee [the members](members/index.md for more.\n\n"
        "Code: `[a](b`.\n\n```\n[c](d\n```\n\n![The team](team photo.png)\n\n"
        "See [c](javascript:void) here.\n",
        encoding="utf-8",
    )
    warning = StringIO()
    make_app("html", srcdir=srcdir, warning=warning, status=StringIO()).build()
    printed = strip_escape_sequences(warning.getvalue())
    lines = [line for line in printed.splitlines() if "icjc.pages" in line and "](" in line]
    assert lines == [
        "about.md:3: WARNING: `[the members](` starts a link that is not closed: end the "
        "address with `)` [icjc.pages]",
        "about.md:11: WARNING: `![The team](` starts a link whose address has a space: write "
        "the address between `<` and `>`, as in `[words](<file name.pdf>)` [icjc.pages]",
        "about.md:13: WARNING: `[c](` is not a link: an address starts with https://, "
        "http:// or mailto:, or names a page or file of the site [icjc.pages]",
    ]
