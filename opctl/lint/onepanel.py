"""Rule family ``onepanel``: what Onepanel itself enforces or silently changes (onepanel-semantics.md §2-§4).

The entrypoint rules (`entrypoint-missing`, `entrypoint-undefined`, `onexit-undefined`) are Argo's
and run in both dialects. Every ``onepanel-*`` rule runs only on Onepanel-shaped documents (a bare
template or the stored ``metadata`` + ``spec`` form) in the onepanel dialect: an Argo manifest never
goes through Onepanel, and compiled output legitimately carries what Onepanel reserves.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from opctl.diagnostics import Diagnostic, Edit, Fix, Severity
from opctl.document import Shape
from opctl.edits import SAFE_NAME, fix, rename, replace_at, replace_scalar
from opctl.facts import (
    DROPPED_PARAMETER_FIELDS,
    INJECTED_ENV,
    INTERACTIVE_ENV,
    MAX_TEMPLATE_UID,
    NODEPOOL_TYPE,
    RESERVED_MOUNTS,
    RESERVED_VOLUMES,
    SIDECAR_URL_OUTPUT_PREFIX,
    STALE_METRICS_PATH,
    STATUS_TEMPLATES,
    SYS_METRICS,
    SYS_METRICS_PATH,
    generate_uid,
    is_go_placeholder,
)
from opctl.facts import (
    STALE_METRICS as STALE_METRICS_TEXT,
)
from opctl.lint.registry import Change, LintContext, check, register
from opctl.model import (
    TYPE_WORDS,
    TemplateRef,
    as_dict,
    as_list,
    iter_tasks,
    iter_templates,
    join,
    main_containers,
    scalar_text,
    templates_by_name,
    workflow_parameters,
)
from opctl.source import Position
from opctl.suggest import closest as did_you_mean
from opctl.suggest import unique_match

FAMILY = "onepanel"
E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741

ENTRYPOINT_MISSING = register(
    "entrypoint-missing",
    FAMILY,
    E,
    "spec.entrypoint is required",
    explanation=(
        "The entrypoint names the template a workflow starts with; Argo (and Onepanel) refuse a workflow "
        "without one (a WorkflowTemplate may leave it to the Workflow that uses it)."
    ),
    bad=(
        "templates:\n"
        "- name: main\n"
        "  dag: {tasks: [{name: a, template: echo}]}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
    ),
    good=Change(
        "templates:\n",
        (
            "entrypoint: main\n"
            "templates:\n"
        ),
    ),
)
ENTRYPOINT_UNDEFINED = register(
    "entrypoint-undefined",
    FAMILY,
    E,
    "spec.entrypoint names no template",
    fixable=True,
    explanation=(
        "The entrypoint must name a template of spec.templates; Argo refuses the workflow otherwise. "
        "Fixable when one template name is clearly meant."
    ),
    bad=(
        "entrypoint: mian\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: echo}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
    ),
    good=Change(
        "entrypoint: mian\n",
        "entrypoint: main\n",
    ),
)
ONEXIT_UNDEFINED = register(
    "onexit-undefined",
    FAMILY,
    E,
    "spec.onExit names no template",
    fixable=True,
    explanation=(
        "onExit must name a template of spec.templates; Argo refuses the workflow otherwise. Fixable "
        "when one template name is clearly meant."
    ),
    bad=(
        "entrypoint: main\n"
        "onExit: cleanp\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: echo}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
        "- name: cleanup\n"
        "  dag: {tasks: [{name: c, template: echo}]}\n"
    ),
    good=Change(
        "onExit: cleanp\n",
        "onExit: cleanup\n",
    ),
)
ENTRYPOINT_NOT_DAG = register(
    "onepanel-entrypoint-not-dag",
    FAMILY,
    E,
    "Onepanel runs only DAG entrypoints (no Steps or leaf entrypoint)",
    fixable=True,
    explanation=(
        'Onepanel runs only workflows whose entrypoint is a DAG (\'"entrypoint" template should be a '
        "DAG'), so a Steps or container entrypoint that plain Argo accepts cannot be saved. Fixable: "
        "--fix wraps it in a one-task DAG (not when the template has inputs)."
    ),
    bad=(
        "entrypoint: steps\n"
        "templates:\n"
        "- name: steps\n"
        "  steps:\n"
        "  - - {name: a, template: echo}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
    ),
    good=Change(
        (
            "entrypoint: steps\n"
            "templates:\n"
        ),
        (
            "entrypoint: steps-dag\n"
            "templates:\n"
            "- name: steps-dag\n"
            "  dag:\n"
            "    tasks:\n"
            "    - name: steps\n"
            "      template: steps\n"
        ),
    ),
)
ONEXIT_NOT_DAG = register(
    "onepanel-onexit-not-dag",
    FAMILY,
    E,
    "Onepanel's onExit template must be a DAG",
    fixable=True,
    explanation=(
        "Onepanel also requires the onExit template to be a DAG ('\"onExit\" template should be a DAG'). "
        "Fixable: --fix wraps it in a one-task DAG (not when the template has inputs)."
    ),
    bad=(
        "entrypoint: main\n"
        "onExit: steps\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: echo}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
        "- name: steps\n"
        "  steps:\n"
        "  - - {name: a, template: echo}\n"
    ),
    good=(
        "entrypoint: main\n"
        "onExit: steps-dag\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: echo}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
        "- name: steps-dag\n"
        "  dag:\n"
        "    tasks:\n"
        "    - name: steps\n"
        "      template: steps\n"
        "- name: steps\n"
        "  steps:\n"
        "  - - {name: a, template: echo}\n"
    ),
)
VISIBILITY = register(
    "onepanel-parameter-visibility",
    FAMILY,
    E,
    "parameter visibility must be public, protected, internal or private",
    fixable=True,
    explanation=(
        "Onepanel refuses to save a template whose parameter visibility is not public, protected, "
        "internal or private. Fixable when one value is clearly meant (another case, a typo)."
    ),
    bad=(
        "entrypoint: main\n"
        "arguments:\n"
        "  parameters:\n"
        "  - {name: p, value: '3', visibility: Public}\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: echo, arguments: {parameters: [{name: x, value: '{{workflow.parameters.p}}'}]}}\n"
        "- name: echo\n"
        "  inputs: {parameters: [{name: x}]}\n"
        "  container: {image: alpine, args: ['{{inputs.parameters.x}}']}\n"
    ),
    good=Change(
        "  - {name: p, value: '3', visibility: Public}\n",
        "  - {name: p, value: '3', visibility: public}\n",
    ),
)
TYPE_UNKNOWN = register(
    "onepanel-parameter-type",
    FAMILY,
    W,
    "parameter type the Onepanel form does not know (or does not render)",
    fixable=True,
    explanation=(
        "The type decides how Onepanel's form renders a parameter (input.<HTML type>, select.select, "
        "select.nodepool, textarea.textarea, editor.yaml); an unknown type is not rendered, though its "
        "value is still submitted. Fixable when one type is clearly meant."
    ),
    bad=(
        "entrypoint: main\n"
        "arguments:\n"
        "  parameters:\n"
        "  - {name: p, value: '3', type: input.numbr}\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: echo, arguments: {parameters: [{name: x, value: '{{workflow.parameters.p}}'}]}}\n"
        "- name: echo\n"
        "  inputs: {parameters: [{name: x}]}\n"
        "  container: {image: alpine, args: ['{{inputs.parameters.x}}']}\n"
    ),
    good=Change(
        "  - {name: p, value: '3', type: input.numbr}\n",
        "  - {name: p, value: '3', type: input.number}\n",
    ),
)
OPTIONS = register(
    "onepanel-parameter-options",
    FAMILY,
    W,
    "select.select/input.radio parameters need {name, value} options",
    explanation=(
        "select.select and input.radio parameters show their options; without {name, value} options the "
        "form offers nothing to choose."
    ),
    bad=(
        "entrypoint: main\n"
        "arguments:\n"
        "  parameters:\n"
        "  - {name: p, value: a, type: select.select}\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: echo, arguments: {parameters: [{name: x, value: '{{workflow.parameters.p}}'}]}}\n"
        "- name: echo\n"
        "  inputs: {parameters: [{name: x}]}\n"
        "  container: {image: alpine, args: ['{{inputs.parameters.x}}']}\n"
    ),
    good=Change(
        "  - {name: p, value: a, type: select.select}\n",
        "  - {name: p, value: a, type: select.select, options: [{name: A, value: a}, {name: B, value: b}]}\n",
    ),
)
NODEPOOL_OPTIONS = register(
    "onepanel-nodepool-options",
    FAMILY,
    W,
    "select.nodepool options are replaced by the platform's node pools",
    explanation=(
        "Onepanel fills the options of a select.nodepool parameter with the namespace's node pools; "
        "options written in the template are thrown away."
    ),
    bad=(
        "entrypoint: main\n"
        "arguments:\n"
        "  parameters:\n"
        "  - name: p\n"
        "    value: default\n"
        "    type: select.nodepool\n"
        "    options: [{name: GPU, value: p3.2xlarge}]\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: echo, arguments: {parameters: [{name: x, value: x}]}}\n"
        "- name: echo\n"
        "  inputs: {parameters: [{name: x}]}\n"
        "  nodeSelector: {node.kubernetes.io/instance-type: '{{workflow.parameters.p}}'}\n"
        "  container: {image: alpine, args: ['{{inputs.parameters.x}}']}\n"
    ),
    good=Change(
        "    options: [{name: GPU, value: p3.2xlarge}]\n",
        "",
    ),
)
NODEPOOL_VALUE = register(
    "onepanel-nodepool-value",
    FAMILY,
    I,
    "select.nodepool value other than `default` or one of its options",
    explanation=(
        "Onepanel's form ignored the value of a select.nodepool parameter and pre-selected the first "
        "node pool; `default` says so, and `opctl compile` maps it to the first configured node pool. "
        "Any other value is used as written by `opctl compile`."
    ),
    bad=(
        "entrypoint: main\n"
        "arguments:\n"
        "  parameters:\n"
        "  - {name: p, value: p3.2xlarge, type: select.nodepool}\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: echo, arguments: {parameters: [{name: x, value: '{{workflow.parameters.p}}'}]}}\n"
        "- name: echo\n"
        "  inputs: {parameters: [{name: x}]}\n"
        "  nodeSelector: {node.kubernetes.io/instance-type: '{{workflow.parameters.p}}'}\n"
        "  container: {image: alpine, args: ['{{inputs.parameters.x}}']}\n"
    ),
    good=Change(
        "  - {name: p, value: p3.2xlarge, type: select.nodepool}\n",
        "  - {name: p, value: default, type: select.nodepool}\n",
    ),
)
NODEPOOL_UNUSED = register(
    "onepanel-nodepool-unused",
    FAMILY,
    I,
    "select.nodepool parameter used in no nodeSelector: it picks no node",
    explanation=(
        "A select.nodepool parameter lets the user pick the machines a workflow runs on, but only a "
        "nodeSelector that uses it makes that choice real."
    ),
    bad=(
        "entrypoint: main\n"
        "arguments:\n"
        "  parameters:\n"
        "  - {name: p, value: default, type: select.nodepool}\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: echo, arguments: {parameters: [{name: x, value: '{{workflow.parameters.p}}'}]}}\n"
        "- name: echo\n"
        "  inputs: {parameters: [{name: x}]}\n"
        "  container: {image: alpine, args: ['{{inputs.parameters.x}}']}\n"
    ),
    good=Change(
        (
            "  inputs: {parameters: [{name: x}]}\n"
            "  container: {image: alpine, args: ['{{inputs.parameters.x}}']}\n"
        ),
        (
            "  inputs: {parameters: [{name: x}]}\n"
            "  nodeSelector: {node.kubernetes.io/instance-type: '{{workflow.parameters.p}}'}\n"
            "  container: {image: alpine, args: ['{{inputs.parameters.x}}']}\n"
        ),
    ),
)
FIELD_DROPPED = register(
    "onepanel-parameter-field-dropped",
    FAMILY,
    W,
    "Argo parameter field (enum, default, globalName, valueFrom, description) Onepanel drops",
    explanation=(
        "Onepanel keeps only name and value (and its form fields) of a workflow parameter: enum, "
        "default, globalName, valueFrom and description silently disappear, so whatever they should do "
        "never happens."
    ),
    bad=(
        "entrypoint: main\n"
        "arguments:\n"
        "  parameters:\n"
        "  - {name: p, value: fast, enum: [fast, slow]}\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: echo, arguments: {parameters: [{name: x, value: '{{workflow.parameters.p}}'}]}}\n"
        "- name: echo\n"
        "  inputs: {parameters: [{name: x}]}\n"
        "  container: {image: alpine, args: ['{{inputs.parameters.x}}']}\n"
    ),
    good=Change(
        "  - {name: p, value: fast, enum: [fast, slow]}\n",
        (
            "  - {name: p, value: fast, type: select.select, options: [{name: Fast, value: fast}, {name: Slow"
            ", value: slow}]}\n"
        ),
    ),
)
NO_VALUE = register(
    "onepanel-parameter-no-value",
    FAMILY,
    W,
    "workflow parameter without a value (Onepanel submits '<value>')",
    explanation=(
        "A workflow parameter without a value starts empty in Onepanel's form, and runs created through "
        "the API get the literal text '<value>'. Give it a default."
    ),
    bad=(
        "entrypoint: main\n"
        "arguments:\n"
        "  parameters:\n"
        "  - {name: p}\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: echo, arguments: {parameters: [{name: x, value: '{{workflow.parameters.p}}'}]}}\n"
        "- name: echo\n"
        "  inputs: {parameters: [{name: x}]}\n"
        "  container: {image: alpine, args: ['{{inputs.parameters.x}}']}\n"
    ),
    good=Change(
        "  - {name: p}\n",
        "  - {name: p, value: ''}\n",
    ),
)
RESERVED_OUTPUT = register(
    "onepanel-reserved-output",
    FAMILY,
    E,
    "output artifact named sys-metrics on a container or script template",
    explanation=(
        "Onepanel adds a 'sys-metrics' output artifact to every container and script template before it "
        "validates a template (core:pkg/workflow_execution.go injectAutomatedFields, then Argo's "
        "validation); an output of yours with that name makes two outputs with one name, so Onepanel "
        "refuses to save the template ('sys-metrics' is not unique)."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: t}\n"
        "- name: t\n"
        "  container: {image: alpine}\n"
        "  outputs:\n"
        "    artifacts: [{name: sys-metrics, path: /tmp/metrics.json}]\n"
    ),
    good=Change(
        "    artifacts: [{name: sys-metrics, path: /tmp/metrics.json}]\n",
        "    artifacts: [{name: metrics, path: /tmp/metrics.json}]\n",
    ),
)
RESERVED_SIDECAR_URL = register(
    "onepanel-reserved-sidecar-url",
    FAMILY,
    W,
    "output parameter named sys-sidecar-url--* (Onepanel's sidecar URL outputs)",
    explanation=(
        "At execution Onepanel adds an output parameter 'sys-sidecar-url--<sidecar>' for every interactive "
        "sidecar of a template; an output of yours with such a name collides with it (Argo then refuses "
        "the Workflow) or is confusingly close to one."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: t}\n"
        "- name: t\n"
        "  container: {image: alpine}\n"
        "  outputs:\n"
        "    parameters: [{name: sys-sidecar-url--ui, value: x}]\n"
    ),
    good=Change(
        "    parameters: [{name: sys-sidecar-url--ui, value: x}]\n",
        "    parameters: [{name: ui-url, value: x}]\n",
    ),
)
RESERVED_TEMPLATE = register(
    "onepanel-reserved-template-name",
    FAMILY,
    W,
    "template name Onepanel reserves (sys-*, exit-handler)",
    explanation=(
        "Onepanel adds templates named sys-send-status, sys-send-exit-stats, ... and 'exit-handler' "
        "(when there is no onExit); a template of yours with such a name collides with them."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: sys-echo}\n"
        "- name: sys-echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
    ),
    good=Change(
        (
            "    - {name: a, template: sys-echo}\n"
            "- name: sys-echo\n"
        ),
        (
            "    - {name: a, template: echo}\n"
            "- name: echo\n"
        ),
    ),
)
RESERVED_TASK = register(
    "onepanel-reserved-task-name",
    FAMILY,
    W,
    "entrypoint/onExit DAG task name Onepanel reserves (sys-*)",
    explanation=(
        "Onepanel adds tasks named 'sys-...' (status callbacks, sidecar services) to the entrypoint and "
        "onExit DAGs; a task of yours with such a name collides with them."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: sys-train, template: echo}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
    ),
    good=Change(
        "    - {name: sys-train, template: echo}\n",
        "    - {name: train, template: echo}\n",
    ),
)
RESERVED_ENV = register(
    "onepanel-reserved-env",
    FAMILY,
    W,
    "main-container env var Onepanel would inject (ONEPANEL_*)",
    explanation=(
        "Onepanel injects ONEPANEL_* variables (API URL, namespace, workflow UID, ...) into every main "
        "container; a variable of the same name set in the template wins, so the container never sees "
        "the platform's value."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: t}\n"
        "- name: t\n"
        "  container:\n"
        "    image: alpine\n"
        "    env: [{name: ONEPANEL_API_URL, value: 'http://localhost'}]\n"
    ),
    good=Change(
        "    env: [{name: ONEPANEL_API_URL, value: 'http://localhost'}]\n",
        "    env: [{name: API_URL, value: 'http://localhost'}]\n",
    ),
)
RESERVED_VOLUME = register(
    "onepanel-reserved-volume",
    FAMILY,
    W,
    "volume name Onepanel adds itself (sys-dshm, tmp, out)",
    explanation=(
        "Onepanel adds volumes named sys-dshm, tmp and out to every workflow; a volume of yours with one "
        "of these names collides with them."
    ),
    bad=(
        "entrypoint: main\n"
        "volumes: [{name: tmp, emptyDir: {}}]\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: echo}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
    ),
    good=Change(
        "volumes: [{name: tmp, emptyDir: {}}]\n",
        "volumes: [{name: scratch, emptyDir: {}}]\n",
    ),
)
RESERVED_MOUNT = register(
    "onepanel-reserved-mount-path",
    FAMILY,
    W,
    "container mount at a path Onepanel mounts itself (/dev/shm, /mnt/tmp)",
    explanation=(
        "Onepanel mounts memory volumes at /dev/shm and /mnt/tmp in every container; a mount of your own "
        "there collides with them."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: t}\n"
        "- name: t\n"
        "  container:\n"
        "    image: alpine\n"
        "    volumeMounts: [{name: scratch, mountPath: /mnt/tmp}]\n"
        "  volumes: [{name: scratch, emptyDir: {}}]\n"
    ),
    good=Change(
        "    volumeMounts: [{name: scratch, mountPath: /mnt/tmp}]\n",
        "    volumeMounts: [{name: scratch, mountPath: /scratch}]\n",
    ),
)
RESERVED_PARAMETER = register(
    "onepanel-reserved-parameter",
    FAMILY,
    W,
    "workflow parameter name with a meaning to Onepanel",
    explanation=(
        "Some parameter names mean something to Onepanel: 'workflow-execution-name' names the workflow "
        "after its value instead of generating a unique name, so two runs with the same value collide."
    ),
    bad=(
        "entrypoint: main\n"
        "arguments:\n"
        "  parameters:\n"
        "  - {name: workflow-execution-name, value: train}\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: echo, arguments: {parameters: [{name: x, value:"
        " '{{workflow.parameters.workflow-execution-name}}'}]}}\n"
        "- name: echo\n"
        "  inputs: {parameters: [{name: x}]}\n"
        "  container: {image: alpine, args: ['{{inputs.parameters.x}}']}\n"
    ),
    good=(
        "entrypoint: main\n"
        "arguments:\n"
        "  parameters:\n"
        "  - {name: run-label, value: train}\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: echo, arguments: {parameters: [{name: x, value:"
        " '{{workflow.parameters.run-label}}'}]}}\n"
        "- name: echo\n"
        "  inputs: {parameters: [{name: x}]}\n"
        "  container: {image: alpine, args: ['{{inputs.parameters.x}}']}\n"
    ),
)
TEMPLATE_NAME_LENGTH = register(
    "onepanel-template-name-too-long",
    FAMILY,
    E,
    "template display name longer than 30 characters as a UID",
    explanation=(
        "Onepanel derives a template's UID from its display name (metadata.name of the stored form) and "
        "refuses one longer than 30 characters ('Template name must be 30 characters or less')."
    ),
    bad=(
        "metadata:\n"
        "  name: Mask RCNN training with augmentation\n"
        "spec:\n"
        "  entrypoint: main\n"
        "  templates:\n"
        "  - name: main\n"
        "    dag: {tasks: [{name: a, template: echo}]}\n"
        "  - name: echo\n"
        "    container: {image: alpine}\n"
    ),
    good=Change(
        "  name: Mask RCNN training with augmentation\n",
        "  name: MaskRCNN training\n",
    ),
)
DEPENDS = register(
    "onepanel-depends",
    FAMILY,
    W,
    "`depends` in the entrypoint/onExit DAG breaks on Onepanel (use dependencies)",
    explanation=(
        "Onepanel adds `dependencies: [sys-send-status]` to the tasks of the entrypoint DAG that have "
        "none (and tasks with `dependencies` to the onExit DAG when there are interactive sidecars); "
        "Argo then refuses a DAG that mixes them with `depends`. Use `dependencies` there, or move the "
        "`depends` logic into a DAG the entrypoint calls."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: echo}\n"
        "    - {name: b, template: echo, depends: a}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
    ),
    good=Change(
        "    - {name: b, template: echo, depends: a}\n",
        "    - {name: b, template: echo, dependencies: [a]}\n",
    ),
)
STALE_METRICS = register(
    "onepanel-stale-metrics-path",
    FAMILY,
    W,
    "metrics written to /tmp/sys-metrics.json, which Onepanel no longer reads",
    fixable=True,
    explanation=(
        "Since 2021-03 Onepanel collects metrics from /mnt/tmp/sys-metrics.json; a template still "
        "writing /tmp/sys-metrics.json loses its metrics and the 'sys-metrics' output. Fixable in "
        "container templates (script templates get no /mnt/tmp mount: create the directory first)."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: t}\n"
        "- name: t\n"
        "  container: {image: alpine, command: [sh, -c, 'echo {} > /tmp/sys-metrics.json']}\n"
    ),
    good=Change(
        "  container: {image: alpine, command: [sh, -c, 'echo {} > /tmp/sys-metrics.json']}\n",
        "  container: {image: alpine, command: [sh, -c, 'echo {} > /mnt/tmp/sys-metrics.json']}\n",
    ),
)
SIDECAR_PORTS = register(
    "onepanel-sidecar-no-ports",
    FAMILY,
    W,
    "interactive sidecar without ports (Onepanel refuses to run it)",
    explanation=(
        "Onepanel exposes the ports of an interactive sidecar through its UI and refuses to run one that has none."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: t}\n"
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
INTERACTIVE_FLAG = register(
    "onepanel-interactive-flag",
    FAMILY,
    W,
    "ONEPANEL_INTERACTIVE_SIDECAR with no effect (not exactly 'true', or not on a sidecar)",
    explanation=(
        "ONEPANEL_INTERACTIVE_SIDECAR makes Onepanel expose a sidecar's ports in the UI only when it is "
        "exactly 'true' and set on a sidecar; anything else is silently ignored."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: t}\n"
        "- name: t\n"
        "  container: {image: alpine}\n"
        "  sidecars:\n"
        "  - name: tensorboard\n"
        "    image: tensorflow/tensorflow\n"
        "    ports: [{containerPort: 6006}]\n"
        "    env: [{name: ONEPANEL_INTERACTIVE_SIDECAR, value: 'yes'}]\n"
    ),
    good=Change(
        "    env: [{name: ONEPANEL_INTERACTIVE_SIDECAR, value: 'yes'}]\n",
        "    env: [{name: ONEPANEL_INTERACTIVE_SIDECAR, value: 'true'}]\n",
    ),
)

VISIBILITIES = ("public", "protected", "internal", "private")
# Types the Onepanel form renders besides `input.<html-type>` (onepanel-semantics.md §3.1).
FORM_TYPES = ("select.select", NODEPOOL_TYPE, "textarea.textarea", "editor.yaml")
HTML_INPUT_TYPES = (
    *("button", "checkbox", "color", "date", "datetime-local", "email", "file", "hidden", "image", "month"),
    *("number", "password", "radio", "range", "reset", "search", "submit", "tel", "text", "time", "url", "week"),
)
KNOWN_TYPES = (*FORM_TYPES, *(f"input.{t}" for t in HTML_INPUT_TYPES))
TYPES_WITH_OPTIONS = ("select.select", "input.radio")


def onepanel_applies(ctx: LintContext) -> bool:
    return ctx.dialect == "onepanel" and ctx.doc.shape.is_onepanel


def _param_label(param: dict[str, Any], pointer: str) -> str:
    name = scalar_text(param.get("name"))
    return f"'{name}'" if name else f"#{pointer.rsplit('/', 1)[-1]}"


# --------------------------------------------------------------------------------------------
# entrypoint and onExit (Argo rules, both dialects)


@check(FAMILY)
def check_entrypoint(ctx: LintContext) -> Iterator[Diagnostic]:
    spec = ctx.spec
    if spec is None or spec.get("workflowTemplateRef") is not None:
        return  # the entrypoint and the templates come from the referenced WorkflowTemplate
    sp = ctx.spec_pointer
    templates = templates_by_name(spec, sp)
    entry = spec.get("entrypoint")
    optional = ctx.doc.shape in (Shape.WORKFLOW_TEMPLATE, Shape.CLUSTER_WORKFLOW_TEMPLATE)
    where = "entrypoint" if ctx.doc.shape is Shape.ONEPANEL_TEMPLATE else "spec.entrypoint"
    if entry is None or entry == "":
        if not optional:
            dags = [t.name for t in templates.values() if isinstance(t.data.get("dag"), dict)]
            example = dags[0] if dags else next(iter(templates), "main")
            pointer = join(sp, "entrypoint") if "entrypoint" in spec else sp
            yield ctx.diag(
                ENTRYPOINT_MISSING,
                pointer,
                f"{where} is required: it names the template the workflow starts with",
                f"add `entrypoint: {example}`" + (" (the DAG that runs the others)" if dags else ""),
                key="entrypoint" in spec,
            )
    else:
        name = entry if isinstance(entry, str) else None  # other types: a structure finding
        if name is not None and "{{" not in name and name not in templates:
            yield _undefined(ctx, ENTRYPOINT_UNDEFINED, join(sp, "entrypoint"), "entrypoint", name, templates)
    on_exit = spec.get("onExit")
    if isinstance(on_exit, str) and on_exit and "{{" not in on_exit and on_exit not in templates:
        yield _undefined(ctx, ONEXIT_UNDEFINED, join(sp, "onExit"), "onExit", on_exit, templates)


def _undefined(
    ctx: LintContext, rule: Any, pointer: str, field: str, name: str, templates: dict[str, TemplateRef]
) -> Diagnostic:
    if not templates:
        return ctx.diag(rule, pointer, f"{field} '{name}' names no template: the workflow defines no templates")
    close = did_you_mean(name, templates)
    hint = f"did you mean '{close}'?" if close else "defined templates: " + ", ".join(sorted(templates)[:10])
    diag = ctx.diag(rule, pointer, f"{field} '{name}' names no template", hint)
    if close is not None and unique_match(name, templates) == close:
        return diag.with_changes(fix=rename(ctx.doc, pointer, name, close))
    return diag


# --------------------------------------------------------------------------------------------
# Onepanel-only rules


@check(FAMILY)
def check_onepanel(ctx: LintContext) -> Iterator[Diagnostic]:
    if not onepanel_applies(ctx) or ctx.spec is None:
        return
    yield from _dag_roots(ctx)
    yield from _parameters(ctx)
    yield from _templates(ctx)
    yield from _volumes(ctx)
    yield from _display_name(ctx)


def _root_templates(ctx: LintContext) -> list[tuple[str, TemplateRef]]:
    """(field, template) for the entrypoint and onExit templates that exist."""
    spec = ctx.spec or {}
    templates = templates_by_name(spec, ctx.spec_pointer)
    roots = []
    for field in ("entrypoint", "onExit"):
        name = scalar_text(spec.get(field))
        if name and name in templates:
            roots.append((field, templates[name]))
    return roots


def _free_name(base: str, taken: Iterable[str]) -> str:
    taken = set(taken)
    name, n = f"{base}-dag", 2
    while name in taken:
        name, n = f"{base}-dag-{n}", n + 1
    return name


def _dag_roots(ctx: LintContext) -> Iterator[Diagnostic]:
    sp = ctx.spec_pointer
    names = templates_by_name(ctx.spec, sp).keys()
    for field, tmpl in _root_templates(ctx):
        if isinstance(tmpl.data.get("dag"), dict):
            yield from _depends(ctx, field, tmpl)
            continue
        kind = TYPE_WORDS.get(tmpl.type or "", "")
        what = f"a {kind} template" if kind else "not a DAG template"
        wrapper = _free_name(tmpl.name or "main", names)
        line = ctx.doc.span(tmpl.pointer)[0]
        rule = ENTRYPOINT_NOT_DAG if field == "entrypoint" else ONEXIT_NOT_DAG
        runs = "runs only DAG entrypoints" if field == "entrypoint" else "runs only a DAG as the onExit handler"
        yield ctx.diag(
            rule,
            join(sp, field),
            f"{field} template '{tmpl.name}' (line {line}) is {what}, but Onepanel {runs} "
            f'("{field}" template should be a DAG)',
            f"wrap it in a one-task DAG and use that as the {field}: add the template "
            f"`{{name: {wrapper}, dag: {{tasks: [{{name: {tmpl.name}, template: {tmpl.name}}}]}}}}` "
            f"and set `{field}: {wrapper}`",
        ).with_changes(fix=_wrap_fix(ctx, field, tmpl, wrapper))


def _wrap_fix(ctx: LintContext, field: str, tmpl: TemplateRef, wrapper: str) -> Fix | None:
    """--fix: insert the one-task DAG before the first template (same indentation) and point the
    field at it. Not for a template with inputs (the workflow's arguments would no longer reach
    them) nor for templates written in flow style."""
    if tmpl.name is None or tmpl.data.get("inputs"):
        return None
    first = ctx.doc.positions.get(join(ctx.spec_pointer, "templates", 0))
    if first is None:
        return None
    line, column = first[0], first[1]
    prefix = ctx.doc.source.line(line)[: column - 1]
    if not re.fullmatch(r" *- +", prefix):
        return None
    pad = " " * len(prefix)
    nl = "\r\n" if "\r\n" in ctx.doc.source.text else "\n"
    text = nl.join(
        (
            f"{prefix}name: {wrapper}",
            f"{pad}dag:",
            f"{pad}  tasks:",
            f"{pad}  - name: {tmpl.name}",
            f"{pad}    template: {tmpl.name}",
            prefix,
        )
    )
    if not all(SAFE_NAME.fullmatch(name) for name in (wrapper, tmpl.name)):
        return None
    insert = Edit(line, 1, line, column, prefix, text)
    return fix(
        f"wrap '{tmpl.name}' in the one-task DAG '{wrapper}' and make it the {field}",
        insert,
        replace_scalar(ctx.doc, join(ctx.spec_pointer, field), wrapper),
    )


def _depends(ctx: LintContext, field: str, tmpl: TemplateRef) -> Iterator[Diagnostic]:
    users = [task for task in iter_tasks(tmpl) if task.data.get("depends") not in (None, "")]
    if not users:
        return
    if field == "entrypoint":
        what = "`dependencies: [sys-send-status]` to every task of this DAG without dependencies"
    elif _has_interactive_sidecars(ctx):
        what = "tasks with `dependencies` to this DAG (to delete the Services of interactive sidecars)"
    else:
        return  # Onepanel's own exit task has no dependencies unless there are interactive sidecars
    first = users[0]
    others = f" (and {len(users) - 1} more task{'s' if len(users) > 2 else ''})" if len(users) > 1 else ""
    yield ctx.diag(
        DEPENDS,
        join(first.pointer, "depends"),
        f"task '{first.name}'{others} of the {field} DAG '{tmpl.name}' uses `depends`: Onepanel adds "
        f"{what}, and Argo rejects a DAG that has both ('cannot use both 'depends' and 'dependencies'')",
        "use `dependencies: [...]` in this DAG, or move the `depends` logic into a DAG the "
        f"{field} calls; `opctl compile` output runs on plain Argo either way",
        key=True,
    )


def _has_interactive_sidecars(ctx: LintContext) -> bool:
    """Interactive sidecars of the user, or Onepanel's file syncer (added wherever a volume is mounted)."""
    for tmpl in iter_templates(ctx.spec, ctx.spec_pointer):
        for sidecar in as_list(tmpl.data.get("sidecars")):
            if isinstance(sidecar, dict) and any(v.get("value") == "true" for _, v in _interactive_flags(sidecar)):
                return True
        if any(as_list(container.get("volumeMounts")) for _, container in main_containers(tmpl)):
            return True
    return False


