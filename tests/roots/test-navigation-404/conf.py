"""A site with a written 404 page: sphinx-notfound-page gives it a toctree of its own."""

extensions = ["myst_parser", "notfound.extension", "icjc_navigation"]
html_theme = "furo"
