"""`{{ page.body|markdown }}`: a content page's Markdown, rendered and sanitised."""

from django import template
from django.utils.safestring import SafeString

from clinic import markdown as rendering

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    return rendering.render(text)
