"""``make check-translations`` and the French build: a catalog changes the words, never the
markup, links or placeholders, and a catalog that cannot be read is one located message.

The hostile corpus below runs each case through the check and through a build, with a fake
secret in the environment: each ends in its located message, and nothing is published or
echoed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from conftest import REPO, ROOTS, copy_members, matched
from icjc.languages.translation_check import main
from sphinx.testing.util import _clean_up_global_state

SECRET = "MY_SECRET_TOKEN=fake"
LC = Path("locale/fr/LC_MESSAGES")


def run(name: str, *options: str) -> int:
    root = ROOTS / f"test-translations-{name}"
    return main([*options, "--conf-dir", str(REPO), "--pot-dir", str(root / "pot"), str(root / LC)])


def catalog(name: str, file: str = "index.po") -> Path:
    return ROOTS / f"test-translations-{name}" / LC / file


@pytest.mark.parametrize("strict", [False, True])
def test_a_complete_catalog_passes_in_both_modes(capsys, strict):
    assert run("complete", *(["--strict"] if strict else [])) == 0
    assert "0 error(s), 0 notice(s)" in capsys.readouterr().out


def test_missing_french_is_a_notice_on_the_msgstr_line(capsys):
    assert run("incomplete") == 0
    out = capsys.readouterr().out
    po = catalog("incomplete")
    assert f"{po}:7: notice: marked fuzzy. Correct the French on this line (msgstr)" in out
    assert f"{po}:10: notice: not translated yet: «See [the members]" in out
    assert f"{po}:1: notice: new English, not in the catalog yet: «A sentence added" in out
    assert "ERROR" not in out


def test_the_release_check_fails_on_missing_french(capsys):
    assert run("incomplete", "--strict") == 1
    assert "3 error(s), 0 notice(s)" in capsys.readouterr().out


def test_broken_markup_fails_on_the_msgstr_line_in_plain_words(capsys):
    assert run("broken") == 1
    out = capsys.readouterr().out
    po, code = catalog("broken"), catalog("broken", "icjc.po")
    assert f"{po}:6: ERROR: the French (msgstr) lost bold (**…**): keep the English's" in out
    assert (
        f"{po}:9: ERROR: the French (msgstr) lost a link href=members/index.md#where, a role "
        "{member}`aidp` and adds a link href=members/index.md"
    ) in out
    assert (
        f"{code}:6: ERROR: the French (msgstr) lost a placeholder {{name}} and adds a "
        "placeholder {nom}" in out
    )


def test_language_tags_may_be_added_to_a_translation(capsys):
    """English names in French text get [Name]{.language-en}: that is not broken markup."""
    assert "{.language-en}" in catalog("complete").read_text(encoding="utf-8")
    assert run("complete") == 0


def test_github_shows_notices_and_errors_next_to_the_file(capsys):
    run("incomplete")
    shown = [matched(line) for line in capsys.readouterr().out.splitlines()]
    assert ("warning", str(catalog("incomplete")), 7) in [hit[:3] for hit in shown if hit]
    run("broken")
    shown = [matched(line) for line in capsys.readouterr().out.splitlines()]
    assert ("error", str(catalog("broken")), 6) in [hit[:3] for hit in shown if hit]


def test_the_site_catalogs_have_no_broken_markup(capsys):
    """The real catalogs: markup errors only (missing French is allowed, see CONTRIBUTING)."""
    folders = sorted((REPO / "locale").glob("*/LC_MESSAGES"))
    assert main(["--conf-dir", str(REPO), *map(str, folders)]) == 0


def test_the_myst_settings_are_the_ones_of_conf_py(tmp_path, capsys):
    """Without conf.py's `attrs_inline`, `{.language-en}` is text: the check reads conf.py."""
    root = shutil.copytree(ROOTS / "test-translations-complete", tmp_path / "root")
    (root / "conf.py").write_text("myst_enable_extensions = []\n", encoding="utf-8")
    assert main(["--conf-dir", str(root), str(root / LC)]) == 0
    (root / "conf.py").write_text("myst_enable_extensions = ['attrs_inline']\n", encoding="utf-8")
    assert main(["--conf-dir", str(root), str(root / LC)]) == 0