def _parameters(ctx: LintContext) -> Iterator[Diagnostic]:
    spec = ctx.spec or {}
    for pointer, param in workflow_parameters(spec, ctx.spec_pointer):
        label = _param_label(param, pointer)
        yield from _visibility(ctx, pointer, param, label)
        kind = scalar_text(param.get("type"))
        if kind is not None and kind != "":
            yield from _type(ctx, pointer, kind, label)
        yield from _options(ctx, pointer, param, kind, label)
        if kind == NODEPOOL_TYPE:
            yield from _nodepool(ctx, pointer, param, label)
        for field, hint in DROPPED_PARAMETER_FIELDS.items():
            if field in param:
                yield ctx.diag(
                    FIELD_DROPPED,
                    join(pointer, field),
                    f"Onepanel drops `{field}` from workflow parameter {label}: it keeps only name and value "
                    "(and its own form fields)",
                    hint,
                    key=True,
                )
        if "value" not in param or param["value"] is None:
            has_key = "value" in param
            yield ctx.diag(
                NO_VALUE,
                join(pointer, "value") if has_key else pointer,
                f"workflow parameter {label} has {'an empty (null) value' if has_key else 'no value'}: "
                "Onepanel's form starts empty and API runs get the literal text '<value>'",
                "give it a default, e.g. `value: ''`; `opctl compile` needs `-p "
                f"{scalar_text(param.get('name')) or 'NAME'}=VALUE` for a parameter without one",
                key=has_key,
            )
        if scalar_text(param.get("name")) == "workflow-execution-name":
            yield ctx.diag(
                RESERVED_PARAMETER,
                join(pointer, "name"),
                "Onepanel names the workflow after the value of a parameter called 'workflow-execution-name' "
                "instead of generating a unique name, so two runs with the same value collide",
                "rename the parameter unless you mean to name each run yourself",
            )


