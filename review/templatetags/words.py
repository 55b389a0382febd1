"""Filters that turn stored codes into words on staff pages and PDFs, from the one place
each meaning is kept."""

from django import template

from intake import workflow
from screening import words

register = template.Library()


@register.filter
def status_words(code: str) -> str:
    return workflow.status_label(code)


@register.filter
def reason_words(code: str) -> str:
    return workflow.reason_label(code)


@register.filter
def score_key_words(key: str) -> str:
    return words.score_key(key)


@register.filter
def band_words(label: str | None) -> str:
    return words.band(label)
