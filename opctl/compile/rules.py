"""The ids ``opctl compile`` prints besides lint's: command-line, namespace-defaults and pass findings.

Registered in the one catalogue (``opctl.catalogue``), so configuration, ``# opctl: ignore[...]``
comments, ``opctl rules`` and every report format treat them as they treat lint rules. Usage errors
and a manifest that fails Argo lint stop the compile and cannot be disabled or re-graded.
"""

from __future__ import annotations

from opctl.catalogue import Change, Rule, register
from opctl.diagnostics import Severity


def _compile(
    rule_id: str,
    severity: Severity,
    summary: str,
    *,
    disableable: bool = True,
    explanation: str | None = None,
    bad: str | None = None,
    good: str | Change | None = None,
) -> Rule:
    return register(
        rule_id, "compile", severity, summary, disableable=disableable, explanation=explanation, bad=bad, good=good
    )


ERROR, WARNING = Severity.ERROR, Severity.WARNING

# the command line and its files (exit 2)
OPTION = _compile(
    "compile-option",
    ERROR,
    "a compile option is invalid or conflicts with another",
    disableable=False,
    explanation=(
        "A compile option is invalid or conflicts with another (an unknown --kind, --schedule without "
        "--kind cronworkflow, --name with --generate-name, a name that is not a Kubernetes name). "
        "Example: `opctl compile t.yaml --name My_Run`."
    ),
)
NOTHING = _compile(
    "compile-nothing",
    ERROR,
    "no Onepanel workflow template or Argo manifest in the input",
    disableable=False,
    explanation=(
        "`opctl compile` needs an Onepanel template or an Argo workflow manifest; the input holds "
        "neither. Example: `opctl compile values.yaml`."
    ),
)
PARAMETER_FILE = _compile(
    "compile-parameter-file",
    ERROR,
    "a --parameter-file is not a map or list of parameters",
    disableable=False,
    explanation=(
        "A --parameter-file must be a YAML/JSON mapping of name to value, or a list of {name, value}. "
        "Example: `opctl compile t.yaml --parameter-file params.yaml` with a file holding a plain list "
        "of values."
    ),
)
DEFAULTS_NOT_FOUND = register(
    "defaults-not-found",
    "defaults",
    ERROR,
    "the namespace-defaults file named does not exist",
    disableable=False,
    explanation=(
        "The namespace-defaults file named with --defaults or $OPCTL_DEFAULTS does not exist. Example: "
        "`opctl compile t.yaml --defaults opctl.yml` when the file is opctl.yaml."
    ),
)
DEFAULTS_INVALID = register(
    "defaults-invalid",
    "defaults",
    ERROR,
    "the namespace-defaults file breaks its schema",
    disableable=False,
    explanation=(
        "The namespace-defaults file (opctl.yaml, --defaults, $OPCTL_DEFAULTS) must follow "
        "schemas/namespace-defaults.schema.json; opctl reports each problem at its line and refuses to "
        "compile with a wrong configuration."
    ),
)

