"""The look-alike table of the members check, drawn once from Unicode's confusables.

``confusable-homoglyphs`` ships Unicode's confusables data (UTS #39) as a 900 kB file that
takes longer to read than the rest of the members check. This module keeps only what the
check uses, each character's prototype, in ``icjc/members/confusables.json``. Run
``.venv/bin/python tests/tools/confusables.py`` after updating the pinned
``confusable-homoglyphs``; a test checks the stored file is current.
"""

from __future__ import annotations

import json

from icjc.members.text_policy import PROTOTYPES


def prototypes() -> dict[str, str]:
    """Character -> prototype. The library merges both directions of the table: a pair that
    lists each other alone goes to the lower of the two, ASCII first."""
    from confusable_homoglyphs.confusables import confusables_data

    def plain(text: str) -> str:  # the data wraps right-to-left characters in LRM marks
        return text.replace("\u200e", "").replace("\u200f", "")

    table = {
        plain(char): [plain(entry["c"]) for entry in entries]
        for char, entries in confusables_data.items()
    }
    found: dict[str, str] = {}
    for char, targets in sorted(table.items()):
        if len(char) != 1 or len(targets) != 1 or targets[0] == char:
            continue
        target = targets[0]
        if table.get(target) == [char]:  # a pair: either could be the prototype
            target = min(char, target, key=lambda text: (not text.isascii(), text))
        if target != char:
            found[char] = target
    return found


def main() -> None:
    text = json.dumps(prototypes(), indent=0, sort_keys=True)
    PROTOTYPES.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {PROTOTYPES}")


if __name__ == "__main__":
    main()