def _visibility(ctx: LintContext, pointer: str, param: dict[str, Any], label: str) -> Iterator[Diagnostic]:
    if "visibility" not in param or param["visibility"] is None:
        return  # Onepanel defaults to public
    value = scalar_text(param["visibility"])
    if value is None or value in VISIBILITIES:
        return  # a list or mapping is a structure finding
    close = did_you_mean((value or "").lower(), VISIBILITIES)
    diag = ctx.diag(
        VISIBILITY,
        join(pointer, "visibility"),
        f"invalid visibility '{value}' for parameter {label}: Onepanel refuses to save the template",
        (f"did you mean '{close}'? " if close else "")
        + "use public (shown), protected, internal or private (not shown in the form, still submitted)",
    )
    meant = value.lower() if value.lower() in VISIBILITIES else unique_match(value.lower(), VISIBILITIES)
    if meant is not None:
        diag = diag.with_changes(fix=rename(ctx.doc, join(pointer, "visibility"), value, meant))
    yield diag


def _type(ctx: LintContext, pointer: str, kind: str, label: str) -> Iterator[Diagnostic]:
    if kind in KNOWN_TYPES:
        return
    where = join(pointer, "type")
    if kind == "hidden":
        yield ctx.diag(
            TYPE_UNKNOWN,
            where,
            f"parameter {label} has the legacy `type: hidden`: the Onepanel form does not render it, "
            "but its value is still submitted",
            "to hide a parameter from the form use `visibility: private` (still submitted), or `type: input.hidden`",
        )
        return
    close = did_you_mean(kind, KNOWN_TYPES)
    unique = close is not None and unique_match(kind, KNOWN_TYPES) == close
    fixed = rename(ctx.doc, where, kind, close) if unique and close is not None else None
    if kind.startswith("input.") and len(kind) > len("input."):
        yield ctx.diag(
            TYPE_UNKNOWN,
            where,
            f"parameter {label} has type '{kind}': '{kind[6:]}' is not an HTML input type, "
            "so browsers render a plain text field",
            f"did you mean '{close}'?" if close else "use input.text, input.number, input.checkbox, ...",
        ).with_changes(fix=fixed)
        return
    yield ctx.diag(
        TYPE_UNKNOWN,
        where,
        f"parameter {label} has unknown type '{kind}': the Onepanel form does not render it "
        "(its value is still submitted)",
        (f"did you mean '{close}'? " if close else "")
        + "known types: input.text, input.number, input.radio, input.checkbox, input.hidden, "
        "select.select, select.nodepool, textarea.textarea, editor.yaml",
    ).with_changes(fix=fixed)


