"""Checkers for what opctl graph draws: Mermaid's own flowchart parser and Graphviz's dot.

Mermaid: the jison flowchart grammar of mermaid-js, as bundled by the mermaid-syntax-parser
package (test extra), run by node in one process for a whole batch of diagrams. Dot: the real
``dot`` program (Debian's graphviz; .ci/run installs it).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

_SCRIPT = """
const lib = require(process.argv[1]);
let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const results = JSON.parse(input).map((text) => {
    try { return lib.ValidateMermaid(text) === true; } catch (e) { return false; }
  });
  process.stdout.write(JSON.stringify(results));
});
"""


def _require(program: str, why: str) -> str:
    found = shutil.which(program)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{program} is missing in CI: {why}")
        pytest.skip(f"{program} is not installed ({why})")
    return found


def mermaid_valid(diagrams: list[str]) -> list[bool]:
    """Whether Mermaid's flowchart parser accepts each diagram."""
    import mermaid_parser

    library = Path(mermaid_parser.__file__).parent / "lib" / "mermaid_syntax_parser.cjs"
    node = _require("node", "runs Mermaid's parser")
    run = subprocess.run(
        [node, "-e", _SCRIPT, str(library)],
        input=json.dumps(diagrams),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    results = json.loads(run.stdout)
    assert isinstance(results, list) and len(results) == len(diagrams)
    return [bool(r) for r in results]


def dot_errors(text: str) -> str:
    """Graphviz's complaints about a dot graph ('' when accepted)."""
    dot = _require("dot", "apt-get install graphviz")
    run = subprocess.run([dot, "-Tcanon"], input=text, capture_output=True, text=True, timeout=60)
    if run.returncode != 0:
        return run.stderr or f"dot exited {run.returncode}"
    return run.stderr.strip()
