"""The layers stay visible: import-linter checks the contract (pyproject.toml, `make layers`);
this test checks the one rule it cannot: an import inside a function says why."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ["scheduler", "programmes", "attendance", "creche", "notifications"]


def silent_nested_imports(source: str) -> list[int]:
    """Line numbers of imports inside a function with no `#` comment on their line."""
    lines = source.splitlines()
    return sorted({inner.lineno for node in ast.walk(ast.parse(source))
                   if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
                   for inner in ast.walk(node)
                   if isinstance(inner, ast.Import | ast.ImportFrom)
                   and "#" not in lines[inner.lineno - 1]})


def test_every_import_inside_a_function_gives_its_reason():
    silent = [f"{path.relative_to(ROOT)}:{line}"
              for app in APPS for path in (ROOT / app).rglob("*.py")
              if "migrations" not in path.parts
              for line in silent_nested_imports(path.read_text())]
    assert silent == []


def test_the_check_finds_a_silent_nested_import():
    source = "import json\n\ndef f():\n    import os  # why\n    import sys\n"
    assert silent_nested_imports(source) == [5]
