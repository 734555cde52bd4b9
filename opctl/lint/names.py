"""Rule family ``names``: name patterns, lengths and uniqueness as Argo and Kubernetes enforce them.

argo-reference.md §a.1 #1, #4, #7; §a.2 #20; §a.3 #36; §a.5 #57, #60. A missing ``name`` key where
the schema requires one (tasks, parameters, artifacts) is the structure family's finding; this
family reports names that are present but empty, malformed, too long or repeated. Duplicate DAG
task names belong to the dag family.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from opctl.diagnostics import Diagnostic, Severity
from opctl.document import Shape
from opctl.facts import DNS_LABEL, DNS_PREFIX, DNS_SUBDOMAIN, GENERATED_SUFFIX, MAX_DNS_LABEL, suggest_k8s_name
from opctl.lint.registry import Change, LintContext, Rule, check, register
from opctl.model import as_dict, as_list, iter_steps, iter_tasks, iter_templates, join, scalar_text

FAMILY = "names"
E = Severity.ERROR

TEMPLATE_NAME_MISSING = register(
    "template-name-missing",
    FAMILY,
    E,
    "a template has no name",
    explanation="Templates are called by name; Argo refuses a template without one.",
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag: {tasks: [{name: a, template: echo}]}\n"
        "- container: {image: alpine}\n"
    ),
    good=Change(
        "- container: {image: alpine}\n",
        (
            "- name: echo\n"
            "  container: {image: alpine}\n"
        ),
    ),
)
TEMPLATE_NAME_INVALID = register(
    "template-name-invalid",
    FAMILY,
    E,
    "template name not alpha-numeric and '-' (starting alpha-numeric), ≤ 128",
    explanation=(
        "Argo accepts template names of letters, digits and '-' starting with a letter or digit, at most "
        "128 characters, and refuses the workflow otherwise."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag: {tasks: [{name: a, template: say_hi}]}\n"
        "- name: say_hi\n"
        "  container: {image: alpine}\n"
    ),
    good=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag: {tasks: [{name: a, template: say-hi}]}\n"
        "- name: say-hi\n"
        "  container: {image: alpine}\n"
    ),
)
TEMPLATE_NAME_DUPLICATE = register(
    "template-name-duplicate",
    FAMILY,
    E,
    "two templates share a name",
    explanation="Templates are called by name; Argo refuses two templates with one name.",
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: echo}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
    ),
    good=Change(
        (
            "  container: {image: alpine, command: [echo, hi]}\n"
            "- name: echo\n"
            "  container: {image: alpine, command: [echo, hi]}\n"
        ),
        "  container: {image: alpine, command: [echo, hi]}\n",
    ),
)
TASK_NAME_INVALID = register(
    "task-name-invalid",
    FAMILY,
    E,
    "DAG task or step name empty, not alpha-numeric and '-', or over 128",
    explanation=(
        "Task and step names become node names: Argo accepts letters, digits and '-', at most 128 "
        "characters, and refuses the workflow otherwise."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: train_model, template: echo}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
    ),
    good=Change(
        "    - {name: train_model, template: echo}\n",
        "    - {name: train-model, template: echo}\n",
    ),
)
STEP_NAME_DUPLICATE = register(
    "step-name-duplicate",
    FAMILY,
    E,
    "two steps of a steps template share a name",
    explanation="Steps are identified by name within a steps template; Argo refuses two steps with one name.",
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag: {tasks: [{name: a, template: s}]}\n"
        "- name: s\n"
        "  steps:\n"
        "  - - {name: x, template: echo}\n"
        "  - - {name: x, template: echo}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
    ),
    good=Change(
        (
            "  - - {name: x, template: echo}\n"
            "  - - {name: x, template: echo}\n"
            "- name: echo\n"
        ),
        (
            "  - - {name: x, template: echo}\n"
            "  - - {name: y, template: echo}\n"
            "- name: echo\n"
        ),
    ),
)
PARAMETER_NAME_INVALID = register(
    "parameter-name-invalid",
    FAMILY,
    E,
    "parameter name empty or not alpha-numeric, '_' and '-'",
    explanation=(
        "Argo accepts parameter names of letters, digits, '_' and '-' only; anything else cannot be "
        "referenced as {{...parameters.NAME}} and is refused."
    ),
    bad=(
        "entrypoint: main\n"
        "arguments:\n"
        "  parameters:\n"
        "  - {name: learning rate, value: '0.1'}\n"
        "templates:\n"
        "- name: main\n"
        "  dag: {tasks: [{name: a, template: echo}]}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
    ),
    good=(
        "entrypoint: main\n"
        "arguments:\n"
        "  parameters:\n"
        "  - {name: learning-rate, value: '0.1'}\n"
        "templates:\n"
        "- name: main\n"
        "  dag: {tasks: [{name: a, template: echo, arguments: {parameters: [{name: x, value:"
        " '{{workflow.parameters.learning-rate}}'}]}}]}\n"
        "- name: echo\n"
        "  inputs: {parameters: [{name: x}]}\n"
        "  container: {image: alpine, args: ['{{inputs.parameters.x}}']}\n"
    ),
)
PARAMETER_NAME_DUPLICATE = register(
    "parameter-name-duplicate",
    FAMILY,
    E,
    "two parameters of one list share a name",
    explanation="Parameters are looked up by name; Argo refuses two parameters with one name in the same list.",
    bad=(
        "entrypoint: main\n"
        "arguments:\n"
        "  parameters:\n"
        "  - {name: epochs, value: '1'}\n"
        "  - {name: epochs, value: '2'}\n"
        "templates:\n"
        "- name: main\n"
        "  container: {image: alpine, args: ['{{workflow.parameters.epochs}}']}\n"
    ),
    good=Change(
        "  - {name: epochs, value: '2'}\n",
        "",
    ),
)
ARTIFACT_NAME_INVALID = register(
    "artifact-name-invalid",
    FAMILY,
    E,
    "artifact name empty or not alpha-numeric, '_' and '-'",
    explanation=(
        "Argo accepts artifact names of letters, digits, '_' and '-' only, and refuses the workflow otherwise."
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
        "    artifacts:\n"
        "    - {name: my model, path: /out/a}\n"
    ),
    good=Change(
        "    - {name: my model, path: /out/a}\n",
        "    - {name: my-model, path: /out/a}\n",
    ),
)
ARTIFACT_NAME_DUPLICATE = register(
    "artifact-name-duplicate",
    FAMILY,
    E,
    "two artifacts of one list share a name",
    explanation=(
        "Artifacts are looked up by name; Argo refuses two artifacts with one name in the same inputs or outputs list."
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
        "    artifacts:\n"
        "    - {name: model, path: /out/a}\n"
        "    - {name: model, path: /out/b}\n"
    ),
    good=Change(
        "    - {name: model, path: /out/b}\n",
        "    - {name: metrics, path: /out/b}\n",
    ),
)
GLOBAL_NAME_INVALID = register(
    "global-name-invalid",
    FAMILY,
    E,
    "output globalName not alpha-numeric, '_' and '-' (or a {{...}} variable)",
    explanation=(
        "globalName publishes an output as {{workflow.outputs...}}: Argo accepts letters, digits, '_' "
        "and '-' (or an Argo variable) and refuses the workflow otherwise."
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
        "    parameters:\n"
        "    - {name: acc, globalName: best acc, valueFrom: {path: /tmp/acc}}\n"
    ),
    good=Change(
        "    - {name: acc, globalName: best acc, valueFrom: {path: /tmp/acc}}\n",
        "    - {name: acc, globalName: best-acc, valueFrom: {path: /tmp/acc}}\n",
    ),
)
CONTAINER_NAME_INVALID = register(
    "container-name-invalid",
    FAMILY,
    E,
    "sidecar, init or containerSet container name not a Kubernetes name, reserved by Argo, or repeated",
    explanation=(
        "Sidecar, init and containerSet containers become containers of the pod: Kubernetes needs "
        "lower-case DNS labels, unique in the pod, and Argo reserves `main`, `wait` and `init` for its "
        "own."
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
        "  - {name: wait, image: redis}\n"
    ),
    good=Change(
        "  - {name: wait, image: redis}\n",
        "  - {name: cache, image: redis}\n",
    ),
)
WORKFLOW_NAME_MISSING = register(
    "workflow-name-missing",
    FAMILY,
    E,
    "an Argo manifest has neither metadata.name nor metadata.generateName",
    explanation=(
        "Kubernetes needs metadata.name or metadata.generateName to create the object; `argo submit` and "
        "the API refuse a manifest with neither."
    ),
    bad=(
        "apiVersion: argoproj.io/v1alpha1\n"
        "kind: Workflow\n"
        "metadata: {labels: {team: ml}}\n"
        "spec:\n"
        "  entrypoint: main\n"
        "  templates:\n"
        "  - name: main\n"
        "    container: {image: alpine}\n"
    ),
    good=Change(
        "metadata: {labels: {team: ml}}\n",
        "metadata: {generateName: train-}\n",
    ),
)
WORKFLOW_NAME_INVALID = register(
    "workflow-name-invalid",
    FAMILY,
    E,
    "metadata.name not a Kubernetes name (lower-case alpha-numeric, '-', '.')",
    explanation=(
        "metadata.name must be a Kubernetes name (lower-case letters, digits, '-' and '.'); the API "
        "server refuses the create call otherwise."
    ),
    bad=(
        "apiVersion: argoproj.io/v1alpha1\n"
        "kind: Workflow\n"
        "metadata: {name: Train_Run}\n"
        "spec:\n"
        "  entrypoint: main\n"
        "  templates:\n"
        "  - name: main\n"
        "    container: {image: alpine}\n"
    ),
    good=Change(
        "metadata: {name: Train_Run}\n",
        "metadata: {name: train-run}\n",
    ),
)
WORKFLOW_NAME_TOO_LONG = register(
    "workflow-name-too-long",
    FAMILY,
    E,
    "metadata.name over 63 characters (CronWorkflow: 52)",
    explanation=(
        "Argo labels pods with the workflow name, and Kubernetes label values stop at 63 characters (a "
        "CronWorkflow's name gets a timestamp: 52)."
    ),
    bad=(
        "apiVersion: argoproj.io/v1alpha1\n"
        "kind: Workflow\n"
        "metadata: {name: train-train-train-train-train-train-train-train-train-train-train-}\n"
        "spec:\n"
        "  entrypoint: main\n"
        "  templates:\n"
        "  - name: main\n"
        "    container: {image: alpine}\n"
    ),
    good=Change(
        "metadata: {name: train-train-train-train-train-train-train-train-train-train-train-}\n",
        "metadata: {name: train-nightly}\n",
    ),
)
GENERATE_NAME_INVALID = register(
    "generate-name-invalid",
    FAMILY,
    E,
    "metadata.generateName not a valid Kubernetes name prefix",
    explanation=(
        "Kubernetes appends five characters to metadata.generateName: it must be a lower-case DNS name "
        "prefix, or the create call is refused."
    ),
    bad=(
        "apiVersion: argoproj.io/v1alpha1\n"
        "kind: Workflow\n"
        "metadata: {generateName: Train_}\n"
        "spec:\n"
        "  entrypoint: main\n"
        "  templates:\n"
        "  - name: main\n"
        "    container: {image: alpine}\n"
    ),
    good=Change(
        "metadata: {generateName: Train_}\n",
        "metadata: {generateName: train-}\n",
    ),
)

# Argo's own containers in every pod: the main container, the wait sidecar and the init container.
# ("supervisor": Argo 4 reserves it for its own process supervisor, validate.go:910-918)
ARGO_CONTAINERS = ("main", "wait", "init", "supervisor")
TEMPLATE_NAME = re.compile(r"^[a-zA-Z0-9][-a-zA-Z0-9]*$")
MAX_TEMPLATE_NAME = 128
IO_NAME = re.compile(r"^[-a-zA-Z0-9_]+$")
# Argo's variable pattern for a globalName (validate.go paramRegex), matched anywhere in the name:
# `result-{{workflow.parameters.run}}` passes, `{{ workflow.parameters.run }}` (spaces) does not.
GLOBAL_NAME_VARIABLE = re.compile(r"\{\{[-a-zA-Z0-9]+(\.[-a-zA-Z0-9_]+)*\}\}")
MAX_NAME = {Shape.CRON_WORKFLOW: 52}  # Argo: every other kind 63
NAME_RULE = "only letters, digits and '-', starting with a letter or digit"
IO_RULE = "only letters, digits, '_' and '-'"


def _name_of(item: dict[str, Any], field: str = "name") -> str | None:
    """The name as text: '' when absent or empty, None when it is not a scalar (a structure finding)."""
    value = item.get(field)
    return "" if value is None else scalar_text(value)


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def suggest_name(name: str, limit: int = MAX_TEMPLATE_NAME) -> str:
    """A valid template/task name close to ``name``: invalid runs become '-', leading junk dropped."""
    fixed = re.sub(r"[^a-zA-Z0-9-]+", "-", name).lstrip("-").rstrip("-")
    return fixed[:limit].rstrip("-") or "main"


def suggest_io_name(name: str) -> str:
    return re.sub(r"[^-a-zA-Z0-9_]+", "-", name).strip("-") or "value"


@check(FAMILY)
def check_names(ctx: LintContext) -> Iterator[Diagnostic]:
    spec = ctx.spec
    if spec is not None:
        yield from _templates(ctx, spec)
        arguments = as_dict(spec.get("arguments"))
        yield from _io_lists(ctx, join(ctx.spec_pointer, "arguments"), arguments, "spec.arguments")
    yield from _metadata(ctx)


def _templates(ctx: LintContext, spec: dict[str, Any]) -> Iterator[Diagnostic]:
    seen: dict[str, str] = {}
    for tmpl in iter_templates(spec, ctx.spec_pointer):
        name_ptr = join(tmpl.pointer, "name")
        name = _name_of(tmpl.data)
        label = f"template {tmpl.index + 1}"
        if name == "":
            yield ctx.diag(
                TEMPLATE_NAME_MISSING,
                name_ptr if "name" in tmpl.data else tmpl.pointer,
                f"{label} has no name: tasks and the entrypoint refer to templates by name",
                "add `name: <name>` to the template",
            )
        elif name is not None:
            label = f"template '{name}'"
            problem = _name_problem(name)
            if problem:
                yield ctx.diag(
                    TEMPLATE_NAME_INVALID,
                    name_ptr,
                    f"template name '{name}' is invalid: {problem}",
                    f"rename it, e.g. '{suggest_name(name)}' (and the tasks and fields that refer to it)",
                )
            if name in seen:
                yield ctx.diag(
                    TEMPLATE_NAME_DUPLICATE,
                    name_ptr,
                    f"template name '{name}' is not unique (first defined at line {ctx.doc.span(seen[name])[0]})",
                    "rename one of them; tasks refer to templates by name",
                )
            else:
                seen[name] = name_ptr
        yield from _io_lists(ctx, join(tmpl.pointer, "inputs"), as_dict(tmpl.data.get("inputs")), f"{label} inputs")
        outputs = as_dict(tmpl.data.get("outputs"))
        yield from _io_lists(ctx, join(tmpl.pointer, "outputs"), outputs, f"{label} outputs")
        yield from _global_names(ctx, tmpl.pointer, outputs, label)
        yield from _container_names(ctx, tmpl.pointer, tmpl.data, label)
        for task in iter_tasks(tmpl):
            yield from _task_name(ctx, task.pointer, task.data, "DAG task", label)
            yield from _io_lists(
                ctx,
                join(task.pointer, "arguments"),
                as_dict(task.data.get("arguments")),
                f"arguments of task '{task.name}'",
            )
        steps_seen: dict[str, str] = {}
        for pointer, step in iter_steps(tmpl):
            yield from _task_name(ctx, pointer, step, "step", label)
            step_name = _name_of(step)
            if step_name:
                if step_name in steps_seen:
                    yield ctx.diag(
                        STEP_NAME_DUPLICATE,
                        join(pointer, "name"),
                        f"step name '{step_name}' in {label} is not unique (first used at line "
                        f"{ctx.doc.span(steps_seen[step_name])[0]})",
                        "rename one of them: {{steps.NAME...}} refers to steps by name",
                    )
                else:
                    steps_seen[step_name] = join(pointer, "name")
            yield from _io_lists(
                ctx, join(pointer, "arguments"), as_dict(step.get("arguments")), f"arguments of step '{step_name}'"
            )


def _name_problem(name: str) -> str | None:
    problems = []
    if len(name) > MAX_TEMPLATE_NAME:
        problems.append(f"it is {len(name)} characters long, over the limit of {MAX_TEMPLATE_NAME}")
    if not TEMPLATE_NAME.match(name):
        problems.append(f"a name may contain {NAME_RULE}")
    return "; ".join(problems) or None


def _task_name(ctx: LintContext, pointer: str, task: dict[str, Any], what: str, owner: str) -> Iterator[Diagnostic]:
    if "name" not in task:
        return  # a missing required field: the structure family's finding
    name = _name_of(task)
    name_ptr = join(pointer, "name")
    if name is None:
        return  # not a scalar: the structure family's finding
    if not name:
        yield ctx.diag(
            TASK_NAME_INVALID,
            name_ptr,
            f"a {what} of {owner} has an empty name",
            f"give the {what} a name ({NAME_RULE})",
        )
        return
    if "{{" in name:
        return  # Argo substitutes it first; the result is checked at run time
    problem = _name_problem(name)
    if problem:
        yield ctx.diag(
            TASK_NAME_INVALID,
            name_ptr,
            f"{what} name '{name}' in {owner} is invalid: {problem}",
            f"rename it, e.g. '{suggest_name(name)}' (and the dependencies that refer to it)",
        )


def _io_lists(ctx: LintContext, pointer: str, holder: dict[str, Any], owner: str) -> Iterator[Diagnostic]:
    for field, kind, invalid, duplicate in (
        ("parameters", "parameter", PARAMETER_NAME_INVALID, PARAMETER_NAME_DUPLICATE),
        ("artifacts", "artifact", ARTIFACT_NAME_INVALID, ARTIFACT_NAME_DUPLICATE),
    ):
        seen: dict[str, str] = {}
        for i, item in enumerate(as_list(holder.get(field))):
            if not isinstance(item, dict) or "name" not in item:
                continue  # wrong types and missing required names: structure family
            item_ptr = join(pointer, field, i, "name")
            name = _name_of(item)
            if name is None:
                continue
            yield from _io_name(ctx, invalid, duplicate, item_ptr, name, kind, owner, seen)


def _io_name(
    ctx: LintContext,
    invalid: Rule,
    duplicate: Rule,
    pointer: str,
    name: str | None,
    kind: str,
    owner: str,
    seen: dict[str, str],
) -> Iterator[Diagnostic]:
    if not name:
        message = f"{_article(kind)} {kind} of {owner} has an empty name"
        yield ctx.diag(invalid, pointer, message, f"give it a name ({IO_RULE})")
        return
    if not IO_NAME.match(name):
        yield ctx.diag(
            invalid,
            pointer,
            f"{kind} name '{name}' in {owner} is invalid: {_article(kind)} {kind} name may contain {IO_RULE}",
            f"rename it, e.g. '{suggest_io_name(name)}' (and the {{{{...}}}} references to it)",
        )
    if name in seen:
        yield ctx.diag(
            duplicate,
            pointer,
            f"{kind} name '{name}' in {owner} is not unique (first at line {ctx.doc.span(seen[name])[0]})",
            f"rename or remove one of the two {kind}s",
        )
    else:
        seen[name] = pointer


def _container_names(ctx: LintContext, pointer: str, tmpl: dict[str, Any], owner: str) -> Iterator[Diagnostic]:
    """Pod containers of one template: Kubernetes DNS labels, unique in the pod, not Argo's own."""
    seen: dict[str, str] = {}
    groups = (
        ("initContainers", "init container", tmpl.get("initContainers")),
        ("sidecars", "sidecar", tmpl.get("sidecars")),
        ("containerSet/containers", "containerSet container", as_dict(tmpl.get("containerSet")).get("containers")),
    )
    entries = [
        (field, what, join(pointer, *field.split("/"), i, "name"), item)
        for field, what, items in groups
        for i, item in enumerate(as_list(items))
        if isinstance(item, dict) and "name" in item  # missing required names: structure family
    ]
    entries.sort(key=lambda entry: ctx.doc.span(entry[2])[:2])  # duplicates reported at the later one
    for field, what, name_ptr, item in entries:
        name = _name_of(item)
        if name is None:
            continue
        if not name:
            yield ctx.diag(
                CONTAINER_NAME_INVALID,
                name_ptr,
                f"a {what} of {owner} has an empty name",
                "give it a name: lower-case letters, digits and '-'",
            )
            continue
        if not DNS_LABEL.match(name) or len(name) > MAX_DNS_LABEL:
            yield ctx.diag(
                CONTAINER_NAME_INVALID,
                name_ptr,
                f"{what} name '{name}' in {owner} is not a valid Kubernetes container name: at most 63 "
                "lower-case letters, digits and '-', starting and ending with a letter or digit",
                f"use '{suggest_k8s_name(name, MAX_DNS_LABEL).replace('.', '-')}'",
            )
        elif name in ARGO_CONTAINERS and not (field == "containerSet/containers" and name == "main"):
            yield ctx.diag(
                CONTAINER_NAME_INVALID,
                name_ptr,
                f"{what} name '{name}' in {owner} is taken: Argo names its own containers main, wait, "
                "init and supervisor, and container names must be unique in a pod",
                f"rename it, e.g. 'my-{name}'",
            )
        if name in seen:
            yield ctx.diag(
                CONTAINER_NAME_INVALID,
                name_ptr,
                f"{what} name '{name}' in {owner} is not unique in the pod (first at line "
                f"{ctx.doc.span(seen[name])[0]})",
                "rename one of the two containers",
            )
        else:
            seen[name] = name_ptr


