"""Member cards for a structure snapshot: a card with a link, one without, markup as text.

The theme settings, templates and schema are the site's own, read from where they live.
"""

from conftest import REPO, SCHEMA
from icjc.pages import HTML_SIDEBARS

extensions = ["myst_parser", "sphinx_design", "icjc"]
html_theme = "furo"
templates_path = [str(REPO / "_templates")]
html_sidebars = HTML_SIDEBARS
icjc_members_schema = str(SCHEMA)
