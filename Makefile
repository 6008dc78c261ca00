# Two commands do all the set-up: `make demo` and `make test` each create .venv themselves.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CREDSCAN := $(BIN)/credscan

.PHONY: demo test eval eval-real corpora fuzz bench lint samples clean

# The extras `make test` installs: every optional part of credscan is tested (add yours here).
EXTRAS := dev web ocr dask
comma := ,
empty :=
space := $(empty) $(empty)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[$(subst $(space),$(comma),$(strip $(EXTRAS)))]'
	touch $(STAMP)

# A short tour on the bundled samples: a hiring manager, a candidate, a sourcer.
demo: $(STAMP)
	@echo "== credscan demands samples/postings/globex-data-scientist.txt"
	@$(CREDSCAN) demands samples/postings/globex-data-scientist.txt --format table
	@echo
	@echo "== credscan audit samples/resumes/priya-raman-two-column.pdf --against samples/postings/acme-ml-engineer.html"
	@$(CREDSCAN) audit samples/resumes/priya-raman-two-column.pdf --against samples/postings/acme-ml-engineer.html --format table
	@echo
	@echo "== credscan rank samples/postings/initech-platform.md samples/resumes"
	@$(CREDSCAN) rank samples/postings/initech-platform.md samples/resumes --format table --quiet
	@echo
	@echo "== credscan scan samples/resumes samples/broken  (broken files are reported, exit code 2)"
	@$(CREDSCAN) scan samples/resumes samples/broken --format table --quiet || test $$? -eq 2

test: $(STAMP)
	$(BIN)/pytest

eval: $(STAMP)
	$(BIN)/python -m tests.eval.run_eval

# real, labelled text we did not write: ../shared/real-dev (skips with a note when absent)
eval-real: $(STAMP)
	$(BIN)/python -m tests.eval.run_real

# kind accuracy and every credential reported over ../shared/corpora (thousands of real texts)
corpora: $(STAMP)
	$(BIN)/python bench/corpora.py

fuzz: $(STAMP)
	CREDSCAN_FUZZ_CASES=5000 $(BIN)/pytest tests/batch/test_fuzz.py

bench: $(STAMP)
	$(BIN)/python bench/web.py
	$(BIN)/python bench/read_speed.py
	$(BIN)/python bench/detect_speed.py
	$(BIN)/python bench/detect_scaling.py
	$(BIN)/python bench/batch.py

lint: $(STAMP)
	$(BIN)/ruff check .

samples: $(STAMP)
	$(BIN)/python samples/make_samples.py

clean:
	rm -rf $(VENV) build *.egg-info
