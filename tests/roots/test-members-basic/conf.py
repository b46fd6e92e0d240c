from icjc.pages import HTML_SIDEBARS

extensions = ["myst_parser", "sphinx_design", "icjc"]
nitpicky = True
html_theme = "furo"
templates_path = ["_templates"]  # the site's templates, copied in by the tests
html_sidebars = HTML_SIDEBARS  # the site's own sidebar
