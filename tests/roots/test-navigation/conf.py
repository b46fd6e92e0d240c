"""A nested site: sub-trees, a caption, a page listed twice, an outside link, an orphan."""

extensions = ["myst_parser", "icjc_navigation"]
html_theme = "furo"
exclude_patterns = ["_build"]
