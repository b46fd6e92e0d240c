"""The Nu HTML Checker finds no error on any page."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest
from conftest import HTML_PAGES, REPO

VNU_JAR = REPO / "tests" / "tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
#: A one-off check: Java's quick compiler alone halves its time (the optimizing one never
#: pays off in a few seconds), and needs a larger stack than the checker's 512 KB.
JAVA_OPTIONS = ("-XX:TieredStopAtLevel=1", "-Xss8m")


def test_every_page_is_valid_html(site, site_fr):
    java = shutil.which("java")
    if not (java and VNU_JAR.is_file()):
        if os.environ.get("CI"):
            pytest.fail(f"the HTML checker needs java and {VNU_JAR} (npm ci in tests/tools)")
        pytest.skip("no java or vnu.jar: run `make node-tools` to install the HTML checker")
    pages = sorted(str(path) for path in site_fr.outdir.parent.rglob("*.html"))
    result = subprocess.run(
        [java, *JAVA_OPTIONS, "-jar", str(VNU_JAR), "--format", "json", "--errors-only", *pages],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    assert [(m.get("url", "").rsplit("/", 1)[-1], m["message"]) for m in messages] == []
    assert len(pages) == 2 * len(HTML_PAGES)  # English, and French in fr/
