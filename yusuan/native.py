"""The parser's hot modules compiled to C with mypyc, where the machine has a C compiler: the same
source, run as native code (a quarter fewer instructions a document, bench/parse_speed.py).

`make setup` builds them (`build`) into `yusuan-native/` inside the virtual
environment, with a manifest naming the digest of the sources they were built from. Importing
yusuan loads them in place of those sources only while that digest is the sources' own, so an edited
source never runs as its stale build: the parser then runs as plain Python, with a warning, until
the next `make setup`. Where no compiler is found the build says so and the parser stays plain
Python, only slower. YUSUAN_PURE_PYTHON=1 runs plain Python whatever is built.

The modules compile all together or not at all: a compiled module calls the others of the build
directly, not through their Python modules, so one of them run from its source would not be the
one the rest call.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import sys
import warnings
from pathlib import Path
from types import ModuleType

# The modules that run for every line, cell and row of a document. Not the modules that read their
# own files when imported (parse.layouts, parse.places): a compiled module has no __file__ then.
COMPILED = (
    "yusuan.model",
    "yusuan.readers.tika_text",
    "yusuan.parse.amounts",
    "yusuan.parse.columns",
    "yusuan.parse.disclosures",
    "yusuan.parse.document",
    "yusuan.parse.headers",
    "yusuan.parse.outline",
    "yusuan.parse.overview",
    "yusuan.parse.prose",
    "yusuan.parse.rows",
    "yusuan.parse.tables",
    "yusuan.parse.target_values",
    "yusuan.parse.targets",
    "yusuan.parse.text",
)
ROOT = Path(__file__).resolve().parent.parent
BUILT = Path(sys.prefix) / "yusuan-native"  # inside the virtual environment: built for its Python
MANIFEST = BUILT / "manifest.json"
PURE = "YUSUAN_PURE_PYTHON"


def source_digest() -> str:
    """The digest of the compiled modules' sources and of the Python they are built for."""
    digest = hashlib.sha256(sys.version.encode())
    for name in COMPILED:
        digest.update(name.encode() + b"\0" + _source(name).read_bytes())
    return digest.hexdigest()


def _source(name: str) -> Path:
    return ROOT.joinpath(*name.split(".")).with_suffix(".py")


class _Finder(importlib.abc.MetaPathFinder):
    """Finds the compiled modules (and the library they share) in their folder, ahead of the sources."""

    yusuan_native = True  # a mark that a second import of this module (see `plain`) recognises

    def __init__(self, folder: Path, files: dict[str, str]) -> None:
        self.folder, self.files = folder, files
        self.enabled = True

    def find_spec(self, name: str, path: object = None, target: object = None) -> importlib.machinery.ModuleSpec | None:
        file = self.files.get(name) if self.enabled else None
        if file is None:
            return None
        location = str(self.folder / file)
        return importlib.util.spec_from_file_location(name, location,
                                                      loader=importlib.machinery.ExtensionFileLoader(name, location))


def _finder() -> _Finder | None:
    return next((f for f in sys.meta_path if getattr(f, "yusuan_native", False)), None)


def use() -> None:
    """Load the compiled modules in place of their sources from now on, if they are built from
    these sources for this Python. Called when yusuan is imported, before any of them is."""
    if os.environ.get(PURE) or _finder() is not None:
        return
    finder = finder_of(MANIFEST)
    if finder is not None:
        sys.meta_path.insert(0, finder)


def finder_of(manifest: Path) -> _Finder | None:
    """The finder of the modules `manifest` lists, if they were built from these sources (with a
    warning if from others: an edited source is not run from its stale build)."""
    try:
        built = json.loads(manifest.read_text())
    except (OSError, ValueError):  # nothing built (no compiler), or a build stopped half way
        return None
    if not built.get("files"):  # not built for want of a compiler
        return None
    if built.get("source") != source_digest():
        warnings.warn(f"yusuan: the compiled parser in {manifest.parent} was built from other sources than these; the "
                      "parser runs as plain Python (slower) until `make setup` builds it again", stacklevel=3)
        return None
    return _Finder(manifest.parent, built["files"])


def compiled() -> bool:
    """Whether the parser's modules imported now are the compiled ones (not while `plain` imports)."""
    finder = _finder()
    return finder is not None and finder.enabled


