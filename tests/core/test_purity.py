"""The core package imports no Qt, no HTTP, no SQL — checked on its source."""

import ast
from pathlib import Path

import core

BANNED = (
    "PySide6",
    "shiboken6",
    "sqlite3",
    "sqlite_utils",
    "requests",
    "httpx",
    "fastapi",
    "starlette",
    "uvicorn",
    "websockets",
    "urllib",
    "http",
    "socket",
    "serial",
    "escpos",
    "server",
    "kiosk",
    "counter",
    "display",
    "sync",
    "hardware",
)


def test_core_imports_nothing_impure() -> None:
    offenders = []
    for path in Path(core.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in BANNED]
    assert offenders == []