def _options(
    ctx: LintContext, pointer: str, param: dict[str, Any], kind: str | None, label: str
) -> Iterator[Diagnostic]:
    options = param.get("options")
    if kind in TYPES_WITH_OPTIONS:
        if not isinstance(options, list) or not options:
            if options is not None and not isinstance(options, list):
                return  # a wrong type is the structure rules' finding
            yield ctx.diag(
                OPTIONS,
                join(pointer, "options") if "options" in param else join(pointer, "type"),
                f"{kind} parameter {label} has no options: the form offers nothing to choose",
                "add `options: [{name: Label, value: value}, ...]`",
                key="options" in param,
            )
            return
        values = []
        for i, option in enumerate(options):
            if not isinstance(option, dict):
                continue  # structure rules
            opt_ptr = join(pointer, "options", i)
            for field in ("name", "value"):
                if scalar_text(option.get(field)) in (None, ""):
                    effect = "shows an empty label" if field == "name" else "submits an empty value"
                    yield ctx.diag(
                        OPTIONS,
                        opt_ptr,
                        f"option {i + 1} of parameter {label} has no {field}: the form {effect}",
                        "write each option as `{name: Label, value: value}`",
                    )
            if scalar_text(option.get("value")) is not None:
                values.append(scalar_text(option.get("value")))
        value = scalar_text(param.get("value"))
        if value is not None and values and value not in values and "{{" not in value:
            yield ctx.diag(
                OPTIONS,
                join(pointer, "value"),
                f"value '{value}' of {kind} parameter {label} is not one of its options "
                f"({', '.join(repr(v) for v in values[:5])}): the form shows no choice selected but submits "
                f"'{value}' unless the user picks one",
                "make the default one of the option values",
            )
    elif isinstance(options, list) and options and kind != NODEPOOL_TYPE:
        yield ctx.diag(
            OPTIONS,
            join(pointer, "options"),
            f"parameter {label} lists options but its type is {kind or 'not set (a text input)'}: "
            "the form ignores them",
            "use `type: select.select` (a drop-down) or `type: input.radio`",
            key=True,
        )


