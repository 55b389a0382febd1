"""The staff templates' words for codes and ids (`review/words.py` holds them)."""

from typing import Any

from django import template

from intake import workflow
from review import words
from screening import words as screening_words

register = template.Library()


@register.filter
def staff_name(user: Any) -> str:
    """`{{ user|staff_name }}`: the name, marked when the account is no longer active."""
    return words.staff_name(user)


@register.filter
def flags_met(assessment: Any) -> list[str]:
    """`{{ intake.assessment|flags_met }}`: its rule-out and review flags, in words."""
    return words.flags_met(assessment.reasons) if assessment else []


@register.filter
def status_words(code: str) -> str:
    return workflow.status_label(code)


@register.filter
def reason_words(code: str) -> str:
    return workflow.reason_label(code)


@register.filter
def score_key_words(key: str) -> str:
    return screening_words.score_key(key)


@register.filter
def band_words(label: str | None) -> str:
    return screening_words.band(label)
