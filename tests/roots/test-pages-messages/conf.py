"""Toctree lines without a file (Sphinx's own message) and pages no toctree lists (ours)."""

extensions = ["myst_parser", "icjc"]
exclude_patterns = ["_build", "README.md"]
