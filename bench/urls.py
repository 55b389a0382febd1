"""The app's URLs, the baselines beside them, and the benchmarks' staff login."""

from django.urls import include, path

from bench import login
from bench.baseline import views as baseline
from kapclinic.urls import handler500  # noqa: F401 - the root URLconf names it

urlpatterns = [
    path("bench/baseline/small/", baseline.small, name="baseline-small"),
    path("bench/baseline/insert/", baseline.insert, name="baseline-insert"),
    path("bench/baseline/form/", baseline.form, name="baseline-form"),
    path("bench/baseline/rows/", baseline.rows, name="baseline-rows"),
    path("bench/login/", login.staff_login, name="bench-login"),
    path("", include("kapclinic.urls")),
]
