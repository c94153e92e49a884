"""reader.core must stay pure Python: no module under it may import PySide6 (or shiboken6)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[1] / "src" / "reader" / "core"
FORBIDDEN = ("PySide6", "shiboken6", "PyQt5", "PyQt6")


def _imported_names(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_no_core_module_names_qt() -> None:
    modules = sorted(CORE.rglob("*.py"))
    assert modules, "reader.core has no modules?"
    offenders = [
        f"{path.relative_to(CORE)} imports {name}"
        for path in modules
        for name in _imported_names(path)
        if name.split(".")[0] in FORBIDDEN
    ]
    assert offenders == []


def test_importing_all_of_core_loads_no_qt() -> None:
    names = ["reader.core." + p.stem for p in sorted(CORE.glob("*.py")) if p.stem != "__init__"]
    code = (
        "import importlib, sys\n"
        f"for n in {names!r}: importlib.import_module(n)\n"
        f"bad = [m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r}]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