# -- The hostile corpus ------------------------------------------------------------------

BUILD = ROOTS / "test-translations-build"
PAGE = "The **International Criminal Court** sits in [The Hague](https://www.icc-cpi.int/)."
FRENCH = "La **Cour pénale internationale** siège à [La Haye](https://www.icc-cpi.int/)."
POPEN = "cycler.__init__.__globals__.os.popen('echo ran-$MY_SECRET_TOKEN').read()"
HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


def po(*entries: tuple[str, str], header: str = HEADER) -> str:
    body = "".join(
        f'msgid "{source}"\nmsgstr "{translation}"\n\n' for source, translation in entries
    )
    return header + body


def page_po(translation: str) -> str:
    return po(("The Court", "La Cour"), (PAGE, translation))


def _symlink(target: str) -> Callable[[Path], None]:
    return lambda path: path.symlink_to(target)


def _fifo(path: Path) -> None:
    os.mkfifo(path)


#: (case, file, content or how to make it, the located message). Line 9 is the page's
#: sentence's msgstr, line 6 the first entry's msgstr after HEADER.
CORPUS: list[tuple[str, str, str | bytes | Callable[[Path], None], str]] = [
    (
        "img-onerror",
        "index.po",
        page_po(FRENCH + " <img src=x onerror=alert(1)>"),
        "index.po:9: ERROR: the French (msgstr) adds HTML <img src=x onerror=alert(1)>",
    ),
    (
        "foreign-link",
        "index.po",
        page_po(FRENCH + " [Dons](https://evil.example/)"),
        "index.po:9: ERROR: the French (msgstr) adds a link href=https://evil.example/",
    ),
    (
        "changed-link",
        "index.po",
        page_po(FRENCH.replace("icc-cpi.int", "evil.example")),
        "lost a link href=https://www.icc-cpi.int/ and adds a link href=https://www.evil.example/",
    ),
    (
        "lost-bold",
        "index.po",
        page_po(FRENCH.replace("**", "", 1)),
        "index.po:9: ERROR: the French (msgstr) lost bold (**…**)",
    ),
    (
        "added-image",
        "index.po",
        page_po(FRENCH + " ![](https://evil.example/p.png)"),
        "index.po:9: ERROR: the French (msgstr) adds an image src=https://evil.example/p.png",
    ),
    (
        "event-attribute",
        "index.po",
        page_po(FRENCH + ' [x]{onclick=\\"alert(1)\\"}'),
        "index.po:9: ERROR: the French (msgstr) adds an attribute ({…}): keep",
    ),
    (
        "raw-block",
        "index.po",
        page_po("```{raw} html\\n<script>alert(1)</script>\\n```"),
        "index.po:9: ERROR: the French (msgstr) lost a link href=https://www.icc-cpi.int/, bold "
        "(**…**) and adds fence {raw} html<script>alert(1)</script>",
    ),
    (
        "heading",
        "index.po",
        page_po("# " + FRENCH),
        "index.po:9: ERROR: the French (msgstr) adds heading",
    ),
    (
        "script-in-sphinx-po",
        "sphinx.po",
        po(("Navigation", "Suivant<script>alert(1)</script>")),
        "sphinx.po:6: ERROR: the French (msgstr) adds the character < (2 times), the "
        "character > (2 times)",
    ),
    (
        "duplicate-entry",
        "sphinx.po",
        po(("Navigation", "Navigation"), ("Navigation", "Suivant<script>alert(1)</script>")),
        "sphinx.po:9: ERROR: this English (msgid) already has an entry above",
    ),
    (
        "quote-in-sphinx-po",
        "sphinx.po",
        po(("Navigation", 'Suite\\" onmouseover=\\"alert(1)')),
        'sphinx.po:6: ERROR: the French (msgstr) adds the character " (2 times)',
    ),
    (
        "placeholder-index",
        "icjc.po",
        po(("{name} (website)", "{name} {0} (site web)")),
        "icjc.po:6: ERROR: the French (msgstr) adds a placeholder {0}",
    ),
    (
        "placeholder-spec",
        "icjc.po",
        po(("{name} (website)", "{name:>20000000} (site web)")),
        "icjc.po:6: ERROR: the French (msgstr) lost a placeholder {name} and adds a placeholder "
        "{name:>20000000}",
    ),
    (
        "placeholder-attribute",
        "icjc.po",
        po(("{name} (website)", "{name.__class__} (site)")),
        "adds a placeholder {name.__class__}",
    ),
    (
        "lone-brace",
        "icjc.po",
        po(("{name} (website)", "{name (site web)")),
        "icjc.po:6: ERROR: the French (msgstr) lost a placeholder {name} and adds a placeholder "
        "{ or } on its own",
    ),
    (
        "printf-width",
        "sphinx.po",
        po(("%(count)s results", "%(count)20000000s résultats")),
        "adds a placeholder %(count)20000000s",
    ),
    (
        "symlink-environ",
        "sphinx.po",
        _symlink("/proc/self/environ"),
        "sphinx.po:1: ERROR: is a symbolic link: a catalog must be a plain file in locale/",
    ),
    ("symlink-inside", "index.po", _symlink("sphinx.po"), "index.po:1: ERROR: is a symbolic link"),
    ("symlink-folder", "members", _symlink("/etc"), "members:1: ERROR: is a symbolic link"),
    ("fifo", "index.po", _fifo, "index.po:1: ERROR: is not a plain file"),
    (
        "too-large",
        "index.po",
        HEADER + "#" * 1_000_001 + "\n",
        "index.po:1: ERROR: is larger than 1,000,000 bytes",
    ),
    (
        "not-utf8",
        "index.po",
        HEADER.encode() + b'msgid "Caf\xe9"\nmsgstr "x"\n',
        "index.po:5: ERROR: is not UTF-8: save it as UTF-8",
    ),
    (
        "charset",
        "index.po",
        page_po(FRENCH).replace("UTF-8", "ISO-8859-1"),
        "index.po:3: ERROR: the header must say `Content-Type: text/plain; charset=UTF-8`",
    ),
    (
        "plural-count",
        "index.po",
        page_po(FRENCH).replace(
            '\\n"\n\n', '\\n"\n"Plural-Forms: nplurals=x; plural=0;\\n"\n\n', 1
        ),
        "index.po:4: ERROR: the header `Plural-Forms` cannot be used",
    ),
    (
        "plural-huge",
        "index.po",
        page_po(FRENCH).replace(
            '\\n"\n\n', '\\n"\n"Plural-Forms: nplurals=1000000000; plural=0;\\n"\n\n', 1
        ),
        "index.po:4: ERROR: the header `Plural-Forms` cannot be used",
    ),
    (
        "header-date",
        "index.po",
        page_po(FRENCH).replace('\\n"\n\n', '\\n"\n"POT-Creation-Date: yesterday\\n"\n\n', 1),
        "index.po:1: ERROR: the header cannot be read: copy the first entry",
    ),
    (
        "plural-expression",
        "index.po",
        page_po(FRENCH).replace(
            '\\n"\n\n', '\\n"\n"Plural-Forms: nplurals=2; plural=os.system(1);\\n"\n\n', 1
        ),
        "index.po:4: ERROR: the header `Plural-Forms` cannot be used: for French write "
        "`Plural-Forms: nplurals=2; plural=(n > 1);`",
    ),
    (
        "old-english-unmarked",
        "index.po",
        page_po(FRENCH).replace(f'msgid "{PAGE}"', f'msgid "Old English."\nmsgid "{PAGE}"'),
        "index.po:8: ERROR: two msgid lines in a row",
    ),
    (
        "unterminated",
        "index.po",
        page_po(FRENCH).replace(FRENCH + '"', FRENCH),
        "index.po:9: ERROR: this line is not a catalog line",
    ),
    (
        "environment-dump",
        "index.po",
        HEADER + SECRET + "\x00PATH=/usr/bin\n",
        "index.po:5: ERROR: this line is not a catalog line",
    ),
    (
        "missing-msgstr",
        "index.po",
        HEADER + 'msgid "The Court"\n',
        "index.po:5: ERROR: this entry is incomplete: it needs a msgid and a msgstr",
    ),
    (
        "forged-annotation",
        "index.po",
        page_po(FRENCH + " `x\\n::error file=index.md,line=1::forged`"),
        "index.po:9: ERROR: the French (msgstr) adds code (`…`) x ::error file=index.md",
    ),
    ("terminal-escape", "index.po", page_po(FRENCH + " `\x1b[2J`"), "adds code (`…`) \\x1b[2J"),
    (
        "refused-link-address",
        "index.po",
        page_po(FRENCH + " [ici](javascript:alert(1))"),
        "index.po:9: ERROR: the French (msgstr) adds text the parser could not read as a link:",
    ),
    (
        "front-matter",
        "index.po",
        page_po(f"---\\nmyst: {{enable_extensions: [substitution]}}\\n---\\n{FRENCH}"),
        "index.po:9: ERROR: the French (msgstr) adds front matter (--- … ---)",
    ),
    (
        "front-matter-unclosed",
        "index.po",
        page_po(
            "--- ICJC\\nmyst:\\n  enable_extensions: [substitution]\\n"
            f"note: '{{{{ {POPEN} }}}}'\\n{FRENCH}"
        ),
        "index.po:9: ERROR: the French (msgstr) adds front matter (--- … ---)",
    ),
]


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch) -> Callable[[str], Path]:
    """A copy of the build root with one case applied, the fake secret in the environment."""
    monkeypatch.setenv("MY_SECRET_TOKEN", "fake")

    def make(case: str) -> Path:
        _, file, content, _ = next(entry for entry in CORPUS if entry[0] == case)
        root = Path(shutil.copytree(BUILD, tmp_path / case))
        path = root / LC / file
        path.unlink(missing_ok=True)
        if callable(content):
            content(path)
        elif isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return root

    return make


