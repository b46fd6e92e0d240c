"""The faster MyST parser (``_ext/icjc_fast_myst.py``) gives the same pages as MyST's own."""

from __future__ import annotations

from conftest import REPO, Built, sphinx_build
from icjc_fast_myst import contract_holds


def test_the_contract_with_myst_holds():
    """If this fails, MyST changed: the build falls back to MyST's own (slower) parser."""
    assert contract_holds()


def test_french_pages_are_identical_with_myst_own_parser(site_fr: Built, tmp_path):
    outdir = tmp_path / "html"
    options = ("-W", "-n", "-E", "-D", "language=fr", "-d", str(tmp_path / "doctrees"))
    result = sphinx_build(REPO, outdir, *options, "-D", "icjc_fast_myst=0", site_url="")
    assert result.returncode == 0, result.stderr
    pages = sorted(path.relative_to(outdir) for path in outdir.rglob("*.html"))
    assert pages == sorted(
        path.relative_to(site_fr.outdir) for path in site_fr.outdir.rglob("*.html")
    )
    differ = [p for p in pages if (outdir / p).read_bytes() != (site_fr.outdir / p).read_bytes()]
    assert differ == []
