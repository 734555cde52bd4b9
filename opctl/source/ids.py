"""The ids reading and parsing can print (registered in the one catalogue)."""

from __future__ import annotations

from opctl.catalogue import Change, Rule, register
from opctl.diagnostics import Severity


# The ids reading and parsing can print. All but yaml-duplicate-key stop the run (exit 2), so
# configuration can neither disable nor re-grade them.
def _fatal(
    rule_id: str,
    family: str,
    summary: str,
    *,
    explanation: str | None = None,
    bad: str | None = None,
    good: str | Change | None = None,
) -> Rule:
    return register(
        rule_id, family, Severity.ERROR, summary, disableable=False, explanation=explanation, bad=bad, good=good
    )


INPUT_NOT_FOUND = _fatal(
    "input-not-found",
    "input",
    "an input path does not exist",
    explanation=(
        "A path on the command line that does not exist is an error, never silently skipped. Example: "
        "`opctl lint templats/` (a typo) instead of `opctl lint templates/`."
    ),
)
INPUT_UNREADABLE = _fatal(
    "input-unreadable",
    "input",
    "an input cannot be read",
    explanation=(
        "A file opctl may not read (permissions, a directory where a file was expected, an I/O error) is "
        "an error with the reason, never skipped."
    ),
)
INPUT_EMPTY = _fatal(
    "input-empty",
    "input",
    "an input is empty",
    explanation=(
        "An empty file holds no template; a file named on the command line must hold one (files found in "
        "a directory or passed by a hook are skipped instead)."
    ),
)
INPUT_TOO_LARGE = _fatal(
    "input-too-large",
    "input",
    "an input is over the size limit",
    explanation=(
        "Inputs over the size limit (16 MiB; `opctl lint --max-bytes N`) are refused before they are "
        "read: no workflow template is that large, and hostile input should cost nothing."
    ),
)
INPUT_BINARY = _fatal(
    "input-binary",
    "input",
    "an input is a binary file",
    explanation=(
        "A binary file (an image, an archive) named as input cannot be a template; opctl refuses it "
        "instead of reporting YAML noise. Directories are searched for *.yaml, *.yml and *.json only."
    ),
)
INPUT_ENCODING = _fatal(
    "input-encoding",
    "input",
    "an input is not valid UTF-8 (or UTF-16/32 with a BOM)",
    explanation=(
        "YAML is UTF-8 (or UTF-16/32 with a byte-order mark); a file in another encoding (Latin-1, say) "
        "cannot be read faithfully, so opctl refuses it with the position of the first bad byte. Convert "
        "it: `iconv -f latin1 -t utf-8`."
    ),
)
YAML_SYNTAX = _fatal(
    "yaml-syntax",
    "yaml",
    "an input is not valid YAML",
    explanation=(
        "The file is not valid YAML: opctl reports the parser's message at its line and column, with the "
        "likely cause (a tab in indentation, an unclosed quote or bracket, a missing space after ':')."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag: {tasks: [{name: a, template: echo}]\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
    ),
    good=Change(
        "  dag: {tasks: [{name: a, template: echo}]\n",
        "  dag: {tasks: [{name: a, template: echo}]}\n",
    ),
)
YAML_TOO_DEEP = _fatal(
    "yaml-too-deep",
    "yaml",
    "an input nests deeper than the limit",
    explanation=(
        "A document nested deeper than 256 levels is refused before it exhausts the stack; no workflow needs that."
    ),
)
YAML_TOO_COMPLEX = _fatal(
    "yaml-too-complex",
    "yaml",
    "an input expands to too many nodes (YAML alias bomb)",
    explanation=(
        "A document whose aliases expand to more than 5,000,000 nodes ('billion laughs') is refused "
        "before it exhausts memory; no workflow needs that."
    ),
)
YAML_COMPLEX_KEY = _fatal(
    "yaml-complex-key",
    "yaml",
    "a mapping or sequence used as a mapping key",
    explanation=(
        "Kubernetes (and Onepanel) decode YAML into JSON, whose keys are strings: a mapping or a list "
        "used as a key cannot be decoded."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag: {tasks: [{name: a, template: echo}]}\n"
        "  ? [a, b]\n"
        "  : x\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
    ),
    good=Change(
        (
            "  ? [a, b]\n"
            "  : x\n"
        ),
        "",
    ),
)
YAML_DUPLICATE_KEY = register(
    "yaml-duplicate-key",
    "yaml",
    Severity.ERROR,
    "a mapping has the same key twice",
    explanation=(
        "Kubernetes' YAML decoding refuses a mapping with the same key twice; Onepanel silently kept the "
        "last one, so half of what was written never ran."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag: {tasks: [{name: a, template: echo}]}\n"
        "- name: echo\n"
        "  container: {image: alpine, image: busybox}\n"
    ),
    good=Change(
        "  container: {image: alpine, image: busybox}\n",
        "  container: {image: busybox}\n",
    ),
)
