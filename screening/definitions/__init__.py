"""Every questionnaire the intake asks, by code and version."""

from screening.schema import Questionnaire

from .candidacy import CANDIDACY

_ALL: tuple[Questionnaire, ...] = (CANDIDACY,)

REGISTRY: dict[tuple[str, str], Questionnaire] = {(q.code, q.version): q for q in _ALL}
CURRENT: dict[str, Questionnaire] = {q.code: q for q in _ALL}


def get(code: str, version: str | None = None) -> Questionnaire:
    """The definition a response was given under (the current one when no version is named)."""
    if version is None:
        return CURRENT[code]
    return REGISTRY[(code, version)]