# the input and the passes
KIND_UNSUPPORTED = _compile(
    "compile-kind-unsupported",
    ERROR,
    "--kind cannot convert an Argo manifest given as input",
    explanation=(
        "--kind converts an Onepanel template into a Workflow, WorkflowTemplate or CronWorkflow; an Argo "
        "manifest given as input already has its kind and passes through unchanged."
    ),
    bad=(
        "# $ opctl compile --kind workflowtemplate\n"
        "apiVersion: argoproj.io/v1alpha1\n"
        "kind: Workflow\n"
        "metadata: {generateName: hello-}\n"
        "spec:\n"
        "  entrypoint: main\n"
        "  templates:\n"
        "  - name: main\n"
        "    container: {image: alpine}\n"
    ),
    good=Change(
        "# $ opctl compile --kind workflowtemplate\n",
        "# $ opctl compile\n",
    ),
)
PLACEHOLDER_UNKNOWN = _compile(
    "compile-placeholder-unknown",
    WARNING,
    "a Go template placeholder Onepanel's migration did not know",
    explanation=(
        "A Go template placeholder ({{.Name}}) that Onepanel's migration did not know stays in the manifest as text."
    ),
    bad=(
        "# $ opctl compile\n"
        "entrypoint: main\n"
        "arguments:\n"
        "  parameters:\n"
        "  - {name: epochs, value: '{{.Epochs}}'}\n"
        "templates:\n"
        "- name: main\n"
        "  dag: {tasks: [{name: a, template: t}]}\n"
        "- name: t\n"
        "  container: {image: alpine, args: ['{{workflow.parameters.epochs}}']}\n"
    ),
    good=Change(
        "  - {name: epochs, value: '{{.Epochs}}'}\n",
        "  - {name: epochs, value: '3'}\n",
    ),
)
PLACEHOLDER_UNCONFIGURED = _compile(
    "compile-placeholder-unconfigured",
    ERROR,
    "a placeholder needs a namespace default that is not configured",
    explanation=(
        "Onepanel's system templates carry Go placeholders ({{.NodePoolLabel}}, "
        "{{.DefaultNodePoolOption}}, {{.ArtifactRepositoryType}}) that its migration filled from the "
        "namespace configuration; `opctl compile` fills them from the namespace defaults and needs the "
        "value configured."
    ),
)
PARAMETER_INVALID = _compile(
    "compile-parameter-invalid",
    ERROR,
    "a workflow parameter without a name or a string value",
    explanation=(
        "Every workflow parameter needs a name, and a value that is text (numbers are converted); Argo refuses others."
    ),
)
PARAMETER_FIELD_DROPPED = _compile(
    "compile-parameter-field-dropped",
    WARNING,
    "Onepanel UI fields of a workflow parameter are dropped",
    explanation=(
        "Onepanel kept only name and value of workflow parameters (and its form fields); `opctl compile` "
        "drops the other Argo fields the same way, so the manifest runs as Onepanel ran it."
    ),
    bad=(
        "# $ opctl compile\n"
        "entrypoint: main\n"
        "arguments:\n"
        "  parameters:\n"
        "  - {name: epochs, value: '3', enum: ['3', '5']}\n"
        "templates:\n"
        "- name: main\n"
        "  dag: {tasks: [{name: a, template: t}]}\n"
        "- name: t\n"
        "  container: {image: alpine, args: ['{{workflow.parameters.epochs}}']}\n"
    ),
    good=Change(
        "  - {name: epochs, value: '3', enum: ['3', '5']}\n",
        "  - {name: epochs, value: '3'}\n",
    ),
)
PARAMETER_UNDECLARED = _compile(
    "compile-parameter-undeclared",
    WARNING,
    "a parameter passed with -p or a file is not declared by the template",
    explanation=(
        "A parameter passed with -p or --parameter-file that the template does not declare changes "
        "nothing: usually a misspelt name."
    ),
    bad=(
        "# $ opctl compile -p epoch=5\n"
        "entrypoint: main\n"
        "arguments:\n"
        "  parameters:\n"
        "  - {name: epochs, value: '3'}\n"
        "templates:\n"
        "- name: main\n"
        "  dag: {tasks: [{name: a, template: t}]}\n"
        "- name: t\n"
        "  container: {image: alpine, args: ['{{workflow.parameters.epochs}}']}\n"
    ),
    good=Change(
        "# $ opctl compile -p epoch=5\n",
        "# $ opctl compile -p epochs=5\n",
    ),
)
PARAMETER_MISSING_VALUE = _compile(
    "compile-parameter-missing-value",
    ERROR,
    "a workflow parameter has no value and none was passed",
    explanation=(
        "Argo needs a value for every workflow parameter when the Workflow is created; Onepanel's form "
        "supplied one. Give the parameter a default or pass -p NAME=VALUE."
    ),
    bad=(
        "# $ opctl compile\n"
        "entrypoint: main\n"
        "arguments:\n"
        "  parameters:\n"
        "  - {name: epochs}\n"
        "templates:\n"
        "- name: main\n"
        "  dag: {tasks: [{name: a, template: t}]}\n"
        "- name: t\n"
        "  container: {image: alpine, args: ['{{workflow.parameters.epochs}}']}\n"
    ),
    good=Change(
        "# $ opctl compile\n",
        "# $ opctl compile -p epochs=3\n",
    ),
)
NODEPOOL_UNCONFIGURED = _compile(
    "compile-nodepool-unconfigured",
    ERROR,
    "a node-pool parameter is 'default' but no node pools are configured",
    explanation=(
        "A select.nodepool parameter set to `default` means the namespace's first node pool; without "
        "node pools in the namespace defaults there is nothing to put in its place. Configure "
        "`nodePools:` in opctl.yaml or pass -p NAME=<node pool>."
    ),
)
NODEPOOL_UNKNOWN_VALUE = _compile(
    "compile-nodepool-unknown-value",
    WARNING,
    "a node-pool parameter's value is not a configured node pool",
    explanation=(
        "A select.nodepool value that is none of the configured node pools is used as written: check it "
        "is an instance type of your cluster."
    ),
)
NAMESPACE_UNKNOWN = _compile(
    "compile-namespace-unknown",
    ERROR,
    "a parameter value uses {{workflow.namespace}} and no namespace is known",
    explanation=(
        "Onepanel replaced {{workflow.namespace}} inside parameter values before submitting, which Argo "
        "does not do there; `opctl compile` needs the namespace (--namespace or `namespace:` in "
        "opctl.yaml) to do the same."
    ),
    bad=(
        "# $ opctl compile\n"
        "entrypoint: main\n"
        "arguments:\n"
        "  parameters:\n"
        "  - {name: path, value: 'artifacts/{{workflow.namespace}}/data'}\n"
        "templates:\n"
        "- name: main\n"
        "  dag: {tasks: [{name: a, template: t}]}\n"
        "- name: t\n"
        "  container: {image: alpine, args: ['{{workflow.parameters.path}}']}\n"
    ),
    good=Change(
        "# $ opctl compile\n",
        "# $ opctl compile --namespace ml\n",
    ),
)
ARTIFACT_REPOSITORY_REF_REPLACED = _compile(
    "compile-artifact-repository-ref-replaced",
    WARNING,
    "the template's artifactRepositoryRef is replaced",
    explanation=(
        "The namespace defaults say which artifact repository Onepanel's namespace used; `opctl compile` "
        "sets spec.artifactRepositoryRef to it, replacing the template's own."
    ),
)
RESERVED_NAME = _compile(
    "compile-reserved-name",
    WARNING,
    "a name the template uses is reserved by Onepanel",
    explanation=(
        "Onepanel adds volumes named sys-dshm and tmp (memory emptyDirs at /dev/shm and /mnt/tmp); a "
        "volume of the template with one of these names keeps it, and nothing is mounted where Onepanel "
        "mounted its own."
    ),
    bad=(
        "# $ opctl compile\n"
        "entrypoint: main\n"
        "volumes: [{name: tmp, emptyDir: {}}]\n"
        "templates:\n"
        "- name: main\n"
        "  dag: {tasks: [{name: a, template: t}]}\n"
        "- name: t\n"
        "  container:\n"
        "    image: alpine\n"
        "    volumeMounts: [{name: tmp, mountPath: /scratch}]\n"
    ),
    good=(
        "# $ opctl compile\n"
        "entrypoint: main\n"
        "volumes: [{name: scratch, emptyDir: {}}]\n"
        "templates:\n"
        "- name: main\n"
        "  dag: {tasks: [{name: a, template: t}]}\n"
        "- name: t\n"
        "  container:\n"
        "    image: alpine\n"
        "    volumeMounts: [{name: scratch, mountPath: /scratch}]\n"
    ),
)
RESOURCES_REPLACED = _compile(
    "compile-resources-replaced",
    WARNING,
    "container resources are replaced by those of the node pool",
    explanation=(
        "A select.nodepool parameter decides the machine type; `opctl compile` sets the GPU resources of "
        "the node pool from the namespace defaults, as Onepanel did, replacing the container's own."
    ),
)
KEY_ONLY_ARTIFACT = _compile(
    "compile-key-only-artifact",
    WARNING,
    "a key-only S3 artifact is left for the cluster's default repository",
    explanation=(
        "With no artifact repository in the namespace defaults, a key-only S3 artifact cannot be "
        "completed as Onepanel did: it is left for the cluster's default artifact repository, which must "
        "exist."
    ),
)
ARGUMENT_KEY_ONLY = _compile(
    "compile-argument-key-only",
    WARNING,
    "a key-only S3 artifact in task arguments is not completed",
    explanation=(
        "Onepanel completed key-only S3 artifacts (a key and nothing else) of templates with the "
        "namespace's artifact repository, but not those in task arguments; `opctl compile` leaves them "
        "as Onepanel did, for the cluster's default artifact repository."
    ),
)
ARCHIVE_REPLACED = _compile(
    "compile-archive-replaced",
    WARNING,
    "an output artifact's archive is replaced by none",
    explanation=(
        "Onepanel stored every artifact of container and script templates unarchived (`archive: {none: "
        "{}}`), whatever the template said; `opctl compile` does the same, so an explicit tar archive is "
        "replaced and the files land as they are."
    ),
    bad=(
        "# $ opctl compile\n"
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag: {tasks: [{name: a, template: t}]}\n"
        "- name: t\n"
        "  container: {image: alpine}\n"
        "  outputs:\n"
        "    artifacts: [{name: model, path: /out, archive: {tar: {}}}]\n"
    ),
    good=Change(
        "    artifacts: [{name: model, path: /out, archive: {tar: {}}}]\n",
        "    artifacts: [{name: model, path: /out}]\n",
    ),
)
SIDECAR_NO_PORTS = _compile(
    "compile-sidecar-no-ports",
    WARNING,
    "an interactive sidecar has no ports",
    explanation=(
        "Onepanel refused an interactive sidecar without ports ('sidecar must have at least one port'); "
        "the compiled manifest runs on plain Argo, but the sidecar serves nothing reachable."
    ),
    bad=(
        "# $ opctl compile\n"
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag: {tasks: [{name: a, template: t}]}\n"
        "- name: t\n"
        "  container: {image: alpine}\n"
        "  sidecars:\n"
        "  - name: tensorboard\n"
        "    image: tensorflow/tensorflow\n"
        "    env: [{name: ONEPANEL_INTERACTIVE_SIDECAR, value: 'true'}]\n"
    ),
    good=Change(
        (
            "    image: tensorflow/tensorflow\n"
            "    env: [{name: ONEPANEL_INTERACTIVE_SIDECAR, value: 'true'}]\n"
        ),
        (
            "    image: tensorflow/tensorflow\n"
            "    ports: [{containerPort: 6006}]\n"
            "    env: [{name: ONEPANEL_INTERACTIVE_SIDECAR, value: 'true'}]\n"
        ),
    ),
)
OUTPUT_INVALID = _compile(
    "compile-output-invalid",
    ERROR,
    "the compiled manifest fails Argo lint (an opctl bug or a template opctl cannot compile)",
    disableable=False,
    explanation=(
        "`opctl compile` lints its own output as an Argo manifest and refuses to print one it knows Argo "
        "would reject: a bug in opctl, or a template it cannot compile faithfully. Please report it with "
        "the template."
    ),
)
