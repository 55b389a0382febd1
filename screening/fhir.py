"""FHIR R4 in and out: definitions as Questionnaire, answers as QuestionnaireResponse.

Plain dicts, ready for json.dumps; tests validate them with the fhir.resources package.
Reading goes the other way for `manage.py score`: a QuestionnaireResponse that refers to
one of our canonical URLs becomes {link_id: answer}, checked against the definition.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import override

from screening import definitions
from screening.schema import CANONICAL_BASE, LOINC, AnswerType, Item, Option, Questionnaire

ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
_LOINC_CODE = re.compile(r"^\d{1,7}-\d$")
_FHIR_TYPES = {
    AnswerType.CHOICE: "choice",
    AnswerType.INTEGER: "integer",
    AnswerType.DECIMAL: "decimal",
    AnswerType.STRING: "string",
    AnswerType.TEXT: "text",
}


class FhirInputError(ValueError):
    """Input that is not a response we can read; the message names the item at fault."""


def answer_system(questionnaire: Questionnaire, option: Option) -> str:
    """The code system of an option: LOINC where it has a LOINC code, else our own."""
    return option.system or f"{CANONICAL_BASE.replace('Questionnaire', 'CodeSystem')}/" \
        f"{questionnaire.code}"


def _coding(questionnaire: Questionnaire, option: Option) -> dict[str, str]:
    return {"system": answer_system(questionnaire, option), "code": option.code,
            "display": str(option.display)}


def _item(questionnaire: Questionnaire, item: Item) -> dict[str, Any]:
    result: dict[str, Any] = {
        "linkId": item.link_id,
        "text": str(item.text),
        "type": _FHIR_TYPES[item.answer_type],
        "required": item.required,
    }
    if questionnaire.validated and _LOINC_CODE.match(item.link_id):
        result["code"] = [{"system": LOINC, "code": item.link_id}]
    if item.options:
        options = []
        for option in item.options:
            entry: dict[str, Any] = {"valueCoding": _coding(questionnaire, option)}
            if option.score is not None:
                entry["extension"] = [{"url": ORDINAL_VALUE, "valueDecimal": option.score}]
            options.append(entry)
        result["answerOption"] = options
    if item.enable_when:
        result["enableWhen"] = [
            {
                "question": cond.question,
                "operator": "=",
                "answerCoding": _coding(
                    questionnaire, questionnaire.item(cond.question).option(cond.answer)
                ),
            }
            for cond in item.enable_when
        ]
        if len(item.enable_when) > 1:
            result["enableBehavior"] = str(item.enable_behavior)
    if item.help_text:
        result["item"] = [{"linkId": f"{item.link_id}.help", "type": "display",
                           "text": str(item.help_text)}]
    return result


def resource_id(questionnaire: Questionnaire) -> str:
    return f"{questionnaire.code}-v{questionnaire.version}"


def canonical(questionnaire: Questionnaire) -> str:
    return f"{questionnaire.url}|{questionnaire.version}"


def questionnaire_resource(questionnaire: Questionnaire) -> dict[str, Any]:
    """A definition as an R4 Questionnaire (English: the validated wording's language)."""
    with override("en"):
        resource: dict[str, Any] = {
            "resourceType": "Questionnaire",
            "id": resource_id(questionnaire),
            "url": questionnaire.url,
            "version": questionnaire.version,
            "name": re.sub(r"[^A-Za-z0-9]", "", questionnaire.code.title()),
            "title": str(questionnaire.title),
            "status": "active",
            "purpose": f"Source: {questionnaire.source}",
            "copyright": questionnaire.licence,
            "item": [_item(questionnaire, item) for item in questionnaire.items],
        }
        if questionnaire.description:
            resource["description"] = str(questionnaire.description)
        if questionnaire.loinc:
            resource["code"] = [{"system": LOINC, "code": questionnaire.loinc}]
    return resource


def _answer(questionnaire: Questionnaire, item: Item, value: object) -> dict[str, Any]:
    if item.answer_type is AnswerType.CHOICE:
        return {"valueCoding": _coding(questionnaire, item.option(str(value)))}
    if item.answer_type is AnswerType.INTEGER:
        return {"valueInteger": int(value)}
    if item.answer_type is AnswerType.DECIMAL:
        return {"valueDecimal": float(Decimal(str(value)))}
    return {"valueString": str(value)}


def response_resource(
    questionnaire: Questionnaire, answers: Mapping[str, object], *, resource_id: str,
    subject: str, authored: str, declined: bool = False,
) -> dict[str, Any]:
    """Answers as an R4 QuestionnaireResponse. Items not asked are left out; a section the
    client skipped is "stopped" with no answers."""
    with override("en"):
        items = [
            {"linkId": item.link_id, "text": str(item.text),
             "answer": [_answer(questionnaire, item, answers[item.link_id])]}
            for item in questionnaire.items
            if answers.get(item.link_id) not in (None, "")
        ]
    resource: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "id": resource_id,
        "questionnaire": canonical(questionnaire),
        "status": "stopped" if declined else "completed",
        "subject": {"reference": subject},
        "authored": authored,
    }
    if items:
        resource["item"] = items
    return resource


OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
DATA_ABSENT_REASON = "http://terminology.hl7.org/CodeSystem/data-absent-reason"


def total_loinc(questionnaire: Questionnaire) -> str | None:
    """The LOINC code of the instrument's total, only where the definition says it was
    confirmed: a chart files an Observation by its code, so a wrong one misfiles it."""
    return questionnaire.loinc_total if questionnaire.loinc_total_confirmed else None


