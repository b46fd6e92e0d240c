"""Images on pages: the size limit, at the line that uses the image; names with spaces."""

extensions = ["myst_parser", "icjc"]
exclude_patterns = ["_build"]
