import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from screening import definitions
from screening.fhir import questionnaire_resource, resource_id


class Command(BaseCommand):
    help = "Write every questionnaire definition, every version, as FHIR R4 Questionnaire JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        directory: Path = options["directory"]
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CommandError(f"Cannot write to {directory}: {error}") from error
        for questionnaire in definitions.REGISTRY.values():
            path = directory / f"{resource_id(questionnaire)}.json"
            resource = questionnaire_resource(questionnaire)
            path.write_text(json.dumps(resource, indent=2, ensure_ascii=False) + "\n")
            self.stdout.write(str(path))
