"""The benchmarks at a quick scale (``make bench``): the idea pipeline at 2 % of the
country-sized load, the marketplace search at 10 000 deeds and survey results at 20 000
responses. For the full sizes see
bench/README.md.

``--smoke`` (``make bench-smoke``, run by CI) runs them at a tiny size only to show that
they still load, serve and measure: a script that fails exits non-zero. Its figures
mean nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent

RUNS = [
    ["ideas_bench.py", "--scale", "0.02"],
    ["tori_bench.py", "--deeds", "10000"],
    ["surveys_bench.py", "--quick"],
]
SMOKE_RUNS = [
    ["ideas_bench.py", "--scale", "0.002", "--requests", "10", "--submissions", "100"],
    ["tori_bench.py", "--deeds", "600", "--requests", "40"],
    ["surveys_bench.py", "--responses", "500", "--requests", "5", "--submissions", "100"],
]


def main() -> int:
    failed = []
    for script, *args in SMOKE_RUNS if "--smoke" in sys.argv[1:] else RUNS:
        print(f"\n=== {script} {' '.join(args)}", flush=True)
        result = subprocess.run([sys.executable, str(BENCH / script), *args], cwd=BENCH.parent, check=False)
        if result.returncode:
            failed.append(script)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
