"""Images on pages: one size limit, refused at the Markdown line that uses the image, so the
quick job (``make html``) fails; file names with spaces work in MyST's ``<...>`` form."""

from __future__ import annotations

import re

from conftest import copy_root, soup, sphinx_build
from icjc.members.rules import MAX_IMAGE_BYTES


def test_a_large_image_fails_the_build_at_the_line_that_uses_it(tmp_path):
    srcdir = copy_root("images", tmp_path / "src")
    (srcdir / "pictures").mkdir()
    (srcdir / "pictures" / "team photo.png").write_bytes(b"\x89PNG" + b"\0" * 1000)
    (srcdir / "pictures" / "hall.jpg").write_bytes(b"\xff\xd8" + b"\0" * (MAX_IMAGE_BYTES + 50_000))
    result = sphinx_build(srcdir, tmp_path / "html", "-W", "-n", "--keep-going")
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if "pictures/" in line]
    size, limit = (MAX_IMAGE_BYTES + 50_002) // 1000, MAX_IMAGE_BYTES // 1000
    assert lines == [
        f"index.md:9: ERROR: the image `pictures/hall.jpg` is {size} KB, over the "
        f"limit of {limit} KB: save it smaller (a photo 1,600 pixels wide, as JPEG at 80 % "
        "quality, is usually below it) [icjc.images]"
    ]


def test_an_image_whose_name_holds_spaces_is_shown(tmp_path):
    srcdir = copy_root("images", tmp_path / "src")
    (srcdir / "index.md").write_text(
        re.sub(r"A large one.*", "", (srcdir / "index.md").read_text(), flags=re.S)
    )
    (srcdir / "pictures").mkdir()
    (srcdir / "pictures" / "team photo.png").write_bytes(b"\x89PNG" + b"\0" * 1000)
    result = sphinx_build(srcdir, tmp_path / "html", "-W", "-n")
    assert result.returncode == 0, result.stderr
    image = soup(tmp_path / "html" / "index.html").select_one("img")
    assert image["alt"] == "The team"
    assert (tmp_path / "html" / image["src"].replace("%20", " ")).is_file()


def test_contributing_s_image_recipe_works_from_the_top_and_from_a_folder(tmp_path):
    """CONTRIBUTING: images in ``images/``; ``/images/…`` from a page in a folder."""
    srcdir = copy_root("images", tmp_path / "src")
    (srcdir / "images").mkdir()
    (srcdir / "images" / "hague.jpg").write_bytes(b"\xff\xd8" + b"\0" * 1000)
    (srcdir / "index.md").write_text(
        "# Home\n\n![The Peace Palace](images/hague.jpg)\n\n```{toctree}\nnews/index\n```\n",
        encoding="utf-8",
    )
    (srcdir / "news").mkdir()
    (srcdir / "news" / "index.md").write_text(
        "# News\n\n![The Peace Palace](/images/hague.jpg)\n", encoding="utf-8"
    )
    result = sphinx_build(srcdir, tmp_path / "html", "-W", "-n")
    assert result.returncode == 0, result.stderr
    for page in ("index", "news/index"):
        image = soup(tmp_path / "html" / f"{page}.html").select_one("img")
        assert (tmp_path / "html" / page).parent.joinpath(image["src"]).resolve().is_file()
