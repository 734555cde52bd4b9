"""Rule family ``templates``: what Argo's validator requires of each template on its own.

Argo's ``validateTemplate``, ``validateLeaf`` and ``validateOutputs`` (``workflow/validate/validate.go``):
exactly one template type, field placement by type, a container image, output parameter sources,
metrics, containerSet, mount paths, artifact paths and resource templates. Argo validates every template
of ``spec.templates``, reached or not, and every inline template, so these rules do too, in both
dialects (they are Argo's). Argo stops at its first error; each finding here points at the node at
fault, and one template can have several.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from typing import Any

from opctl.diagnostics import Diagnostic, Severity
from opctl.lint.registry import Change, LintContext, check, register
from opctl.model import (
    TEMPLATE_TYPES,
    TYPE_WORDS,
    TemplateRef,
    as_dict,
    as_list,
    iter_all_templates,
    iter_calls,
    join,
    scalar_text,
)

FAMILY = "templates"
E = Severity.ERROR

TEMPLATE_TYPE = register(
    "template-type",
    FAMILY,
    E,
    "a template sets none, or more than one, of container, script, dag, steps, resource, suspend, data, http, "
    "plugin, containerSet",
    explanation=(
        "Argo runs a template by its type: exactly one of container, script, dag, steps, resource, suspend,"
        " data, http, plugin or containerSet. With none the workflow is refused ('template type "
        "unspecified'); with two Argo cannot tell which to run ('multiple template types specified')."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: t}\n"
        "- name: t\n"
        "  inputs: {parameters: [{name: ref, value: main}]}\n"
    ),
    good=Change(
        "  inputs: {parameters: [{name: ref, value: main}]}\n",
        (
            "  inputs: {parameters: [{name: ref, value: main}]}\n"
            "  container: {image: 'golang:1.22', command: [go, build], args: ['{{inputs.parameters.ref}}']}\n"
        ),
    ),
)
IMAGE_MISSING = register(
    "template-image-missing",
    FAMILY,
    E,
    "a container or script template has no image (and templateDefaults gives none)",
    explanation=(
        "Kubernetes cannot start a container without an image; Argo refuses the workflow unless "
        "spec.templateDefaults gives every container (or script) one."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: t}\n"
        "- name: t\n"
        "  container: {command: [echo, hi]}\n"
    ),
    good=Change(
        "  container: {command: [echo, hi]}\n",
        "  container: {image: 'alpine:3.19', command: [echo, hi]}\n",
    ),
)
FIELD_PLACEMENT = register(
    "template-field-placement",
    FAMILY,
    E,
    "parallelism on a leaf, timeout on a suspend, podResources/resourceClaims on a template that runs no pod",
    explanation=(
        "Some template fields only mean something for some types: parallelism limits the children of a "
        "steps or DAG template, timeout and pendingTimeout apply to leaf templates (not suspend), "
        "podResources and resourceClaims need a pod of the template's own. Argo refuses them elsewhere."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: t}\n"
        "- name: t\n"
        "  parallelism: 2\n"
        "  container: {image: alpine}\n"
    ),
    good=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  parallelism: 2\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: echo}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
    ),
)
TIMEOUT_FORMAT = register(
    "template-timeout-format",
    FAMILY,
    E,
    "a template timeout that is a bare number (Argo needs a duration: '30s')",
    explanation=(
        "Argo reads a template's timeout as a Go duration; a bare number ('30') has no unit and is refused "
        "('has invalid duration format in timeout')."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: t}\n"
        "- name: t\n"
        "  timeout: '30'\n"
        "  container: {image: alpine}\n"
    ),
    good=Change(
        "  timeout: '30'\n",
        "  timeout: 30s\n",
    ),
)
ACTIVE_DEADLINE = register(
    "template-active-deadline",
    FAMILY,
    E,
    "activeDeadlineSeconds not a positive integer or an Argo variable",
    explanation=(
        "activeDeadlineSeconds becomes the pod's deadline: Argo accepts a positive integer or an Argo "
        "variable that gives one, nothing else."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: t}\n"
        "- name: t\n"
        "  activeDeadlineSeconds: 0\n"
        "  container: {image: alpine}\n"
    ),
    good=Change(
        "  activeDeadlineSeconds: 0\n",
        "  activeDeadlineSeconds: 600\n",
    ),
)
POD_RESOURCES = register(
    "pod-resources-invalid",
    FAMILY,
    E,
    "podResources with a resource other than cpu, memory, hugepages-*, or claims",
    explanation=(
        "Pod-level resources (Kubernetes' PodLevelResources) cover cpu, memory and hugepages-* only, and "
        "take no claims; Argo refuses anything else, such as a GPU, which belongs in the container's "
        "resources."
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
        "  podResources:\n"
        "    limits: {nvidia.com/gpu: 1}\n"
    ),
    good=Change(
        "    limits: {nvidia.com/gpu: 1}\n",
        "    limits: {cpu: '2', memory: 4Gi}\n",
    ),
)
OUTPUT_VALUE = register(
    "output-parameter-value",
    FAMILY,
    E,
    "an output parameter sets both value and valueFrom, or neither",
    explanation=(
        "An output parameter is either a fixed `value` or read with `valueFrom`; Argo refuses both at once and neither."
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
        "  outputs: {parameters: [{name: accuracy}]}\n"
    ),
    good=Change(
        "  outputs: {parameters: [{name: accuracy}]}\n",
        "  outputs: {parameters: [{name: accuracy, valueFrom: {path: /tmp/accuracy.txt}}]}\n",
    ),
)
OUTPUT_SOURCE = register(
    "output-parameter-source",
    FAMILY,
    E,
    "an output valueFrom with no source, several, or not the one its template type reads (path, jqFilter/jsonPath, "
    "parameter/expression)",
    explanation=(
        "valueFrom names exactly one source, and the one the template type can read: a file `path` for "
        "container, script and containerSet, `jsonPath`/`jqFilter` for resource, `parameter`/`expression` "
        "for DAG and steps. `default` alone is not a source."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag: {tasks: [{name: t, template: train}]}\n"
        "  outputs:\n"
        "    parameters: [{name: model, valueFrom: {path: /tmp/model}}]\n"
        "- name: train\n"
        "  container: {image: alpine}\n"
        "  outputs: {parameters: [{name: model, valueFrom: {path: /tmp/model}}]}\n"
    ),
    good=Change(
        "    parameters: [{name: model, valueFrom: {path: /tmp/model}}]\n",
        "    parameters: [{name: model, valueFrom: {parameter: '{{tasks.t.outputs.parameters.model}}'}}]\n",
    ),
)
METRIC_NAME = register(
    "metric-name-invalid",
    FAMILY,
    E,
    "a Prometheus metric name or label key not made of letters, digits and '_'",
    explanation=(
        "Prometheus metric names and label keys may contain only letters, digits and '_' (Argo also refuses"
        " ':'); Argo refuses the workflow otherwise."
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
        "  metrics:\n"
        "    prometheus:\n"
        "    - {name: train-duration, help: Duration of the training step, gauge: {value: '{{duration}}'}}\n"
    ),
    good=Change(
        "    - {name: train-duration, help: Duration of the training step, gauge: {value: '{{duration}}'}}\n",
        "    - {name: train_duration, help: Duration of the training step, gauge: {value: '{{duration}}'}}\n",
    ),
)
METRIC_HELP = register(
    "metric-help-missing",
    FAMILY,
    E,
    "a Prometheus metric with an empty help string",
    explanation=(
        "Argo requires every Prometheus metric to carry a help string; an empty one is refused like a missing one."
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
        "  metrics:\n"
        "    prometheus:\n"
        "    - {name: train_duration, help: '', gauge: {value: '{{duration}}'}}\n"
    ),
    good=Change(
        "    - {name: train_duration, help: '', gauge: {value: '{{duration}}'}}\n",
        "    - {name: train_duration, help: Duration of the training step, gauge: {value: '{{duration}}'}}\n",
    ),
)
METRIC_VALUE = register(
    "metric-value-invalid",
    FAMILY,
    E,
    "a gauge, counter or histogram without a value, or a real-time gauge on resourcesDuration",
    explanation=(
        "A gauge, counter or histogram needs the value it records; a real-time gauge is updated while the "
        "template runs, when resourcesDuration is not known yet, so Argo refuses it there."
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
        "  metrics:\n"
        "    prometheus:\n"
        "    - {name: train_cpu, help: CPU used, gauge: {realtime: true, value: '{{resourcesDuration.cpu}}'}}\n"
    ),
    good=Change(
        "    - {name: train_cpu, help: CPU used, gauge: {realtime: true, value: '{{resourcesDuration.cpu}}'}}\n",
        "    - {name: train_cpu, help: CPU used, gauge: {realtime: true, value: '{{duration}}'}}\n",
    ),
)
CONTAINER_SET = register(
    "container-set-invalid",
    FAMILY,
    E,
    "containerSet without containers, with an undefined or cyclic dependency, or without 'main' for inputs/outputs",
    explanation=(
        "A containerSet runs its containers in one pod in dependency order: it needs at least one "
        "container, dependencies that name containers of the set without a cycle, and a container named "
        "main to load input artifacts and save outputs."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: t}\n"
        "- name: t\n"
        "  containerSet:\n"
        "    containers:\n"
        "    - {name: a, image: alpine, dependencies: [b]}\n"
        "    - {name: b, image: alpine, dependencies: [a]}\n"
    ),
    good=Change(
        "    - {name: a, image: alpine, dependencies: [b]}\n",
        "    - {name: a, image: alpine}\n",
    ),
)
MOUNT_PATH = register(
    "mount-path-conflict",
    FAMILY,
    E,
    "two volumeMounts, or a volumeMount and an input artifact, at one path",
    explanation=(
        "Two mounts at one path hide each other, and a volume mounted where an input artifact is loaded "
        "hides the artifact; Argo refuses both."
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
        "    volumeMounts:\n"
        "    - {name: data, mountPath: /data}\n"
        "    - {name: cache, mountPath: /data}\n"
        "  volumes: [{name: data, emptyDir: {}}, {name: cache, emptyDir: {}}]\n"
    ),
    good=Change(
        "    - {name: cache, mountPath: /data}\n",
        "    - {name: cache, mountPath: /cache}\n",
    ),
)
ARTIFACT_PATH = register(
    "artifact-path-invalid",
    FAMILY,
    E,
    "an artifact path on a DAG/steps template, none on a leaf, or one that climbs out with '..'",
    explanation=(
        "Leaf templates load and save artifacts at a file path, so they need one, and it may not climb out "
        "of its directory with '..'; DAG and steps templates only pass artifacts on, so a path there is "
        "refused."
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
        "  outputs: {artifacts: [{name: model}]}\n"
    ),
    good=Change(
        "  outputs: {artifacts: [{name: model}]}\n",
        "  outputs: {artifacts: [{name: model, path: /tmp/model}]}\n",
    ),
)
INPUT_ARTIFACT_FROM = register(
    "input-artifact-from",
    FAMILY,
    E,
    "`from` on an input artifact (only arguments pass one)",
    explanation=(
        "`from` passes an artifact to a template, so it belongs in the arguments of the task or step that "
        "calls it; Argo refuses it on the template's own inputs."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: f, template: fetch}\n"
        "    - {name: u, template: use, dependencies: [f]}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
        "- name: fetch\n"
        "  container: {image: alpine}\n"
        "  outputs: {artifacts: [{name: data, path: /data}]}\n"
        "- name: use\n"
        "  inputs: {artifacts: [{name: data, path: /data, from: '{{tasks.f.outputs.artifacts.data}}'}]}\n"
        "  container: {image: alpine}\n"
    ),
    good=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: f, template: fetch}\n"
        "    - {name: u, template: use, dependencies: [f], arguments: {artifacts: [{name: data,"
        " from: '{{tasks.f.outputs.artifacts.data}}'}]}}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
        "- name: fetch\n"
        "  container: {image: alpine}\n"
        "  outputs: {artifacts: [{name: data, path: /data}]}\n"
        "- name: use\n"
        "  inputs: {artifacts: [{name: data, path: /data}]}\n"
        "  container: {image: alpine}\n"
    ),
)
ARTIFACT_LOCATION = register(
    "artifact-location-invalid",
    FAMILY,
    E,
    "an hdfs artifact location without addresses or an absolute path",
    explanation=(
        "Argo checks two artifact locations itself: git needs a repo (a required field) and hdfs needs its "
        "name nodes (`addresses`) and an absolute path."
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
        "  inputs: {artifacts: [{name: data, path: /data, hdfs: {path: /data/file}}]}\n"
    ),
    good=Change(
        "  inputs: {artifacts: [{name: data, path: /data, hdfs: {path: /data/file}}]}\n",
        (
            "  inputs: {artifacts: [{name: data, path: /data, hdfs: {addresses: ['hdfs-namenode:8020'], path:"
            " /data/file}}]}\n"
        ),
    ),
)
TEMPLATE_REF = register(
    "template-ref-incomplete",
    FAMILY,
    E,
    "a templateRef without the WorkflowTemplate `name` or the `template` in it",
    explanation=(
        "A templateRef names a WorkflowTemplate and a template in it; without either Argo cannot resolve the call."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, templateRef: {name: library}}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
    ),
    good=Change(
        "    - {name: a, templateRef: {name: library}}\n",
        "    - {name: a, templateRef: {name: library, template: train}}\n",
    ),
)
RESOURCE_TEMPLATE = register(
    "resource-template-invalid",
    FAMILY,
    E,
    "a resource template without action, without (or with both) manifest and manifestFrom, or a manifest that is "
    "not a Kubernetes object in YAML",
    explanation=(
        "A resource template acts on one manifest: an action, and (except for get and delete) exactly one "
        "of `manifest` (valid YAML) or `manifestFrom` (an input artifact of the template)."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: t}\n"
        "- name: t\n"
        "  resource:\n"
        "    action: create\n"
    ),
    good=Change(
        "    action: create\n",
        (
            "    action: create\n"
            "    manifest: |\n"
            "      apiVersion: v1\n"
            "      kind: ConfigMap\n"
            "      metadata: {generateName: result-}\n"
        ),
    ),
)

# Template.IsLeaf (workflow_types.go): suspend is not a leaf, and neither are steps and DAG.
LEAF = frozenset({"container", "containerSet", "script", "resource", "data", "http", "plugin"})
# Template.IsPodType: the types that run a pod of their own.
POD = frozenset({"container", "containerSet", "script", "resource", "data"})
RESOURCE_ACTIONS = ("get", "create", "apply", "delete", "replace", "patch")
# validateOutputParameter: the ValueFrom fields that are a source (default/event/configMapKeyRef are not).
SOURCES = ("path", "jqFilter", "jsonPath", "parameter", "expression")
# workflow/metrics/util.go IsValidMetricName: a Prometheus name without ':'.
METRIC_NAME_PATTERN = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_]*$")
_INT = re.compile(r"^[+-]?[0-9]+$")
_TAG = re.compile(r"\{\{.*?\}\}", re.S)


def all_templates(ctx: LintContext) -> list[TemplateRef]:
    """``iter_all_templates`` of the document, computed once and shared by the families that need it."""
    found = ctx.cache.get("all-templates")
    if found is None:
        found = ctx.cache["all-templates"] = list(iter_all_templates(ctx.spec, ctx.spec_pointer))
    return found


def _label(template: TemplateRef) -> str:
    return f"template '{template.name}'" if template.name else "this inline template"


def _text(value: Any) -> str:
    return scalar_text(value) or ""


@check(FAMILY)
def check_templates(ctx: LintContext) -> Iterator[Diagnostic]:
    spec = ctx.spec
    if spec is None:
        return
    defaults = as_dict(spec.get("templateDefaults"))
    default_images = {kind for kind in ("container", "script") if _text(as_dict(defaults.get(kind)).get("image"))}
    for template in all_templates(ctx):
        data = template.data
        types = [t for t in TEMPLATE_TYPES if data.get(t) is not None]
        yield from _type(ctx, template, types)
        kind = types[0] if len(types) == 1 else None
        yield from _placement(ctx, template, kind)
        if kind in ("container", "script"):
            yield from _image(ctx, template, kind, default_images)
        if "podResources" in data:
            yield from pod_resources(ctx, join(template.pointer, "podResources"), data["podResources"])
        if "inputs" in data or "outputs" in data or "archiveLocation" in data:
            yield from _artifacts(ctx, template, kind)
        if "outputs" in data:
            yield from _outputs(ctx, template, kind)
        if "metrics" in data:
            yield from _metrics(ctx, template)
        if kind == "containerSet":
            yield from _container_set(ctx, template)
        if kind in ("container", "script") or (kind == "containerSet" and "volumeMounts" in data[kind]):
            yield from _mount_paths(ctx, template, kind)
        if kind == "resource":
            yield from _resource(ctx, template)
        if kind in ("dag", "steps"):
            yield from _template_refs(ctx, template)


# --------------------------------------------------------------------------------------------
# type and placement


def _type(ctx: LintContext, template: TemplateRef, types: list[str]) -> Iterator[Diagnostic]:
    label = _label(template)
    choices = ", ".join(TEMPLATE_TYPES)
    if not types:
        at = join(template.pointer, "name") if "name" in template.data else template.pointer
        yield ctx.diag(
            TEMPLATE_TYPE,
            at,
            f"{label} says nothing to run: it sets none of {choices} (Argo: 'template type unspecified')",
            "add what the template does, e.g. `container: {image: alpine:3, command: [echo, hi]}`, or a `dag:` "
            "of tasks",
        )
    elif len(types) > 1:
        yield ctx.diag(
            TEMPLATE_TYPE,
            join(template.pointer, types[1]),
            f"{label} sets both `{types[0]}` and `{types[1]}`; a template is exactly one of {choices} "
            "(Argo: 'multiple template types specified')",
            f"split it into two templates (one with `{types[0]}`, one with `{types[1]}`) and call both from a DAG",
            key=True,
        )


def _placement(ctx: LintContext, template: TemplateRef, kind: str | None) -> Iterator[Diagnostic]:
    if kind is None:
        return
    data = template.data
    label = _label(template)
    word = TYPE_WORDS[kind]
    if kind not in ("steps", "dag"):
        if data.get("parallelism") is not None:
            yield ctx.diag(
                FIELD_PLACEMENT,
                join(template.pointer, "parallelism"),
                f"{label} is a {word} template: `parallelism` is only valid for steps and DAG templates "
                "(it limits how many of their children run at once)",
                "move `parallelism` to the DAG or steps template that calls this one, or to spec.parallelism",
                key=True,
            )
        if "activeDeadlineSeconds" in data:
            yield from _active_deadline(ctx, template)
        if kind in LEAF:
            timeout = scalar_text(data.get("timeout"))
            if timeout and _INT.match(timeout.strip()):
                yield ctx.diag(
                    TIMEOUT_FORMAT,
                    join(template.pointer, "timeout"),
                    f"`timeout` of {label} is '{timeout}', a bare number: Argo needs a duration "
                    "(Argo: 'has invalid duration format in timeout')",
                    f"add a unit, e.g. timeout: {timeout.strip().lstrip('+')}s",
                )
    if kind == "suspend":
        for field in ("timeout", "pendingTimeout"):
            if data.get(field) not in (None, ""):
                yield ctx.diag(
                    FIELD_PLACEMENT,
                    join(template.pointer, field),
                    f"{label} is a Suspend template, which doesn't support `{field}` (only leaf templates do)",
                    "limit a suspend with `suspend: {duration: ...}`",
                    key=True,
                )
    if kind in ("http", "plugin") and data.get("podResources") is not None:
        yield ctx.diag(
            FIELD_PLACEMENT,
            join(template.pointer, "podResources"),
            f"`podResources` is not supported for {word} templates ({label} runs in the shared agent pod)",
            "remove `podResources` from this template",
            key=True,
        )
    if kind in ("suspend", "http", "plugin") and as_list(data.get("resourceClaims")):
        yield ctx.diag(
            FIELD_PLACEMENT,
            join(template.pointer, "resourceClaims"),
            f"`resourceClaims` is not supported for {word} templates, which do not create a pod ({label})",
            "move `resourceClaims` to the container or script templates that need the claim",
            key=True,
        )


def _active_deadline(ctx: LintContext, template: TemplateRef) -> Iterator[Diagnostic]:
    value = template.data.get("activeDeadlineSeconds")
    if value is None:
        return
    text = scalar_text(value)
    if isinstance(value, bool) or text is None:
        ok = False
    elif "{{" in text:
        ok = True
    elif _INT.match(text.strip()):
        ok = int(text) > 0
    else:
        ok = False
    if not ok:
        yield ctx.diag(
            ACTIVE_DEADLINE,
            join(template.pointer, "activeDeadlineSeconds"),
            f"`activeDeadlineSeconds` of {_label(template)} is {value!r}: Argo requires a positive integer > 0 "
            "or an Argo variable",
            "give the limit in seconds, e.g. activeDeadlineSeconds: 300",
        )


def _image(ctx: LintContext, template: TemplateRef, kind: str, default_images: set[str]) -> Iterator[Diagnostic]:
    body = template.data[kind]
    if not isinstance(body, dict) or kind in default_images:
        return
    image = body.get("image")
    if _text(image):
        return
    present = "image" in body
    yield ctx.diag(
        IMAGE_MISSING,
        join(template.pointer, kind, "image") if present else join(template.pointer, kind),
        f"`{kind}.image` of {_label(template)} may not be empty: Kubernetes cannot start a container without an image",
        f"set `image:` (e.g. alpine:3), or give every {kind} a default in spec.templateDefaults.{kind}.image",
        key=not present,
    )


def pod_resources(ctx: LintContext, pointer: str, value: Any) -> Iterator[Diagnostic]:
    """spec.podResources and a template's podResources: cpu, memory and hugepages-* only, no claims."""
    if not isinstance(value, dict):
        return
    if as_list(value.get("claims")):
        yield ctx.diag(
            POD_RESOURCES,
            join(pointer, "claims"),
            "`claims` is not supported for pod-level resources",
            "put resource claims on the container (`container.resources.claims`) instead",
            key=True,
        )
    for field in ("requests", "limits"):
        for name in as_dict(value.get(field)):
            if name in ("cpu", "memory") or str(name).startswith("hugepages-"):
                continue
            yield ctx.diag(
                POD_RESOURCES,
                join(pointer, field, name),
                f"'{name}' is not a valid pod-level resource: only cpu, memory and hugepages-* are supported",
                f"request '{name}' in the container's own `resources`",
                key=True,
            )


