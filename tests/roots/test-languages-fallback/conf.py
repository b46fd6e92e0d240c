"""A French page with one sentence, one card title and one heading not yet translated, and a
page whose title is not: Furo shows both headings in its tables of contents."""

extensions = ["icjc", "myst_parser", "sphinx_design"]
html_theme = "furo"
language = "fr"
locale_dirs = ["locale"]
myst_enable_extensions = ["colon_fence"]
