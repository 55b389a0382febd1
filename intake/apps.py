from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "intake"
    verbose_name = "Intake"

    def ready(self) -> None:
        from intake import emails  # noqa: F401  (registers how the intake's emails are written)