def assert_nothing_echoed(text: str) -> None:
    assert "fake" not in text
    assert "\x1b[2J" not in text
    assert not [line for line in text.splitlines() if line.startswith("::error file=index.md")]


@pytest.mark.parametrize(("case", "expected"), [(c[0], c[3]) for c in CORPUS])
def test_the_check_refuses_each_hostile_catalog(hostile, capsys, monkeypatch, case, expected):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    root = hostile(case)
    assert main(["--conf-dir", str(root), str(root / LC)]) == 1
    out = capsys.readouterr().out
    assert expected in out
    assert len([line for line in out.splitlines() if ": ERROR: " in line]) == 1
    assert_nothing_echoed(out)


@pytest.fixture
def build(make_app: Callable) -> Callable[[Path], tuple[int, str, Path]]:
    """Build a root in French: its exit status, what it printed and its output folder."""

    def start(srcdir: Path) -> tuple[int, str, Path]:
        output = StringIO()
        copy_members(srcdir)
        try:
            app = make_app("html", srcdir=srcdir, warning=output, status=output)
            app.build()
            return app.statuscode, output.getvalue(), Path(app.outdir)
        except SystemExit as stopped:
            return int(stopped.code or 0), output.getvalue(), srcdir / "_build" / "html"
        finally:
            _clean_up_global_state()

    return start


