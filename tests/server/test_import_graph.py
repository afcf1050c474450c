"""The office server's modules import one another one way: no cycles, routes never reach back to the app.

The graph is read from the source (every import statement, also those inside
functions or under TYPE_CHECKING), so a cycle cannot hide behind a late import.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
SERVER = ROOT / "server"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, known: set[str]) -> set[str]:
    """The modules of ``known`` that ``path`` imports (``from server import x`` counts as server.x)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            # The module itself, or the nearest known package above it.
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name:
                found.add(name)
    return found


def server_graph() -> dict[str, set[str]]:
    paths = {module_name(p): p for p in SERVER.rglob("*.py")}
    known = set(paths)
    graph = {}
    for name, path in paths.items():
        # A package's own __init__ is imported with any of its modules: not an edge worth following.
        parents = {name.rpartition(".")[0]} | {p for p in known if name.startswith(p + ".")}
        graph[name] = imports_of(path, known) - {name} - parents
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1: on the path being walked, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return path[path.index(target) :] + [target]
            if target not in state and (cycle := visit(target)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_graph_is_read() -> None:
    graph = server_graph()
    assert "server.store" in graph["server.app"] or "server.office" in graph["server.app"]
    assert "server.storage.database" in graph["server.storage.tickets"]


def test_no_import_cycle_in_the_server() -> None:
    assert find_cycle(server_graph()) is None


def test_the_cycle_finder_finds_one() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


ROUTE_MODULES = sorted(name for name in server_graph() if name.startswith("server.routes."))


@pytest.mark.parametrize("module", ROUTE_MODULES)
def test_routes_depend_on_deps_never_on_the_app(module: str) -> None:
    imported = server_graph()[module]
    assert "server.app" not in imported
    assert not imported & {"server.store", "server.office", "server.dbthread"}, "routes reach the server through deps"
    assert not {m for m in imported if m.startswith("server.storage")}, "routes call the store through deps"
    assert not {m for m in imported if m.startswith("server.routes.")}, "one route module does not import another"


def test_storage_parts_never_reach_back_to_the_store() -> None:
    graph = server_graph()
    for name, imported in graph.items():
        if name.startswith("server.storage"):
            assert not imported & {"server.store", "server.app", "server.office", "server.deps"}, name
            assert not {m for m in imported if m.startswith("server.routes")}, name
