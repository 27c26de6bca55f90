"""Run every benchmark in bench/ (``make bench``) and print their Markdown tables.

Each bench_*.py is a standalone script; they run one after another so they do not
compete for the machine's two cores.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path


def main() -> int:
    here = Path(__file__).resolve().parent
    failures = []
    for script in sorted(here.glob("bench_*.py")):
        print(f"\n## {script.stem}\n", flush=True)
        started = time.perf_counter()
        result = subprocess.run([sys.executable, str(script)], check=False)
        print(f"\n({script.name}: {time.perf_counter() - started:.0f} s)", flush=True)
        if result.returncode != 0:
            failures.append(script.name)
    if failures:
        print(f"\nbenchmarks failed: {', '.join(failures)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
