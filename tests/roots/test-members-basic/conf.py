extensions = ["myst_parser", "sphinx_design", "icjc_members", "icjc_data_edit_links"]
nitpicky = True
html_theme = "furo"
templates_path = ["_templates"]  # the site's templates, copied in by the tests
html_sidebars = {
    "**": [
        "sidebar/brand.html",
        "sidebar/search.html",
        "sidebar/scroll-start.html",
        "sidebar/navigation.html",
        "sidebar/members.html",
        "sidebar/scroll-end.html",
    ]
}
