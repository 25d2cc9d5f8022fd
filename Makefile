# Kyphoplasty FAQ assistant. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON_VERSION := $(shell cat .python-version)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
RASA := RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2 $(BIN)/rasa
MODEL := models/kyphobot.tar.gz
SPACY_MODEL := models/spacy/en_kyphoplasty
STAMP := $(VENV)/.installed
TRAIN_INPUTS := config.yml $(wildcard domain/*.yml) $(shell find data -name '*.yml') \
	$(wildcard kyphobot/components/*.py) $(wildcard kyphobot/nlp/*.py)
export RASA_TELEMETRY_ENABLED := false

.PHONY: help install system-deps services spacy train run run-prod shell screenshots staff-user validate lint typecheck test test-unit \
	test-server test-stories evaluate benchmark clean

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

SYSTEM_STAMP := var/.system-packages

# Debian packages the tests need: headless Chromium for the browser tests and
# docker-compose to validate docker-compose.yml (no Docker engine runs here).
$(SYSTEM_STAMP):
	@mkdir -p var
	@if ! command -v chromium >/dev/null 2>&1 || ! command -v docker-compose >/dev/null 2>&1; then \
		echo "Installing Debian's chromium (browser tests) and docker-compose (checks docker-compose.yml)..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium docker-compose >/dev/null; \
	fi
	@touch $@

system-deps: $(SYSTEM_STAMP) ## Install the Debian packages the tests need (chromium, docker-compose)

services: ## Start the local PostgreSQL and Redis if they are not running
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 || redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log

$(STAMP): requirements.txt requirements-dev.txt constraints.txt pyproject.toml
	@command -v pyenv >/dev/null && pyenv install --skip-existing $(PYTHON_VERSION) || true
	@test -x $(PY) || $$(command -v pyenv >/dev/null && pyenv root >/dev/null 2>&1 && \
		echo "$$(pyenv root)/versions/$(PYTHON_VERSION)/bin/python" || echo python3.10) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip<25"
	$(PY) -m pip install --quiet -r requirements.txt -r requirements-dev.txt -c constraints.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

NODE_STAMP := node_modules/.package-lock.json

# axe-core (accessibility scan in the browser tests), from the npm registry.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --silent

install: $(STAMP) $(NODE_STAMP) ## Create .venv and install the pinned dependencies

$(SPACY_MODEL)/meta.json: $(STAMP) kyphobot/nlp/lexicon.py kyphobot/nlp/pipeline.py
	$(PY) -m kyphobot.nlp.pipeline $(SPACY_MODEL)

spacy: $(SPACY_MODEL)/meta.json ## Build the project's spaCy pipeline (no download)

$(MODEL): $(SPACY_MODEL)/meta.json $(TRAIN_INPUTS)
	@mkdir -p models var
	@echo "Training the assistant (about 4 minutes; log in var/train.log)..."
	@$(RASA) train --domain domain --config config.yml --data data --out models \
		--fixed-model-name kyphobot > var/train.log 2>&1 || (tail -40 var/train.log; exit 1)
	@echo "Model saved to $(MODEL)"

train: $(MODEL) ## Train the model if it is missing or older than its inputs

run: $(MODEL) ## Install, train if needed, and start the whole assistant (SQLite)
	@$(PY) -m kyphobot.launcher --profile embedded --model $(MODEL)

run-prod: $(MODEL) ## Production profile: PostgreSQL, Redis lock store, 2 Rasa replicas
	@$(PY) -m kyphobot.launcher --profile production --model $(MODEL)

shell: $(MODEL) ## Talk to the assistant in the terminal
	@$(PY) -m kyphobot.shell --model $(MODEL)

validate: $(STAMP) ## Check the training data and domain (warnings fail)
	@$(PY) -m kyphobot.validate_data

lint: $(STAMP) ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP) ## mypy on our packages
	$(BIN)/mypy actions kyphobot

test-unit: $(SPACY_MODEL)/meta.json ## Fast tests that need no trained model
	$(BIN)/pytest -m "not server" -q

test-server: $(MODEL) ## Tests against the real Rasa and action servers
	$(BIN)/pytest -m server -q

test-stories: $(MODEL) ## Rasa's end-to-end test stories
	$(RASA) test core --stories tests/test_stories.yml --model $(MODEL) \
		--endpoints endpoints.yml --out var/results --fail-on-prediction-errors \
		> var/test-stories.log 2>&1 || (tail -60 var/test-stories.log; exit 1)
	@grep -E "Correct|Accuracy" var/test-stories.log | sed "s/.*INFO *//"

test: lint typecheck validate $(MODEL) $(NODE_STAMP) system-deps services ## Everything: lint, types, data, all tests
	$(BIN)/pytest -q
	@$(MAKE) --no-print-directory test-stories

evaluate: $(MODEL) ## Compare pipelines on the held-out NLU sets (blind test set, dev set)
	$(PY) -m benchmarks.evaluate

benchmark: $(MODEL) services ## Training time, model size, start-up, memory, latency under load
	$(PY) -m benchmarks.deployments

screenshots: $(MODEL) $(NODE_STAMP) system-deps ## Refresh docs/screenshots/ (web chat and console)
	$(PY) -m tests.webchat.screenshots
	$(PY) -m tests.console.screenshots

staff-user: $(STAMP) ## Create a console account: make staff-user NAME=kim ROLE=reviewer|admin
	@test -n "$(NAME)" -a -n "$(ROLE)" || { echo "usage: make staff-user NAME=kim ROLE=reviewer|admin"; exit 1; }
	@$(PY) -m kyphobot.console.cli create-user --username "$(NAME)" --role "$(ROLE)"

clean: ## Remove trained models, results and local databases
	rm -rf models var results .pytest_cache .mypy_cache .ruff_cache
