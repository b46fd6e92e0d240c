"""How this project starts headless Chromium: Debian's package, with no network chatter."""

from __future__ import annotations

import os
import shutil

#: Debian's chromium; ICJC_CHROMIUM overrides the path.
CHROMIUM = os.environ.get("ICJC_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"

LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_available() -> bool:
    return os.access(CHROMIUM, os.X_OK)
