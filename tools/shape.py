"""``make shape``: the figures of issue 13, read from the source (nothing is imported).

- imports of eventnet modules written inside functions, and how many reach another package;
- ``db.session.commit()`` in HTML views (``eventnet/*/views.py``; the API keeps its one);
- the longest modules.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "eventnet"


def _package(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_in_functions(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom) and not inner.level:
                    names = [inner.module or ""]
                elif isinstance(inner, ast.Import):
                    names = [alias.name for alias in inner.names]
                else:
                    continue
                found += [(inner.lineno, n) for n in names if n.split(".")[0] == "eventnet"]
    return sorted(set(found))


def main() -> None:
    modules = sorted(PACKAGE.rglob("*.py"))
    inside = [(p, line, target) for p in modules for line, target in imports_in_functions(p)]
    across = [(p, n, t) for p, n, t in inside if _package(t) != _package(_module(p))]
    commit = re.compile(r"\bdb\.session\.commit\(\)")
    views = [p for p in modules if p.name == "views.py" and p.parent.name != "api"]
    commits = [(p, n) for p in views if (n := len(commit.findall(p.read_text())))]
    lengths = sorted(((len(p.read_text().splitlines()), p) for p in modules), reverse=True)

    print(f"imports inside functions: {len(inside)} ({len(across)} across packages)")
    for path, line, target in inside:
        print(f"    {path.relative_to(ROOT)}:{line} {target}")
    print(f"db.session.commit() in HTML views: {sum(n for _, n in commits)}")
    for path, n in commits:
        print(f"    {path.relative_to(ROOT)}: {n}")
    (longest, path), *others = lengths
    print(f"longest module: {path.relative_to(ROOT)} ({longest} lines)")
    for n, p in others[:4]:
        print(f"    then {p.relative_to(ROOT)} ({n})")


if __name__ == "__main__":
    main()
