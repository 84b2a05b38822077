# The two commands of the README, and a few more. Needs only Python 3.11+ to start.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app eventnet
STAMP := $(VENV)/.installed

.PHONY: install run test test-postgres lint format bench bench-http shape screenshots clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=23"
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## make run: migrate the SQLite database, load demo data, serve http://127.0.0.1:$(PORT) (PORT=5001
## make run for another port; links in emails and QR codes follow) with a mail worker.
PORT ?= 5000
run: export EVENTNET_BASE_URL ?= http://127.0.0.1:$(PORT)
run: install
	@mkdir -p instance
	@$(FLASK) db upgrade > instance/migrate.log 2>&1 || { cat instance/migrate.log; exit 1; }
	@$(FLASK) seed-demo
	@echo ""
	@echo "  eventnet is running at $(EVENTNET_BASE_URL)"
	@echo "  Log in with password demo-password as priya.shah@oakfield.example (owns the"
	@echo "  Midlands Heads Network), helen.marsh@stmarys.example (owns the private New Heads"
	@echo "  Peer Circle), tom.okafor@riverside-trust.example or admin@eventnet.example."
	@echo "  niamh.kelly@ashgrove.example has no password: choose Email me a sign-in link."
	@echo "  Emails land in instance/mail/; logs in instance/*.log. Stop with Ctrl-C."
	@echo ""
	@trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(FLASK) worker --interval 2 > instance/worker.log 2>&1 & worker=$$!; \
	$(BIN)/python wsgi.py $(PORT)

## make test: the whole suite (PostgreSQL too when EVENTNET_TEST_POSTGRES_URL is set)
test: install
	$(BIN)/pytest -n auto

test-postgres: install
	EVENTNET_TEST_POSTGRES_URL=$${EVENTNET_TEST_POSTGRES_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test} \
	$(BIN)/pytest -n auto -m "not e2e" -k postgresql

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	$(BIN)/python -m bench

## make bench-http: hot addresses under gunicorn + wrk beside a bare Flask app (issue 14).
## BENCH_DATABASE=postgresql for PostgreSQL; BENCH_SECONDS=3 BENCH_RUNS=1 for a quick run.
bench-http: install
	@command -v wrk >/dev/null || { echo "make bench-http needs wrk: apt-get install wrk"; exit 1; }
	@$(BIN)/python -c "import gunicorn" 2>/dev/null || $(BIN)/python -m pip install --quiet "gunicorn>=22.0"
	$(BIN)/python -m bench.http_load

## make shape: imports inside functions, commits in HTML views, the longest module (issue 13)
shape:
	$(PYTHON) tools/shape.py

## make screenshots: the main pages at 390 and 1366 px for visitor, attendee and organiser,
## on the demo data, in instance/screenshots/<role>/<page>-<width>.png (needs /usr/bin/chromium)
screenshots: install
	$(BIN)/python tools/screenshots.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
