"""Start-up and single-file wall times of the `opctl` command, as a user sees them.

Usage: .venv/bin/python benchmarks/bench_cli.py [--repeat 10]
Targets (issue 2): `opctl --version` < 0.1 s; one real template (the maskrcnn one in
../shared/corpus) linted in < 0.3 s wall. Each figure is the best of N runs of a fresh process
(the noise of a shared machine only ever adds time). Also prints the heaviest imports of the lint
run (`python -X importtime`), to keep heavy dependencies lazy.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
TEMPLATE = CORPUS / "templates__workflows-maskrcnn-training.yaml"
TARGETS = {"--version": 0.1, "lint maskrcnn": 0.3}


def opctl_command() -> list[str]:
    script = Path(sys.executable).with_name("opctl")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from opctl.cli import main; main()"]


def best_wall(args: list[str], repeat: int) -> float:
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False)
        best = min(best, time.perf_counter() - start)
    return best


def heaviest_imports(args: list[str], count: int) -> list[tuple[float, str]]:
    """Top-level imports of a run by cumulative time (seconds), from `-X importtime`."""
    code = (
        f"import sys; sys.argv = {['opctl', *args]!r}\n"
        "from opctl.cli import main\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
    )
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True, check=False
    )
    rows: list[tuple[float, str]] = []
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = line.split("|")
        if cumulative.strip().isdigit() and not name.startswith("  "):  # top level only
            rows.append((int(cumulative) / 1e6, name.strip()))
    return sorted(rows, reverse=True)[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    if not TEMPLATE.is_file():
        sys.exit(f"reference template missing: {TEMPLATE}")
    opctl = opctl_command()
    python = best_wall([sys.executable, "-c", "pass"], args.repeat)
    cases = {
        "--version": [*opctl, "--version"],
        "--help": [*opctl, "--help"],
        "lint --help": [*opctl, "lint", "--help"],
        "lint maskrcnn": [*opctl, "lint", "--no-config", str(TEMPLATE)],
        "lint maskrcnn -f json": [*opctl, "lint", "--no-config", "-f", "json", str(TEMPLATE)],
        "lint maskrcnn -f sarif": [*opctl, "lint", "--no-config", "-f", "sarif", str(TEMPLATE)],
        "lint corpus (20 files)": [*opctl, "lint", "--no-config", str(CORPUS)],
    }
    print(f"best of {args.repeat} fresh processes; bare `python -c pass`: {python:.3f} s")
    print(f"{'command':<26} {'wall s':>7}  target")
    for name, command in cases.items():
        wall = best_wall(command, args.repeat)
        target = TARGETS.get(name)
        verdict = "" if target is None else f"< {target} s  {'ok' if wall < target else 'MISSED'}"
        print(f"{name:<26} {wall:7.3f}  {verdict}")
    print("\nheaviest top-level imports of `opctl lint <maskrcnn>` (cumulative s):")
    for seconds, module in heaviest_imports(["lint", "--no-config", "-q", str(TEMPLATE)], 8):
        print(f"  {seconds:6.3f}  {module}")


if __name__ == "__main__":
    main()