def score_observation(
    questionnaire: Questionnaire, score: Mapping[str, Any], *, resource_id: str,
    subject: str, effective: str, derived_from: str,
) -> dict[str, Any] | None:
    """A score's total as an R4 survey Observation coded by the instrument's LOINC total,
    derived from its QuestionnaireResponse; None for an instrument without a confirmed code.
    A total the missing-item rule leaves unscored is sent as absent, never as 0."""
    code = total_loinc(questionnaire)
    if code is None:
        return None
    with override("en"):
        title = str(questionnaire.title)
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "id": resource_id,
        "status": "final",
        "category": [{"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey",
                                  "display": "Survey"}]}],
        "code": {"coding": [{"system": LOINC, "code": code}], "text": f"{title}: total score"},
        "subject": {"reference": subject},
        "effectiveDateTime": effective,
        "derivedFrom": [{"reference": derived_from}],
    }
    if score.get("total") is None:
        resource["dataAbsentReason"] = {
            "coding": [{"system": DATA_ABSENT_REASON, "code": "unknown", "display": "Unknown"}],
            "text": "Not scored: answers are missing that could change the total.",
        }
    else:
        resource["valueInteger"] = int(score["total"])
    if score.get("band"):
        resource["interpretation"] = [{"text": str(score["band"])}]
    return resource


# --- Reading ---------------------------------------------------------------------------

def definition_for(reference: object) -> Questionnaire:
    """The definition a `questionnaire` canonical reference (url, or url|version) names."""
    if not isinstance(reference, str) or not reference:
        raise FhirInputError("The response does not say which questionnaire it answers.")
    url, _, version = reference.partition("|")
    for questionnaire in definitions.REGISTRY.values():
        if questionnaire.url == url and (not version or questionnaire.version == version):
            return definitions.get(questionnaire.code, version or None)
    raise FhirInputError(f"Unknown questionnaire {reference!r}.")


def _flat_items(items: object) -> Iterator[dict[str, Any]]:
    if not isinstance(items, list):
        return
    for item in items:
        if isinstance(item, dict):
            yield item
            yield from _flat_items(item.get("item"))
            for answer in item.get("answer") or []:
                if isinstance(answer, dict):
                    yield from _flat_items(answer.get("item"))


def _read_value(questionnaire: Questionnaire, item: Item, answer: Mapping[str, Any]) -> object:
    where = f"{questionnaire.code}, item {item.link_id}"
    if item.answer_type is AnswerType.CHOICE:
        coding = answer.get("valueCoding")
        if not isinstance(coding, dict):
            raise FhirInputError(f"{where}: expected valueCoding.")
        option = item.option(str(coding.get("code")))
        if option is None or coding.get("system", answer_system(questionnaire, option)) \
                != answer_system(questionnaire, option):
            raise FhirInputError(
                f"{where}: {coding.get('system')}|{coding.get('code')} is not one of its "
                "answer options."
            )
        return option.code
    if item.answer_type is AnswerType.INTEGER:
        value = answer.get("valueInteger")
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise FhirInputError(f"{where}: expected a whole number (valueInteger) of 0 or more.")
        return value
    if item.answer_type is AnswerType.DECIMAL:
        value = answer.get("valueDecimal", answer.get("valueInteger"))
        try:
            if isinstance(value, bool):
                raise InvalidOperation
            return str(Decimal(str(value)))
        except (InvalidOperation, ValueError):
            raise FhirInputError(f"{where}: expected a number (valueDecimal).") from None
    value = answer.get("valueString")
    if not isinstance(value, str):
        raise FhirInputError(f"{where}: expected text (valueString).")
    return value


def read_response(resource: Mapping[str, Any]) -> tuple[Questionnaire, dict[str, object]]:
    """A QuestionnaireResponse's definition and answers, every answer checked."""
    if resource.get("resourceType") != "QuestionnaireResponse":
        raise FhirInputError(
            f"Expected a QuestionnaireResponse, not {resource.get('resourceType')!r}."
        )
    questionnaire = definition_for(resource.get("questionnaire"))
    answers: dict[str, object] = {}
    for entry in _flat_items(resource.get("item")):
        link_id = entry.get("linkId")
        given = entry.get("answer") or []
        if not given:
            continue
        try:
            item = questionnaire.item(str(link_id))
        except KeyError:
            raise FhirInputError(f"{questionnaire.code}: no item {link_id!r}.") from None
        if len(given) > 1 or not isinstance(given[0], dict):
            raise FhirInputError(f"{questionnaire.code}, item {link_id}: expected one answer.")
        answers[item.link_id] = _read_value(questionnaire, item, given[0])
    _check_branching(questionnaire, answers)
    return questionnaire, answers


def _check_branching(questionnaire: Questionnaire, answers: Mapping[str, object]) -> None:
    """An answer to an item its own answers pass by (AUDIT-C questions 2 and 3 after "Never"
    to question 1) is inconsistent: refused, never scored or dropped."""
    for item in questionnaire.items:
        if (item.link_id in answers and not item.keep_if_answered
                and not questionnaire.is_enabled(item, answers)):
            asked_after = ", ".join(sorted({c.question for c in item.enable_when}))
            raise FhirInputError(
                f"{questionnaire.code}, item {item.link_id}: answered, but the answer to "
                f"{asked_after} means it is not asked. The response is inconsistent.")