# --------------------------------------------------------------------------------------------
# artifacts and outputs

_DOT_DOT_END = re.compile(r"/..$")  # Argo's own pattern (CleanPath): '.' is any character there


def path_problem(path: str) -> str | None:
    """Artifact.CleanPath: a path whose '..' climbs above the directory before it (None: fine)."""
    safe = ""
    if "/../" in path:
        safe = path[: path.index("/../")]
    else:
        found = _DOT_DOT_END.search(path)
        if found:
            safe = path[: found.start()]
    cleaned = posixpath.normpath(path) if path else path
    if cleaned.startswith("//"):
        cleaned = "/" + cleaned.lstrip("/")
    if safe and not cleaned.startswith(safe):
        return "it climbs out of its directory with '..' (directory traversal is not permitted)"
    return None


def _artifacts(ctx: LintContext, template: TemplateRef, kind: str | None) -> Iterator[Diagnostic]:
    if kind is None:
        return
    label = _label(template)
    leaf = kind in LEAF
    for side in ("inputs", "outputs"):
        for i, artifact in enumerate(as_list(as_dict(template.data.get(side)).get("artifacts"))):
            if not isinstance(artifact, dict):
                continue
            pointer = join(template.pointer, side, "artifacts", i)
            name = artifact.get("name")
            what = f"{side[:-1]} artifact '{name}' of {label}"
            path = artifact.get("path")
            if leaf:
                text = _text(path)
                if not text:
                    yield ctx.diag(
                        ARTIFACT_PATH,
                        join(pointer, "path") if "path" in artifact else join(pointer, "name"),
                        f"{what} has no path: a {TYPE_WORDS[kind]} template "
                        f"{'loads' if side == 'inputs' else 'saves'} it at a file path",
                        f"add `path:` (e.g. /tmp/{name})",
                    )
                else:
                    problem = path_problem(text)
                    if problem:
                        yield ctx.diag(
                            ARTIFACT_PATH,
                            join(pointer, "path"),
                            f"path '{text}' of {what}: {problem}",
                            "write the path without '..'",
                        )
            elif path is not None and _text(path):
                yield ctx.diag(
                    ARTIFACT_PATH,
                    join(pointer, "path"),
                    f"{what}: `path` is only valid in container/script templates, and {label} is a "
                    f"{TYPE_WORDS[kind]} template",
                    "remove `path`; the leaf templates that use the artifact give its path",
                    key=True,
                )
            if side == "inputs":
                if _text(artifact.get("from")):
                    yield ctx.diag(
                        INPUT_ARTIFACT_FROM,
                        join(pointer, "from"),
                        f"{what}: `from` is not valid in inputs",
                        "pass the artifact with `from:` in the arguments of the task or step that calls the template",
                        key=True,
                    )
                yield from _location(ctx, pointer, artifact, what)
    archive = template.data.get("archiveLocation")
    if isinstance(archive, dict):
        yield from _location(ctx, join(template.pointer, "archiveLocation"), archive, f"archiveLocation of {label}")