def published(outdir: Path) -> str:
    if not outdir.is_dir():
        return ""
    return "".join(p.read_text(errors="replace") for p in outdir.rglob("*") if p.is_file())


def test_the_build_publishes_a_good_catalog(build, tmp_path):
    status, printed, outdir = build(Path(shutil.copytree(BUILD, tmp_path / "good")))
    assert status == 0, printed
    html = (outdir / "index.html").read_text(encoding="utf-8")
    assert "<strong>Cour pénale internationale</strong> siège à" in html
    assert "Parcourir le site" in html  # the project's sphinx.po outranks Sphinx's own
    assert "WARNING" not in printed


@pytest.mark.parametrize(
    "case",
    [c[0] for c in CORPUS if c[0] not in {"fifo"}],
)
def test_the_build_stops_on_each_hostile_catalog(build, hostile, case):
    expected = next(entry[3] for entry in CORPUS if entry[0] == case)
    if "symbolic link" in expected:  # the source tree check, before any catalog is read
        expected = expected.split(" ERROR: ")[0] + " ERROR: a symbolic link: the build reads only"
    status, printed, outdir = build(hostile(case))
    assert status == 1
    assert expected in printed.replace(f"{LC}/", "")
    assert "Traceback" not in printed
    assert "inconsistent term references" not in printed
    assert not (outdir / "index.html").exists()
    assert_nothing_echoed(printed + published(outdir))


