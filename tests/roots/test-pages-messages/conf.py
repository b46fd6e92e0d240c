"""Toctree lines without a file, a folder page named without /index, an excluded file and a
page no toctree lists: each gets its located message."""

extensions = ["myst_parser", "icjc_pages"]
exclude_patterns = ["_build", "README.md"]
