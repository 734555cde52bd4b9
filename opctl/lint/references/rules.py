"""The ids of the references family."""

from __future__ import annotations

from opctl.diagnostics import Severity
from opctl.lint.registry import Change, register

FAMILY = "references"
E, W = Severity.ERROR, Severity.WARNING

WORKFLOW_PARAMETER = register(
    "ref-workflow-parameter",
    FAMILY,
    E,
    "{{workflow.parameters.X}} names no parameter in spec.arguments.parameters",
    fixable=True,
    explanation=(
        "{{workflow.parameters.X}} must name a parameter of spec.arguments.parameters; Argo refuses the "
        "workflow otherwise ('failed to resolve'). Fixable when one parameter name is clearly meant."
    ),
    bad=(
        "entrypoint: main\n"
        "arguments:\n"
        "  parameters: [{name: epochs, value: '3'}]\n"
        "templates:\n"
        "- name: main\n"
        "  dag: {tasks: [{name: a, template: echo}]}\n"
        "- name: echo\n"
        "  container: {image: alpine, args: ['{{workflow.parameters.epoch}}', '{{workflow.parameters.epochs}}']}\n"
    ),
    good=Change(
        (
            "  container: {image: alpine, args: ['{{workflow.parameters.epoch}}', '{{workflow.parameters.epoc"
            "hs}}']}\n"
        ),
        "  container: {image: alpine, args: ['{{workflow.parameters.epochs}}']}\n",
    ),
)
WORKFLOW_VARIABLE = register(
    "ref-workflow-variable",
    FAMILY,
    E,
    "a {{workflow.*}} variable Argo does not know, or not available here",
    explanation=(
        "Argo knows a fixed set of {{workflow.*}} variables (name, namespace, uid, status, duration, "
        "...), some only in some places (status and failures in exit handlers); Argo refuses an unknown "
        "one."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: t}\n"
        "- name: t\n"
        "  container: {image: alpine, args: ['{{workflow.nam}}']}\n"
    ),
    good=Change(
        "  container: {image: alpine, args: ['{{workflow.nam}}']}\n",
        "  container: {image: alpine, args: ['{{workflow.name}}']}\n",
    ),
)
INPUT_PARAMETER = register(
    "ref-input-parameter",
    FAMILY,
    E,
    "{{inputs.parameters.X}} names no input parameter of the template using it",
    fixable=True,
    explanation=(
        "{{inputs.parameters.X}} must name an input parameter of the template using it; Argo refuses the "
        "workflow otherwise ('failed to resolve {{inputs.parameters.X}}'). Fixable when one input"
        " name is clearly meant."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: u, template: use, arguments: {parameters: [{name: num, value: '1'}]}}\n"
        "- name: gen\n"
        "  container: {image: alpine}\n"
        "  outputs:\n"
        "    parameters: [{name: num, valueFrom: {path: /tmp/n}}]\n"
        "    artifacts: [{name: data, path: /tmp/data}]\n"
        "- name: use\n"
        "  inputs:\n"
        "    parameters: [{name: num}]\n"
        "  container: {image: alpine, args: ['{{inputs.parameters.nums}}']}\n"
        "- name: usea\n"
        "  inputs:\n"
        "    artifacts: [{name: data, path: /data}]\n"
        "  container: {image: alpine}\n"
    ),
    good=Change(
        "  container: {image: alpine, args: ['{{inputs.parameters.nums}}']}\n",
        "  container: {image: alpine, args: ['{{inputs.parameters.num}}']}\n",
    ),
)
INPUT_ARTIFACT = register(
    "ref-input-artifact",
    FAMILY,
    E,
    "{{inputs.artifacts.X}} names no input artifact of the template using it",
    explanation=(
        "{{inputs.artifacts.X}} must name an input artifact of the template using it; Argo refuses the "
        "workflow otherwise ('failed to resolve')."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: t}\n"
        "- name: t\n"
        "  inputs:\n"
        "    artifacts: [{name: data, path: /data}]\n"
        "  container: {image: alpine, args: ['{{inputs.artifacts.dta.path}}']}\n"
    ),
    good=Change(
        "  container: {image: alpine, args: ['{{inputs.artifacts.dta.path}}']}\n",
        "  container: {image: alpine, args: ['{{inputs.artifacts.data.path}}']}\n",
    ),
)
TASK_UNDEFINED = register(
    "ref-task-undefined",
    FAMILY,
    E,
    "{{tasks.X...}} / {{steps.X...}} names no task or step of the same template",
    explanation=(
        "{{tasks.X...}} and {{steps.X...}} must name a task or step of the same template; Argo refuses "
        "the workflow otherwise."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: g, template: gen}\n"
        "    - {name: u, template: use, dependencies: [g], arguments: {parameters: [{name: num,"
        " value: '{{tasks.gen.outputs.parameters.num}}'}]}}\n"
        "- name: gen\n"
        "  container: {image: alpine}\n"
        "  outputs:\n"
        "    parameters: [{name: num, valueFrom: {path: /tmp/n}}]\n"
        "    artifacts: [{name: data, path: /tmp/data}]\n"
        "- name: use\n"
        "  inputs:\n"
        "    parameters: [{name: num}]\n"
        "  container: {image: alpine, args: ['{{inputs.parameters.num}}']}\n"
        "- name: usea\n"
        "  inputs:\n"
        "    artifacts: [{name: data, path: /data}]\n"
        "  container: {image: alpine}\n"
    ),
    good=Change(
        (
            "    - {name: u, template: use, dependencies: [g], arguments: {parameters: [{name: num, value: '{"
            "{tasks.gen.outputs.parameters.num}}'}]}}\n"
        ),
        (
            "    - {name: u, template: use, dependencies: [g], arguments: {parameters: [{name: num, value: '{"
            "{tasks.g.outputs.parameters.num}}'}]}}\n"
        ),
    ),
)
TASK_OUTPUT = register(
    "ref-task-output",
    FAMILY,
    E,
    "a task reference names an output or variable the task's template does not produce",
    explanation=(
        "{{tasks.X.outputs.parameters.Y}} (or artifacts, result, ...) must name something X's template "
        "produces; Argo fails the workflow when it cannot resolve it."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: g, template: gen}\n"
        "    - {name: u, template: use, dependencies: [g], arguments: {parameters: [{name: num,"
        " value: '{{tasks.g.outputs.parameters.count}}'}]}}\n"
        "- name: gen\n"
        "  container: {image: alpine}\n"
        "  outputs:\n"
        "    parameters: [{name: num, valueFrom: {path: /tmp/n}}]\n"
        "    artifacts: [{name: data, path: /tmp/data}]\n"
        "- name: use\n"
        "  inputs:\n"
        "    parameters: [{name: num}]\n"
        "  container: {image: alpine, args: ['{{inputs.parameters.num}}']}\n"
        "- name: usea\n"
        "  inputs:\n"
        "    artifacts: [{name: data, path: /data}]\n"
        "  container: {image: alpine}\n"
    ),
    good=Change(
        (
            "    - {name: u, template: use, dependencies: [g], arguments: {parameters: [{name: num, value: '{"
            "{tasks.g.outputs.parameters.count}}'}]}}\n"
        ),
        (
            "    - {name: u, template: use, dependencies: [g], arguments: {parameters: [{name: num, value: '{"
            "{tasks.g.outputs.parameters.num}}'}]}}\n"
        ),
    ),
)
TASK_NOT_ANCESTOR = register(
    "ref-task-not-ancestor",
    FAMILY,
    E,
    "{{tasks.X.status}}, or an argument value/from starting with {{tasks.X, where X is not an ancestor",
    explanation=(
        "A task can read {{tasks.X...}} only from tasks it depends on (directly or not); Argo refuses "
        "the workflow otherwise, since X may not have run yet."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: g, template: gen}\n"
        "    - {name: u, template: use, arguments: {parameters: [{name: num, value:"
        " '{{tasks.g.outputs.parameters.num}}'}]}}\n"
        "- name: gen\n"
        "  container: {image: alpine}\n"
        "  outputs:\n"
        "    parameters: [{name: num, valueFrom: {path: /tmp/n}}]\n"
        "    artifacts: [{name: data, path: /tmp/data}]\n"
        "- name: use\n"
        "  inputs:\n"
        "    parameters: [{name: num}]\n"
        "  container: {image: alpine, args: ['{{inputs.parameters.num}}']}\n"
        "- name: usea\n"
        "  inputs:\n"
        "    artifacts: [{name: data, path: /data}]\n"
        "  container: {image: alpine}\n"
    ),
    good=Change(
        (
            "    - {name: u, template: use, arguments: {parameters: [{name: num, value: '{{tasks.g.outputs.pa"
            "rameters.num}}'}]}}\n"
        ),
        (
            "    - {name: u, template: use, dependencies: [g], arguments: {parameters: [{name: num, value: '{"
            "{tasks.g.outputs.parameters.num}}'}]}}\n"
        ),
    ),
)
TASK_UNORDERED = register(
    "ref-task-unordered",
    FAMILY,
    W,
    "a task uses an output of a task it does not depend on (left unresolved at run time)",
    explanation=(
        "A task that reads another task's output somewhere other than its arguments (a `when`, say) "
        "without depending on it may run first: the reference stays unresolved text."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: g, template: gen}\n"
        "    - {name: u, template: use, when: '{{tasks.g.outputs.parameters.num}} > 0', arguments:"
        " {parameters: [{name: num, value: '1'}]}}\n"
        "- name: gen\n"
        "  container: {image: alpine}\n"
        "  outputs:\n"
        "    parameters: [{name: num, valueFrom: {path: /tmp/n}}]\n"
        "    artifacts: [{name: data, path: /tmp/data}]\n"
        "- name: use\n"
        "  inputs:\n"
        "    parameters: [{name: num}]\n"
        "  container: {image: alpine, args: ['{{inputs.parameters.num}}']}\n"
        "- name: usea\n"
        "  inputs:\n"
        "    artifacts: [{name: data, path: /data}]\n"
        "  container: {image: alpine}\n"
    ),
    good=Change(
        (
            "    - {name: u, template: use, when: '{{tasks.g.outputs.parameters.num}} > 0', arguments: {param"
            "eters: [{name: num, value: '1'}]}}\n"
        ),
        (
            "    - {name: u, template: use, dependencies: [g], when: '{{tasks.g.outputs.parameters.num}} > 0'"
            ", arguments: {parameters: [{name: num, value: '1'}]}}\n"
        ),
    ),
)
VARIABLE_SCOPE = register(
    "ref-variable-scope",
    FAMILY,
    E,
    "an {{item.*}}, {{inputs.*}}, {{pod.*}} or {{steps.*}} tag out of its scope",
    explanation=(
        "{{item}} exists only in a looped task or step, {{inputs.*}} only inside a template, "
        "{{pod.name}} only in a template that runs a pod (not in a DAG's or steps' own fields or "
        "arguments), {{steps.*}} only in a steps template; Argo refuses such a tag elsewhere."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: u, template: use, arguments: {parameters: [{name: num, value: '{{item.size}}'}]}}\n"
        "- name: gen\n"
        "  container: {image: alpine}\n"
        "  outputs:\n"
        "    parameters: [{name: num, valueFrom: {path: /tmp/n}}]\n"
        "    artifacts: [{name: data, path: /tmp/data}]\n"
        "- name: use\n"
        "  inputs:\n"
        "    parameters: [{name: num}]\n"
        "  container: {image: alpine, args: ['{{inputs.parameters.num}}']}\n"
        "- name: usea\n"
        "  inputs:\n"
        "    artifacts: [{name: data, path: /data}]\n"
        "  container: {image: alpine}\n"
    ),
    good=Change(
        "    - {name: u, template: use, arguments: {parameters: [{name: num, value: '{{item.size}}'}]}}\n",
        (
            "    - {name: u, template: use, withItems: [{size: 1}, {size: 2}], arguments: {parameters: [{name"
            ": num, value: '{{item.size}}'}]}}\n"
        ),
    ),
)
ARTIFACT_FROM = register(
    "ref-artifact-from",
    FAMILY,
    E,
    "an artifact 'from' that is not a single {{...}} reference to an artifact",
    explanation=(
        "An argument artifact's `from` must be one {{...}} reference to an artifact "
        "({{tasks.X.outputs.artifacts.Y}}, {{inputs.artifacts.Y}}, ...); Argo refuses anything else when "
        "it resolves the task."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: g, template: gen}\n"
        "    - {name: u, template: usea, dependencies: [g], arguments: {artifacts: [{name: data,"
        " from: 'tasks.g.outputs.artifacts.data'}]}}\n"
        "- name: gen\n"
        "  container: {image: alpine}\n"
        "  outputs:\n"
        "    parameters: [{name: num, valueFrom: {path: /tmp/n}}]\n"
        "    artifacts: [{name: data, path: /tmp/data}]\n"
        "- name: use\n"
        "  inputs:\n"
        "    parameters: [{name: num}]\n"
        "  container: {image: alpine, args: ['{{inputs.parameters.num}}']}\n"
        "- name: usea\n"
        "  inputs:\n"
        "    artifacts: [{name: data, path: /data}]\n"
        "  container: {image: alpine}\n"
    ),
    good=Change(
        (
            "    - {name: u, template: usea, dependencies: [g], arguments: {artifacts: [{name: data, from: 't"
            "asks.g.outputs.artifacts.data'}]}}\n"
        ),
        (
            "    - {name: u, template: usea, dependencies: [g], arguments: {artifacts: [{name: data, from: '{"
            "{tasks.g.outputs.artifacts.data}}'}]}}\n"
        ),
    ),
)
MISSING_ARGUMENT = register(
    "ref-missing-argument",
    FAMILY,
    E,
    "a called template's input without a default or value is not passed",
    explanation=(
        "An input parameter without a default must get a value from the task that calls the template; "
        "Argo fails the task at run time otherwise."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: u, template: use}\n"
        "- name: gen\n"
        "  container: {image: alpine}\n"
        "  outputs:\n"
        "    parameters: [{name: num, valueFrom: {path: /tmp/n}}]\n"
        "    artifacts: [{name: data, path: /tmp/data}]\n"
        "- name: use\n"
        "  inputs:\n"
        "    parameters: [{name: num}]\n"
        "  container: {image: alpine, args: ['{{inputs.parameters.num}}']}\n"
        "- name: usea\n"
        "  inputs:\n"
        "    artifacts: [{name: data, path: /data}]\n"
        "  container: {image: alpine}\n"
    ),
    good=Change(
        "    - {name: u, template: use}\n",
        "    - {name: u, template: use, arguments: {parameters: [{name: num, value: '1'}]}}\n",
    ),
)
EXTRA_ARGUMENT = register(
    "ref-extra-argument",
    FAMILY,
    W,
    "an argument the called template does not declare as an input",
    explanation=(
        "A task passes a parameter the template it calls does not declare: Argo ignores it silently, "
        "which usually means a misspelt input name."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: u, template: use, arguments: {parameters: [{name: num, value: '1'}, {name: m, value: '2'}]}}\n"
        "- name: gen\n"
        "  container: {image: alpine}\n"
        "  outputs:\n"
        "    parameters: [{name: num, valueFrom: {path: /tmp/n}}]\n"
        "    artifacts: [{name: data, path: /tmp/data}]\n"
        "- name: use\n"
        "  inputs:\n"
        "    parameters: [{name: num}]\n"
        "  container: {image: alpine, args: ['{{inputs.parameters.num}}']}\n"
        "- name: usea\n"
        "  inputs:\n"
        "    artifacts: [{name: data, path: /data}]\n"
        "  container: {image: alpine}\n"
    ),
    good=Change(
        (
            "    - {name: u, template: use, arguments: {parameters: [{name: num, value: '1'}, {name: m, value"
            ": '2'}]}}\n"
        ),
        "    - {name: u, template: use, arguments: {parameters: [{name: num, value: '1'}]}}\n",
    ),
)
UNUSED_PARAMETER = register(
    "ref-unused-parameter",
    FAMILY,
    W,
    "a workflow parameter that nothing in the document uses",
    explanation=(
        "A workflow parameter nothing refers to shows up in the form (and the CLI) but changes nothing: "
        "usually a reference was misspelt or removed."
    ),
    bad=(
        "entrypoint: main\n"
        "arguments:\n"
        "  parameters: [{name: epochs, value: '3'}]\n"
        "templates:\n"
        "- name: main\n"
        "  dag: {tasks: [{name: a, template: echo}]}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
    ),
    good=Change(
        "  container: {image: alpine, command: [echo, hi]}\n",
        "  container: {image: alpine, args: ['{{workflow.parameters.epochs}}']}\n",
    ),
)
WORKSPACE_VARIABLE = register(
    "ref-workspace-variable",
    FAMILY,
    W,
    "{{workspace.*}} only resolves in a workspace's post-execution workflow",
    explanation=(
        "{{workspace.*}} variables resolve only when the workflow runs as a workspace's post-execution "
        "workflow; anywhere else they stay as text."
    ),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: t}\n"
        "- name: t\n"
        "  container: {image: alpine, args: ['{{workspace.name}}']}\n"
    ),
    good=Change(
        "  container: {image: alpine, args: ['{{workspace.name}}']}\n",
        "  container: {image: alpine, args: ['{{workflow.name}}']}\n",
    ),
)