@pytest.mark.parametrize(
    ("file", "content"),
    [
        ("index.po", page_po(FRENCH + " {{" + " " * 12_000)),
        ("index.po", page_po(FRENCH) + " " * 12_000 + "x\n"),
        ("sphinx.po", po(("%(count)s results", "%(count)s " + ("%" + "0" * 20) * 2_000))),
        ("sphinx.po", po(("%(count)s results", "%(count)s " + "%(" * 12_000))),
    ],
    ids=["braces-spaces", "spaces-line", "printf-zeros", "printf-parentheses"],
)
def test_contributed_text_is_read_in_linear_time(tmp_path, file, content):
    """What used to backtrack for hours: each check ends within seconds, in its own process
    (a hang fails the test instead of stopping it)."""
    root = Path(shutil.copytree(BUILD, tmp_path / "root"))
    (root / LC / file).write_text(content, encoding="utf-8")
    command = [sys.executable, "-m", "icjc.languages", "--conf-dir", str(root), str(root / LC)]
    started = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    assert time.monotonic() - started < 10
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stdout.endswith(" notice(s).\n"), result.stdout


def test_a_compiled_catalog_in_the_repository_is_never_read(build, tmp_path):
    """The check refuses it; the build reads only the catalogs it checked and compiled."""
    root = Path(shutil.copytree(BUILD, tmp_path / "root"))
    hidden = Catalog(locale="fr")
    hidden.add(PAGE, "HIDDEN TEXT")
    with (root / LC / "index.mo").open("wb") as file:
        write_mo(file, hidden)
    status, printed, outdir = build(root)
    assert status == 0, printed
    assert "HIDDEN TEXT" not in published(outdir)
    assert "Cour pénale internationale" in published(outdir)


def test_a_compiled_theme_catalog_that_is_not_its_po_stops_the_build(build, tmp_path):
    """Sphinx loads sphinx.mo before any extension runs: one that its .po (if any) does not
    compile to stops the build before anything is written."""
    root = Path(shutil.copytree(BUILD, tmp_path / "root"))
    hidden = Catalog(locale="fr")
    hidden.add("Search", "HIDDEN TEXT")
    (root / LC / "sphinx.po").unlink(missing_ok=True)
    with (root / LC / "sphinx.mo").open("wb") as file:
        write_mo(file, hidden)
    status, printed, outdir = build(root)
    assert status == 1
    assert f"{LC}/sphinx.mo:1: ERROR: this compiled catalog is not sphinx.po compiled" in printed
    assert "HIDDEN TEXT" not in published(outdir)


