"""References: every ``{{...}}`` tag names something that exists where it is used.

Argo checks a simple tag only when its trimmed text starts with ``item.``, ``steps.``, ``inputs.``,
``outputs.``, ``pod.``, ``workflow.`` or ``tasks.`` (argo-reference §a.0); expression tags
(``{{=...}}``) and anything else (``{{item}}``, ``{{node.name}}``, ``{{retries}}``) are left alone,
and so are Onepanel's migration placeholders (``{{.NodePoolLabel}}``). This family reproduces
Argo's scopes (§e): workflow variables everywhere, a template's own inputs inside it, the tasks
of the same DAG (``.status`` and argument values that start with ``{{tasks.`` only for
ancestors), and Onepanel's injected ``sys-metrics`` output in the onepanel dialect. It also
checks task arguments against the called template's inputs and reports unused workflow
parameters.

``walker`` makes the single pass; ``workflow``, ``local``, ``calls``, ``arguments`` and
``artifacts`` hold one kind of reference each; ``scope`` what a tag is checked against; ``rules``
the ids. Ancestor questions go to the cached :class:`opctl.lint.graph.DagGraph`.
"""

from __future__ import annotations

from opctl.diagnostics import Diagnostic
from opctl.lint.references.rules import (  # the rule constants, importable from here as before the split
    ARTIFACT_FROM,
    EXTRA_ARGUMENT,
    FAMILY,
    INPUT_ARTIFACT,
    INPUT_PARAMETER,
    MISSING_ARGUMENT,
    TASK_NOT_ANCESTOR,
    TASK_OUTPUT,
    TASK_UNDEFINED,
    TASK_UNORDERED,
    UNUSED_PARAMETER,
    VARIABLE_SCOPE,
    WORKFLOW_PARAMETER,
    WORKFLOW_VARIABLE,
    WORKSPACE_VARIABLE,
)
from opctl.lint.references.scope import TAG, find_tags, tag_position
from opctl.lint.references.walker import SUGGESTION_BUDGET, Walker
from opctl.lint.registry import LintContext, check

__all__ = [
    "ARTIFACT_FROM",
    "EXTRA_ARGUMENT",
    "FAMILY",
    "INPUT_ARTIFACT",
    "INPUT_PARAMETER",
    "MISSING_ARGUMENT",
    "SUGGESTION_BUDGET",
    "TAG",
    "TASK_NOT_ANCESTOR",
    "TASK_OUTPUT",
    "TASK_UNDEFINED",
    "TASK_UNORDERED",
    "UNUSED_PARAMETER",
    "VARIABLE_SCOPE",
    "WORKFLOW_PARAMETER",
    "WORKFLOW_VARIABLE",
    "WORKSPACE_VARIABLE",
    "Walker",
    "check_references",
    "find_tags",
    "tag_position",
]


@check(FAMILY)
def check_references(ctx: LintContext) -> list[Diagnostic]:
    return Walker(ctx).run()