def _location(ctx: LintContext, pointer: str, artifact: dict[str, Any], what: str) -> Iterator[Diagnostic]:
    """validateArtifactLocation: only git.repo (a required field) and hdfs are checked by Argo."""
    hdfs = artifact.get("hdfs")
    if not isinstance(hdfs, dict):
        return
    at = join(pointer, "hdfs")
    if not as_list(hdfs.get("addresses")):
        yield ctx.diag(
            ARTIFACT_LOCATION,
            at,
            f"hdfs location of {what} has no `addresses`",
            "list the name nodes, e.g. addresses: [my-hdfs-namenode-0.my-hdfs-namenode.default.svc:8020]",
            key=True,
        )
    path = _text(hdfs.get("path"))
    if path and not path.startswith("/") and "{{" not in path:
        yield ctx.diag(
            ARTIFACT_LOCATION,
            join(at, "path"),
            f"hdfs path '{path}' of {what} must be an absolute file path",
            f"write it from the root: /{path}",
        )


def _template_refs(ctx: LintContext, template: TemplateRef) -> Iterator[Diagnostic]:
    for pointer, call, _ in iter_calls(template):
        label = f"'{call.get('name')}'"
        if "templateRef" in call:
            yield from template_ref(ctx, pointer, call, label)
        hooks = call.get("hooks")
        if isinstance(hooks, dict):
            for name, hook in hooks.items():
                if isinstance(hook, dict) and "templateRef" in hook:
                    yield from template_ref(ctx, join(pointer, "hooks", name), hook, f"hook '{name}' of {label}")