def _nodepool(ctx: LintContext, pointer: str, param: dict[str, Any], label: str) -> Iterator[Diagnostic]:
    options = param.get("options")
    values: list[str] = []
    if isinstance(options, list) and options:
        values = [v for o in options if isinstance(o, dict) and (v := scalar_text(o.get("value"))) is not None]
        yield ctx.diag(
            NODEPOOL_OPTIONS,
            join(pointer, "options"),
            f"Onepanel replaces the options of select.nodepool parameter {label} with the platform's node "
            "pools: these options are ignored",
            "remove them; `opctl compile` takes the node pools from the namespace defaults file",
            key=True,
        )
    value = scalar_text(param.get("value"))
    if value is not None and value != "default" and value not in values and not is_go_placeholder(value):
        yield ctx.diag(
            NODEPOOL_VALUE,
            join(pointer, "value"),
            f"select.nodepool parameter {label} has value '{value}': Onepanel's form ignored it and "
            "pre-selected the first node pool; `opctl compile` uses it as written",
            "use `value: default` for the first node pool of the namespace defaults, or make sure "
            f"'{value}' is a node-pool value of your cluster",
        )
    name = scalar_text(param.get("name"))
    if name:
        pattern = re.compile(r"\{\{\s*workflow\.parameters\." + re.escape(name) + r"\s*\}\}")
        used = any(pattern.search(s) for s in _strings(ctx.spec))
        if used and not any(pattern.search(s) for s in _node_selector_strings(ctx)):
            yield ctx.diag(
                NODEPOOL_UNUSED,
                join(pointer, "name"),
                f"select.nodepool parameter {label} is used in no nodeSelector: the node pool chosen in the "
                "form does not decide where this workflow's pods run",
                "if it should choose the nodes of this workflow, add `nodeSelector: {node.kubernetes.io/instance-type: "
                f"'{{{{workflow.parameters.{name}}}}}'}}` to its templates; ignore this if it only passes the "
                "choice on (e.g. to a workspace)",
            )


