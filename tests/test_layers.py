"""The package's imports run one way: records/errors/settings/resources < text, sources, fetch, store
< align < corpus steps, pipeline, build < executors, nightly < cli.

Every import in every module of the installed package counts, inside
functions and ``TYPE_CHECKING`` blocks too: a module may import its own
layer or a lower one, never a higher one.  And no two modules import each
other, directly or through others.
"""
from __future__ import annotations

import ast
from pathlib import Path

import corpus_builder

PACKAGE = Path(corpus_builder.__file__).resolve().parent
# top-level module or subpackage -> layer (lowest first); the package root is the public facade
LAYERS = {
    "records": 0, "urls": 0, "errors": 0, "settings": 0, "resources": 0, "version": 0, "parallel": 0, "allocator": 0,
    "data": 0,
    "text": 1, "sources": 1, "fetch": 1, "store": 1, "inputs": 1,
    "align": 2,
    "steps": 3, "pipeline": 3, "build": 3, "summary": 3,
    "executors": 4, "nightly": 4,
    "cli": 5, "__main__": 5, "__init__": 5,
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(["corpus_builder", *parts])


def imports_of(path: Path) -> set[str]:
    """Every corpus_builder module ``path`` imports (``from pkg import sub`` counts as pkg.sub)."""
    name = module_name(path)
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "corpus_builder"}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".")[: len(name.split(".")) - node.level + (1 if is_package else 0)]
                base = ".".join(anchor + ([base] if base else []))
            if base.split(".")[0] != "corpus_builder":
                continue
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if _exists(sub) else base)
    return found - {name}


def _exists(module: str) -> bool:
    rel = Path(*module.split(".")[1:])
    return (PACKAGE / rel).with_suffix(".py").is_file() or (PACKAGE / rel / "__init__.py").is_file()


def layer(module: str) -> int:
    parts = module.split(".")
    return LAYERS["__init__" if len(parts) == 1 else parts[1]]


GRAPH = {module_name(p): imports_of(p) for p in sorted(PACKAGE.rglob("*.py"))}


def test_every_module_has_a_layer():
    assert {m.split(".")[1] for m in GRAPH if "." in m} <= set(LAYERS)


def test_no_module_imports_a_higher_layer():
    wrong = sorted(f"{m} ({layer(m)}) imports {d} ({layer(d)})"
                   for m, deps in GRAPH.items() for d in deps if layer(d) > layer(m))
    assert wrong == []


def test_store_imports_nothing_of_the_analysis():
    leaks = sorted(f"{m} imports {d}" for m, deps in GRAPH.items() if m.startswith("corpus_builder.store")
                   for d in deps if d.split(".")[1] in ("align", "text", "steps", "build", "pipeline"))
    assert leaks == []


def test_no_import_cycle():
    cycles = []

    def visit(module: str, path: list[str], done: set[str]) -> None:
        for dep in sorted(GRAPH.get(module, ())):
            if dep in path:
                cycles.append(" -> ".join(path[path.index(dep):] + [dep]))
            elif dep not in done:
                visit(dep, path + [dep], done)
        done.add(module)

    done: set[str] = set()
    for module in sorted(GRAPH):
        if module not in done:
            visit(module, [module], done)
    assert cycles == []
