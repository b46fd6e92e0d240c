"""The build benchmark runs, at a tiny size, and reports every case and variant.

Run by ``make benchmark`` before the benchmark itself, not by ``make test``.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import REPO


@pytest.mark.benchmark
def test_the_benchmark_runs_at_a_tiny_size(tmp_path):
    report = tmp_path / "report.md"
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks/build_benchmark.py"),
            "--tiny",
            "--output",
            str(report),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    text = report.read_text()
    for case in ("clean", "no change", "page edit", "members edit"):
        assert f"| {case} |" in text
    for variant in ("site", "bare", "empty"):
        assert f"| {variant} |" in text
    assert "per page" in text
