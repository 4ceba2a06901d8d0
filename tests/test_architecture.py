"""The rule ARCHITECTURE.md states, checked on the code: stages import only `model`, `errors`, `config` and the
stages below them; no import cycles between modules; the web UI reads through the read layer, not the API's routes.

Every import counts, those inside functions too: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "storyline"

BASE = {"storyline", "storyline.model", "storyline.errors", "storyline.config"}

# From the bottom up. A module may import the base and any part in a lower layer, never one beside or above it.
LAYERS: list[set[str]] = [
    {"time", "ingest", "store", "budget"},
    {"clean"},
    {"extract"},
    {"resolve", "inputs"},
    {"engines"},
    {"pipeline"},
    {"rebuild"},
    {"reads"},
    {"api"},  # the API's routes, schemas, guards and the plumbing the web UI shares (deps, errors)
    {"web"},
    {"api.app"},  # the application: the API and the web UI mounted together
    {"cli", "__main__"},
]


def _part(module: str) -> str:
    """`storyline.store.schema` → `store`; `storyline.pipeline` → `pipeline`."""
    return module.split(".")[1] if module.count(".") >= 1 else ""


def _layer(module: str) -> int:
    """The layer of a module: its own entry (`api.app`) when it has one, else its part's (`store`)."""
    names = module.split(".")[1:]
    for key in (".".join(names[:2]), names[0] if names else ""):
        for i, layer in enumerate(LAYERS):
            if key in layer:
                return i
    raise AssertionError(f"{module} is in no layer of tests/test_architecture.py: place it")


def _module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> Iterator[str]:
    """The storyline modules `path` imports, resolved to the most specific module that exists."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    me = _module_name(path)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            names = [f"{base}.{a.name}" for a in node.names]
        else:
            continue
        for name in names:
            if name == "storyline" or name.startswith("storyline."):
                yield _existing(name)


def _existing(name: str) -> str:
    """The longest prefix of `name` that is a module of the package (`from x import f` names f, not a module)."""
    parts = name.split(".")
    while len(parts) > 1:
        candidate = SRC.parent.joinpath(*parts)
        if candidate.with_suffix(".py").exists() or (candidate / "__init__.py").exists():
            return ".".join(parts)
        parts.pop()
    return "storyline"


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        me = _module_name(path)
        graph[me] = {m for m in _imports(path) if m != me}
    return graph


def test_stages_import_only_the_base_and_stages_below_them() -> None:
    wrong = []
    for module, deps in _graph().items():
        if module in BASE:
            continue
        mine = _part(module)
        for dep in sorted(deps):
            facade = module == f"storyline.{mine}"  # a package's __init__ may re-export any of its modules
            if dep in BASE or (_part(dep) == mine and (facade or _layer(dep) <= _layer(module))):
                continue
            if _layer(dep) >= _layer(module):
                wrong.append(f"{module} imports {dep}")
    assert not wrong, "\n".join(wrong)


def test_the_base_imports_no_stage() -> None:
    graph = _graph()
    wrong = [f"{m} imports {d}" for m in BASE - {"storyline"} for d in graph.get(m, set()) if d not in BASE]
    assert not wrong, "\n".join(wrong)


def test_the_store_resolves_nothing_and_cleans_nothing() -> None:
    wrong = [f"{m} imports {d}" for m, deps in _graph().items() if _part(m) == "store"
             for d in deps if _part(d) in {"resolve", "clean", "extract", "time", "ingest"}]
    assert not wrong, "\n".join(wrong)


def test_the_web_ui_does_not_read_through_the_api_routes() -> None:
    wrong = [f"{m} imports {d}" for m, deps in _graph().items() if _part(m) == "web"
             for d in deps if d.startswith("storyline.api.routes")]
    assert not wrong, "\n".join(wrong)


def test_no_module_imports_itself_back() -> None:
    graph = _graph()
    cycles: set[tuple[str, ...]] = set()
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for dep in sorted(graph.get(node, ())):
            if dep not in graph or dep == "storyline":
                continue
            if state.get(dep) == 1:
                cycle = stack[stack.index(dep):]
                turn = cycle.index(min(cycle))
                cycles.add(tuple(cycle[turn:] + cycle[:turn]))
            elif dep not in state:
                visit(dep)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert not cycles, "\n".join(" → ".join([*c, c[0]]) for c in sorted(cycles))


def test_the_layers_name_every_part_of_the_package() -> None:
    for module in _graph():
        if module not in BASE:
            _layer(module)
