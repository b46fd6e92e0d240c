"""A page with sphinx-design cards and a plain container, on Furo, with trimmed stylesheets."""

extensions = ["myst_parser", "sphinx_design", "icjc_lean_assets"]
myst_enable_extensions = ["colon_fence"]
html_theme = "furo"
