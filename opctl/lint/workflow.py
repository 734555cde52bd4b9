"""Rule family ``workflow``: what Argo's validator requires of the WorkflowSpec itself.

``validate.Workflow`` in Argo's ``workflow/validate/validate.go``:
``workflowTemplateRef`` together with ``templates`` (#5), ``executorPlugins`` (#6), hooks without
an ``expression`` (#15, workflow-level and step hooks; DAG task hooks are not checked by Argo,
#49), ``podGC.labelSelector`` (#16; the strategy is an enum of the structure family) and
``spec.podResources`` (#17). Argo's rules, so both dialects.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from opctl.diagnostics import Diagnostic, Severity
from opctl.lint.registry import Change, LintContext, check, register
from opctl.lint.templates import all_templates, pod_resources, template_ref
from opctl.model import as_dict, as_list, iter_steps, join, scalar_text

FAMILY = "workflow"
E = Severity.ERROR

TEMPLATE_REF_WITH_TEMPLATES = register(
    "workflow-template-ref-templates",
    FAMILY,
    E,
    "a workflow with workflowTemplateRef also sets templates (Argo takes them from the WorkflowTemplate)",
    explanation=(
        "A Workflow built on workflowTemplateRef takes its templates from the WorkflowTemplate; Argo "
        "refuses templates written beside the reference."
    ),
    bad=(
        "# $ opctl lint --dialect argo\n"
        "apiVersion: argoproj.io/v1alpha1\n"
        "kind: Workflow\n"
        "metadata: {generateName: train-}\n"
        "spec:\n"
        "  workflowTemplateRef: {name: train}\n"
        "  templates:\n"
        "  - name: main\n"
        "    container: {image: alpine}\n"
    ),
    good=Change(
        (
            "  templates:\n"
            "  - name: main\n"
            "    container: {image: alpine}\n"
        ),
        "  arguments: {parameters: [{name: epochs, value: '5'}]}\n",
    ),
)
EXECUTOR_PLUGIN = register(
    "executor-plugin-invalid",
    FAMILY,
    E,
    "a spec.executorPlugins entry without metadata.name or a container port",
    explanation=(
        "A workflow-level executor plugin runs as a sidecar the agent talks to: it needs a name and at "
        "least one container port."
    ),
    bad=(
        "apiVersion: argoproj.io/v1alpha1\n"
        "kind: Workflow\n"
        "metadata: {generateName: train-}\n"
        "spec:\n"
        "  entrypoint: main\n"
        "  templates:\n"
        "  - name: main\n"
        "    container: {image: alpine}\n"
        "  executorPlugins:\n"
        "  - metadata: {name: hello}\n"
        "    spec: {sidecar: {container: {image: 'hello:1'}}}\n"
    ),
    good=Change(
        "    spec: {sidecar: {container: {image: 'hello:1'}}}\n",
        "    spec: {sidecar: {container: {image: 'hello:1', ports: [{containerPort: 4355}]}}}\n",
    ),
)
HOOK_EXPRESSION = register(
    "hook-expression-missing",
    FAMILY,
    E,
    "a workflow or step lifecycle hook other than `exit` without `expression`",
    explanation=(
        "A lifecycle hook other than `exit` runs when its expression becomes true; without one Argo refuses"
        " it ('Expression required'). DAG task hooks are not checked by Argo."
    ),
    bad=(
        "entrypoint: main\n"
        "hooks:\n"
        "  running: {template: echo}\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: echo}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
    ),
    good=Change(
        "  running: {template: echo}\n",
        '  running: {expression: workflow.status == "Running", template: echo}\n',
    ),
)
LABEL_SELECTOR = register(
    "pod-gc-label-selector",
    FAMILY,
    E,
    "podGC.labelSelector that is not a valid Kubernetes label selector",
    explanation=(
        "podGC.labelSelector picks the pods to delete; Argo refuses a selector Kubernetes cannot parse "
        "(invalid keys or values, In/NotIn without values)."
    ),
    bad=(
        "apiVersion: argoproj.io/v1alpha1\n"
        "kind: Workflow\n"
        "metadata: {generateName: train-}\n"
        "spec:\n"
        "  entrypoint: main\n"
        "  templates:\n"
        "  - name: main\n"
        "    container: {image: alpine}\n"
        "  podGC:\n"
        "    strategy: OnPodSuccess\n"
        "    labelSelector:\n"
        "      matchExpressions: [{key: keep, operator: In}]\n"
    ),
    good=Change(
        "      matchExpressions: [{key: keep, operator: In}]\n",
        "      matchExpressions: [{key: keep, operator: In, values: ['false']}]\n",
    ),
)

# k8s.io/apimachinery validation: a qualified name (optional DNS-subdomain prefix + '/') and a label value.
_NAME_PART = re.compile(r"^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")
_DNS_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
_OPERATORS = ("In", "NotIn", "Exists", "DoesNotExist")


@check(FAMILY)
def check_workflow(ctx: LintContext) -> Iterator[Diagnostic]:
    spec = ctx.spec
    if spec is None:
        return
    base = ctx.spec_pointer
    if spec.get("workflowTemplateRef") is not None and as_list(spec.get("templates")):
        yield ctx.diag(
            TEMPLATE_REF_WITH_TEMPLATES,
            join(base, "templates"),
            "`templates` is invalid in a workflow that refers to a WorkflowTemplate (workflowTemplateRef): the "
            "templates come from the WorkflowTemplate",
            "remove `templates` (change them in the WorkflowTemplate), or drop `workflowTemplateRef`",
            key=True,
        )
    if "executorPlugins" in spec:
        yield from _executor_plugins(ctx, spec)
    templates = {t.name for t in all_templates(ctx) if t.name is not None}
    for name, hook in as_dict(spec.get("hooks")).items():
        at = join(base, "hooks", name)
        yield from _hook(ctx, at, name, hook, "the workflow")
        if isinstance(hook, dict):
            yield from template_ref(ctx, at, hook, f"workflow hook '{name}'")
            called = hook.get("template")
            if (
                isinstance(called, str)
                and called not in templates
                and "{{" not in called
                and spec.get("workflowTemplateRef") is None  # its templates come from the WorkflowTemplate
            ):
                yield ctx.diag(
                    "dag-undefined-template",
                    join(at, "template"),
                    f"workflow hook '{name}' calls template '{called}', which is not defined in spec.templates",
                    "define the template or fix the name",
                )
    for template in all_templates(ctx):
        if not isinstance(template.data.get("steps"), list):
            continue
        for pointer, step in iter_steps(template):
            step_name = step.get("name")
            for name, hook in as_dict(step.get("hooks")).items():
                yield from _hook(ctx, join(pointer, "hooks", name), name, hook, f"step '{step_name}'")
    selector = as_dict(spec.get("podGC")).get("labelSelector")
    if isinstance(selector, dict):
        yield from _label_selector(ctx, join(base, "podGC", "labelSelector"), selector)
    if "podResources" in spec:
        yield from pod_resources(ctx, join(base, "podResources"), spec["podResources"])


def _hook(ctx: LintContext, pointer: str, name: str, hook: Any, owner: str) -> Iterator[Diagnostic]:
    if name == "exit" or not isinstance(hook, dict) or scalar_text(hook.get("expression")):
        return
    yield ctx.diag(
        HOOK_EXPRESSION,
        pointer,
        f"hook '{name}' of {owner} has no `expression`: only the `exit` hook runs without one "
        "(Argo: 'Expression required')",
        'add `expression:` saying when it runs, e.g. expression: workflow.status == "Running", or rename the '
        "hook to `exit`",
        key=True,
    )


def _executor_plugins(ctx: LintContext, spec: dict[str, Any]) -> Iterator[Diagnostic]:
    for i, plugin in enumerate(as_list(spec.get("executorPlugins"))):
        if not isinstance(plugin, dict):
            continue
        pointer = join(ctx.spec_pointer, "executorPlugins", i)
        # A missing metadata, spec or container is a missing required field: the structure family's.
        if isinstance(plugin.get("metadata"), dict) and not scalar_text(plugin["metadata"].get("name")):
            yield ctx.diag(
                EXECUTOR_PLUGIN,
                join(pointer, "metadata"),
                "executor plugin metadata name is mandatory",
                "add `name: <plugin name>` under metadata",
                key=True,
            )
        container = as_dict(as_dict(plugin.get("spec")).get("sidecar")).get("container")
        if isinstance(container, dict) and not as_list(container.get("ports")):
            yield ctx.diag(
                EXECUTOR_PLUGIN,
                join(pointer, "spec", "sidecar", "container"),
                "executor plugin: at least one port is mandatory (the agent talks to the plugin over it)",
                "add `ports: [{containerPort: 4355}]` to spec.sidecar.container",
                key=True,
            )


def label_selector_problem(selector: dict[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    """(path inside the selector, problem) for each part metav1.LabelSelectorAsSelector refuses."""
    problems: list[tuple[tuple[str | int, ...], str]] = []
    for key, value in as_dict(selector.get("matchLabels")).items():
        why = _key_problem(str(key))
        if why:
            problems.append((("matchLabels", key), f"label key '{key}' {why}"))
            continue
        text = scalar_text(value)
        if text is None or not _value_ok(text):
            problems.append((("matchLabels", key), f"label value '{value}' of '{key}' is not a valid label value"))
    for i, requirement in enumerate(as_list(selector.get("matchExpressions"))):
        if not isinstance(requirement, dict):
            continue
        key = scalar_text(requirement.get("key")) or ""
        why = _key_problem(key)
        if why:
            problems.append((("matchExpressions", i, "key"), f"key '{key}' {why}"))
        operator = requirement.get("operator")
        values = as_list(requirement.get("values"))
        if operator in ("In", "NotIn") and not values:
            problems.append(
                (("matchExpressions", i, "operator"), f"operator {operator} needs at least one value in `values`")
            )
        elif operator in ("Exists", "DoesNotExist") and values:
            problems.append((("matchExpressions", i, "values"), f"operator {operator} takes no `values`"))
        for j, value in enumerate(values):
            text = scalar_text(value)
            if text is None or not _value_ok(text):
                problems.append((("matchExpressions", i, "values", j), f"'{value}' is not a valid label value"))
    return problems


def _key_problem(key: str) -> str | None:
    prefix, slash, name = key.rpartition("/")
    if slash and (not prefix or len(prefix) > 253 or not _DNS_SUBDOMAIN.match(prefix)):
        return "has an invalid prefix (a DNS subdomain before '/')"
    if not name or len(name) > 63 or not _NAME_PART.match(name):
        return "is not a valid label key (at most 63 letters, digits, '-', '_' and '.', alpha-numeric at both ends)"
    return None


def _value_ok(value: str) -> bool:
    return value == "" or (len(value) <= 63 and bool(_NAME_PART.match(value)))


def _label_selector(ctx: LintContext, pointer: str, selector: dict[str, Any]) -> Iterator[Diagnostic]:
    for path, problem in label_selector_problem(selector):
        yield ctx.diag(
            LABEL_SELECTOR,
            join(pointer, *path),
            f"podGC.labelSelector is invalid: {problem}",
            "label keys and values are at most 63 letters, digits, '-', '_' and '.'; In/NotIn need values, "
            "Exists/DoesNotExist take none",
            key=path[0] == "matchLabels",
        )
