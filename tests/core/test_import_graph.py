"""Dependencies point one way (STYLE.md rule 11): no module imports a package above its own,
at the top of the file or inside a function, and imports sit at the top.

The order, lowest first, is written once, here. A lower package that must move a higher one
sends a signal (its ``signals.py``); the higher one answers in ``receivers.py``, connected
in ``eventnet/wiring.py``.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "eventnet"

# Lowest first: a module may import its own layer and the ones before it.
LAYERS: list[tuple[str, set[str]]] = [
    # Core: no domain at all.
    (
        "core",
        {
            "db",
            "errors",
            "config",
            "extensions",
            "images",
            "kept",
            "signals",
            "text",
            "urls",
            "web_forms",
        },
    ),
    ("mail", {"mail"}),
    ("accounts", {"accounts"}),
    ("networks", {"networks"}),
    ("events", {"events"}),
    ("registration", {"registration"}),
    # The features, in the order they may use each other: connections show profiles'
    # cards; meetings record a contact exchange and fill the personal calendar feed;
    # notifications list contacts and meetings in the follow-up and attach calendar files.
    ("profiles", {"profiles"}),
    ("connections", {"connections"}),
    ("badges", {"badges"}),
    ("calendar", {"calendar"}),
    # Sharing an event: its links, and a poster printed as the badges are.
    ("sharing", {"sharing"}),
    ("meetings", {"meetings"}),
    ("notifications", {"notifications"}),
    # The organiser's cockpit: figures from every feature above.
    ("organise", {"organise"}),
    ("api", {"api"}),
    # What puts it together: pages (each package's views), the app, the CLI, demo data,
    # the list of every table and the wiring of every signal.
    ("surface", {"web", "cli", "demo", "models", "wiring", "core"}),
]
SURFACE_MODULES = {"views", "pages"}  # eventnet/<package>/views.py belongs to the surface

# In-function imports of eventnet modules that are truly needed (module: reason). None yet.
ALLOWED_IN_FUNCTIONS: dict[tuple[str, str], str] = {}


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, e.g. "eventnet.events.services"
    target: str  # e.g. "eventnet.registration.services"
    line: int
    in_function: bool


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_module(dotted: str) -> bool:
    path = ROOT.joinpath(*dotted.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def imports_of(path: Path, module: str | None = None) -> list[Import]:
    """Every import of an eventnet module in ``path``, at the top or in any function."""
    module = module or module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            targets = []
            if isinstance(child, ast.Import):
                targets = [alias.name for alias in child.names]
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    parts = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join([*parts, *([child.module] if child.module else [])])
                # ``from eventnet.events import services``: the module is events.services.
                targets = [
                    f"{base}.{alias.name}" if _is_module(f"{base}.{alias.name}") else base
                    for alias in child.names
                ]
            for target in targets:
                if target == "eventnet" or target.startswith("eventnet."):
                    found.append(Import(module, target, child.lineno, inside))
            visit(child, inside)

    visit(ast.parse(path.read_text(), filename=str(path)), False)
    return found


def layer_of(module: str) -> int:
    parts = module.split(".")
    if len(parts) == 1:
        return len(LAYERS) - 1  # eventnet/__init__.py: create_app
    if parts[-1] in SURFACE_MODULES:
        return len(LAYERS) - 1
    for index, (_name, members) in enumerate(LAYERS):
        if parts[1] in members:
            return index
    raise AssertionError(f"{module} is in no layer: add its package to LAYERS")


MODULES = sorted(PACKAGE.rglob("*.py"))
IMPORTS = [i for path in MODULES for i in imports_of(path)]


def test_every_module_has_a_layer():
    for path in MODULES:
        layer_of(module_name(path))


def test_no_import_points_up():
    upward = [
        f"{i.module}:{i.line} imports {i.target} "
        f"({LAYERS[layer_of(i.module)][0]} → {LAYERS[layer_of(i.target)][0]})"
        for i in IMPORTS
        if layer_of(i.target) > layer_of(i.module)
    ]
    assert upward == []


def test_imports_of_eventnet_sit_at_the_top():
    inside = [
        f"{i.module}:{i.line} imports {i.target} inside a function"
        for i in IMPORTS
        if i.in_function and (i.module, i.target) not in ALLOWED_IN_FUNCTIONS
    ]
    assert inside == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from eventnet.notifications.services import x\n", "eventnet.notifications.services"),
        ("def f():\n    from eventnet.meetings import services\n", "eventnet.meetings.services"),
        ("import eventnet.badges.models\n", "eventnet.badges.models"),
    ],
)
def test_the_reader_sees_top_level_and_function_imports(tmp_path, source, expected):
    """The check itself bites: an upward import planted in mail/ is found, in a function too."""
    planted = tmp_path / "planted.py"
    planted.write_text(source)
    [found] = imports_of(planted, "eventnet.mail.planted")
    assert found.target == expected
    assert found.in_function == source.startswith("def")
    assert layer_of(found.target) > layer_of(found.module)
