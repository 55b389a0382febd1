"""The staff templates' words for codes and ids (`review/words.py` holds them)."""

from typing import Any

from django import template

from review import words

register = template.Library()


@register.filter
def staff_name(user: Any) -> str:
    """`{{ user|staff_name }}`: the name, marked when the account is no longer active."""
    return words.staff_name(user)


@register.filter
def flags_met(assessment: Any) -> list[str]:
    """`{{ intake.assessment|flags_met }}`: its rule-out and review flags, in words."""
    return words.flags_met(assessment.reasons) if assessment else []
