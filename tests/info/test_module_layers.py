"""community/info is layered: each module sits below the ones that use it.

An import placed inside a function to dodge a cycle hides a piece on the wrong
layer, so the app has none; its modules import each other without a cycle; and it
imports no other app (forum, chat and events add to the home page through the
`info_home_panels` hook instead).
"""

import ast
from pathlib import Path

APP = "community.info"
APP_DIR = Path(__file__).resolve().parents[2] / "community" / "info"
OTHER_APPS = ("forum", "chat", "events", "config")
FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


def _module_name(path: Path) -> str:
    parts = path.relative_to(APP_DIR.parents[1]).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _sources() -> dict[str, ast.Module]:
    return {
        _module_name(path): ast.parse(path.read_text(), filename=str(path))
        for path in sorted(APP_DIR.rglob("*.py"))
    }


def _imported_names(node: ast.Import | ast.ImportFrom) -> list[str]:
    """Dotted names an import statement can load (a module, or a module's member)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level or node.module is None:
        return []
    return [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]


def _module_level_imports(tree: ast.Module) -> list[ast.Import | ast.ImportFrom]:
    """Imports that run when the module loads (also those under a module-level `if`)."""
    in_functions = {
        id(node)
        for function in ast.walk(tree)
        if isinstance(function, FUNCTIONS)
        for node in ast.walk(function)
    }
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom) and id(node) not in in_functions
    ]


def test_no_module_of_the_app_imports_inside_a_function():
    offenders = []
    for module, tree in _sources().items():
        for function in ast.walk(tree):
            if not isinstance(function, FUNCTIONS):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    offenders.append(f"{module}:{node.lineno}")

    assert offenders == []


def test_modules_of_the_app_import_each_other_without_a_cycle():
    sources = _sources()
    graph = {
        module: {
            name
            for node in _module_level_imports(tree)
            for name in _imported_names(node)
            if name in sources and name != module
        }
        for module, tree in sources.items()
    }
    cycles = []

    def visit(module: str, path: list[str]) -> None:
        for target in sorted(graph[module]):
            if target in path:
                cycles.append([*path[path.index(target) :], target])
            elif target not in done:
                visit(target, [*path, target])
        done.add(module)

    done: set[str] = set()
    for module in sorted(graph):
        if module not in done:
            visit(module, [module])

    assert cycles == []


def test_the_app_imports_no_other_app():
    offenders = [
        f"{module}:{node.lineno} {name}"
        for module, tree in _sources().items()
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for name in _imported_names(node)
        if name.split(".")[0] in OTHER_APPS
    ]

    assert offenders == []
