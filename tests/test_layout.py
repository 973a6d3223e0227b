"""The package layout is the pipeline: imports go only downward, never in a cycle, never to another package's privates.

Every import in ``kg/`` counts, including the ones deferred into functions
(they still tie the modules together) and the ones under ``TYPE_CHECKING``.
"""
from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[1] / "kg"

#: The pipeline, bottom up: a package may import its own modules, the core modules and packages before it.
LAYERS = ["documents", "extract", "rdf", "store", "graph", "ingest", "analysis", "views", "serve", "cli"]
#: Modules directly in kg/ that every stage may use; they import no package.
CORE = {"errors", "model", "resources", "heap", "formatting", "vocab", "files", "processes"}
#: Entry points above everything: the lazy public API (names only) and ``python -m kg``.
TOP = {"__init__", "__main__"}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[str, list[str], int]]:
    """``(absolute module, imported names, line)`` for every import statement in a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.append((module, [a.name for a in node.names], node.lineno))
        elif isinstance(node, ast.Import):
            found.extend((a.name, [], node.lineno) for a in node.names)
    return [(m, names, line) for m, names, line in found if m == "kg" or m.startswith("kg.")]


MODULES = {_module_name(p): p for p in sorted(ROOT.rglob("*.py"))}


def _layer(module: str) -> tuple[int, str]:
    """(rank, name) of the stage a module belongs to: core is -1, the entry points are above cli."""
    parts = module.split(".")
    if len(parts) == 1:
        return len(LAYERS), "kg"
    if parts[1] in LAYERS:
        return LAYERS.index(parts[1]), parts[1]
    if parts[1] in CORE:
        return -1, "core"
    if parts[1] in TOP:
        return len(LAYERS), "top"
    raise AssertionError(f"{module} is neither a stage package nor a known core module; add it to LAYERS or CORE")


def _targets(module: str, names: list[str]) -> list[str]:
    """The kg modules an import statement loads: ``from kg.store import base`` loads kg.store and kg.store.base."""
    submodules = [f"{module}.{n}" for n in names if f"{module}.{n}" in MODULES]
    whole = module in MODULES and module != "kg" and (not submodules or len(submodules) < len(names))
    return ([module] if whole else []) + submodules


def test_every_module_belongs_to_a_stage():
    for module in MODULES:
        _layer(module)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_go_only_downward_and_take_no_private_names(module):
    rank, stage = _layer(module)
    for target_module, names, line in _imports(MODULES[module]):
        for target in _targets(target_module, names):
            target_rank, target_stage = _layer(target)
            where = f"{MODULES[module].relative_to(ROOT.parent)}:{line}"
            if stage == "core":
                assert target_stage == "core", f"{where}: core module imports {target}"
            else:
                assert target_rank <= rank, f"{where}: {stage} imports {target} ({target_stage} is above it)"
        if _layer(target_module)[1] != stage or stage == "core":
            private = [n for n in names if n.startswith("_") and not n.startswith("__")]
            assert not private, f"{module} imports private names {private} from {target_module}"


def test_no_import_cycles_even_deferred():
    G = nx.DiGraph()
    for module, path in MODULES.items():
        G.add_node(module)
        for target_module, names, _ in _imports(path):
            for target in _targets(target_module, names):
                if target != module:
                    G.add_edge(module, target)
    cycles = [sorted(c) for c in nx.strongly_connected_components(G) if len(c) > 1]
    assert not cycles, f"import cycles: {cycles}"


def test_no_module_is_far_over_the_size_guide():
    """About 400 lines per module (DESIGN): past that a module holds more than one job."""
    long = {m: n for m, p in MODULES.items() if (n := len(p.read_text(encoding="utf-8").splitlines())) > 420}
    assert not long, long


def test_every_package_says_what_it_owns_and_may_import():
    for module, path in MODULES.items():
        if path.name == "__init__.py" and module != "kg":
            doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
            assert "May import" in doc, f"{path}: the package docstring must say what it may import"


def test_public_api_names_stay_functions_whatever_was_imported_first():
    """``kg.extract`` / ``kg.build`` are the functions even when their packages were imported before."""
    import subprocess
    import sys

    code = ("import kg.extract.pipeline, kg.ingest.builder, kg\n"
            "import inspect\n"
            "assert callable(kg.extract) and callable(kg.build)\n"
            "assert inspect.signature(kg.build).parameters['store']\n"
            "print(sorted(n for n in kg.__all__ if not n.startswith('_') and getattr(kg, n) is None))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT.parent)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
