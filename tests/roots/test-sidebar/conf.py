"""One page on Furo with the site's sidebar list and templates."""

from conftest import REPO
from icjc_furo_contract import HTML_SIDEBARS

extensions = ["icjc_furo_contract"]
html_theme = "furo"
templates_path = [str(REPO / "_templates")]
html_sidebars = HTML_SIDEBARS