def template_ref(ctx: LintContext, pointer: str, holder: dict[str, Any], label: str) -> Iterator[Diagnostic]:
    """A templateRef needs the WorkflowTemplate's name and the template in it (validateTemplateHolder)."""
    ref = holder.get("templateRef")
    if not isinstance(ref, dict):
        return
    for field, meaning in (("name", "the WorkflowTemplate's name"), ("template", "the template in it")):
        if not _text(ref.get(field)):
            at = join(pointer, "templateRef", field) if field in ref else join(pointer, "templateRef")
            yield ctx.diag(
                TEMPLATE_REF,
                at,
                f"`templateRef` of {label} has no `{field}` ({meaning})",
                "write templateRef: {name: <WorkflowTemplate>, template: <template in it>}",
                key=field not in ref,
            )


def _outputs(ctx: LintContext, template: TemplateRef, kind: str | None) -> Iterator[Diagnostic]:
    label = _label(template)
    base = join(template.pointer, "outputs", "parameters")
    for i, param in enumerate(as_list(as_dict(template.data.get("outputs")).get("parameters"))):
        if not isinstance(param, dict):
            continue
        pointer = join(base, i)
        name = param.get("name")
        what = f"output parameter '{name}' of {label}" if isinstance(name, str) else f"an output parameter of {label}"
        value, value_from = param.get("value"), param.get("valueFrom")
        if value is not None and value_from is not None:
            yield ctx.diag(
                OUTPUT_VALUE,
                join(pointer, "valueFrom"),
                f"{what} has both `value` and `valueFrom`; choose one",
                "keep `value` for a fixed text, or `valueFrom` to read it from what the template produced",
                key=True,
            )
            continue
        if value is not None:
            continue
        if value_from is None:
            yield ctx.diag(
                OUTPUT_VALUE,
                join(pointer, "name") if "name" in param else pointer,
                f"{what} has neither `value` nor `valueFrom`: Argo has nothing to set it from",
                _source_hint(kind),
            )
            continue
        if not isinstance(value_from, dict):
            continue  # a wrong type: the structure family's finding
        sources = [s for s in SOURCES if _text(value_from.get(s))]
        if value_from.get("supplied") is not None:
            sources.append("supplied")
        at = join(pointer, "valueFrom")
        if not sources:
            yield ctx.diag(
                OUTPUT_SOURCE,
                at,
                f"`valueFrom` of {what} names no source (Argo: 'valueFrom type unspecified'); `default` alone is "
                "not one",
                _source_hint(kind),
                key=True,
            )
            continue
        if len(sources) > 1:
            yield ctx.diag(
                OUTPUT_SOURCE,
                join(at, sources[1]),
                f"`valueFrom` of {what} names several sources ({', '.join(sources)}); Argo allows exactly one",
                f"keep one of {', '.join(sources)}",
                key=True,
            )
            continue
        source = sources[0]
        needed: tuple[str, ...] = ()
        if kind in ("container", "containerSet", "script"):
            needed = ("path",)
        elif kind == "resource":
            needed = ("jqFilter", "jsonPath")
        elif kind in ("dag", "steps"):
            needed = ("parameter", "expression")
        if needed and source not in needed:
            word = TYPE_WORDS[kind] if kind else ""
            yield ctx.diag(
                OUTPUT_SOURCE,
                join(at, source),
                f"`valueFrom.{source}` of {what}: {word} templates read output parameters from {' or '.join(needed)}",
                _source_hint(kind),
                key=True,
            )


