"""GitHub workflows, CODEOWNERS and the scripts the workflows run: rules every workflow and
every change to them must keep, and the scripts run with real git."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO, copy_site, site_pages

WORKFLOWS = sorted((REPO / ".github/workflows").glob("*.y*ml"))
SCRIPTS = REPO / ".github/scripts"
TOOLS = Path(sys.executable).parent  # the project's .venv: `make test` installs the lint group
#: What a contributor's pull request changes without a maintainer's review: what the site says.
CONTENT = (*(f"{page}.md" for page in site_pages()), "members/", "images/", "_static/", "locale/")
DOCS = ("README.md", "CONTRIBUTING.md")


def workflow(path: Path) -> dict:
    return yaml.safe_load(path.read_text())


def steps(job: dict) -> list[dict]:
    return job.get("steps", [])


def git(cwd: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=False, env=GIT_ENV
    )
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout.strip()


GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_every_action_is_pinned_to_a_commit_with_its_version_beside_it(path):
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if found := re.match(r"\s*(?:- )?uses:\s*(\S+)(.*)$", line):
            action, comment = found.groups()
            if action.startswith("./"):
                continue  # a workflow of this repository, at the same commit
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", action), f"{path}:{number}"
            assert re.fullmatch(r"\s+# v\d+(\.\d+)*", comment), f"{path}:{number}: no version"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_no_checkout_keeps_the_token_and_each_job_asks_for_its_own_permissions(path):
    config = workflow(path)
    assert config["permissions"] == {}
    for name, job in config["jobs"].items():
        assert "permissions" in job, f"{path.name}: job {name}"
        for step in steps(job):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False, f"{path.name}: job {name}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_a_job_that_can_write_runs_no_code_from_the_repository(path):
    for name, job in workflow(path)["jobs"].items():
        if "write" not in job["permissions"].values():
            continue
        for step in steps(job):
            assert not step.get("uses", "").startswith(("actions/checkout@", "./")), name
            assert not re.search(r"\b(make|python|bash|sh|pre-commit)\b", step.get("run", "")), name


def test_zizmor_finds_nothing_in_the_workflows():
    result = subprocess.run(
        [TOOLS / "zizmor", "--offline", "--quiet", "."],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


def test_the_quick_job_shows_messages_on_their_lines_before_it_checks_anything():
    job = workflow(REPO / ".github/workflows/checks.yml")["jobs"]["build"]
    runs = [step.get("run", "") for step in steps(job)]
    matcher = runs.index('echo "::add-matcher::.github/sphinx-problem-matcher.json"')
    checks = [i for i, run in enumerate(runs) if re.search(r"make (?!\.venv)|pre-commit", run)]
    assert checks, "the quick job checks nothing"
    assert matcher < min(checks)


def codeowners_paths(text: str) -> list[str]:
    return re.findall(r"^/(\S+)", text, re.M)


def test_codeowners_lines_are_ones_github_reads():
    for line in (REPO / ".github/CODEOWNERS").read_text().splitlines():
        if line and not line.startswith("#"):
            # A pattern from the root, then owners; GitHub refuses a comment after them.
            assert re.fullmatch(r"/\S+( @[\w-]+(/[\w-]+)?)+", line), line


def test_every_file_but_content_asks_for_a_maintainers_review():
    owned = set(
        git(
            REPO, "ls-files", "--", *codeowners_paths((REPO / ".github/CODEOWNERS").read_text())
        ).splitlines()
    )
    unowned = [
        name
        for name in git(REPO, "ls-files").splitlines()
        if name not in owned and not name.startswith((*CONTENT, *DOCS))
    ]
    assert unowned == []


@pytest.fixture
def pull_request(tmp_path):
    """A repository with CODEOWNERS on main; ``open(files)`` makes a pull request's merge
    commit changing those files, checked out as GitHub's checkout does."""
    repo = tmp_path / "repo"
    (repo / ".github").mkdir(parents=True)
    shutil.copy(REPO / ".github/CODEOWNERS", repo / ".github/CODEOWNERS")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")

    def open_pull_request(files: dict[str, str]) -> str:
        git(repo, "switch", "-q", "-c", "proposal", "main")
        for name, text in files.items():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            (repo / name).write_text(text)
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "proposal")
        git(repo, "switch", "-q", "--detach", "main")
        git(repo, "merge", "-q", "--no-ff", "-m", "merge", "proposal")
        return subprocess.run(
            ["bash", SCRIPTS / "code-changes.sh"],
            cwd=repo,
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    return open_pull_request


def test_a_pull_request_that_changes_the_build_gets_one_notice_naming_those_files(pull_request):
    printed = pull_request(
        {"about.md": "# About\n", "conf.py": "x = 1\n", "_ext/icjc/x.py": "", "docutils.conf": ""}
    )
    assert len(printed.splitlines()) == 1
    assert printed.startswith("::notice ")
    names = printed.split("::", 2)[2].split(":", 1)[0]
    assert names.split(", ") == ["_ext/icjc/x.py", "conf.py", "docutils.conf"]


def test_a_content_pull_request_gets_no_notice(pull_request):
    content = {"about.md": "", "members/members.yaml": "", "locale/fr/LC_MESSAGES/about.po": ""}
    assert pull_request(content) == ""


def test_a_pull_request_cannot_hide_its_code_by_editing_codeowners(pull_request):
    printed = pull_request({".github/CODEOWNERS": "", "conf.py": "x = 1\n"})
    assert "conf.py" in printed


# -- The catalogs branch ------------------------------------------------------------------

BRANCH = "french-catalogs"


def run_catalogs_workflow(origin: Path, work: Path) -> None:
    """What catalogs.yml does after an English edit: check out main with every branch
    ("update"), run the script, and push its bundle with a plain push ("propose")."""
    shutil.rmtree(work, ignore_errors=True)
    git(origin.parent, "clone", "-q", str(origin), str(work))
    output = work.parent / "output"
    shutil.rmtree(output, ignore_errors=True)
    subprocess.run(
        ["bash", SCRIPTS / "update-catalogs-branch.sh", BRANCH, str(output)],
        cwd=work,
        # The real `make translations`, with the project's .venv rather than a new one.
        env={
            **GIT_ENV,
            "UPDATE_CATALOGS": f"make --no-print-directory -s translations VENV={TOOLS.parent}",
        },
        check=True,
        capture_output=True,
    )
    propose = work.parent / "propose"
    shutil.rmtree(propose, ignore_errors=True)
    propose.mkdir()
    git(propose, "init", "-q")
    git(propose, "fetch", "-q", str(output / "catalogs.bundle"), "HEAD")
    git(propose, "push", "-q", str(origin), f"FETCH_HEAD:refs/heads/{BRANCH}")


def edit_main(clone: Path, page: str, sentence: str) -> None:
    """An English edit merged into main: a sentence added at the end of a page."""
    with (clone / page).open("a", encoding="utf-8") as file:
        file.write(f"\n{sentence}\n")
    git(clone, "commit", "-q", "-am", f"English: {sentence}")
    git(clone, "push", "-q", "origin", "HEAD:main")


def test_a_translation_on_the_catalogs_branch_survives_later_english_edits(tmp_path):
    site = copy_site(tmp_path / "main")
    git(site, "init", "-q", "-b", "main")
    git(site, "add", "-A")
    git(site, "commit", "-q", "-m", "The site")
    origin = tmp_path / "origin.git"
    git(tmp_path, "clone", "-q", "--bare", str(site), str(origin))
    git(site, "remote", "add", "origin", str(origin))
    page = f"{site_pages(site)[0]}.md"
    work = tmp_path / "runner"

    edit_main(site, page, "A sentence for the translators.")
    run_catalogs_workflow(origin, work)

    # A translator translates it on the branch (in the browser, say).
    translator = tmp_path / "translator"
    git(tmp_path, "clone", "-q", "-b", BRANCH, str(origin), str(translator))
    (catalog,) = translator.glob(f"locale/*/LC_MESSAGES/{Path(page).stem}.po")
    text = catalog.read_text(encoding="utf-8")
    untranslated = 'msgid "A sentence for the translators."\nmsgstr ""\n'
    assert untranslated in text
    translated = 'msgid "A sentence for the translators."\nmsgstr "Une phrase traduite."\n'
    catalog.write_text(text.replace(untranslated, translated), encoding="utf-8")
    git(translator, "commit", "-q", "-am", "Translation")
    git(translator, "push", "-q", "origin", BRANCH)
    translation = git(translator, "rev-parse", "HEAD")

    for sentence in ("A second English sentence.", "A third English sentence."):
        edit_main(site, page, sentence)
        run_catalogs_workflow(origin, work)
        published = git(origin, "show", f"{BRANCH}:{catalog.relative_to(translator)}")
        assert translated in published
        assert f'msgid "{sentence}"' in published
        git(origin, "merge-base", "--is-ancestor", translation, BRANCH)
        git(origin, "merge-base", "--is-ancestor", "main", BRANCH)
