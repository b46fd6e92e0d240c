"""What a translation replaces, and what it leaves: icons stay, English left over says so.

- An icon that starts a card title (``{octicon}`law` Comparative legal analysis``) is not a
  word: Sphinx's translation replaces the whole title with the translated text, and the icon
  was lost on the French home page. The icon is moved just before the title's text, where
  the translation does not reach; the English page's HTML is unchanged.
- A sentence with no translation yet is shown in English on a page in another language.
  It is marked ``language-en``, which docutils writes as ``lang="en"``, so that screen
  readers read it as English (WCAG 3.1.2).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util.nodes import extract_messages
from sphinx_design.icons import sd_icon
from sphinx_design.shared import PassthroughTextElement

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class KeepIconsOutOfMessages(SphinxTransform):
    """Move the icon that starts a card title out of the title's translatable text."""

    default_priority = 15  # before Sphinx's Locale transform (20), which replaces the text

    def apply(self, **kwargs: object) -> None:
        for icon in list(self.document.findall(sd_icon)):
            text = icon.parent
            # Only where moving changes no HTML: the title's text element writes no tag.
            if not isinstance(text, PassthroughTextElement) or text.index(icon) != 0:
                continue
            moved: list[nodes.Node] = [icon]
            text.remove(icon)
            first = text.children[0] if text.children else None
            if isinstance(first, nodes.Text) and first[:1].isspace():
                text.replace(first, nodes.Text(first.lstrip()))
                moved.append(nodes.Text(" "))  # the space between icon and words, kept
            holder = text.parent
            at = holder.index(text)
            holder[at:at] = moved


class MarkUntranslatedText(SphinxTransform):
    """Mark the page's sentences still shown in English as English."""

    default_priority = 21  # just after Sphinx's Locale transform (20) sets ``translated``

    def apply(self, **kwargs: object) -> None:
        if self.config.language == self.config.icjc_default_language:
            return
        for node, _message in extract_messages(self.document):
            if node.get("translated") or not isinstance(node, nodes.TextElement):
                continue
            if isinstance(node, PassthroughTextElement):  # writes no tag: mark its words
                english = nodes.inline("", "", *node.children, classes=["language-en"])
                node.children = []
                node.append(english)
            else:
                node["classes"].append("language-en")


def setup_messages(app: Sphinx) -> None:
    app.add_transform(KeepIconsOutOfMessages)
    app.add_transform(MarkUntranslatedText)