def _source_hint(kind: str | None) -> str:
    if kind in ("container", "containerSet", "script"):
        return "write the value to a file and read it with `valueFrom: {path: /tmp/out.txt}`"
    if kind == "resource":
        return "read it from the resource with `valueFrom: {jsonPath: '{.status.phase}'}` or `jqFilter`"
    if kind in ("dag", "steps"):
        return "take it from a child with `valueFrom: {parameter: '{{tasks.<task>.outputs.parameters.<name>}}'}`"
    return "set `value:`, or `valueFrom:` with path, jsonPath, jqFilter, parameter, expression or supplied"


# --------------------------------------------------------------------------------------------
# metrics


def _metrics(ctx: LintContext, template: TemplateRef) -> Iterator[Diagnostic]:
    label = _label(template)
    base = join(template.pointer, "metrics", "prometheus")
    for i, metric in enumerate(as_list(as_dict(template.data.get("metrics")).get("prometheus"))):
        if not isinstance(metric, dict):
            continue
        pointer = join(base, i)
        name = _text(metric.get("name"))
        if "name" in metric and not METRIC_NAME_PATTERN.match(name):
            yield ctx.diag(
                METRIC_NAME,
                join(pointer, "name"),
                f"metric name '{name}' of {label} is invalid: metric names may contain only letters, digits and '_' "
                "(not starting with a digit)",
                f"use '{_metric_fix(name)}'",
            )
        for j, label_item in enumerate(as_list(metric.get("labels"))):
            key = as_dict(label_item).get("key")
            if key is None:
                continue
            text = _text(key)
            if not METRIC_NAME_PATTERN.match(text):
                yield ctx.diag(
                    METRIC_NAME,
                    join(pointer, "labels", j, "key"),
                    f"metric label '{text}' of metric '{name}' is invalid: keys may only contain letters, digits "
                    "and '_'",
                    f"use '{_metric_fix(text)}'",
                )
        if "help" in metric and not _text(metric.get("help")):
            yield ctx.diag(
                METRIC_HELP,
                join(pointer, "help"),
                f"metric '{name}' of {label} must have a help string under `help:`",
                "describe what the metric measures, e.g. help: 'Duration of the training step'",
                key=True,
            )
        for kind in ("gauge", "counter", "histogram"):
            body = metric.get(kind)
            if not isinstance(body, dict):
                continue
            value = _text(body.get("value"))
            if "value" not in body:
                continue  # a missing required field: the structure family's finding
            if not value:
                yield ctx.diag(
                    METRIC_VALUE,
                    join(pointer, kind),
                    f"metric '{name}' of {label}: missing {kind}.value",
                    f"set `{kind}.value`, e.g. value: '{{{{duration}}}}'",
                    key=True,
                )
            elif kind == "gauge" and body.get("realtime") is True and "resourcesDuration." in value:
                yield ctx.diag(
                    METRIC_VALUE,
                    join(pointer, kind, "value"),
                    f"metric '{name}' of {label}: 'resourcesDuration.*' metrics cannot be used in real-time",
                    "set `realtime: false`, or measure {{duration}} in real time",
                )


