extensions = ["myst_parser", "sphinx_design", "icjc"]
