# Two commands on a fresh Debian/Ubuntu machine: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# pip shows the build backend's notes as warnings; setuptools' "Editable installation" note
# (resources/ is mapped into the package, so the editable install uses a meta path finder)
# is information, not a problem: silenced by its message, every other warning still shows.
PIP_INSTALL := PYTHONWARNINGS="ignore:Editable installation" $(PY) -m pip install --quiet

.PHONY: run test lint typecheck bench package screenshots clean

$(VENV)/.installed-app: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PIP_INSTALL) -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed-app pyproject.toml
	$(PIP_INSTALL) -e '.[test]'
	touch $@

$(VENV)/.installed-package: $(VENV)/.installed-app pyproject.toml
	$(PIP_INSTALL) -e '.[package]'
	touch $@

run: $(VENV)/.installed-app
	$(VENV)/bin/reader

test: $(VENV)/.installed-test
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

lint: $(VENV)/.installed-test
	$(PY) -m ruff check src tests benchmarks packaging
	$(PY) -m mypy --strict src/reader

bench: $(VENV)/.installed-test
	for f in benchmarks/bench_*.py; do QT_QPA_PLATFORM=offscreen $(PY) $$f || exit 1; done

# The gallery in docs/gallery (offscreen, 900x600; needs a CJK font: fonts-noto-cjk).
screenshots: $(VENV)/.installed-app
	QT_QPA_PLATFORM=offscreen $(PY) packaging/screenshots.py --out docs/gallery

package: $(VENV)/.installed-package
	$(PY) packaging/build.py

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache
