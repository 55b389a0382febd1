"""The clinic's pages are written in Markdown by its admins and shown to anxious people:
rendered by CommonMark rules with raw HTML refused, then cleaned to a short list of tags,
with links only to our own pages, https, tel:, sms: and mailto: (the crisis lines' kinds)."""

from functools import cache

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "h4", "blockquote",
        "hr", "code"}
URL_SCHEMES = {"https", "tel", "sms", "mailto"}


@cache
def _parser() -> MarkdownIt:
    # "html": False turns any HTML typed in the text into plain text.
    return MarkdownIt("commonmark", {"html": False, "breaks": True, "linkify": False})


def render(text: str) -> SafeString:
    """Markdown to the HTML a page may hold."""
    html = _parser().render(text or "")
    cleaned = nh3.clean(html, tags=TAGS, attributes={"a": {"href"}},
                        url_schemes=URL_SCHEMES, link_rel="noopener noreferrer")
    # nh3 has just cleaned it: the one string marked safe on the way from admin to page.
    return mark_safe(cleaned)  # noqa: S308  # nosec B308 B703
