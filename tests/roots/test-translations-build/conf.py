extensions = ["myst_parser", "icjc"]
language = "fr"
html_theme = "basic"
locale_dirs = ["locale"]
gettext_compact = False
myst_enable_extensions = ["attrs_inline"]
