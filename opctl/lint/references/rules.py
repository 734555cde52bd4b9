"""The ids of the references family."""

from __future__ import annotations

from opctl.diagnostics import Severity
from opctl.lint.registry import register

FAMILY = "references"
E, W = Severity.ERROR, Severity.WARNING

WORKFLOW_PARAMETER = register(
    "ref-workflow-parameter", FAMILY, E, "{{workflow.parameters.X}} names no parameter in spec.arguments.parameters"
)
WORKFLOW_VARIABLE = register(
    "ref-workflow-variable", FAMILY, E, "a {{workflow.*}} variable Argo does not know, or not available here"
)
INPUT_PARAMETER = register(
    "ref-input-parameter", FAMILY, E, "{{inputs.parameters.X}} names no input parameter of the template using it"
)
INPUT_ARTIFACT = register(
    "ref-input-artifact", FAMILY, E, "{{inputs.artifacts.X}} names no input artifact of the template using it"
)
TASK_UNDEFINED = register(
    "ref-task-undefined", FAMILY, E, "{{tasks.X...}} / {{steps.X...}} names no task or step of the same template"
)
TASK_OUTPUT = register(
    "ref-task-output", FAMILY, E, "a task reference names an output or variable the task's template does not produce"
)
TASK_NOT_ANCESTOR = register(
    "ref-task-not-ancestor",
    FAMILY,
    E,
    "{{tasks.X.status}}, or an argument value/from starting with {{tasks.X, where X is not an ancestor",
)
TASK_UNORDERED = register(
    "ref-task-unordered",
    FAMILY,
    W,
    "a task uses an output of a task it does not depend on (left unresolved at run time)",
)
VARIABLE_SCOPE = register(
    "ref-variable-scope", FAMILY, E, "an {{item.*}}, {{inputs.*}}, {{pod.*}} or {{steps.*}} tag out of its scope"
)
ARTIFACT_FROM = register(
    "ref-artifact-from", FAMILY, E, "an artifact 'from' that is not a single {{...}} reference to an artifact"
)
MISSING_ARGUMENT = register(
    "ref-missing-argument", FAMILY, E, "a called template's input without a default or value is not passed"
)
EXTRA_ARGUMENT = register(
    "ref-extra-argument", FAMILY, W, "an argument the called template does not declare as an input"
)
UNUSED_PARAMETER = register("ref-unused-parameter", FAMILY, W, "a workflow parameter that nothing in the document uses")
WORKSPACE_VARIABLE = register(
    "ref-workspace-variable", FAMILY, W, "{{workspace.*}} only resolves in a workspace's post-execution workflow"
)
