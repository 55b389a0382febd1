import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from clinic.selectors import clinic_profile
from screening import battery
from screening.candidacy import ClinicThresholds, ResponseData, assess_intake
from screening.fhir import FhirInputError, read_response
from screening.scoring import ScoringError


def _bad_input(message: str) -> CommandError:
    return CommandError(message, returncode=2)


def _check_questionnaires_apply(given: dict[str, ResponseData]) -> None:
    """A questionnaire sent where the Bundle's own answers leave it out (a PCL-5 after "no"
    to the PC-PTSD-5's trauma question) cannot be used: refused, naming the answer. One
    sent without the answer it depends on (a PCL-5 alone) is scored on its own."""
    answers = {code: r.answers for code, r in given.items()}
    for code, response in given.items():
        source = battery.DEPENDS_ON.get(code)
        if (source in given and response.answers and not response.declined
                and not battery.is_asked(code, answers)):
            raise _bad_input(f"{code} is answered, but the {source} answers say it does not "
                             "apply (see its first question). The Bundle is inconsistent.")


def _responses(data: object) -> list[dict[str, Any]]:
    if not isinstance(data, dict):
        raise _bad_input("Expected a FHIR resource (a JSON object).")
    if data.get("resourceType") == "QuestionnaireResponse":
        return [data]
    if data.get("resourceType") == "Bundle":
        found = [
            entry["resource"] for entry in data.get("entry") or []
            if isinstance(entry, dict) and isinstance(entry.get("resource"), dict)
            and entry["resource"].get("resourceType") == "QuestionnaireResponse"
        ]
        if not found:
            raise _bad_input("The Bundle holds no QuestionnaireResponse.")
        return found
    raise _bad_input(f"Expected a QuestionnaireResponse or a Bundle, not "
                     f"{data.get('resourceType')!r}.")


class Command(BaseCommand):
    help = ("Score a FHIR QuestionnaireResponse, or a Bundle of them, that answers our "
            "questionnaires; print JSON. With every questionnaire the candidacy rules need, "
            "the tier and reasons too (thresholds from the clinic settings). Writes nothing.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            data = json.loads(options["file"].read_text())
        except OSError as error:
            raise _bad_input(f"Cannot read {options['file']}: {error.strerror}.") from error
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            raise _bad_input(f"{options['file']} is not JSON: {error}.") from error

        thresholds = ClinicThresholds.from_profile(clinic_profile())
        given: dict[str, ResponseData] = {}
        try:
            for resource in _responses(data):
                questionnaire, answers = read_response(resource)
                if questionnaire.code in given:
                    raise _bad_input(f"{questionnaire.code} is answered twice.")
                declined = resource.get("status") == "stopped" and not answers
                given[questionnaire.code] = ResponseData(questionnaire.version, answers,
                                                         declined)
            _check_questionnaires_apply(given)
            assessment = assess_intake(given, thresholds)
        except (FhirInputError, ScoringError) as error:
            raise _bad_input(str(error)) from error

        answers = {code: r.answers for code, r in given.items()}
        missing = [code for code in battery.ASSESSED_CODES
                   if code not in given and battery.is_asked(code, answers)]
        output: dict[str, Any] = {"responses": [
            {
                "questionnaire": code, "version": given[code].version,
                **{key: result.as_dict()[key] for key in
                   ("total", "subscales", "band", "positive", "flags", "missing",
                    "criteria", "cutoff")},
            }
            for code, result in assessment.scores.items()
        ]}
        record = assessment.as_dict()
        # Whatever else the Bundle lacks, its safety reading is given: a missing or refused
        # safety answer is itself urgent.
        output["safety"] = {"urgent": assessment.urgent, "acute": assessment.acute,
                            "reasons": [r for r in record["reasons"] if r["kind"] == "safety"]}
        if missing:
            output["assessment"] = None
            output["missing_for_assessment"] = missing
        else:
            output["assessment"] = {key: record[key] for key in (
                "tier", "base_tier", "urgent", "acute", "reasons", "rules_version",
                "thresholds")}
        self.stdout.write(json.dumps(output, indent=2, ensure_ascii=False))

