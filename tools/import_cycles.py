"""Counts the import circles between the modules of a package (every import counts).

An edge runs from module A to module B when A imports B anywhere: at the top,
inside a function, or under ``if TYPE_CHECKING`` (a circle hidden in a function
is still a circle in the design). ``from package import name`` is an edge to
``package.name`` when that is a module, else to ``package``. Importing a module
also runs its package's ``__init__``; those implicit edges are not counted, so
keep ``__init__`` modules free of imports from their own subpackages.

Usage: ``python tools/import_cycles.py [PACKAGE_DIR]`` prints each circle and
exits 1 when there is one.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def modules(package: Path) -> dict[str, Path]:
    """Maps each module's dotted name under ``package`` to its file."""
    found: dict[str, Path] = {}
    base = package.parent
    for path in sorted(package.rglob("*.py")):
        parts = list(path.relative_to(base).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _resolve(module: str, level: int, importer: str, is_package: bool) -> str:
    if not level:
        return module
    parts = importer.split(".")
    if not is_package:
        parts.pop()
    if level > 1:
        parts = parts[: len(parts) - (level - 1)]
    return ".".join([*parts, module] if module else parts)


def imports(name: str, path: Path, known: dict[str, Path]) -> Iterator[str]:
    """The modules of ``known`` that the module ``name`` imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in known:
                    yield alias.name
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(node.module or "", node.level, name, is_package)
            for alias in node.names:
                child = f"{target}.{alias.name}"
                if child in known:
                    yield child
                elif target in known:
                    yield target


def graph(package: Path) -> dict[str, set[str]]:
    """Module -> the modules it imports, inside ``package``."""
    known = modules(package)
    return {
        name: {target for target in imports(name, path, known) if target != name}
        for name, path in known.items()
    }


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(max(10_000, sys.getrecursionlimit()))
    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def main(argv: list[str]) -> int:
    package = Path(argv[0]) if argv else ROOT / "archive_reader"
    found = cycles(graph(package))
    for component in found:
        print("circle:", " <-> ".join(component))
    print(f"{len(found)} import circle(s) in {package.name}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