def _strings(node: Any) -> Iterator[str]:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _node_selector_strings(ctx: LintContext) -> Iterator[str]:
    spec = ctx.spec or {}
    selectors = [spec.get("nodeSelector"), as_dict(spec.get("templateDefaults")).get("nodeSelector")]
    selectors += [t.data.get("nodeSelector") for t in iter_templates(spec, ctx.spec_pointer)]
    for selector in selectors:
        yield from _strings(as_dict(selector))


def _templates(ctx: LintContext) -> Iterator[Diagnostic]:
    spec = ctx.spec or {}
    has_on_exit = bool(scalar_text(spec.get("onExit")))
    for tmpl in iter_templates(spec, ctx.spec_pointer):
        name = tmpl.name or ""
        if name in STATUS_TEMPLATES or name.startswith("sys-"):
            why = (
                f"Onepanel adds its own template '{name}' to every run, so the names collide ('not unique')"
                if name in STATUS_TEMPLATES
                else "Onepanel reserves template names starting with 'sys-' for the templates it adds"
            )
            yield ctx.diag(
                RESERVED_TEMPLATE,
                join(tmpl.pointer, "name"),
                f"template name '{name}' is reserved: {why}",
                f"rename it, e.g. '{name[4:] or 'main'}'",
            )
        elif name == "exit-handler" and not has_on_exit:
            yield ctx.diag(
                RESERVED_TEMPLATE,
                join(tmpl.pointer, "name"),
                "template name 'exit-handler' is reserved: Onepanel adds a template of that name to a "
                "workflow without `onExit`, so the names collide ('not unique')",
                "rename it, or set `onExit: exit-handler` if it is meant to be the exit handler",
            )
        pod_template = tmpl.type in ("container", "script")
        yield from _outputs(ctx, tmpl, pod_template)
        if pod_template:
            yield from _env(ctx, tmpl)
            yield from _stale_metrics(ctx, tmpl)
        if tmpl.type == "container":
            yield from _mounts(ctx, tmpl)
        yield from _sidecars(ctx, tmpl)
    for field, tmpl in _root_templates(ctx):
        for task in iter_tasks(tmpl):
            if task.name and task.name.startswith("sys-"):
                yield ctx.diag(
                    RESERVED_TASK,
                    join(task.pointer, "name"),
                    f"task name '{task.name}' in the {field} DAG is reserved: Onepanel adds tasks named "
                    "'sys-...' to this DAG (status callbacks, sidecar services)",
                    f"rename it, e.g. '{task.name[4:] or 'task'}'",
                )


