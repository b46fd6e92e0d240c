"""Broken members files, one mistake each: the line it must be reported on and the message.

Each case is inline YAML (or a file-system setup) mapped to exactly one expected problem.
The categories follow the ways a members file has been seen to go wrong: files that leak
out, text that misleads, inputs that crashed the reader, common layout mistakes, values
that were silently accepted, and the basic schema rules.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


def member(*lines: str, first: str = "  - id: alpha\n    name: Alpha Association\n") -> str:
    """A file with one member: id and name on lines 2-3, then city and country, then ``lines``."""
    extra = "".join(f"    {line}\n" for line in lines)
    return f"members:\n{first}    city: Chicago\n    country: US\n{extra}"


SECOND = "  - id: beta\n    name: Beta Institute\n    city: Paris\n    country: FR\n"


@dataclass(frozen=True)
class Case:
    category: str
    name: str
    text: str | bytes | None  # None: the setup makes the file
    line: int
    message: str  # a part of the one expected message
    setup: Callable[[Path], None] | None = None
    schema: str | None = None  # a replacement schema text


def _link(target: str, make: str = "") -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        if make:
            (root / make).parent.mkdir(parents=True, exist_ok=True)
            (root / make).write_text("secret", encoding="utf-8")
        (root / "_static" / "logo.png").symlink_to(target)

    return setup


def _members_path(make: Callable[[Path], None]) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        make(root / "members.yaml")

    return setup


def _schema_text() -> str:
    return (Path(__file__).parents[1] / "members" / "members.schema.json").read_text("utf-8")


def _unreadable(path: Path) -> None:
    path.write_text(member(), encoding="utf-8")
    path.chmod(0)


CASES = [
    # -- Files leak out: a logo is an image inside _static/, links resolved ---------------
    Case("files", "parent", member("logo: ../conf.py"), 6, "must be a path inside _static/"),
    Case("files", "absolute", member("logo: /etc/passwd"), 6, "must be a path inside _static/"),
    Case("files", "git", member("logo: .git/config"), 6, "must be a path inside _static/"),
    Case("files", "venv", member("logo: .venv/pyvenv.cfg"), 6, "must be a path inside _static/"),
    Case("files", "conf", member("logo: conf.py"), 6, "must be a path inside _static/"),
    Case("files", "dotdot", member("logo: _static/../conf.py"), 6, "must be a path inside"),
    Case("files", "hidden", member("logo: _static/.git/x.png"), 6, "without hidden folders"),
    Case("files", "not-image", member("logo: _static/notes.txt"), 6, "must be an SVG, PNG"),
    Case("files", "url", member("logo: https://x.org/a.png"), 6, "must be a path inside"),
    Case("files", "backslash", member("logo: _static\\a.png"), 6, "must be a path inside"),
    Case("files", "missing", member("logo: _static/none.png"), 6, "the file does not exist"),
    Case(
        "files",
        "link-out",
        member("logo: _static/logo.png"),
        6,
        "leads outside _static/",
        setup=_link("../conf.py", make="conf.py"),
    ),
    Case(
        "files",
        "link-hidden",
        member("logo: _static/logo.png"),
        6,
        "leads outside _static/",
        setup=_link(".hidden/real.png", make="_static/.hidden/real.png"),
    ),
    Case(
        "files",
        "link-loop",
        member("logo: _static/logo.png"),
        6,
        "cannot be read",
        setup=_link("logo.png"),
    ),
    Case(
        "files",
        "folder",
        member("logo: _static/dir.png"),
        6,
        "or to a folder",
        setup=lambda root: (root / "_static" / "dir.png").mkdir(),
    ),
    Case("files", "logo-slash", member("logo: _static/logo.svg/"), 6, "must be an SVG, PNG"),
    Case(
        "files",
        "logo-large",
        member("logo: _static/big.png"),
        6,
        "600 KB, over the limit of 200 KB",
        setup=lambda root: (root / "_static" / "big.png").write_bytes(b"\0" * 600_000),
    ),
    Case("files", "long-name", member(f"logo: _static/{'é' * 130}.png"), 6, "cannot be read"),
    # -- Text misleads ----------------------------------------------------------------------
    Case("text", "bidi", member('region: "\\u202eIllinois"'), 6, "right-to-left override (U+202E)"),
    Case("text", "bidi-raw", member("region: \u2067Illinois"), 6, "right-to-left isolate"),
    Case("text", "isolate", member('region: "a\\u2066b"'), 6, "left-to-right isolate (U+2066)"),
    Case("text", "nul", member('region: "a\\0b"'), 6, "a NUL character (U+0000)"),
    Case("text", "escape", member('region: "\\e[31mred"'), 6, "an escape character (U+001B)"),
    Case("text", "raw-escape", member("region: \x1b[2Jx"), 6, "an escape character (U+001B)"),
    Case("text", "c1", member('region: "a\\x9bb"'), 6, "a control character (U+009B)"),
    Case("text", "newline", member('region: "a\\nERROR: forged"'), 6, "holds a line break"),
    Case("text", "raw-cr", member("region: a\rERROR: b"), 6, "a carriage return (U+000D)"),
    Case("text", "line-sep", member("region: a\u2028b"), 6, "a line separator (U+2028)"),
    Case("text", "tab", member('region: "a\\tb"'), 6, "a tab (U+0009)"),
    Case("text", "zero-width", member('region: "\\u200b"'), 6, "zero-width space (U+200B)"),
    Case(
        "text",
        "invisible-name",
        member(first='  - id: alpha\n    name: "\\u3164"\n'),
        3,
        "only invisible characters",
    ),
    Case(
        "text",
        "nbsp-name",
        member(first='  - id: alpha\n    name: "\\u00a0\\u2800"\n'),
        3,
        "only invisible characters",
    ),
    Case("text", "surrogate", member('region: "\\ud800"'), 6, "a lone surrogate (U+D800)"),
    Case("text", "nonchar", member('region: "\\ufdd0"'), 6, "a non-character (U+FDD0)"),
    Case("text", "nonchar-raw", member("region: a\ufffeb"), 6, "a non-character (U+FFFE)"),
    Case(
        "text",
        "nfc-duplicate",
        member(first="  - id: alpha\n    name: E\u0301cole\n")
        + SECOND.replace("Beta Institute", "\u00c9cole"),
        7,
        "the name `École` is already used on line 3",
    ),
    Case(
        "text",
        "cyrillic-duplicate",
        member() + SECOND.replace("Beta Institute", "\u0410lpha Association"),
        7,
        "is already used on line 3",
    ),
    Case(
        "text",
        "fullwidth-duplicate",
        member() + SECOND.replace("Beta Institute", "\uff21lpha Association"),
        7,
        "is already used on line 3",
    ),
    Case(
        "text",
        "variation-selector-duplicate",
        member() + SECOND.replace("Beta Institute", "Alpha\ufe0f Association"),
        7,
        "is already used on line 3",
    ),
    Case(
        "text",
        "tag-duplicate",
        member() + SECOND.replace("Beta Institute", "Alpha Associ\U000e0061ation"),
        7,
        "is already used on line 3",
    ),
    Case("text", "curly", member("region: \u201cIllinois\u201d"), 6, "wrapped in curly quotes"),
    Case("text", "guillemets", member("region: \u00ab Illinois \u00bb"), 6, "curly quotes"),
    Case("text", "long", member(f"region: {'x' * 101}"), 6, "too long: keep it to 100"),
    Case(
        "text",
        "long-name",
        member(first=f"  - id: alpha\n    name: {'N' * 201}\n"),
        3,
        "too long: keep it to 200",
    ),
    # -- Inputs that crashed the reader -------------------------------------------------------
    Case("crash", "deep", "members: " + "[" * 5000 + "]" * 5000 + "\n", 1, "nested too deeply"),
    Case(
        "crash",
        "deep-map",
        "a:\n" + "".join(f"{' ' * i} b:\n" for i in range(1, 60)),
        20,
        "nested too deeply",
    ),
    Case("crash", "not-utf8", member().encode() + b"    region: Caf\xe9\n", 6, "not UTF-8"),
    Case("crash", "empty", "# nothing yet\n\n", 1, "the file is empty"),
    Case("crash", "missing", None, 1, "the members file is missing", setup=lambda root: None),
    Case("crash", "folder", None, 1, "is a folder", setup=_members_path(Path.mkdir)),
    Case(
        "crash",
        "loop",
        None,
        1,
        "leads back to itself",
        setup=_members_path(lambda path: path.symlink_to(path.name)),
    ),
    Case(
        "crash",
        "device",
        None,
        1,
        "not a regular file",
        setup=_members_path(lambda path: path.symlink_to(os.devnull)),
    ),
    Case(
        "crash",
        "fifo",
        None,
        1,
        "not a regular file",
        setup=_members_path(lambda path: os.mkfifo(path)),
    ),
    Case(
        "crash",
        "outside",
        None,
        1,
        "outside the site's folder",
        setup=_members_path(lambda path: path.symlink_to(Path(__file__).resolve())),
    ),
    Case(
        "crash",
        "dangling",
        None,
        1,
        "does not exist",
        setup=_members_path(lambda path: path.symlink_to("gone.yaml")),
    ),
    Case("crash", "unreadable", None, 1, "permission denied", setup=_members_path(_unreadable)),
    Case("crash", "schema-json", member(), 3, "is not valid JSON", schema='{\n  "type":\n  ,\n}'),
    Case("crash", "huge-lat", member("lat: " + "1" * 5000, "lon: 2.0"), 6, "plain decimal number"),
    Case("crash", "huge-float", member("lat: 1." + "1" * 5000, "lon: 2.0"), 6, "decimal number"),
    Case(
        "crash",
        "schema-true",
        member(),
        1,
        "not a valid, self-contained JSON Schema",
        schema="true",
    ),
    Case(
        "crash", "schema-any", member(), 1, "not a valid, self-contained JSON Schema", schema="{}"
    ),
    Case(
        "crash",
        "schema-remote",
        member(),
        1,
        "not a valid, self-contained JSON Schema",
        schema='{"$ref": "https://example.org/s.json"}',
    ),
    Case(
        "crash",
        "schema-missing-ref",
        member(),
        1,
        "not a valid, self-contained JSON Schema",
        schema=_schema_text().replace('"#/$defs/member"', '"#/$defs/nobody"'),
    ),
    Case(
        "crash",
        "schema-huge-number",
        member(),
        1,
        "not a valid, self-contained JSON Schema",
        schema='{"maxLength": 1' + "0" * 5000 + "}",
    ),
    Case(
        "crash",
        "schema-fifo",
        member(),
        1,
        "members.schema.json is not a regular file",
        setup=lambda root: os.mkfifo(root / "members.schema.json"),
    ),
    Case(
        "crash",
        "schema-invalid",
        member(),
        1,
        "not a valid, self-contained JSON Schema",
        schema='{"type": 7}',
    ),
    # -- Layout mistakes: reported where to edit, in plain words -------------------------------
    Case(
        "layout",
        "unclosed-quote",
        member('region: "Illinois', "url:"),
        6,
        'as `region: "Illinois"`',
    ),
    Case("layout", "unclosed-last", member("region: 'Illinois"), 6, "as `region: 'Illinois'`"),
    Case("layout", "no-space", member("region:Illinois"), 6, "as `region: Illinois`"),
    Case(
        "layout",
        "nbsp",
        member("region:\u00a0Illinois"),
        6,
        "write the line as `region: Illinois`",
    ),
    Case(
        "layout",
        "dash-column",
        member() + SECOND.replace("  - id", "  id").replace("    ", "  "),
        6,
        "does not line up with the lines above it",
    ),
    Case(
        "layout",
        "dash-fields",
        member() + SECOND.replace("  - id", "    id"),
        6,
        "write `- ` before `id:`",
    ),
    Case(
        "layout",
        "nbsp-city",
        member().replace("city: ", "city:\u00a0"),
        4,
        "write the line as `city: Chicago`",
    ),
    Case(
        "layout",
        "tab",
        member("\tregion: Illinois").replace("    \t", "\t"),
        6,
        "this line holds a tab: write the line as `region: Illinois`",
    ),
    Case("layout", "colon", member("region: Illinois: USA"), 6, 'as `region: "Illinois: USA"`'),
    Case(
        "layout",
        "at-sign",
        member("region: @home"),
        6,
        'start with `@`: write the line as `region: "@home"`',
    ),
    Case(
        "layout",
        "alias",
        member("region: *home"),
        6,
        'start with `*`: write the line as `region: "*home"`',
    ),
    Case("layout", "tag", member("region: !!python/name:os.system x"), 6, "cannot start with `!`"),
    Case("layout", "after-quote", member('region: "Illinois" USA'), 6, "after a closing quote"),
    Case("layout", "documents", member() + "---\n" + member(), 6, "(`---`): make this line empty"),
    Case(
        "layout",
        "members-twice",
        member() + SECOND.replace("  - id", "members:\n  - id"),
        6,
        "`members` is given twice",
    ),
    Case("layout", "field-twice", member("city: Paris"), 6, "`city` is given twice"),
    Case(
        "layout",
        "indent",
        member() + "      region: x\n",
        6,
        "`region: x` (4 spaces from the left)",
    ),
    Case("layout", "extra-space", member(" region: Illinois"), 6, "(4 spaces from the left)"),
    Case(
        "layout",
        "space-missing",
        member("url:").replace("    city", "   city"),
        4,
        "(4 spaces from",
    ),
    Case(
        "layout",
        "dash-extra-space",
        member() + SECOND.replace("  - id", "   - id"),
        6,
        "does not line up with the lines above it",
    ),
    Case(
        "layout",
        "flow-values-left-alone",
        member(first="  - id: alpha\n    name: A\n    region: {en: Illinois, fr: Illinois}\n")
        + "    url: Illinois: USA\n",
        7,
        'write the line as `url: "Illinois: USA"`',
    ),
    Case(
        "layout",
        "deep-description",
        member("description: " + "[" * 30 + "]" * 30),
        6,
        "nested too deeply",
    ),
    Case("layout", "unclosed-flow", "members: [\n  {id: a}\n", 3, "is not closed"),
    # -- Values that were accepted silently --------------------------------------------------
    Case("silent", "lat-only", member("lat: 41.8"), 6, "`lat` is given without `lon`"),
    Case("silent", "lon-only", member("lon: -87.6"), 6, "`lon` is given without `lat`"),
    Case("silent", "sexagesimal", member("lat: 1:30", "lon: 2.0"), 6, "not the text `1:30`"),
    Case("silent", "octal", member("lat: 010", "lon: 2.0"), 6, "not the text `010`"),
    Case("silent", "hex", member("lat: 1.0", "lon: 0x1F"), 7, "not the text `0x1F`"),
    Case("silent", "nan", member("lat: .nan", "lon: 2.0"), 6, "not the text `.nan`"),
    Case("silent", "exponent", member("lat: 1e1", "lon: 2.0"), 6, "not the text `1e1`"),
    Case("silent", "underscore", member("lat: 1_0", "lon: 2.0"), 6, "not the text `1_0`"),
    Case("silent", "north", member("lat: 85.0", "lon: 2.0"), 6, "from -58 to 84"),
    Case("silent", "south", member("lat: -60", "lon: 2.0"), 6, "from -58 to 84"),
    Case("silent", "east", member("lat: 1.0", "lon: 181"), 7, "from -180 to 180"),
    Case("silent", "credentials", member("url: https://me:pw@x.org/"), 6, "user name or password"),
    Case("silent", "user", member("url: https://me@x.org/"), 6, "user name or password"),
    Case("silent", "url-backslash", member("url: https://x.org\\@evil.org/"), 6, "a backslash"),
    Case("silent", "url-quote", member('url: https://x.org/?q="x"'), 6, "a double quote"),
    Case("silent", "url-squote", member("url: https://x.org/'x"), 6, "a single quote"),
    Case("silent", "url-angle", member('url: "https://x.org/<script>"'), 6, "an angle bracket"),
    Case("silent", "url-space", member('url: "https://x.org/a b"'), 6, "a space"),
    Case("silent", "url-nbsp", member('url: "https://x.org/a\\u00a0b"'), 6, "invisible"),
    Case("silent", "javascript", member("url: javascript:alert(1)"), 6, "must start with https://"),
    Case("silent", "data", member('url: "data:text/html,x"'), 6, "must start with https://"),
    Case("silent", "relative", member("url: /members/"), 6, "must start with https://"),
    Case("silent", "no-host", member("url: https://"), 6, "no host name"),
    Case("silent", "bad-port", member("url: https://x.org:99999/"), 6, "not a valid web address"),
    Case(
        "silent",
        "yes-country",
        member(first="  - id: alpha\n    name: false\n"),
        3,
        'put it in double quotes, e.g. name: "false"',
    ),
    # -- The schema's rules ----------------------------------------------------------------------
    Case("schema", "unknown", member("contry: USA"), 6, "did you mean `country`?"),
    Case(
        "schema",
        "no-city",
        "members:\n  - id: a\n    name: A\n    country: FR\n",
        2,
        "has no `city`",
    ),
    Case(
        "schema", "bad-id", member(first="  - id: Alpha One\n    name: A\n"), 2, "e.g. `alpha-one`"
    ),
    Case("schema", "top-list", "- id: a\n", 1, "must start with `members:`"),
    Case("schema", "not-mapping", "members:\n  - alpha\n", 2, "must be a group of"),
    Case("schema", "no-members", "members:\n", 1, "`members` is empty"),
    Case(
        "schema",
        "indented-below",
        member("url:", "  en: https://x.org/"),
        7,
        "indented further than `url:` above it",
    ),
    Case("schema", "country-code", member().replace("US", "us"), 5, "not an ISO 3166 country code"),
    Case("schema", "country-unknown", member().replace("US", "XX"), 5, "not an ISO 3166 country"),
    Case("schema", "country-pseudo", member().replace("US", "EU"), 5, "not an ISO 3166 country"),
    Case(
        "schema",
        "country-name",
        member().replace("US", "Switzerland"),
        5,
        "write the code, country: CH",
    ),
    Case("silent", "country-typo", member().replace("US", "Swizterland"), 5, "country: CH"),
    Case(
        "schema",
        "country-old-form",
        member().replace("US", "{en: USA, fr: États-Unis}"),
        5,
        "`country` in member 1 (Alpha Association) must be text",
    ),
    Case(
        "schema",
        "url-per-language",
        member("url: {en: https://x.org/, fr: https://x.fr/}"),
        6,
        "not a group of fields: write one value",
    ),
    # -- Issue 24's "advice that is wrong": the parser's finding, and only proven edits ---------
    Case(
        "layout",
        "mistake-after-two-line-name",
        member(first='  - id: alpha\n    name: "Alpha\n      Association"\n')
        + "    region: Illinois: USA\n",
        7,
        'write the line as `region: "Illinois: USA"`',
    ),
    Case(
        "layout",
        "tab-after-value",
        member("region: Illinois\t"),
        6,
        "a tab: write the line as `region: Illinois`",
    ),
    Case("layout", "tab-in-blank-line", member() + "\t\n" + SECOND, 6, "tab: make this line empty"),
    Case(
        "layout",
        "new-member-field-2-spaces",
        member() + SECOND.replace("    name", "  name"),
        7,
        "write the line as `name: Beta Institute` (4 spaces from the left)",
    ),
    Case(
        "layout",
        "flow-no-brace",
        member("region: {en: Illinois, fr: Illinois", "url:"),
        6,
        "as `region: {en: Illinois, fr: Illinois}`",
    ),
    Case(
        "layout",
        "flow-no-comma",
        member("region: {en: Illinois fr: Illinois}"),
        6,
        "as `region: {en: Illinois, fr: Illinois}`",
    ),
    Case(
        "silent",
        "hash-cuts-value",
        member(first="  - id: alpha\n    name: Foo #1 Bar\n"),
        3,
        'write `name: "Foo #1 Bar"`',
    ),
    Case(
        "silent",
        "stray-quote",
        member('region: Genève"'),
        6,
        'ends with " but does not start with it',
    ),
    Case(
        "layout",
        "colon-lost-after-a-two-line-name",
        member("region Illinois", first='  - id: alpha\n    name: "Alpha\n      Association"\n'),
        7,
        "this line is not `field: value`: write the line as `region: Illinois`",
    ),
    Case("schema", "empty-group", member("region: {}"), 6, "`region` is empty in member 1"),
    Case(
        "schema",
        "duplicate-id",
        member() + SECOND.replace("beta", "alpha"),
        6,
        "the id `alpha` is already used on line 2",
    ),
    # -- Values per language (city, region, country) and the name's language ---------------
    Case(
        "schema",
        "bad-language",
        member("region: {english: Illinois}"),
        6,
        "'english' is not a language code",
    ),
    Case(
        "text",
        "per-language-hidden",
        member('region: {en: Illinois, fr: "Illi\\u200bnois"}'),
        6,
        "`region` holds a zero-width space",
    ),
    Case(
        "schema",
        "bad-name-language",
        member("name_language: French"),
        6,
        "`name_language` 'French' is not a language code",
    ),
]


#: Valid YAML layouts of one member, each the same data as ``member()``: never refused.
VALID = {
    "block-mappings": "members:\n  - id: alpha\n    name:\n      en: Alpha Association\n    city:\n      en: Chicago\n    country: US\n",  # noqa: E501 - a whole file on a line
    "flow-member": "members:\n  - {id: alpha, name: Alpha Association, city: Chicago, country: US}\n",  # noqa: E501 - a whole file on a line
    "quoted-continuation": 'members:\n  - id: alpha\n    name: "Alpha\n      Association"\n    city: "Chicago"\n    country: US\n',  # noqa: E501 - a whole file on a line
    "continuation-like-field": 'members:\n  - id: alpha\n    name: "Alpha\n    Association"\n    city: Chicago\n    country: US\n',  # noqa: E501 - a whole file on a line
    "comments": "# c\nmembers: # c\n  # c\n  - id: alpha # c\n    name: Alpha Association  # c\n    city: Chicago\n    country: US # c\n",  # noqa: E501 - a whole file on a line
    "crlf-bom": "\ufeffmembers:\r\n  - id: alpha\r\n    name: Alpha Association\r\n    city: Chicago\r\n    country: US\r\n",  # noqa: E501 - a whole file on a line
    "indent-4": "members:\n    -   id: alpha\n        name: Alpha Association\n        city: Chicago\n        country: US\n",  # noqa: E501 - a whole file on a line
    "unindented-sequence": "members:\n- id: alpha\n  name: Alpha Association\n  city: Chicago\n  country: US\n",  # noqa: E501 - a whole file on a line
    "members-indented": " members:\n  - id: alpha\n    name: Alpha Association\n    city: Chicago\n    country: US\n",  # noqa: E501 - a whole file on a line
}