def _metric_fix(name: str) -> str:
    fixed = re.sub(r"[^a-zA-Z0-9_]", "_", name)
    return fixed if fixed and not fixed[0].isdigit() else f"m_{fixed}"


# --------------------------------------------------------------------------------------------
# containerSet, mounts, resource


def _container_set(ctx: LintContext, template: TemplateRef) -> Iterator[Diagnostic]:
    body = template.data["containerSet"]
    if not isinstance(body, dict):
        return
    label = _label(template)
    pointer = join(template.pointer, "containerSet")
    containers = [(i, c) for i, c in enumerate(as_list(body.get("containers"))) if isinstance(c, dict)]
    if not containers:
        yield ctx.diag(
            CONTAINER_SET,
            join(pointer, "containers") if "containers" in body else pointer,
            f"containerSet of {label} must have at least one container",
            "add `containers: [{name: main, image: alpine:3, command: [...]}]`",
            key=True,
        )
        return
    names = {c["name"]: i for i, c in containers if isinstance(c.get("name"), str)}
    graph: dict[str, list[str]] = {}
    for i, container in containers:
        cname = container.get("name")
        deps: list[str] = []
        for j, dep in enumerate(as_list(container.get("dependencies"))):
            if not isinstance(dep, str):
                continue
            if dep not in names:
                yield ctx.diag(
                    CONTAINER_SET,
                    join(pointer, "containers", i, "dependencies", j),
                    f"container '{cname}' of {label} depends on '{dep}', which is not a container of the set",
                    f"the containers are: {', '.join(names) or 'none named'}",
                )
            else:
                deps.append(dep)
        if isinstance(cname, str):
            graph.setdefault(cname, []).extend(deps)
    cycle = _find_cycle(graph)
    if cycle:
        first = cycle[0]
        yield ctx.diag(
            CONTAINER_SET,
            join(pointer, "containers", names[first], "dependencies"),
            f"containers of {label} depend on each other in a cycle ({' → '.join([*cycle, first])})",
            "remove one of the dependencies of the cycle",
            key=True,
        )
    data = template.data
    inputs, outputs = as_dict(data.get("inputs")), as_dict(data.get("outputs"))
    if (
        as_list(inputs.get("artifacts")) or as_list(outputs.get("parameters")) or as_list(outputs.get("artifacts"))
    ) and "main" not in names:
        yield ctx.diag(
            CONTAINER_SET,
            join(pointer, "containers"),
            f'containerSet of {label} must have a container named "main" for input artifacts or outputs',
            "name the container that reads the inputs and writes the outputs `main`",
            key=True,
        )


