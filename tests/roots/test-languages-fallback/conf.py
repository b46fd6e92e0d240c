"""A French page with one sentence and one card title not yet translated."""

extensions = ["icjc", "myst_parser", "sphinx_design"]
language = "fr"
locale_dirs = ["locale"]
myst_enable_extensions = ["colon_fence"]
