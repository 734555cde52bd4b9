"""A long fuzz campaign through the command line: no input, defaults file or option may end in a
traceback or an exit code outside 0-4.

Each case takes a seed template (examples/ and tests/fixtures/kitchen-sink.yaml), mutates it as the
CI fuzz test does (tests/test_fuzz.py: wrong types, swapped containers, dropped and foreign keys,
duplicated tasks, DAGs turned into steps, garbage depends) and then, at random, at the text level
(cut short, bytes flipped, huge integers, NaN/Infinity, JSON surrogate escapes, control characters,
deep nesting, aliases), writes it as YAML or JSON, and runs ``opctl lint`` (both dialects, every
format) or ``opctl compile`` (-o yaml|json, with random -p, --kind, --schedule, --name, and a
mutated defaults file) in-process. A failure is saved under --save-dir with the command to replay it.

    python scripts/fuzz_campaign.py --seed 1 --count 10000 --jobs 2

Prints one summary line per job and a total; exits 1 if any case failed.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import shlex
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

ODD_TEXT = (
    "9" * 5000, ".nan", ".inf", "-.inf", '"\\ud83d\\ude00"', '"\\ud83d"', "\x00", "\x1b[2J", "\u202e", "&a [*a]",
    "*nope", "!!binary AAAA", "!!python/object:os.system x", "[" * 200, "{" * 200, "? [a]: b", "<<: *x", "---",
    "...", "%YAML 1.1", "\t", "'", '"', "\\", "0x1F", "0o17", "1e400", "-0", "+.5", "~", "null", "yes", "on",
)  # fmt: skip
KINDS = ("workflow", "workflowtemplate", "cronworkflow")
SCHEDULES = ("* * * * *", "0 0 * * *", "not a cron", "", "@daily", "61 * * * *")
NAMES = ("ok-name", "Bad_Name", "x" * 80, "", "-lead", "a.b", "ü")
PARAMS = ("x=1", "greeting=hi", "bad name=1", "=x", "a=", "a.b=1", "a=" + "9" * 5000, "a={{workflow.name}}")
LINT_FORMATS = ("human", "json", "github", "sarif", "junit")


def seeds() -> list[Path]:
    return sorted((REPO / "examples").glob("*.yaml")) + [REPO / "tests" / "fixtures" / "kitchen-sink.yaml"]


def text_mutation(rng: random.Random, text: str) -> str:
    """A mutation a structured mutator cannot make: a broken, odd or hostile text."""
    pick = rng.random()
    lines = text.splitlines(keepends=True)
    if pick < 0.15 and text:
        return text[: rng.randrange(len(text))]  # cut short
    if pick < 0.3 and text:
        data = bytearray(text.encode())
        for _ in range(rng.randint(1, 5)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        return data.decode("utf-8", "replace")
    if pick < 0.7 and lines:
        index = rng.randrange(len(lines))
        line = lines[index]
        if ": " in line and rng.random() < 0.7:  # replace a value
            key = line.split(": ", 1)[0]
            lines[index] = f"{key}: {rng.choice(ODD_TEXT)}\n"
        else:
            lines.insert(index, rng.choice(ODD_TEXT) + "\n")
        return "".join(lines)
    if pick < 0.8:
        return "a: &a [" + "*a, " * rng.randint(1, 50) + "]\n" + text  # aliases
    return text


def defaults_text(rng: random.Random) -> str:
    base = (REPO / "examples" / "opctl.yaml").read_text()
    return text_mutation(rng, base) if rng.random() < 0.7 else base


def make_case(rng: random.Random, workdir: Path) -> list[str]:
    """Write the inputs of one case into ``workdir`` and return the opctl arguments to run."""
    from opctl.compile.emit import to_json, to_yaml
    from opctl.inputs import load_inputs
    from tests.test_fuzz import mutate

    seed = rng.choice(seeds())
    bases = [doc.data for doc in load_inputs([str(seed)]).documents if isinstance(doc.data, dict)]
    data = mutate(rng, rng.choice(bases)) if rng.random() < 0.8 else rng.choice(bases)
    as_json = rng.random() < 0.25
    try:
        text = to_json([data]) if as_json else to_yaml([data])
    except (ValueError, TypeError, RecursionError):
        text = json.dumps(data, default=str)
    if rng.random() < 0.5:
        text = text_mutation(rng, text)
    path = workdir / (f"case{rng.randrange(10**6)}" + (".json" if as_json else ".yaml"))
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    if rng.random() < 0.5:
        args = ["lint", str(path), "-o", rng.choice(LINT_FORMATS)]
        if rng.random() < 0.3:
            args += ["--dialect", "argo"]
        if rng.random() < 0.2:
            args.append("--strict")
        return args
    args = ["compile", str(path), "-o", rng.choice(("yaml", "json"))]
    for _ in range(rng.randint(0, 2)):
        args += ["-p", rng.choice(PARAMS)]
    if rng.random() < 0.3:
        args += ["--kind", rng.choice(KINDS)]
    if rng.random() < 0.2:
        args += ["--schedule", rng.choice(SCHEDULES)]
    if rng.random() < 0.15:
        args += ["--name", rng.choice(NAMES)]
    if rng.random() < 0.5:
        defaults = workdir / "defaults.yaml"
        defaults.write_text(defaults_text(rng), encoding="utf-8", errors="surrogatepass")
        args += ["--defaults", str(defaults)]
    return args


def run_case(args: list[str]) -> tuple[int | None, str | None]:
    """Exit code, or None and the traceback when opctl raised."""
    from click.testing import CliRunner

    from opctl.cli import cli

    result = CliRunner().invoke(cli, args, catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        exc = result.exception
        return None, "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    output = result.stdout + (result.stderr if result.stderr_bytes is not None else "")
    if "Traceback (most recent call last)" in output:
        return result.exit_code, output
    return result.exit_code, None


def job(spec: tuple[int, int, int, str]) -> dict[str, Any]:
    seed, start, count, save_dir = spec
    codes: Counter[str] = Counter()
    failures: list[str] = []
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="opctl-fuzz-") as tmp:
        workdir = Path(tmp)
        for case in range(start, start + count):
            rng = random.Random(f"{seed}/{case}")
            args = make_case(rng, workdir)
            code, problem = run_case(args)
            codes[str(code)] += 1
            if problem is not None or code not in (0, 1, 2, 3, 4):
                target = Path(save_dir) / f"seed{seed}-case{case}"
                target.mkdir(parents=True, exist_ok=True)
                replay = []
                for arg in args:
                    if arg.startswith(tmp):
                        copy = target / Path(arg).name
                        copy.write_bytes(Path(arg).read_bytes())
                        arg = str(copy)
                    replay.append(arg)
                (target / "command.txt").write_text("opctl " + shlex.join(replay) + "\n")
                (target / "problem.txt").write_text(problem or f"exit code {code}")
                failures.append(str(target))
    return {"cases": count, "codes": dict(codes), "failures": failures, "seconds": time.monotonic() - started}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=1000, help="mutated inputs to run")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--save-dir", default=str(Path(tempfile.gettempdir()) / "opctl-fuzz-failures"))
    options = parser.parse_args()
    per_job = -(-options.count // options.jobs)
    specs = [
        (options.seed, i * per_job, min(per_job, options.count - i * per_job), options.save_dir)
        for i in range(options.jobs)
        if options.count - i * per_job > 0
    ]
    started = time.monotonic()
    if options.jobs == 1:
        results = [job(specs[0])]
    else:
        with multiprocessing.get_context("spawn").Pool(options.jobs) as pool:
            results = pool.map(job, specs)
    codes: Counter[str] = Counter()
    failures: list[str] = []
    for result in results:
        codes.update(result["codes"])
        failures += result["failures"]
    total = sum(r["cases"] for r in results)
    elapsed = time.monotonic() - started
    print(
        f"fuzz campaign seed {options.seed}: {total} cases in {elapsed:.0f}s; exit codes "
        + ", ".join(f"{k}: {v}" for k, v in sorted(codes.items()))
        + f"; {len(failures)} failures (traceback or exit outside 0-4)"
    )
    for failure in failures[:20]:
        print(f"  saved: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
