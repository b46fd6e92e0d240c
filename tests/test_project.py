"""The project's own files: CI, pre-commit, Read the Docs, the lock, README and CONTRIBUTING."""

from __future__ import annotations

import os
import re
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
from conftest import REPO, ROOTS, SCHEMA, copy_root, copy_site, matched

CONTRIBUTING = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
README = (REPO / "README.md").read_text(encoding="utf-8")


def make_targets_named(text: str) -> list[str]:
    return sorted(set(re.findall(r"`make ([a-z-]+)`|^make ([a-z-]+)", text, re.M)) - {("", "")})


def test_the_workflow_runs_a_quick_job_and_the_full_suite_on_pull_requests():
    workflow = yaml.safe_load((REPO / ".github/workflows/checks.yml").read_text())
    assert "pull_request" in workflow[True]  # YAML 1.1 reads the key `on` as true
    full = workflow["jobs"]["full"]["steps"]
    assert any(step.get("run") == "bash .ci/run" for step in full)
    quick = " ".join(step.get("run", "") for step in workflow["jobs"]["build"]["steps"])
    assert "make check-members" in quick
    assert "make html" in quick
    assert "::add-matcher::.github/sphinx-problem-matcher.json" in quick
    assert not re.search(r"chromium|java|npm|make test", quick)


def test_the_problem_matcher_reads_sphinx_messages():
    line = "x.md:1: ERROR: no page's navigation leads to this page: add the line `x` [icjc.pages]"
    assert matched(line) == ("error", "x.md", 1, line.split(": ERROR: ")[1])
    assert matched("x.md:2: WARNING: y")[:3] == ("error", "x.md", 2)  # -W: a warning fails
    assert matched("locale/fr/x.po:3: notice: y")[:3] == ("warning", "locale/fr/x.po", 3)
    assert matched("The site was not built: fix the problems listed above") is None


def test_ci_runs_the_readme_test_command():
    script = (REPO / ".ci/run").read_text()
    assert re.search(r"^make test$", script, re.M)
    assert re.search(r"^make html$", script, re.M)


def test_pre_commit_config_has_the_promised_hooks():
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    hooks = {hook["id"] for repo in config["repos"] for hook in repo["hooks"]}
    assert hooks == {
        "ruff-check",
        "ruff-format",
        "mypy",
        "check-yaml",
        "check-toml",
        "trailing-whitespace",
        "end-of-file-fixer",
        "check-members",
        "check-github-workflows",
        "check-github-issue-forms",
        "check-github-issue-config",
        "check-readthedocs",
    }


def test_the_issue_forms_exist_and_contributing_links_the_member_form():
    forms = {
        path.name: yaml.safe_load(path.read_text())
        for path in (REPO / ".github/ISSUE_TEMPLATE").glob("*.yml")
    }
    assert forms["member.yml"]["name"] == "Add or change a member"
    assert forms["problem.yml"]["name"] == "Report a problem on the site"
    labels = [
        item["attributes"]["label"]
        for item in forms["member.yml"]["body"]
        if item["type"] != "markdown"
    ]
    # Every field a maintainer copies into the members file is named in CONTRIBUTING.
    section = CONTRIBUTING.split('### From the "Add or change a member" form', 1)[1]
    section = section.split("\n#", 1)[0]
    assert [label for label in labels if f"**{label}**" not in section] == [
        "What changes",
        "Anything else",
    ]
    # A form cannot ask for a field only for some changes: those say when they are needed.
    for item in forms["member.yml"]["body"]:
        if item.get("validations", {}).get("required"):
            continue
        if item["type"] == "input":
            description = item["attributes"].get("description", "")
            assert description.startswith(("Optional", "Required")), item["id"]
    assert "(../../issues/new?template=member.yml)" in CONTRIBUTING


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


def test_readme_has_exactly_the_two_set_up_commands():
    block = re.search(r"## Set up\n.*?```console\n(.*?)```", README, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["make html", "make test"]


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
