"""The ids ``opctl compile`` prints besides lint's: command-line, namespace-defaults and pass findings.

Registered in the one catalogue (``opctl.catalogue``), so configuration, ``# opctl: ignore[...]``
comments, ``opctl rules`` and every report format treat them as they treat lint rules. Usage errors
and a manifest that fails Argo lint stop the compile and cannot be disabled or re-graded.
"""

from __future__ import annotations

from opctl.catalogue import Rule, register
from opctl.diagnostics import Severity


def _compile(rule_id: str, severity: Severity, summary: str, *, disableable: bool = True) -> Rule:
    return register(rule_id, "compile", severity, summary, disableable=disableable)


ERROR, WARNING = Severity.ERROR, Severity.WARNING

# the command line and its files (exit 2)
OPTION = _compile("compile-option", ERROR, "a compile option is invalid or conflicts with another", disableable=False)
NOTHING = _compile(
    "compile-nothing", ERROR, "no Onepanel workflow template or Argo manifest in the input", disableable=False
)
PARAMETER_FILE = _compile(
    "compile-parameter-file", ERROR, "a --parameter-file is not a map or list of parameters", disableable=False
)
DEFAULTS_NOT_FOUND = register(
    "defaults-not-found", "defaults", ERROR, "the namespace-defaults file named does not exist", disableable=False
)
DEFAULTS_INVALID = register(
    "defaults-invalid", "defaults", ERROR, "the namespace-defaults file breaks its schema", disableable=False
)

# the input and the passes
KIND_UNSUPPORTED = _compile("compile-kind-unsupported", ERROR, "--kind cannot convert an Argo manifest given as input")
PLACEHOLDER_UNKNOWN = _compile(
    "compile-placeholder-unknown", WARNING, "a Go template placeholder Onepanel's migration did not know"
)
PLACEHOLDER_UNCONFIGURED = _compile(
    "compile-placeholder-unconfigured", ERROR, "a placeholder needs a namespace default that is not configured"
)
PARAMETER_INVALID = _compile(
    "compile-parameter-invalid", ERROR, "a workflow parameter without a name or a string value"
)
PARAMETER_FIELD_DROPPED = _compile(
    "compile-parameter-field-dropped", WARNING, "Onepanel UI fields of a workflow parameter are dropped"
)
PARAMETER_UNDECLARED = _compile(
    "compile-parameter-undeclared", WARNING, "a parameter passed with -p or a file is not declared by the template"
)
PARAMETER_MISSING_VALUE = _compile(
    "compile-parameter-missing-value", ERROR, "a workflow parameter has no value and none was passed"
)
NODEPOOL_UNCONFIGURED = _compile(
    "compile-nodepool-unconfigured", ERROR, "a node-pool parameter is 'default' but no node pools are configured"
)
NODEPOOL_UNKNOWN_VALUE = _compile(
    "compile-nodepool-unknown-value", WARNING, "a node-pool parameter's value is not a configured node pool"
)
NAMESPACE_UNKNOWN = _compile(
    "compile-namespace-unknown", ERROR, "a parameter value uses {{workflow.namespace}} and no namespace is known"
)
ARTIFACT_REPOSITORY_REF_REPLACED = _compile(
    "compile-artifact-repository-ref-replaced", WARNING, "the template's artifactRepositoryRef is replaced"
)
RESERVED_NAME = _compile("compile-reserved-name", WARNING, "a name the template uses is reserved by Onepanel")
RESOURCES_REPLACED = _compile(
    "compile-resources-replaced", WARNING, "container resources are replaced by those of the node pool"
)
KEY_ONLY_ARTIFACT = _compile(
    "compile-key-only-artifact", WARNING, "a key-only S3 artifact is left for the cluster's default repository"
)
ARGUMENT_KEY_ONLY = _compile(
    "compile-argument-key-only", WARNING, "a key-only S3 artifact in task arguments is not completed"
)
ARCHIVE_REPLACED = _compile("compile-archive-replaced", WARNING, "an output artifact's archive is replaced by none")
SIDECAR_NO_PORTS = _compile("compile-sidecar-no-ports", WARNING, "an interactive sidecar has no ports")
OUTPUT_INVALID = _compile(
    "compile-output-invalid",
    ERROR,
    "the compiled manifest fails Argo lint (an opctl bug or a template opctl cannot compile)",
    disableable=False,
)