def _find_cycle(graph: dict[str, list[str]]) -> list[str]:
    """One cycle of ``graph`` (node -> dependencies) in order, or []."""
    state: dict[str, int] = {}
    for root in graph:
        if state.get(root):
            continue
        path: list[str] = []
        stack: list[tuple[str, Iterator[str]]] = [(root, iter(graph.get(root, ())))]
        state[root] = 1
        path.append(root)
        while stack:
            node, deps = stack[-1]
            nxt = next(deps, None)
            if nxt is None:
                stack.pop()
                path.pop()
                state[node] = 2
            elif state.get(nxt) == 1:
                return path[path.index(nxt) :]
            elif not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                stack.append((nxt, iter(graph.get(nxt, ()))))
    return []


def _mount_paths(ctx: LintContext, template: TemplateRef, kind: str | None) -> Iterator[Diagnostic]:
    assert kind is not None
    body = as_dict(template.data.get(kind))
    label = _label(template)
    seen: dict[str, str] = {}
    for i, mount in enumerate(as_list(body.get("volumeMounts"))):
        path = as_dict(mount).get("mountPath")
        if not isinstance(path, str):
            continue
        if path in seen:
            yield ctx.diag(
                MOUNT_PATH,
                join(template.pointer, kind, "volumeMounts", i, "mountPath"),
                f"mountPath '{path}' of {label} is already mounted by volume '{seen[path]}'",
                "mount each volume at its own path (use subPath to mount parts of one volume)",
            )
        else:
            seen[path] = str(as_dict(mount).get("name"))
    if kind == "containerSet":
        return
    for i, artifact in enumerate(as_list(as_dict(template.data.get("inputs")).get("artifacts"))):
        path = as_dict(artifact).get("path")
        if isinstance(path, str) and path in seen:
            yield ctx.diag(
                MOUNT_PATH,
                join(template.pointer, "inputs", "artifacts", i, "path"),
                f"input artifact path '{path}' of {label} is already mounted by volume '{seen[path]}'",
                "load the artifact at another path (the volume would hide it, or it the volume)",
            )


