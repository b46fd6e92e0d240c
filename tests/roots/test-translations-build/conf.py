extensions = ["myst_parser", "icjc"]
language = "fr"
html_theme = "basic"
icjc_locale_dir = "locale"
locale_dirs: list[str] = []
gettext_compact = False
myst_enable_extensions = ["attrs_inline"]
