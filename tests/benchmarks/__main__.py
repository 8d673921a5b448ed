"""Run every benchmark module in this package, each in its own process.

Each module sets up its own temporary database before Django starts, so they cannot
share one interpreter. A module is a benchmark when it defines `main()`.
"""

import pkgutil
import subprocess
import sys
from pathlib import Path


def main() -> int:
    here = Path(__file__).resolve().parent
    failures = 0
    for module in sorted(pkgutil.iter_modules([str(here)]), key=lambda m: m.name):
        if module.name.startswith("_"):
            continue
        name = f"tests.benchmarks.{module.name}"
        print(f"== {name}", flush=True)
        result = subprocess.run([sys.executable, "-m", name], check=False)  # noqa: S603
        failures += result.returncode != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
