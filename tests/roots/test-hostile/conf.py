"""A small site that reads pages and static files as the real one does, for the hostile corpus
(tests/hostile_pages_corpus.py): each case adds or replaces a file, then builds."""

extensions = ["myst_parser", "sphinx_design", "sphinxext.opengraph", "notfound.extension", "icjc"]
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "attrs_inline", "attrs_block"]
html_theme = "furo"
html_static_path = ["_static"]
html_copy_source = False
