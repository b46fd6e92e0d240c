"""What a translation replaces, and what it leaves: icons stay, English left over says so."""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util.nodes import extract_messages
from sphinx_design.icons import sd_icon
from sphinx_design.shared import PassthroughTextElement

from .codes import source_language


class KeepIconsOutOfMessages(SphinxTransform):
    """A card title's leading icon is not a word: moved just before the title's text (which
    writes no tag: the English HTML is unchanged), the translation no longer drops it."""

    default_priority = 15  # before Sphinx's Locale transform (20), which replaces the text

    def apply(self, **kwargs: object) -> None:
        for icon in list(self.document.findall(sd_icon)):
            text = icon.parent
            if not isinstance(text, PassthroughTextElement) or text.index(icon) != 0:
                continue
            moved: list[nodes.Node] = [icon]
            text.remove(icon)
            first = text.children[0] if text.children else None
            if isinstance(first, nodes.Text) and first[:1].isspace():
                text.replace(first, nodes.Text(first.lstrip()))
                moved.append(nodes.Text(" "))  # the space between icon and words, kept
            text.parent.insert(text.parent.index(text), moved)


class MarkUntranslatedText(SphinxTransform):
    """A sentence not yet translated is shown in English: marked ``language-en`` (docutils
    writes ``lang="en"``), so screen readers read it as English (WCAG 3.1.2)."""

    default_priority = 21  # just after Sphinx's Locale transform (20) sets ``translated``

    def apply(self, **kwargs: object) -> None:
        if self.config.language == source_language(self.config):
            return
        for meta in self.document.findall(nodes.meta):  # on a <meta>: invalid HTML
            meta.attributes.pop("translated", None)
        for node, _message in extract_messages(self.document):
            if node.get("translated") or not isinstance(node, nodes.TextElement):
                continue
            # A card title writes no tag, and the tables of contents copy a heading's words
            # without the heading: mark the words themselves.
            if isinstance(node, (PassthroughTextElement, nodes.title)):
                english = nodes.inline("", "", *node.children, classes=["language-en"])
                node.children = []
                node.append(english)
            else:
                node["classes"].append("language-en")
