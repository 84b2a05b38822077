"""`make bench`: run every benchmark module in bench/ (each has a ``main()``) and print its
figures; `python -m bench people_to_meet` runs only the ones named."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

# `make bench-http` runs these under gunicorn and wrk; they are not in-process benchmarks.
HTTP = {"bare_app", "http_load", "http_seed"}


def benchmarks() -> list[str]:
    here = Path(__file__).parent
    names = (m.name for m in pkgutil.iter_modules([str(here)]) if not m.name.startswith("_"))
    return sorted(name for name in names if name not in HTTP)


if __name__ == "__main__":
    for name in sys.argv[1:] or benchmarks():
        print(f"== {name.replace('_', ' ')} ==", flush=True)
        importlib.import_module(f"bench.{name}").main()