def test_a_changed_english_sentence_is_named_with_its_old_and_new_english(tmp_path, capsys):
    root = Path(shutil.copytree(BUILD, tmp_path / "root"))
    pot = root / "pot"
    pot.mkdir()
    new = PAGE.replace("sits", "is based")
    (pot / "index.pot").write_text(po(("The Court", ""), (new, "")), encoding="utf-8")
    assert main(["--conf-dir", str(root), "--pot-dir", str(pot), str(root / LC)]) == 0
    out = capsys.readouterr().out
    assert (
        f"{root / LC / 'index.po'}:9: notice: the English changed («sits» became «is based»). "
        f"Old English: «{PAGE}» New English: «{new}» This text shows in English until"
    ) in out
    main(["--update", "--pot-dir", str(pot), str(root / LC)])
    updated = (root / LC / "index.po").read_text(encoding="utf-8")
    assert f'#, fuzzy\n#| msgid "{PAGE}"\nmsgid "{new}"\nmsgstr "{FRENCH}"' in updated
    capsys.readouterr()
    main(["--conf-dir", str(root), "--pot-dir", str(pot), str(root / LC)])
    out = capsys.readouterr().out
    msgstr_line = updated.splitlines().index(f'msgstr "{FRENCH}"') + 1
    assert f"index.po:{msgstr_line}: notice: the English changed («sits» became «is based»)." in out
    assert "Correct the French on this line (msgstr), then delete the `#, fuzzy` line" in out


def test_added_and_removed_words_are_named_in_words():
    from icjc.languages.translation_check import english_change

    assert english_change("best practices sharing, and more", "best and more").startswith(
        "the English changed (removed «practices sharing,»)"
    )
    assert english_change("the Court", "the Court sharing").startswith(
        "the English changed (added «sharing»)"
    )


def test_an_old_english_line_left_without_its_mark_is_named_and_its_fix_works(tmp_path, capsys):
    """A translator who deleted only the ``#| `` of the old English: one message at that
    line, and putting the mark back, as it says, makes the catalog valid again."""
    root = Path(shutil.copytree(BUILD, tmp_path / "root"))
    catalog = root / LC / "index.po"
    text = catalog.read_text(encoding="utf-8")
    entry = f'msgid "{PAGE}"'
    assert entry in text
    catalog.write_text(text.replace(entry, f'msgid "Old English."\n{entry}'), encoding="utf-8")
    line = catalog.read_text(encoding="utf-8").splitlines().index('msgid "Old English."') + 1
    assert main(["--conf-dir", str(root), str(root / LC)]) == 1
    out = capsys.readouterr().out
    assert f"index.po:{line}: ERROR: two msgid lines in a row" in out
    catalog.write_text(text.replace(entry, f'#| msgid "Old English."\n{entry}'), encoding="utf-8")
    assert main(["--conf-dir", str(root), str(root / LC)]) == 0


def test_contributing_lists_the_translation_messages_as_they_read(tmp_path, capsys):
    """Each message of CONTRIBUTING's table is one the check prints today."""
    contributing = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    table = contributing.split("### Translation messages", 1)[1].split("\nIf a check fails", 1)[0]
    messages = [row.split("`")[1] for row in table.splitlines() if row.startswith("| `")]
    assert len(messages) >= 10
    for case, file, content, _ in CORPUS:
        root = tmp_path / case
        shutil.copytree(BUILD, root)
        (root / LC / file).unlink(missing_ok=True)
        if callable(content):
            content(root / LC / file)
        elif isinstance(content, bytes):
            (root / LC / file).write_bytes(content)
        else:
            (root / LC / file).write_text(content, encoding="utf-8")
        main(["--conf-dir", str(root), str(root / LC)])
    run("broken")
    run("incomplete")
    pot = tmp_path / "pot"
    pot.mkdir()
    (pot / "index.pot").write_text(po(("The Court", ""), (PAGE.replace("sits", "is"), "")))
    main(["--conf-dir", str(BUILD), "--pot-dir", str(pot), str(BUILD / LC)])
    (pot / "index.pot").write_text(po(("The Court", "")))
    main(["--conf-dir", str(BUILD), "--pot-dir", str(pot), str(BUILD / LC)])
    printed = capsys.readouterr().out
    assert [message for message in messages if message not in printed] == []
