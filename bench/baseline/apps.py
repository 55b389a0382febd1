from django.apps import AppConfig


class BaselineConfig(AppConfig):
    """Bare Django views the benchmarks compare the app's pages with (bench/README.md).
    Installed by bench/settings.py only: the app itself never serves them."""

    name = "bench.baseline"
    label = "baseline"
    default_auto_field = "django.db.models.BigAutoField"
