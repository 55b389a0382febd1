from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "care"
    verbose_name = "Care after approval"

    def ready(self) -> None:
        from care import emails  # noqa: F401  (registers how the care emails are written)