def _outputs(ctx: LintContext, tmpl: TemplateRef, pod_template: bool) -> Iterator[Diagnostic]:
    outputs = as_dict(tmpl.data.get("outputs"))
    if pod_template:
        for i, artifact in enumerate(as_list(outputs.get("artifacts"))):
            if isinstance(artifact, dict) and artifact.get("name") == SYS_METRICS:
                yield ctx.diag(
                    RESERVED_OUTPUT,
                    join(tmpl.pointer, "outputs", "artifacts", i, "name"),
                    f"output artifact 'sys-metrics' of template '{tmpl.name}' is reserved: Onepanel adds its "
                    "own 'sys-metrics' output (/mnt/tmp/sys-metrics.json) to every container and script "
                    "template, and Argo rejects the pair ('sys-metrics' is not unique)",
                    "remove it and write metrics to /mnt/tmp/sys-metrics.json (Onepanel collects that file "
                    "as 'sys-metrics'), or rename the output",
                )
    for i, param in enumerate(as_list(outputs.get("parameters"))):
        name = scalar_text(as_dict(param).get("name")) or ""
        if name.startswith(SIDECAR_URL_OUTPUT_PREFIX):
            yield ctx.diag(
                RESERVED_SIDECAR_URL,
                join(tmpl.pointer, "outputs", "parameters", i, "name"),
                f"output parameter '{name}' of template '{tmpl.name}' is reserved: Onepanel adds "
                "'sys-sidecar-url--<sidecar>' outputs for interactive sidecars",
                "rename the output",
            )


def _env(ctx: LintContext, tmpl: TemplateRef) -> Iterator[Diagnostic]:
    for container_ptr, container in main_containers(tmpl):
        for i, var in enumerate(as_list(container.get("env"))):
            name = scalar_text(as_dict(var).get("name"))
            if name in INJECTED_ENV:
                yield ctx.diag(
                    RESERVED_ENV,
                    join(container_ptr, "env", i, "name"),
                    f"template '{tmpl.name}' sets {name}, which Onepanel injects into every main container: "
                    "your value wins, so the container does not see the platform's value",
                    "remove it to get Onepanel's value (opctl compile fills it from the namespace defaults), "
                    "or use another name",
                )


