"""The downloads Read the Docs offers: a PDF (LaTeX) in the site's order, a valid EPUB."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx_design.icons import sd_icon

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class HomeFirst(SphinxPostTransform):
    """Sphinx puts a toctree's pages where the toctree stands, at the top of the home page,
    so the home page's own sections would follow the last of them: its text becomes the
    first chapter instead, under its title, as the site shows it first."""

    formats = ("latex",)
    default_priority = 100  # early: the later LaTeX transforms see the final order

    def run(self, **kwargs: Any) -> None:
        home = next(self.document.findall(nodes.section), None)
        if self.env.docname != self.config.root_doc or home is None:
            return
        title, *body = home.children
        own = [
            node
            for node in body
            if not (isinstance(node, nodes.Element) and "toctree-wrapper" in node["classes"])
        ]
        for node in own:
            home.remove(node)
        home.insert(1, nodes.section("", title.deepcopy(), *own))


class CardTitlesAsParagraphs(SphinxPostTransform):
    """A card's title is bare text in its box; LaTeX draws no box, so the titles of a grid
    would run on in one line: each becomes a paragraph of its own."""

    formats = ("latex",)
    default_priority = 100

    def run(self, **kwargs: Any) -> None:
        for title in self.document.findall(nodes.container):
            if "sd-card-title" in title["classes"]:
                words = title.children[:]
                title.clear()
                title += nodes.paragraph("", "", *words)


class NoInlineSVGInEPUB(SphinxPostTransform):
    """EPUB 3 wants each page that holds SVG declared as such, and Sphinx declares none.
    The inline SVGs are icons (decoration) and the map, whose text is the members' legend."""

    builders = ("epub",)
    default_priority = 100

    def run(self, **kwargs: Any) -> None:
        for node in list(self.document.findall(_is_svg)):
            node.parent.remove(node)


def _is_svg(node: nodes.Node) -> bool:
    return isinstance(node, sd_icon) or (
        isinstance(node, nodes.raw) and node.astext().lstrip().startswith("<svg")
    )


def setup(app: Sphinx) -> None:
    app.add_post_transform(HomeFirst)
    app.add_post_transform(CardTitlesAsParagraphs)
    app.add_post_transform(NoInlineSVGInEPUB)
