"""One page on Furo with the site's sidebar list and templates."""

from conftest import REPO
from icjc.pages import HTML_SIDEBARS

extensions = ["icjc"]
html_theme = "furo"
templates_path = [str(REPO / "_templates")]
html_sidebars = HTML_SIDEBARS
