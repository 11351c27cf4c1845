"""The package's import graph, read with `ast` (function-level imports included): no cycles
between modules, every import points down the pipeline's stages, and only heavy optional
parts are imported inside functions, each with a comment saying why."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "kg"

# The stages in pipeline order; a module may import its own stage and earlier ones only.
STAGES = ["kg.model", "kg.resources", "kg.text", "kg.extract", "kg.rdf", "kg.pipeline",
          "kg.store", "kg.viz", "kg.cli", "kg.api", "kg", "kg.__main__"]


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(path: Path) -> list[tuple[str, int, bool]]:
    """(kg module imported, line, inside a function) for every import in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, int, bool]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.Import):
                found.extend((a.name, child.lineno, in_function) for a in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module and not child.level:
                for a in child.names:  # `from kg.extract import places` imports the module kg.extract.places
                    sub = f"{child.module}.{a.name}"
                    found.append((sub if sub in MODULES else child.module, child.lineno, in_function))
            visit(child, nested)

    visit(tree, False)
    return found


def commented(lines: list[str], line: int) -> bool:
    """Whether the import on `line` (1-based), or its block of imports, carries a comment."""
    i = line - 1
    while i >= 0:
        text = lines[i].strip()
        if "#" in text:
            return True
        if not (text.startswith(("from ", "import ", ")")) or text.endswith(",")):
            return False
        i -= 1
    return False


def graph() -> dict[str, set[str]]:
    return {name: {m for m, _, _ in imports(path) if m in MODULES and m != name} for name, path in MODULES.items()}


def stage(module: str) -> int:
    return max(i for i, s in enumerate(STAGES) if module == s or module.startswith(s + "."))


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            connect(v)
    return out


def test_the_reader_finds_every_module_and_function_level_imports():
    assert {"kg.pipeline", "kg.extract.places", "kg.extract.refs", "kg.rdf.named", "kg.cli.app"} <= set(MODULES)
    assert ("kg.store.saved", True) in {(m, f) for m, _, f in imports(PACKAGE / "cli" / "query.py")}
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]  # the check can fail


def test_no_import_cycles():
    assert cycles(graph()) == []


def test_every_import_points_down_the_stages():
    upward = [f"{name} (stage {STAGES[stage(name)]}) imports {dep} (stage {STAGES[stage(dep)]})"
              for name, deps in graph().items() for dep in sorted(deps) if stage(dep) > stage(name)]
    assert upward == []


def test_imports_inside_functions_are_commented_heavy_optional_parts():
    """Library code imports kg modules at the top; an import inside a function is a heavy or
    optional third-party part (or, in the CLI, the library, so `kg --help` stays fast), and
    says why on its line or the line above."""
    bare = []
    for name, path in MODULES.items():
        lines = path.read_text(encoding="utf-8").splitlines()
        for module, line, in_function in imports(path):
            if not in_function:
                continue
            if module.startswith("kg") and not name.startswith(("kg.cli", "kg.api")) and name != "kg":
                bare.append(f"{name}:{line} imports {module} inside a function")
                continue
            if not commented(lines, line):
                bare.append(f"{name}:{line} imports {module} inside a function without a comment")
    assert bare == []


def test_import_kg_is_cheap():
    code = "import sys, kg; print(sorted(m for m in ('rdflib', 'pyoxigraph', 'networkx', 'typer') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_no_module_shadows_the_standard_library():
    shadowing = [m for m in MODULES if not m.endswith("__") and m.rsplit(".", 1)[-1] in sys.stdlib_module_names]
    assert shadowing == []


def test_the_plain_prefix_iris_are_rdflibs_namespaces():
    from kg.model.namespaces import PREFIXES
    from kg.model.prefixes import PREFIX_IRIS

    assert {p: str(ns) for p, ns in PREFIXES.items()} == PREFIX_IRIS
