# Two commands do everything on a fresh clone: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# Development defaults; production sets its own environment (README, Configuration).
DEV_ENV := DEBUG=$${DEBUG:-true}
# `make run PORT=8123`: links in emails follow the port unless SITE_URL is set.
PORT ?= 8000
RUN_ENV := $(DEV_ENV) SITE_URL=$${SITE_URL:-http://localhost:$(PORT)}

.PHONY: install messages run test bench loadtest lint migrate demo stop-db clean

# Python keeps compiled modules (__pycache__/, git-ignored) even where the environment says
# not to: without them every process compiles the project again, and pytest rewrites every
# test module's asserts again, about 4 s of CPU for each test process and more for each
# server or worker process a test starts.
unexport PYTHONDONTWRITEBYTECODE

$(STAMP): requirements.txt requirements-dev.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

# Compiled translations are built here, not committed (needs GNU gettext's msgfmt).
messages: install
	$(DEV_ENV) $(BIN)/python manage.py compilemessages --ignore=.venv --ignore=var -v 0

# The schema is changed by the tables' owner, which then sets what the app's own role may
# do (README, Database roles); everything else connects as that role.
OWNER_ENV := $(DEV_ENV) DATABASE_ROLE=owner

migrate: messages
	$(OWNER_ENV) $(BIN)/python manage.py migrate --noinput
	$(OWNER_ENV) $(BIN)/python manage.py db_roles --create

demo: migrate
	$(DEV_ENV) $(BIN)/python manage.py load_demo

# The web server and a queue worker (emails, reminders, every background job) side by
# side; Ctrl-C, or either one stopping, stops both.
run: demo
	@trap 'for p in $$(jobs -p); do pkill -P $$p; kill $$p; done 2>/dev/null' EXIT; \
	$(RUN_ENV) $(BIN)/python manage.py queue_worker & \
	$(RUN_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT) & \
	wait -n

# ruff, then bandit on our code: any finding of medium severity or higher fails, unless a
# `# nosec BXXX` with a written reason stands next to it.
BANDIT_PATHS := accounts audit clinic intake kapclinic outbox review screening throttle gunicorn.conf.py
lint: install
	$(BIN)/ruff check .
	$(BIN)/bandit --quiet --recursive $(BANDIT_PATHS) --severity-level medium --exclude '*/migrations/*' 

# The suite makes its own database, so it connects as the owner; the tests of the app's
# role (tests/audit/test_records.py) take that role's place to check what it is refused.
# It runs in TEST_PROCESSES processes (pytest-xdist), each on a test database of its own:
# the tests mostly wait (for PostgreSQL, the browser, worker processes), so more than the
# machine's cores. Tests are handed out one at a time (--maxschedchunk=1), so the slow
# browser and fault tests, which pytest-django runs last, are shared out too. The test
# databases are made afresh, one from the migrations and the others copied from it
# (pytest run by hand reuses them: README, Tests).
TEST_PROCESSES ?= 3
test: lint messages
	$(OWNER_ENV) $(BIN)/pytest -n $(TEST_PROCESSES) --maxschedchunk=1 --create-db

# Measurements (bench/README.md): figures to read, never pass/fail on speed. The app and
# bare Django views side by side on one gunicorn, over 10,000 then 100,000 seeded intakes
# (BENCH_SIZES, BENCH_SECONDS, BENCH_ROUNDS to change), loopback only; the table goes to
# bench/RESULTS.md.
BENCH_SIZES ?= 10000,100000
BENCH_SECONDS ?= 3
BENCH_ROUNDS ?= 3
bench: messages
	$(OWNER_ENV) $(BIN)/pytest bench -o python_files='bench_*.py' -p no:cacheprovider -q --create-db
	$(BIN)/python -m bench.run --sizes $(BENCH_SIZES) --seconds $(BENCH_SECONDS) --rounds $(BENCH_ROUNDS)

# Reliability (bench/README.md): 50 clients send 500 applications at once to two gunicorn
# instances and two queue workers on one database, calm, then with a gunicorn worker
# killed, PostgreSQL restarted and the mail server down. Fails if an application or an
# email is lost or doubled, or a client meets an error page that is not the app's own.
# Always on the embedded server (it stops and starts it). About half an hour here.
LOADTEST_CLIENTS ?= 50
LOADTEST_INTAKES ?= 500
LOADTEST_RUNS ?= calm,worker,postgres,mail
loadtest: messages
	$(BIN)/python -m bench.loadtest --clients $(LOADTEST_CLIENTS) --intakes $(LOADTEST_INTAKES) --runs $(LOADTEST_RUNS)

# Stop the embedded PostgreSQL server (it keeps running between commands).
stop-db: install
	$(BIN)/python -m kapclinic.embedded_postgres.server var/postgres

clean: stop-db
	rm -rf var staticfiles