def plain(name: str) -> ModuleType:
    """Module `name` imported again as plain Python, with its own copies of yusuan's modules, apart
    from this process's (which stay as they are): to read again a document the compiled modules
    failed on. The copies are imported once and kept. It swaps sys.modules while it imports: a reader
    process parses one file at a time, and no other thread of it imports meanwhile."""
    if name in _PLAIN:
        return _PLAIN[name]
    finder = _finder()
    ours = {key: module for key, module in sys.modules.items() if _is_yusuan(key)}
    for key in ours:
        del sys.modules[key]
    if finder is not None:
        finder.enabled = False
    try:
        _PLAIN[name] = importlib.import_module(name)
    finally:
        if finder is not None:
            finder.enabled = True
        for key in [key for key in sys.modules if _is_yusuan(key)]:
            del sys.modules[key]
        sys.modules.update(ours)
    return _PLAIN[name]


_PLAIN: dict[str, ModuleType] = {}


def _is_yusuan(name: str) -> bool:
    return name == "yusuan" or name.startswith("yusuan.") or name.endswith("__mypyc")


def build() -> int:
    """Compile the modules into BUILT unless that was done (or tried) for these sources already.
    Returns the exit status: 1 when mypy finds the sources' types wrong (an error in the sources,
    which their compiled form would raise on at run time); 0 otherwise, no compiler included."""
    import importlib.metadata
    import shutil
    import sysconfig

    try:
        import mypyc  # noqa: F401 - only whether it is there
        import setuptools  # noqa: F401
    except ImportError as exc:
        print(f"yusuan: {exc.name} is not installed, so the parser runs as plain Python (slower)", file=sys.stderr)
        return 0
    wanted = {"source": source_digest(), "mypyc": importlib.metadata.version("mypy")}
    try:
        if all(json.loads(MANIFEST.read_text()).get(k) == v for k, v in wanted.items()):
            return 0
    except (OSError, ValueError):
        pass
    shutil.rmtree(BUILT, ignore_errors=True)
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(compiler) is None:
        return _not_built(wanted, f"no C compiler ({compiler}) on this machine")
    print(f"yusuan: compiling the parser's {len(COMPILED)} hot modules with mypyc (a minute or two, once)", file=sys.stderr)
    try:
        files = _compile(BUILT)
    except SystemExit:  # mypy found type errors, printed above
        print("yusuan: the parser's sources do not type-check (above); compiled, they would fail at run time",
              file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - no Python headers, a compiler that fails: the parser still works
        shutil.rmtree(BUILT, ignore_errors=True)
        return _not_built(wanted, f"{type(exc).__name__}: {exc}")
    # Written last: a build stopped half way leaves no manifest, so nothing of it is loaded.
    MANIFEST.write_text(json.dumps({**wanted, "files": files}, indent=1))
    print(f"yusuan: compiled parser in {BUILT}", file=sys.stderr)
    return 0


def _compile(out: Path) -> dict[str, str]:
    """The compiled modules and their shared library, in `out`: module name → file under `out`."""
    import contextlib
    import io
    import shutil
    import tempfile

    from mypyc.build import mypycify
    from setuptools import Distribution

    with tempfile.TemporaryDirectory() as folder:
        work, here = Path(folder), Path.cwd()
        os.chdir(ROOT)  # mypyc names each module by its path from the working directory
        try:
            with contextlib.redirect_stdout(io.StringIO()) as said:  # its notes, printed only with its errors
                try:
                    extensions = mypycify(["--ignore-missing-imports", "--follow-imports=silent", f"--cache-dir={work / 'mypy'}",
                                           *(str(_source(name).relative_to(ROOT)) for name in COMPILED)],
                                          target_dir=str(work / "c"))
                except SystemExit:
                    print(said.getvalue(), file=sys.stderr)
                    raise
            distribution = Distribution({"name": "yusuan-native", "ext_modules": extensions})
            command = distribution.get_command_obj("build_ext")
            command.build_lib, command.build_temp = str(work / "lib"), str(work / "temp")
            command.parallel = os.cpu_count() or 1
            distribution.run_command("build_ext")
        finally:
            os.chdir(here)
        suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
        files = {}
        for library in (work / "lib").rglob("*"):
            suffix = next((s for s in suffixes if library.name.endswith(s)), None)
            if suffix is not None:
                relative = library.relative_to(work / "lib")
                files[".".join(relative.parts)[: -len(suffix)]] = relative.as_posix()
        shutil.copytree(work / "lib", out)
    return files


def _not_built(wanted: dict[str, str], why: str) -> int:
    """Note that these sources were not compiled, so that setup does not try again each time."""
    BUILT.mkdir(parents=True, exist_ok=True)
    MANIFEST.write_text(json.dumps({**wanted, "files": {}, "not built": why}, indent=1))
    print(f"yusuan: the parser was not compiled ({why}); it runs as plain Python, about 1.5 times slower. With a C "
          f"compiler and the Python headers (Debian: gcc, python3-dev), `rm -r {BUILT}` and `make setup` compile it.",
          file=sys.stderr)
    return 0