def _stale_metrics(ctx: LintContext, tmpl: TemplateRef) -> Iterator[Diagnostic]:
    inputs = as_dict(tmpl.data.get("inputs"))
    if any(as_dict(a).get("path") == STALE_METRICS_PATH for a in as_list(inputs.get("artifacts"))):
        return  # the template reads a downloaded artifact from there: not a metrics writer
    for container_ptr, container in main_containers(tmpl):
        candidates: list[tuple[str, str]] = []
        if isinstance(container.get("source"), str):
            candidates.append((join(container_ptr, "source"), container["source"]))
        for field in ("command", "args"):
            for i, item in enumerate(as_list(container.get(field))):
                if isinstance(item, str):
                    candidates.append((join(container_ptr, field, i), item))
        hits = [(ptr, text) for ptr, text in candidates if STALE_METRICS_TEXT.search(text)]
        if not hits:
            continue
        pointer, _ = hits[0]
        script = tmpl.type == "script"
        # --fix only for container templates: Onepanel mounts /mnt/tmp there, not in script templates
        fixed = (
            None
            if script
            else fix("write /mnt/tmp/sys-metrics.json", *(edit for ptr, _ in hits for edit in _metrics_edits(ctx, ptr)))
        )
        yield ctx.diag(
            STALE_METRICS,
            pointer,
            f"template '{tmpl.name}' writes /tmp/sys-metrics.json, but Onepanel collects metrics from "
            "/mnt/tmp/sys-metrics.json (since 2021-03): these metrics and the 'sys-metrics' output are lost",
            "write /mnt/tmp/sys-metrics.json instead"
            + (" (script templates get no /mnt/tmp mount: create the directory first)" if script else ""),
            position=_find_in_source(ctx, pointer),
        ).with_changes(fix=fixed)


def _metrics_edits(ctx: LintContext, pointer: str) -> list[Edit | None]:
    """An edit per stale path in the source of the scalar at ``pointer`` (None: not found there)."""
    found = ctx.doc.occurrences(pointer, STALE_METRICS_TEXT)
    return [replace_at(ctx.doc, p, STALE_METRICS_PATH, SYS_METRICS_PATH) for p in found] or [None]


def _find_in_source(ctx: LintContext, pointer: str) -> Position | None:
    """Where the stale path appears inside the scalar at ``pointer`` (preferring a non-comment line)."""
    found = ctx.doc.occurrences(pointer, STALE_METRICS_TEXT)
    code = [p for p in found if not ctx.doc.source.line(p[0]).lstrip().startswith("#")]
    return (code or found)[0] if found else None


def _mounts(ctx: LintContext, tmpl: TemplateRef) -> Iterator[Diagnostic]:
    container = as_dict(tmpl.data.get("container"))
    for i, mount in enumerate(as_list(container.get("volumeMounts"))):
        path = scalar_text(as_dict(mount).get("mountPath"))
        clean = path.rstrip("/") if path else path
        if clean in RESERVED_MOUNTS:
            yield ctx.diag(
                RESERVED_MOUNT,
                join(tmpl.pointer, "container", "volumeMounts", i, "mountPath"),
                f"template '{tmpl.name}' mounts a volume at {clean}, where Onepanel mounts its own memory "
                f"volume '{RESERVED_MOUNTS[clean]}' in every container template: two mounts at one path are "
                "rejected ('already mounted')",
                f"mount at another path; Onepanel already provides a memory-backed {clean}",
            )


def _sidecars(ctx: LintContext, tmpl: TemplateRef) -> Iterator[Diagnostic]:
    for container_ptr, container in main_containers(tmpl):
        for i, _var in _interactive_flags(container):
            yield ctx.diag(
                INTERACTIVE_FLAG,
                join(container_ptr, "env", i, "name"),
                f"ONEPANEL_INTERACTIVE_SIDECAR on the main container of template '{tmpl.name}' has no effect: "
                "Onepanel looks for it on sidecars only",
                "set it on the sidecar that serves the web UI, with `value: 'true'`",
            )
    for i, sidecar in enumerate(as_list(tmpl.data.get("sidecars"))):
        if not isinstance(sidecar, dict):
            continue
        name = scalar_text(sidecar.get("name")) or f"#{i + 1}"
        pointer = join(tmpl.pointer, "sidecars", i)
        interactive = False
        for j, var in _interactive_flags(sidecar):
            if var.get("value") == "true":
                interactive = True
            elif isinstance(var.get("value"), str):
                yield ctx.diag(
                    INTERACTIVE_FLAG,
                    join(pointer, "env", j, "value"),
                    f"ONEPANEL_INTERACTIVE_SIDECAR of sidecar '{name}' is '{var['value']}': Onepanel makes a "
                    "sidecar interactive (a Service and a URL) only for the exact value 'true'",
                    "write `value: 'true'`",
                )
        if interactive and not as_list(sidecar.get("ports")):
            yield ctx.diag(
                SIDECAR_PORTS,
                join(pointer, "name") if "name" in sidecar else pointer,
                f"interactive sidecar '{name}' of template '{tmpl.name}' has no ports: Onepanel refuses to run "
                f"the workflow ('sidecar {name} must have at least one port.')",
                "add the port it serves, e.g. `ports: [{containerPort: 6006, name: tensorboard}]`, or drop "
                "ONEPANEL_INTERACTIVE_SIDECAR if it serves nothing",
            )


def _interactive_flags(container: dict[str, Any]) -> Iterator[tuple[int, dict[str, Any]]]:
    for i, var in enumerate(as_list(container.get("env"))):
        if isinstance(var, dict) and var.get("name") == INTERACTIVE_ENV:
            yield i, var


def _volumes(ctx: LintContext) -> Iterator[Diagnostic]:
    spec = ctx.spec or {}
    sp = ctx.spec_pointer
    named: list[tuple[str, Any]] = []
    for i, volume in enumerate(as_list(spec.get("volumes"))):
        named.append((join(sp, "volumes", i, "name"), as_dict(volume).get("name")))
    for i, claim in enumerate(as_list(spec.get("volumeClaimTemplates"))):
        metadata = as_dict(as_dict(claim).get("metadata"))
        named.append((join(sp, "volumeClaimTemplates", i, "metadata", "name"), metadata.get("name")))
    for tmpl in iter_templates(spec, sp):
        for i, volume in enumerate(as_list(tmpl.data.get("volumes"))):
            named.append((join(tmpl.pointer, "volumes", i, "name"), as_dict(volume).get("name")))
    for pointer, name in named:
        if isinstance(name, str) and name in RESERVED_VOLUMES:
            yield ctx.diag(
                RESERVED_VOLUME,
                pointer,
                f"volume name '{name}' is reserved: Onepanel adds its own volume '{name}' "
                f"({RESERVED_VOLUMES[name]}) to every workflow, and two volumes with one name collide",
                f"rename it, e.g. '{name}-data' (and its volumeMounts)",
            )


def _display_name(ctx: LintContext) -> Iterator[Diagnostic]:
    if ctx.doc.shape is not Shape.ONEPANEL_STORED:
        return
    name = scalar_text(as_dict(as_dict(ctx.doc.data).get("metadata")).get("name"))
    if not name:
        return
    uid = generate_uid(name)
    if len(uid) > MAX_TEMPLATE_UID:
        yield ctx.diag(
            TEMPLATE_NAME_LENGTH,
            "/metadata/name",
            f"template name '{name}' becomes the UID '{uid}' ({len(uid)} characters): Onepanel refuses "
            "names over 30 ('Template name must be 30 characters or less')",
            "shorten the name to 30 characters or less",
        )
