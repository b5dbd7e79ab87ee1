# Latu – the two commands: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run test lint install serve demo messages bench bench-smoke clean prod-local prod-local-stop
PROD_PORT ?= 8080

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

## make run: install, migrate, load the Finnish demo data and serve on http://127.0.0.1:8000
run: install
	$(BIN)/latu migrate --no-input
	$(BIN)/latu demo
	$(BIN)/latu runserver 127.0.0.1:8000

## make test: the whole suite (SQLite; PostgreSQL when DATABASE_URL is set)
test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## make lint: ruff and the migrations check
lint: install
	$(BIN)/ruff check .
	$(BIN)/latu makemigrations --check --dry-run

## make messages: extract and compile translations (needs gettext)
messages: install
	cd latu && ../$(BIN)/latu makemessages -l fi -l sv -l en --no-obsolete --no-location -i "*/tests/*"
	# English is the source text: every msgstr is its msgid (no fuzzy guesses kept)
	msgattrib --clear-fuzzy --clear-previous --no-location latu/locale/en/LC_MESSAGES/django.po \
	  | msgfilter --keep-header --no-location sed -e d \
	  | msgen --no-location -o latu/locale/en/LC_MESSAGES/django.po -
	cd latu && ../$(BIN)/latu compilemessages

bench: install
	$(BIN)/python bench/run_all.py

bench-smoke: install
	$(BIN)/python bench/run_all.py --smoke

clean:
	rm -rf $(VENV) latu.sqlite3 staticfiles

## make prod-local: the production set-up on loopback (docs/deploy.md): nginx on :8080 in front of
## two uvicorn app servers (:8081, :8082), one task worker, PostgreSQL (DATABASE_URL, default the
## latu_prod database) and Redis (REDIS_URL). Ctrl-C or `make prod-local-stop` stops it.
prod-local: install
	$(BIN)/python deploy/prod_local.py start --port $(PROD_PORT) --demo $(PROD_ARGS)

prod-local-stop:
	$(BIN)/python deploy/prod_local.py stop --port $(PROD_PORT)