def _global_names(ctx: LintContext, pointer: str, outputs: dict[str, Any], owner: str) -> Iterator[Diagnostic]:
    for field, kind in (("parameters", "parameter"), ("artifacts", "artifact")):
        for i, item in enumerate(as_list(outputs.get(field))):
            value = scalar_text(as_dict(item).get("globalName"))
            if value is None or GLOBAL_NAME_VARIABLE.search(value):
                continue  # Argo skips the check when a variable is in it (validate.go isParameter)
            if not IO_NAME.match(value):
                yield ctx.diag(
                    GLOBAL_NAME_INVALID,
                    join(pointer, "outputs", field, i, "globalName"),
                    f"globalName '{value}' of an output {kind} of {owner} is invalid: it may contain {IO_RULE}",
                    f"use '{suggest_io_name(value)}'",
                )


def _metadata(ctx: LintContext) -> Iterator[Diagnostic]:
    """Kubernetes names of Argo manifests (a stored Onepanel template's metadata.name is a display name)."""
    shape = ctx.doc.shape
    if not shape.is_argo or not isinstance(ctx.doc.data, dict):
        return
    metadata = ctx.doc.data.get("metadata")
    if metadata is None:
        metadata = {}
    elif not isinstance(metadata, dict):
        return  # a wrong type: the structure family's finding
    name = scalar_text(metadata.get("name"))
    generate = scalar_text(metadata.get("generateName"))
    limit = MAX_NAME.get(shape, MAX_DNS_LABEL)
    if not name and not generate:
        yield ctx.diag(
            WORKFLOW_NAME_MISSING,
            "/metadata" if "metadata" in ctx.doc.data else "",
            f"the {shape.value} has neither metadata.name nor metadata.generateName: Kubernetes needs one",
            "add `metadata: {generateName: my-workflow-}` (a unique name per run) or `name:`",
            key="metadata" in ctx.doc.data,
        )
        return
    if name:
        if len(name) > limit:
            yield ctx.diag(
                WORKFLOW_NAME_TOO_LONG,
                "/metadata/name",
                f"{shape.value} name '{name}' is {len(name)} characters long: Argo allows at most {limit}",
                f"shorten it, e.g. '{suggest_k8s_name(name, limit)}'",
            )
        if not DNS_SUBDOMAIN.match(name):
            yield ctx.diag(
                WORKFLOW_NAME_INVALID,
                "/metadata/name",
                f"{shape.value} name '{name}' is not a valid Kubernetes name: lower-case letters, digits, "
                "'-' and '.', starting and ending with a letter or digit",
                f"use '{suggest_k8s_name(name, limit)}'",
            )
    if generate and not DNS_PREFIX.match(generate):
        yield ctx.diag(
            GENERATE_NAME_INVALID,
            "/metadata/generateName",
            f"generateName '{generate}' cannot start a valid Kubernetes name: lower-case letters, digits, "
            "'-' and '.', starting with a letter or digit",
            f"use '{suggest_k8s_name(generate, limit - GENERATED_SUFFIX)}-'",
        )
