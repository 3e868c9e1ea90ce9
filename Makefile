# Bootstrap on a machine that has only python3 and pip: uv goes into .tools/, the locked
# environment into .venv/ (so .venv/bin/yusuan and .venv/bin/dagster work afterwards).
# The Python .venv is built on: python3, or the one last named (make setup PYTHON=…), which .tools/python keeps.
PYTHON ?= $(or $(file < .tools/python),python3)
UV_VERSION := 0.13.8
UV := .tools/bin/uv

.PHONY: run test ui setup clean FORCE

run: setup ## build data/warehouse/budget.duckdb from the bundled sample corpus in data/raw
	.venv/bin/yusuan run

test: setup ## run the test suite
	.venv/bin/python -m pytest

ui: setup ## start the Dagster UI on 127.0.0.1:3000
	.venv/bin/yusuan ui

# The parser's hot modules compiled to C where a C compiler is at hand (yusuan/native.py): looked at on
# every setup, built again only when their sources changed; without a compiler the parser stays plain Python.
# The build itself imports yusuan as plain Python: it is what replaces the compiled modules.
setup: .venv/.synced
	@YUSUAN_PURE_PYTHON=1 .venv/bin/python -c 'import sys, yusuan.native; sys.exit(yusuan.native.build())'

# Naming another Python builds .venv again on it.
.tools/python: FORCE
	@mkdir -p .tools && echo '$(PYTHON)' | cmp -s - $@ || echo '$(PYTHON)' > $@
FORCE:

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/python -m pip install --quiet uv==$(UV_VERSION)

# Bytecode compiled once here: where PYTHONDONTWRITEBYTECODE is set (CI images, containers), every
# process, each spawned parse worker among them, would otherwise compile all it imports again.
# The Python goes to uv by its path: a name such as python3 uv takes to mean the one .venv already has.
.venv/.synced: $(UV) uv.lock pyproject.toml .tools/python
	$(UV) sync --frozen --compile-bytecode --python "$$($(PYTHON) -c 'import sys; print(sys.executable)')"
	.venv/bin/python -m compileall -q yusuan assets pipelines schemas
	touch $@

clean:
	rm -rf .venv .tools .dagster data/warehouse/*.duckdb
