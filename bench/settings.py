"""Settings for the benchmarks and the load test: the app's own settings, as production
runs them (DEBUG off), plus

- the baseline views (bench/baseline), served by the same server for the comparison;
- a count of each response's SQL queries, in an `X-Queries` header;
- a login that satisfies both steps at once, so a scenario can work as real staff.

That login exists only here: the app's own URLs (kapclinic/urls.py) never include it, and
these settings refuse to load unless the server answers on the loopback address alone.
bench/run.py sets the environment this reads (SECRET_KEY, ALLOWED_HOSTS and the rest).
"""

import os

from django.core.exceptions import ImproperlyConfigured

from kapclinic.settings import *  # noqa: F403
from kapclinic.settings import ALLOWED_HOSTS, DATABASES, INSTALLED_APPS, MIDDLEWARE, STORAGES

if set(ALLOWED_HOSTS) - {"127.0.0.1", "localhost", "[::1]"}:
    raise ImproperlyConfigured(
        "bench.settings serve a login without its second step: loopback hosts only.")

INSTALLED_APPS = [*INSTALLED_APPS, "bench.baseline"]
ROOT_URLCONF = "bench.urls"
MIDDLEWARE = ["bench.middleware.query_count", *MIDDLEWARE]

# The benchmarks' own database on the same server, so seeding 100,000 intakes never
# touches the development data.
if "EMBEDDED_DATA_DIR" in DATABASES["default"]:
    DATABASES["default"]["NAME"] = os.environ.get("BENCH_DATABASE_NAME", "kapclinic_bench")

# Served over plain HTTP on loopback: passkeys, which need HTTPS, are not benchmarked.
SILENCED_SYSTEM_CHECKS = ["otp_webauthn.E031"]

# The load test's smoke in `make test` renders pages without collected static files (it
# never fetches them, and collecting them takes most of a minute here).
if os.environ.get("BENCH_STATIC_UNCOLLECTED") == "true":
    STORAGES = {**STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
