"""Build-time benchmark: the site against bare Furo and an empty project, today and at scale.

Variants, built in alternation in one run so that machine noise hits them alike:

- site:  this repository's pages, extensions and templates;
- bare:  the same pages with Furo + MyST + sphinx-design only; the member cards written
         out as static ``grid-item-card`` markup, no sidebar member list, no map;
- empty: one empty page with the same theme and extensions: the start-up floor;
- site-fr: the site in French (``-D language=fr``, as Read the Docs builds it), every
           generated page translated in a catalog of its own.

Cases: a clean build, a rebuild with no change, a one-page edit, and a members edit.
``--scale`` adds a generated site of 200 members and 200 pages (in a temp dir).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from icjc.pages import SIDEBARS

REPO = Path(__file__).resolve().parent.parent

#: What the site is built from: the repository, less what conf.py keeps out of every build
#: and what a clone does not have. Every page a contributor adds comes along.
NOT_THE_SITE = shutil.ignore_patterns(
    ".*", "_build", "benchmarks", "tests", "node_modules", "__pycache__"
)
CASES = ("clean", "no change", "page edit", "members edit")


@dataclass
class Timing:
    seconds: list[float] = field(default_factory=list)
    peak_kib: int = 0

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


# -- Projects -------------------------------------------------------------------------


class _NoAliases(yaml.SafeDumper):
    """Write shared values (a country given per language) out in full: the site refuses
    YAML aliases."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def make_site(root: Path, members: list[dict], pages: int) -> Path:
    """A copy of the site, with ``members`` and ``pages`` extra pages."""
    shutil.copytree(REPO, root, ignore=NOT_THE_SITE, dirs_exist_ok=True)
    (root / "members" / "members.yaml").write_text(
        yaml.dump({"members": members}, Dumper=_NoAliases, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    add_pages(root, pages)
    return root


def make_french(root: Path, members: list[dict], pages: int) -> Path:
    """The site, with a French catalog for each generated page (the real pages have theirs)."""
    make_site(root, members, pages)
    folder = root / "locale" / "fr" / "LC_MESSAGES" / "pages"
    folder.mkdir(parents=True, exist_ok=True)
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    for number in range(pages):
        entries = {
            f"Page {number}": f"Page {number}",
            "Section": "Rubrique",
            f"Some text for page {number}.": f"Du texte pour la page {number}.",
        }
        body = "".join(f'\nmsgid "{en}"\nmsgstr "{fr}"\n' for en, fr in entries.items())
        (folder / f"page-{number:03}.po").write_text(header + body, encoding="utf-8")
    return root


#: sphinx-build options of a variant, beyond the common ones.
BUILD_OPTIONS = {"site-fr": ("-D", "language=fr")}


def make_bare(root: Path, members: list[dict], pages: int) -> Path:
    """The same pages without our extensions: cards written out, no sidebar list, no map."""
    make_site(root, members, pages)
    shutil.rmtree(root / "_ext")
    shutil.rmtree(root / "_templates")
    conf = (root / "conf.py").read_text(encoding="utf-8")
    conf = re.sub(r'^    "icjc_\w+",.*\n', "", conf, flags=re.M)  # every extension of ours
    # Furo's sidebar as the site sets it, less the member list, written out in place of the
    # import from _ext (removed above).
    sidebars = [name for name in SIDEBARS if name != "sidebar/members.html"]
    conf = re.sub(r"(?m)^from icjc.pages import .*\n", "", conf)
    conf = re.sub(r"(?m)^html_sidebars = .*$", f"html_sidebars = {{'**': {sidebars!r}}}", conf)
    (root / "conf.py").write_text(conf, encoding="utf-8")
    for page in ("index.md", "members/index.md"):
        text = (root / page).read_text(encoding="utf-8")
        text = text.replace("```{member-map}\n:compact:\n```\n", "")
        text = text.replace("```{member-map}\n```\n", "")
        text = text.replace("```{member-cards}\n```\n", static_cards(members))
        (root / page).write_text(text, encoding="utf-8")
    return root


def static_cards(members: list[dict]) -> str:
    lines = ["::::{grid} 1 2 2 3", ":gutter: 3", ""]
    for member in members:
        parts = (member["city"], member.get("region"), member["country"])
        location = ", ".join(english(part) for part in parts if part)
        lines += [f":::{{grid-item-card}} {member['name']}", location, ":::", ""]
    return "\n".join([*lines, "::::", ""])


def english(value: str | dict[str, str]) -> str:
    """A members field in English: plain text, or its ``en`` value."""
    return value["en"] if isinstance(value, dict) else value


def make_empty(root: Path) -> Path:
    (root / "conf.py").write_text(
        'extensions = ["myst_parser", "sphinx_design"]\nhtml_theme = "furo"\n', encoding="utf-8"
    )
    (root / "index.md").write_text("# Empty\n", encoding="utf-8")
    return root


def add_pages(root: Path, count: int) -> None:
    if not count:
        return
    folder = root / "pages"
    folder.mkdir()
    for number in range(count):
        (folder / f"page-{number:03}.md").write_text(
            f"# Page {number}\n\n## Section\n\nSome text for page {number}.\n", encoding="utf-8"
        )
    index = (root / "index.md").read_text(encoding="utf-8")
    index = index.replace("<members/index>\n", "<members/index>\npages/*\n", 1)
    index = index.replace("```{toctree}\n:hidden:\n", "```{toctree}\n:hidden:\n:glob:\n", 1)
    (root / "index.md").write_text(index, encoding="utf-8")


def generated_members(count: int) -> list[dict]:
    real = yaml.safe_load((REPO / "members/members.yaml").read_text(encoding="utf-8"))["members"]
    if count <= len(real):
        return real[:count]
    return [
        {**real[n % len(real)], "id": f"member-{n}", "name": f"Member organisation {n}"}
        for n in range(count)
    ]


# -- Running --------------------------------------------------------------------------


def sphinx_build(srcdir: Path, outdir: Path, *options: str, clean: bool) -> tuple[float, int]:
    """Wall time and peak memory (KiB) of one ``sphinx-build`` process."""
    if clean and outdir.exists():
        shutil.rmtree(outdir)
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", *options]
    command += [str(srcdir), str(outdir)]
    # Byte-compiled code in every variant, as on a maintainer's machine: the installed
    # packages are compiled at install time (Makefile), the variants' own code on first use.
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"build of {srcdir} failed:\n{process.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss


def edit(variant: str, root: Path, case: str, round_number: int) -> None:
    """Make the change a case measures; each round changes the text again."""
    if case == "page edit":
        page = root / ("about.md" if variant != "empty" else "index.md")
        page.write_text(page.read_text() + f"\nEdit {round_number}.\n", encoding="utf-8")
    elif case == "members edit":
        if variant in {"site", "site-fr"}:
            path = root / "members/members.yaml"
            path.write_text(path.read_text().replace("city: ", f"city: X{round_number}", 1))
        else:  # the bare site's members live in the members page; the empty one has none
            page = root / ("members/index.md" if variant == "bare" else "index.md")
            page.write_text(page.read_text() + f"\nEdit {round_number}.\n", encoding="utf-8")


def measure(projects: dict[str, Path], rounds: int) -> dict[tuple[str, str], Timing]:
    results = {(v, c): Timing() for v in projects for c in CASES}
    for variant, root in projects.items():  # warm-up, not timed: compiles conf.py and _ext
        options = BUILD_OPTIONS.get(variant, ())
        sphinx_build(root, root.parent / f"{root.name}-html", *options, clean=True)
    for round_number in range(rounds):
        for case in CASES:
            for variant, root in projects.items():  # alternate variants within each case
                outdir = root.parent / f"{root.name}-html"
                if case != "clean":
                    edit(variant, root, case, round_number)
                options = BUILD_OPTIONS.get(variant, ())
                seconds, peak = sphinx_build(root, outdir, *options, clean=case == "clean")
                timing = results[(variant, case)]
                timing.seconds.append(seconds)
                timing.peak_kib = max(timing.peak_kib, peak)
    return results


def paired_ratio(a: Timing, b: Timing) -> float:
    """Median of the round-by-round ratios: builds run side by side share the machine's mood."""
    return statistics.median(x / y for x, y in zip(a.seconds, b.seconds, strict=True))


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def report(title: str, projects: dict[str, Path], results: dict, pages: int) -> str:
    lines = [
        f"### {title}",
        "",
        "Medians of the build times, and of the ratios between builds run side by side.",
        "",
        "| case | site (s) | bare (s) | empty (s) | site/bare | site/empty |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for case in CASES:
        a, b, c = (results[(v, case)] for v in ("site", "bare", "empty"))
        lines.append(
            f"| {case} | {a.median:.2f} | {b.median:.2f} | {c.median:.2f} "
            f"| {paired_ratio(a, b):.2f} | {paired_ratio(a, c):.2f} |"
        )
    french = ", ".join(
        f"{case} {paired_ratio(results[('site-fr', case)], results[('site', case)]):.2f}"
        for case in CASES
    )
    lines += ["", f"French / English (site-fr/site, paired medians): {french}."]
    site_clean = results[("site", "clean")].median
    bare_clean = results[("bare", "clean")].median
    lines += [
        "",
        f"Clean build per page: site {1000 * site_clean / pages:.1f} ms, "
        f"bare {1000 * bare_clean / pages:.1f} ms ({pages} pages). "
        f"The extension's own cost: {1000 * (site_clean - bare_clean) / pages:+.1f} ms per page.",
        "",
        "| variant | peak memory (MiB) | output folder (KiB) | home page HTML (bytes) |",
        "| --- | ---: | ---: | ---: |",
    ]
    for variant, root in projects.items():
        outdir = root.parent / f"{root.name}-html"
        peak = max(results[(variant, case)].peak_kib for case in CASES) / 1024
        home = (outdir / "index.html").stat().st_size
        lines.append(f"| {variant} | {peak:.0f} | {folder_bytes(outdir) / 1024:.0f} | {home} |")
    return "\n".join(lines) + "\n"


def run(title: str, members: int, pages: int, rounds: int, workdir: Path) -> str:
    member_list = generated_members(members)
    projects = {
        "site": make_site(_fresh(workdir / "site"), member_list, pages),
        "bare": make_bare(_fresh(workdir / "bare"), member_list, pages),
        "empty": make_empty(_fresh(workdir / "empty")),
        "site-fr": make_french(_fresh(workdir / "site-fr"), member_list, pages),
    }
    results = measure(projects, rounds)
    return report(title, projects, results, pages + 3)


def language_run(title: str, members: int, pages: int, rounds: int, workdir: Path) -> str:
    """Clean builds of the site in English and in French only, alternated, round by round."""
    member_list = generated_members(members)
    projects = {
        "site": make_site(_fresh(workdir / "site"), member_list, pages),
        "site-fr": make_french(_fresh(workdir / "site-fr"), member_list, pages),
    }
    timings = {variant: Timing() for variant in projects}
    for variant, root in projects.items():  # warm-up: byte-compiles, writes the .mo files
        sphinx_build(
            root, root.parent / f"{root.name}-html", *BUILD_OPTIONS.get(variant, ()), clean=True
        )
    for _ in range(rounds):
        for variant, root in projects.items():
            outdir = root.parent / f"{root.name}-html"
            options = BUILD_OPTIONS.get(variant, ())
            timings[variant].seconds.append(sphinx_build(root, outdir, *options, clean=True)[0])
    english, french = timings["site"], timings["site-fr"]
    return (
        f"### {title}: clean builds, French against English\n\n"
        f"English {english.median:.2f} s, French {french.median:.2f} s (medians of {rounds}); "
        f"French/English, median of the paired ratios: {paired_ratio(french, english):.2f}.\n"
    )


def _fresh(folder: Path) -> Path:
    folder.mkdir(parents=True)
    return folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5, help="builds per variant and case")
    parser.add_argument("--scale", action="store_true", help="also 200 members x 200 pages")
    parser.add_argument(
        "--size", type=int, metavar="N", help="the scaled site's members and pages (default 200)"
    )
    parser.add_argument("--tiny", action="store_true", help="a quick run, for the tests")
    parser.add_argument(
        "--languages", action="store_true", help="only clean builds, English against French"
    )
    parser.add_argument("--output", type=Path, help="also write the report to this file")
    args = parser.parse_args()
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    sections = [f"## Build benchmark ({machine})", ""]
    with tempfile.TemporaryDirectory() as temp:
        if args.languages:
            size = args.size or 200
            sections.append(language_run("Today's site", 12, 0, args.rounds, Path(temp) / "la"))
            sections.append(
                language_run(
                    f"{size} members x {size} pages", size, size, args.rounds, Path(temp) / "lb"
                )
            )
        elif args.tiny:
            sections.append(run("Tiny site (3 members, 2 pages)", 3, 2, 1, Path(temp) / "t"))
        else:
            sections.append(run("Today's site (12 members)", 12, 0, args.rounds, Path(temp) / "a"))
            if args.scale or args.size:
                size = args.size or 200
                sections.append(
                    run(f"{size} members x {size} pages", size, size, args.rounds, Path(temp) / "b")
                )
    text = "\n".join(sections)
    print(text)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