def _resource(ctx: LintContext, template: TemplateRef) -> Iterator[Diagnostic]:
    body = template.data["resource"]
    if not isinstance(body, dict):
        return
    label = _label(template).replace("template", "resource template", 1)
    pointer = join(template.pointer, "resource")
    action = _text(body.get("action"))
    if not action and "action" in body:  # a missing action: the structure family's finding
        yield ctx.diag(
            RESOURCE_TEMPLATE,
            join(pointer, "action"),
            f"{label} has an empty action: it must be one of {', '.join(RESOURCE_ACTIONS)}",
            "set e.g. `action: create`",
            key=True,
        )
    if action in ("get", "delete"):
        return
    manifest, manifest_from = body.get("manifest"), body.get("manifestFrom")
    text = _text(manifest)
    if not text and manifest_from is None:
        yield ctx.diag(
            RESOURCE_TEMPLATE,
            pointer,
            f"{label} needs either `manifest` or `manifestFrom`",
            "add `manifest: |` with the Kubernetes object to act on",
            key=True,
        )
        return
    if text and manifest_from is not None:
        yield ctx.diag(
            RESOURCE_TEMPLATE,
            join(pointer, "manifestFrom"),
            f"{label} sets both `manifest` and `manifestFrom`; choose one",
            "keep `manifest` for an object written in place, `manifestFrom` for one read from an input artifact",
            key=True,
        )
        return
    if isinstance(manifest_from, dict):
        artifact = as_dict(manifest_from.get("artifact")).get("name")
        inputs = [as_dict(a).get("name") for a in as_list(as_dict(template.data.get("inputs")).get("artifacts"))]
        if isinstance(artifact, str) and artifact not in inputs:
            yield ctx.diag(
                RESOURCE_TEMPLATE,
                join(pointer, "manifestFrom", "artifact", "name"),
                f"`manifestFrom` of {label} names artifact '{artifact}', which is not an input artifact of it",
                f"declare '{artifact}' under inputs.artifacts of {label}",
            )
    if text and isinstance(manifest, str):
        problem = manifest_problem(manifest)
        if problem:
            yield ctx.diag(
                RESOURCE_TEMPLATE,
                join(pointer, "manifest"),
                f"`manifest` of {label} must be valid YAML: {problem}",
                "write one object with `apiVersion`, `kind` and `metadata` (use `|` for a block of YAML)",
            )


def manifest_problem(manifest: str) -> str | None:
    """Why Argo cannot read a resource manifest as YAML (None: it can).

    Argo substitutes every ``{{...}}`` first (a value or a placeholder), then only checks that the
    text is valid YAML (``yaml.Unmarshal`` into an interface): a JSON-patch list for
    ``action: patch`` is a valid manifest, and so is an object without ``kind`` (kubectl says so
    at run time).
    """
    text = _TAG.sub("placeholder", manifest)
    if not text.strip():
        return "it is empty"
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        loader = YAML(typ="safe", pure=True)
        next(iter(loader.load_all(text)), None)
    except YAMLError as exc:
        return f"it does not parse ({str(exc).splitlines()[0]})"
    except (ValueError, TypeError, RecursionError) as exc:
        return f"it does not parse ({exc})"
    return None
