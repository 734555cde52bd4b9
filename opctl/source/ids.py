"""The ids reading and parsing can print (registered in the one catalogue)."""

from __future__ import annotations

from opctl.catalogue import Rule, register
from opctl.diagnostics import Severity


# The ids reading and parsing can print. All but yaml-duplicate-key stop the run (exit 2), so
# configuration can neither disable nor re-grade them.
def _fatal(rule_id: str, family: str, summary: str) -> Rule:
    return register(rule_id, family, Severity.ERROR, summary, disableable=False)


INPUT_NOT_FOUND = _fatal("input-not-found", "input", "an input path does not exist")
INPUT_UNREADABLE = _fatal("input-unreadable", "input", "an input cannot be read")
INPUT_EMPTY = _fatal("input-empty", "input", "an input is empty")
INPUT_TOO_LARGE = _fatal("input-too-large", "input", "an input is over the size limit")
INPUT_BINARY = _fatal("input-binary", "input", "an input is a binary file")
INPUT_ENCODING = _fatal("input-encoding", "input", "an input is not valid UTF-8 (or UTF-16/32 with a BOM)")
YAML_SYNTAX = _fatal("yaml-syntax", "yaml", "an input is not valid YAML")
YAML_TOO_DEEP = _fatal("yaml-too-deep", "yaml", "an input nests deeper than the limit")
YAML_TOO_COMPLEX = _fatal("yaml-too-complex", "yaml", "an input expands to too many nodes (YAML alias bomb)")
YAML_COMPLEX_KEY = _fatal("yaml-complex-key", "yaml", "a mapping or sequence used as a mapping key")
YAML_DUPLICATE_KEY = register("yaml-duplicate-key", "yaml", Severity.ERROR, "a mapping has the same key twice")
