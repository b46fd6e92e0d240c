"""The site in several languages: English is the source, and ``-D language=fr`` (what Read
the Docs passes to its French project) builds French from ``locale/fr/LC_MESSAGES``. Words
outside the pages (the site description, the 404 page, sharing previews) are set in
``config-inited``, as conf.py runs before ``-D language=fr`` is applied. A translation
replaces the words of a page, and only them: icons stay, English left over says so."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from docutils import nodes
from markupsafe import escape
from sphinx.transforms import SphinxTransform
from sphinx.util.nodes import extract_messages
from sphinx_design.icons import sd_icon
from sphinx_design.shared import PassthroughTextElement

from .catalog import _, check_and_load
from .codes import site_languages, source_language
from .links import add_language_links, set_sitemap_addresses

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

SITE_DESCRIPTION = _(
    "The International Criminal Justice Consortium (ICJC) is an independent, nonpartisan "
    "alliance of international organisations supporting the International Criminal Court "
    "and international criminal justice at the national level."
)
NOT_FOUND = _(
    "This page does not exist, or has moved. "
    "Go to the {home}, or choose a page in the site navigation."
)


def choose_language_values(app: Sphinx, config: Config) -> None:
    """Settings that depend on the build's language, which conf.py cannot see."""
    check_and_load(app, config)  # first: the words below come from the catalog
    languages, language = site_languages(config), config.language
    local = not config.html_baseurl and language != source_language(config)
    if local and "notfound_urls_prefix" in config:
        # Locally, `make html-all` puts this language's pages in a folder named after it.
        config.notfound_urls_prefix = f"/{language}/"
    set_sitemap_addresses(config)
    config.html_context = {**config.html_context, "site_description": str(SITE_DESCRIPTION)}
    if "notfound_context" in config:  # sphinx-notfound-page is in use
        prefix, title = config.notfound_urls_prefix or "/", str(_("Page not found"))
        label = escape(_("home page"))  # outside the f-string, where extraction finds it
        home = f'<a href="{escape(f"{prefix}{config.root_doc}.html")}">{label}</a>'
        sentence = str(escape(NOT_FOUND)).format(home=home)
        body = f"<h1>{escape(title)}</h1><p>{sentence}</p>"
        config.notfound_context = {**config.notfound_context, "title": title, "body": body}
    if "ogp_custom_meta_tags" in config:  # sphinxext-opengraph is in use
        tags = [f'<meta property="og:locale" content="{languages[language].locale}" />']
        others = [other.locale for code, other in languages.items() if code != language]
        tags += [f'<meta property="og:locale:alternate" content="{locale}" />' for locale in others]
        config.ogp_custom_meta_tags = (*config.ogp_custom_meta_tags, *tags)


def share_the_page_description(
    app: Sphinx,
    pagename: str,
    templatename: str,
    context: dict[str, Any],
    doctree: nodes.document | None,
) -> None:
    """A sharing preview shows the page's own description, not its first words run
    together ("International Criminal Justice Consortium(ICJC): The ICJC is...")."""
    for meta in doctree.findall(nodes.meta) if doctree else ():
        if meta.get("name") == "description" and meta.get("content"):
            context["meta"] = {**(context.get("meta") or {}), "og:description": meta["content"]}
            return


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


def setup(app: Sphinx) -> None:
    app.add_config_value("icjc_languages", ["en_GB"], "html", types=frozenset({list}))
    app.connect("config-inited", choose_language_values)
    app.connect("html-page-context", add_language_links)
    # Before sphinxext-opengraph's handler (priority 500), which writes the og: tags.
    app.connect("html-page-context", share_the_page_description, priority=400)
    app.add_transform(KeepIconsOutOfMessages)
    app.add_transform(MarkUntranslatedText)
