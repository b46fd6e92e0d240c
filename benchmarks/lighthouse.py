"""Lighthouse scores (mobile preset) for the home, About and Members pages: ``make lighthouse``.

Serves ``_build/html`` on 127.0.0.1 and runs the pinned ``lighthouse`` from
``benchmarks/node_modules`` in Debian's Chromium; nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "tools"))
from browser import CHROMIUM, LAUNCH_ARGS  # noqa: E402
from serve import serve  # noqa: E402

LIGHTHOUSE = REPO / "benchmarks" / "node_modules" / "lighthouse" / "cli" / "index.js"
PAGES = {"home": "index.html", "about": "about.html", "members": "members/index.html"}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def scores(url: str) -> dict[str, int]:
    with tempfile.TemporaryDirectory() as profile:
        flags = " ".join(["--headless", *LAUNCH_ARGS, f"--user-data-dir={profile}"])
        result = subprocess.run(
            [
                "node",
                str(LIGHTHOUSE),
                url,
                "--quiet",
                "--output=json",
                "--output-path=stdout",
                f"--only-categories={','.join(CATEGORIES)}",
                f"--chrome-flags={flags}",
            ],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "CHROME_PATH": CHROMIUM},
        )
    report = json.loads(result.stdout)
    return {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site", type=Path, default=REPO / "_build" / "html")
    args = parser.parse_args()
    print("| page | " + " | ".join(CATEGORIES) + " |")
    print("| --- |" + " ---: |" * len(CATEGORIES))
    with serve(args.site) as base:
        for name, path in PAGES.items():
            found = scores(base + path)
            print(f"| {name} | " + " | ".join(str(found[c]) for c in CATEGORIES) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
