"""Rule family ``runtime``: mistakes a workflow is created with and fails on while it runs.

- ``{{item.X}}`` where no ``withItems`` entry has a key X (or the loop is a withSequence, whose
  items are numbers): Argo's validator puts only the keys of the items in scope
  (validate.go, validateDAG/validateSteps scopes), so this is an error in both dialects.
- ``{{tasks.X.ip}}`` / ``{{steps.X.ip}}`` where X's template is not ``daemon: true``: only a
  daemon's IP is in scope (§a.3 #45), an error too.
- ``withParam`` that is neither a ``{{...}}`` reference nor a JSON list: the controller fails the
  task when it expands the loop (a warning: Argo's validator does not look).
- A ``volumeMounts`` name that no volume or volumeClaimTemplate defines: Argo does not check it
  (§a.1 #18), Kubernetes refuses the pod (a warning). Not for WorkflowTemplates, whose volumes may
  come from the Workflow that calls them, nor where a podSpecPatch may add volumes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from opctl.diagnostics import Diagnostic, Severity
from opctl.document import Shape
from opctl.lint.references.scope import find_tags, tag_position
from opctl.lint.registry import Change, LintContext, check, register
from opctl.lint.templates import all_templates
from opctl.model import (
    TemplateRef,
    as_dict,
    as_list,
    iter_calls,
    join,
    templates_by_name,
)

FAMILY = "runtime"
E, W = Severity.ERROR, Severity.WARNING

ITEM_KEY = register(
    "ref-item-key",
    FAMILY,
    E,
    "{{item.X}} where no withItems entry has the key X (or the loop is a withSequence)",
    explanation=(
        "In a withItems loop Argo puts only the keys the items have in scope ({{item.<key>}}); a "
        "withSequence gives numbers ({{item}}). Any other {{item.X}} is refused."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: use, withItems: [{name: x}, {name: y}], arguments: {parameters:"
        " [{name: epochs, value: '{{item.nmae}}'}]}}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
        "- name: use\n"
        "  inputs: {parameters: [{name: epochs}]}\n"
        "  container: {image: alpine, args: ['{{inputs.parameters.epochs}}']}\n"
    ),
    good=Change(
        (
            "    - {name: a, template: use, withItems: [{name: x}, {name: y}], arguments: {parameters: [{name"
            ": epochs, value: '{{item.nmae}}'}]}}\n"
        ),
        (
            "    - {name: a, template: use, withItems: [{name: x}, {name: y}], arguments: {parameters: [{name"
            ": epochs, value: '{{item.name}}'}]}}\n"
        ),
    ),
)
TASK_IP = register(
    "ref-task-ip",
    FAMILY,
    E,
    "{{tasks.X.ip}} / {{steps.X.ip}} where X's template is not a daemon",
    explanation=(
        "{{tasks.X.ip}} is the IP of a daemon's pod, which keeps running for the tasks after it; a task "
        "whose template is not `daemon: true` has none, and Argo refuses the reference."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: db, template: db}\n"
        "    - {name: u, template: use, dependencies: [db], arguments: {parameters: [{name: epochs,"
        " value: '{{tasks.db.ip}}'}]}}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
        "- name: use\n"
        "  inputs: {parameters: [{name: epochs}]}\n"
        "  container: {image: alpine, args: ['{{inputs.parameters.epochs}}']}\n"
        "- name: db\n"
        "  container: {image: postgres}\n"
    ),
    good=Change(
        (
            "- name: db\n"
            "  container: {image: postgres}\n"
        ),
        (
            "- name: db\n"
            "  daemon: true\n"
            "  container: {image: postgres}\n"
        ),
    ),
)
WITH_PARAM = register(
    "with-param-invalid",
    FAMILY,
    W,
    "withParam that is neither a {{...}} reference nor a JSON list",
    explanation=(
        "withParam expands a JSON list into items when the task runs; a literal that is not a JSON list "
        "fails the task then. Use withItems for a literal list."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: use, withParam: 'a, b', arguments: {parameters: [{name: epochs,"
        " value: '{{item}}'}]}}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
        "- name: use\n"
        "  inputs: {parameters: [{name: epochs}]}\n"
        "  container: {image: alpine, args: ['{{inputs.parameters.epochs}}']}\n"
    ),
    good=Change(
        (
            "    - {name: a, template: use, withParam: 'a, b', arguments: {parameters: [{name: epochs, value:"
            " '{{item}}'}]}}\n"
        ),
        (
            '    - {name: a, template: use, withParam: \'["a", "b"]\', arguments: {parameters: [{name: epochs, '
            "value: '{{item}}'}]}}\n"
        ),
    ),
)
VOLUME_MOUNT = register(
    "volume-mount-undefined",
    FAMILY,
    W,
    "a volumeMounts name that no volume or volumeClaimTemplate defines",
    explanation=(
        "Argo does not check that a volumeMount names a volume; Kubernetes then refuses the pod when the "
        "step runs. Not reported for WorkflowTemplates (the calling Workflow may define the volume) or with"
        " a podSpecPatch."
    ),
    bad=(
        "entrypoint: main\n"
        "volumes: [{name: cache, emptyDir: {}}]\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: t}\n"
        "- name: t\n"
        "  container:\n"
        "    image: alpine\n"
        "    volumeMounts: [{name: cahce, mountPath: /cache}]\n"
    ),
    good=Change(
        "    volumeMounts: [{name: cahce, mountPath: /cache}]\n",
        "    volumeMounts: [{name: cache, mountPath: /cache}]\n",
    ),
)

_IP = re.compile(r"^(tasks|steps)\.([^.]+)\.ip$")
# Volumes Onepanel adds to every workflow it runs (onepanel-semantics §3).
_ONEPANEL_VOLUMES = frozenset({"sys-dshm", "tmp", "out"})


@check(FAMILY)
def check_runtime(ctx: LintContext) -> Iterator[Diagnostic]:
    spec = ctx.spec
    if spec is None:
        return
    by_name = templates_by_name(spec, ctx.spec_pointer)
    templates = all_templates(ctx)
    has_ip = ".ip" in ctx.doc.source.text  # {{tasks.X.ip}} is rare: skip the scan without it
    for template in templates:
        calls = [(pointer, call) for pointer, call, _ in iter_calls(template)]
        if not calls:
            continue
        daemons: dict[str, bool | None] = {}
        if has_ip:
            daemons = {
                name: _is_daemon(call, by_name) for _, call in calls if isinstance(name := call.get("name"), str)
            }
        for pointer, call in calls:
            if has_ip or "withItems" in call or "withSequence" in call or "withParam" in call:
                yield from _call(ctx, pointer, call, daemons)
    yield from _volume_mounts(ctx, spec, templates)


def _is_daemon(call: dict[str, Any], by_name: dict[str, TemplateRef]) -> bool | None:
    """Whether the template a task/step runs is a daemon; None when it cannot be known here."""
    inline = call.get("inline")
    if isinstance(inline, dict):
        return inline.get("daemon") is True
    name = call.get("template")
    if not isinstance(name, str) or "{{" in name or name not in by_name:
        return None
    return by_name[name].data.get("daemon") is True


def _item_keys(call: dict[str, Any]) -> frozenset[str] | None:
    """The X of every {{item.X}} Argo puts in scope for this call; None when it does not check them."""
    if call.get("withParam") is not None:
        return None  # item.* is exempt under withParam
    items = call.get("withItems")
    if isinstance(items, list):
        keys: set[str] = set()
        for item in items:
            if isinstance(item, dict):
                keys.update(str(k) for k in item)
            elif isinstance(item, list) or (isinstance(item, str) and "{{" in item):
                return None  # list items (item.[i]) and substituted items: not checked here
        return frozenset(keys)
    if call.get("withSequence") is not None:
        return frozenset()
    return None


def _strings(node: Any, pointer: str) -> Iterator[tuple[str, str]]:
    stack = [(node, pointer)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            if "{{" in item:
                yield where, item
        elif isinstance(item, dict):
            for key, value in item.items():
                if isinstance(value, (str, dict, list)):
                    stack.append((value, join(where, key)))
        elif isinstance(item, list):
            for index, value in enumerate(item):
                stack.append((value, f"{where}/{index}"))


def _call(
    ctx: LintContext, pointer: str, call: dict[str, Any], daemons: dict[str, bool | None]
) -> Iterator[Diagnostic]:
    keys = _item_keys(call)
    with_param = call.get("withParam")
    if isinstance(with_param, str) and "{{" not in with_param:
        yield from _with_param(ctx, join(pointer, "withParam"), with_param)
    name = call.get("name")
    label = f"'{name}'" if isinstance(name, str) else "this task"
    for where, text in _strings(call, pointer):
        for match in find_tags(text):
            tag = match.group(1).strip()
            if keys is not None and tag.startswith("item."):
                key = tag[len("item.") :].split(".", 1)[0]
                if key not in keys:
                    loop = (
                        "withSequence items are numbers"
                        if "withSequence" in call
                        else (
                            f"its withItems entries have the keys {', '.join(sorted(keys))}"
                            if keys
                            else "its withItems entries are plain values (use {{item}})"
                        )
                    )
                    yield ctx.diag(
                        ITEM_KEY,
                        where,
                        f"'{match.group(0)}' in {label}: no loop item has a key '{key}' ({loop})",
                        "use a key the items have, or add it to the items",
                        position=tag_position(ctx.doc, where, text, match.start(), match.group(0)),
                    )
            elif tag.endswith(".ip"):
                found = _IP.match(tag)
                if found and daemons.get(found.group(2)) is False:
                    noun = "task" if found.group(1) == "tasks" else "step"
                    yield ctx.diag(
                        TASK_IP,
                        where,
                        f"'{match.group(0)}': {noun} '{found.group(2)}' runs a template that is not a daemon, so it "
                        "has no IP to use",
                        "set `daemon: true` on the template it runs (a server other tasks talk to), or pass the "
                        "value another way",
                        position=tag_position(ctx.doc, where, text, match.start(), match.group(0)),
                    )


def _with_param(ctx: LintContext, pointer: str, text: str) -> Iterator[Diagnostic]:
    try:
        value = json.loads(text)
    except ValueError:
        value = None
        problem = "it is not JSON"
    else:
        problem = "" if isinstance(value, list) else "it is JSON, but not a list"
    if problem:
        yield ctx.diag(
            WITH_PARAM,
            pointer,
            f"withParam '{text[:60]}' cannot be expanded into items: {problem}; the task fails when it runs",
            'give a JSON list (\'["a", "b"]\'), a {{...}} reference to one, or use withItems for a literal list',
        )


def _volume_mounts(ctx: LintContext, spec: dict[str, Any], templates: list[TemplateRef]) -> Iterator[Diagnostic]:
    if ctx.doc.shape in (Shape.WORKFLOW_TEMPLATE, Shape.CLUSTER_WORKFLOW_TEMPLATE) or spec.get("workflowTemplateRef"):
        return
    if spec.get("podSpecPatch") is not None:
        return
    defined = _names(as_dict(v).get("name") for v in as_list(spec.get("volumes")))
    defined |= _names(
        as_dict(as_dict(c).get("metadata")).get("name") for c in as_list(spec.get("volumeClaimTemplates"))
    )
    if ctx.dialect == "onepanel":
        defined |= _ONEPANEL_VOLUMES
    for template in templates:
        data = template.data
        if data.get("podSpecPatch") is not None:
            continue
        local = defined | _names(as_dict(v).get("name") for v in as_list(data.get("volumes")))
        holders: list[tuple[str, Any]] = []
        for kind in ("container", "script"):
            if isinstance(data.get(kind), dict):
                holders.append((join(template.pointer, kind), data[kind]))
        container_set = data.get("containerSet")
        if isinstance(container_set, dict):
            holders.append((join(template.pointer, "containerSet"), container_set))
            for i, c in enumerate(as_list(container_set.get("containers"))):
                holders.append((join(template.pointer, "containerSet", "containers", i), c))
        for field in ("sidecars", "initContainers"):
            for i, c in enumerate(as_list(data.get(field))):
                holders.append((join(template.pointer, field, i), c))
        for pointer, holder in holders:
            for i, mount in enumerate(as_list(as_dict(holder).get("volumeMounts"))):
                name = as_dict(mount).get("name")
                if not isinstance(name, str) or name in local or "{{" in name:
                    continue
                yield ctx.diag(
                    VOLUME_MOUNT,
                    join(pointer, "volumeMounts", i, "name"),
                    f"volumeMount '{name}' names no volume: it is not in spec.volumes, the template's volumes or "
                    "spec.volumeClaimTemplates; Kubernetes refuses the pod",
                    f"add a volume named '{name}' to spec.volumes (or a volumeClaimTemplate), or fix the name",
                )


def _names(values: Iterable[Any]) -> set[str]:
    return {value for value in values if isinstance(value, str)}
