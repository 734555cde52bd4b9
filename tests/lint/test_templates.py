"""The ``templates``, ``arguments``, ``workflow`` and ``runtime`` families: Argo's template-level and
argument rules (Argo's workflow/validate/validate.go), each with a failing case at its line and
column and a passing one, in both dialects where Argo applies the rule."""

from __future__ import annotations

import pytest

from opctl.diagnostics import Severity
from opctl.lint import all_rules
from tests.lint.rulecheck import DIALECTS, check

HEAD = """\
entrypoint: main
templates:
- name: main
  dag:
    tasks:
    - name: a
      template: leaf
"""  # 7 lines; cases append the template `leaf` (line 8 on) and more


def leaf(body: str) -> str:
    """HEAD plus ``- name: leaf`` and ``body`` (indented by 2): the body starts on line 9."""
    return HEAD + "- name: leaf\n" + "".join(f"  {line}\n" if line else "\n" for line in body.splitlines())


# (rule, bad, (line, column), good): the good case differs only in what the rule is about.
CASES: list[tuple[str, str, tuple[int, int], str]] = [
    # #19 template type
    ("template-type", leaf("inputs: {}"), (8, 9), leaf("container: {image: alpine}")),
    (
        "template-type",
        leaf("container: {image: alpine}\nscript: {image: alpine, source: x}"),
        (10, 3),
        leaf("script: {image: alpine, source: x}"),
    ),
    # #53 image
    ("template-image-missing", leaf("container:\n  command: [sh]"), (9, 3), leaf("container:\n  image: a\n")),
    (
        "template-image-missing",
        leaf("script:\n  image: ''\n  source: x"),
        (10, 12),
        leaf("script: {image: a, source: x}"),
    ),
    (
        "template-image-missing",
        leaf("container:\n  command: [sh]"),
        (9, 3),
        "templateDefaults: {container: {image: alpine}}\n" + leaf("container:\n  command: [sh]"),
    ),
    # #27 parallelism on a leaf, #25 timeout on a suspend, #17/#28 podResources/resourceClaims
    ("template-field-placement", leaf("parallelism: 2\ncontainer: {image: a}"), (9, 3), leaf("container: {image: a}")),
    ("template-field-placement", leaf("timeout: 1m\nsuspend: {}"), (9, 3), leaf("suspend: {duration: 1m}")),
    (
        "template-field-placement",
        leaf("http: {url: 'http://x'}\npodResources: {requests: {cpu: 1}}"),
        (10, 3),
        leaf("container: {image: a}\npodResources: {requests: {cpu: 1}}"),
    ),
    (
        "template-field-placement",
        leaf("suspend: {}\nresourceClaims: [{name: gpu}]"),
        (10, 3),
        leaf("container: {image: a}\nresourceClaims: [{name: gpu}]"),
    ),
    # #25 timeout format
    (
        "template-timeout-format",
        leaf("timeout: '30'\ncontainer: {image: a}"),
        (9, 12),
        leaf("timeout: 30s\ncontainer: {image: a}"),
    ),
    # #26 activeDeadlineSeconds
    (
        "template-active-deadline",
        leaf("activeDeadlineSeconds: -1\ncontainer: {image: a}"),
        (9, 26),
        leaf(
            "activeDeadlineSeconds: '{{inputs.parameters.t}}'\ninputs: {parameters: [{name: t, value: '5'}]}\n"
            "container: {image: a}"
        ),
    ),
    (
        "template-active-deadline",
        leaf("activeDeadlineSeconds: soon\ncontainer: {image: a}"),
        (9, 26),
        leaf("activeDeadlineSeconds: 10\ncontainer: {image: a}"),
    ),
    # #17 podResources
    (
        "pod-resources-invalid",
        leaf("container: {image: a}\npodResources:\n  limits: {nvidia.com/gpu: 1}"),
        (11, 14),
        leaf("container: {image: a}\npodResources:\n  limits: {hugepages-2Mi: 1Gi, cpu: 1}"),
    ),
    (
        "pod-resources-invalid",
        "podResources:\n  claims: [{name: c}]\n" + leaf("container: {image: a}"),
        (2, 3),
        "podResources:\n  requests: {memory: 1Gi}\n" + leaf("container: {image: a}"),
    ),
    # #61 value xor valueFrom
    (
        "output-parameter-value",
        leaf("container: {image: a}\noutputs:\n  parameters:\n  - name: o\n    value: x\n    valueFrom: {path: /o}"),
        (14, 7),
        leaf("container: {image: a}\noutputs:\n  parameters:\n  - name: o\n    valueFrom: {path: /o}"),
    ),
    (
        "output-parameter-value",
        leaf("container: {image: a}\noutputs:\n  parameters:\n  - name: o"),
        (12, 13),
        leaf("container: {image: a}\noutputs:\n  parameters:\n  - name: o\n    value: x"),
    ),
    # #62 exactly one source, #63 the source of the template type
    (
        "output-parameter-source",
        leaf("container: {image: a}\noutputs:\n  parameters:\n  - name: o\n    valueFrom: {default: x}"),
        (13, 7),
        leaf("container: {image: a}\noutputs:\n  parameters:\n  - name: o\n    valueFrom: {default: x, path: /o}"),
    ),
    (
        "output-parameter-source",
        leaf("container: {image: a}\noutputs:\n  parameters:\n  - name: o\n    valueFrom: {path: /o, jsonPath: x}"),
        (13, 29),
        leaf("container: {image: a}\noutputs:\n  parameters:\n  - name: o\n    valueFrom: {path: /o}"),
    ),
    (
        "output-parameter-source",
        leaf("resource: {action: get}\noutputs:\n  parameters:\n  - name: o\n    valueFrom: {path: /o}"),
        (13, 19),
        leaf("resource: {action: get}\noutputs:\n  parameters:\n  - name: o\n    valueFrom: {jsonPath: '{.x}'}"),
    ),
    (
        "output-parameter-source",
        leaf("dag: {tasks: [{name: b, template: c}]}\noutputs:\n  parameters:\n  - name: o\n    valueFrom: {path: /o}")
        + "- name: c\n  container: {image: a}\n",
        (13, 19),
        leaf(
            "dag: {tasks: [{name: b, template: c}]}\noutputs:\n  parameters:\n  - name: o\n    valueFrom: "
            "{parameter: '{{tasks.b.outputs.result}}'}"
        )
        + "- name: c\n  container: {image: a}\n",
    ),
    # #29 metrics
    (
        "metric-name-invalid",
        leaf(
            "container: {image: a}\nmetrics:\n  prometheus:\n  - name: my-metric\n    help: h\n"
            "    counter: {value: '1'}"
        ),
        (12, 13),
        leaf(
            "container: {image: a}\nmetrics:\n  prometheus:\n  - name: my_metric\n    help: h\n"
            "    counter: {value: '1'}"
        ),
    ),
    (
        "metric-name-invalid",
        leaf(
            "container: {image: a}\nmetrics:\n  prometheus:\n  - name: m\n    help: h\n"
            "    labels: [{key: 'a:b', value: v}]\n"
            "    counter: {value: '1'}"
        ),
        (14, 22),
        leaf(
            "container: {image: a}\nmetrics:\n  prometheus:\n  - name: m\n    help: h\n"
            "    labels: [{key: a_b, value: v}]\n"
            "    counter: {value: '1'}"
        ),
    ),
    (
        "metric-help-missing",
        leaf("container: {image: a}\nmetrics:\n  prometheus:\n  - name: m\n    help: ''\n    counter: {value: '1'}"),
        (13, 7),
        leaf("container: {image: a}\nmetrics:\n  prometheus:\n  - name: m\n    help: count\n    counter: {value: '1'}"),
    ),
    (
        "metric-value-invalid",
        leaf("container: {image: a}\nmetrics:\n  prometheus:\n  - name: m\n    help: h\n    gauge: {value: ''}"),
        (14, 7),
        leaf("container: {image: a}\nmetrics:\n  prometheus:\n  - name: m\n    help: h\n    gauge: {value: '1'}"),
    ),
    (
        "metric-value-invalid",
        leaf(
            "container: {image: a}\nmetrics:\n  prometheus:\n  - name: m\n    help: h\n    gauge:\n"
            "      realtime: true\n"
            "      value: '{{resourcesDuration.cpu}}'"
        ),
        (16, 16),
        leaf(
            "container: {image: a}\nmetrics:\n  prometheus:\n  - name: m\n    help: h\n    gauge:\n"
            "      realtime: true\n"
            "      value: '{{duration}}'"
        ),
    ),
    # #54 containerSet
    (
        "container-set-invalid",
        leaf("containerSet:\n  containers: []"),
        (10, 5),
        leaf("containerSet:\n  containers: [{name: main, image: a}]"),
    ),
    (
        "container-set-invalid",
        leaf("containerSet:\n  containers:\n  - {name: a, image: a, dependencies: [b]}"),
        (11, 42),
        leaf("containerSet:\n  containers:\n  - {name: a, image: a}\n  - {name: b, image: a, dependencies: [a]}"),
    ),
    (
        "container-set-invalid",
        leaf(
            "containerSet:\n  containers:\n  - {name: a, image: a, dependencies: [b]}\n"
            "  - {name: b, image: a, dependencies: [a]}"
        ),
        (11, 27),
        leaf("containerSet:\n  containers:\n  - {name: a, image: a}\n  - {name: b, image: a, dependencies: [a]}"),
    ),
    (
        "container-set-invalid",
        leaf(
            "containerSet:\n  containers: [{name: a, image: a}]\n"
            "outputs: {parameters: [{name: o, valueFrom: {path: /o}}]}"
        ),
        (10, 5),
        leaf(
            "containerSet:\n  containers: [{name: main, image: a}]\noutputs: {parameters: [{name: o, valueFrom: "
            "{path: /o}}]}"
        ),
    ),
    # #52 mount paths
    (
        "mount-path-conflict",
        leaf(
            "container:\n  image: a\n  volumeMounts:\n  - {name: v, mountPath: /data}\n  - {name: w, mountPath: /data}"
        )
        + "volumes: [{name: v, emptyDir: {}}, {name: w, emptyDir: {}}]\n",
        (13, 28),
        leaf("container:\n  image: a\n  volumeMounts:\n  - {name: v, mountPath: /data}\n  - {name: w, mountPath: /w}")
        + "volumes: [{name: v, emptyDir: {}}, {name: w, emptyDir: {}}]\n",
    ),
    (
        "mount-path-conflict",
        leaf(
            "inputs:\n  artifacts: [{name: x, path: /data, raw: {data: x}}]\ncontainer:\n  image: a\n  volumeMounts:\n"
            "  - {name: v, mountPath: /data}"
        )
        + "volumes: [{name: v, emptyDir: {}}]\n",
        (10, 33),
        leaf(
            "inputs:\n  artifacts: [{name: x, path: /data/x, raw: {data: x}}]\ncontainer:\n  image: a\n"
            "  volumeMounts:\n"
            "  - {name: v, mountPath: /data}"
        )
        + "volumes: [{name: v, emptyDir: {}}]\n",
    ),
    # #56 resource
    (
        "resource-template-invalid",
        leaf("resource:\n  action: create"),
        (9, 3),
        leaf(
            "resource:\n  action: create\n  manifest: |\n    apiVersion: v1\n    kind: ConfigMap\n"
            "    metadata: {name: x}"
        ),
    ),
    (
        "resource-template-invalid",
        leaf("resource:\n  action: apply\n  manifest: 'a: b: c'"),
        (11, 15),
        leaf("resource:\n  action: patch\n  mergeStrategy: json\n  manifest: '- {op: add, path: /x, value: 1}'"),
    ),
    (
        "resource-template-invalid",
        leaf("resource:\n  action: create\n  manifest: 'kind: [unclosed'"),
        (11, 15),
        leaf("resource:\n  action: delete\n  manifest: 'kind: [unclosed'"),
    ),
    (
        "resource-template-invalid",
        leaf("resource:\n  action: create\n  manifestFrom: {artifact: {name: m}}"),
        (11, 37),
        leaf(
            "inputs: {artifacts: [{name: m, path: /m, raw: {data: x}}]}\nresource:\n  action: create\n"
            "  manifestFrom: {artifact: {name: m}}"
        ),
    ),
    # #21 / #59 artifact paths, #21 from on inputs, #22 hdfs
    (
        "artifact-path-invalid",
        leaf("container: {image: a}\ninputs:\n  artifacts: [{name: x, raw: {data: x}}]"),
        (11, 24),
        leaf("container: {image: a}\ninputs:\n  artifacts: [{name: x, path: /x, raw: {data: x}}]"),
    ),
    (
        "artifact-path-invalid",
        leaf("container: {image: a}\noutputs:\n  artifacts: [{name: x, path: /tmp/../etc/x}]"),
        (11, 33),
        leaf("container: {image: a}\noutputs:\n  artifacts: [{name: x, path: /tmp/x}]"),
    ),
    (
        "artifact-path-invalid",
        leaf("dag: {tasks: [{name: b, template: c}]}\noutputs:\n  artifacts: [{name: x, path: /x}]")
        + "- name: c\n  container: {image: a}\n",
        (11, 27),
        leaf(
            "dag: {tasks: [{name: b, template: c}]}\noutputs:\n  artifacts: [{name: x, from: '{{tasks.b.outputs."
            "artifacts.y}}'}]"
        )
        + "- name: c\n  container: {image: a}\n  outputs: {artifacts: [{name: y, path: /y}]}\n",
    ),
    (
        "input-artifact-from",
        leaf("container: {image: a}\ninputs:\n  artifacts: [{name: x, path: /x, from: '{{workflow.name}}'}]"),
        (11, 37),
        leaf("container: {image: a}\ninputs:\n  artifacts: [{name: x, path: /x, raw: {data: x}}]"),
    ),
    (
        "artifact-location-invalid",
        leaf("container: {image: a}\ninputs:\n  artifacts: [{name: x, path: /x, hdfs: {path: rel, addresses: [h]}}]"),
        (11, 50),
        leaf("container: {image: a}\ninputs:\n  artifacts: [{name: x, path: /x, hdfs: {path: /abs, addresses: [h]}}]"),
    ),
    # #40 templateRef
    (
        "template-ref-incomplete",
        HEAD.replace("template: leaf", "templateRef: {name: lib}") + "- name: leaf\n  container: {image: a}\n",
        (7, 7),
        HEAD.replace("template: leaf", "templateRef: {name: lib, template: t}")
        + "- name: leaf\n  container: {image: a}\n",
    ),
    # #47 task/step arguments, #9 valueFrom, #11 artifacts, #10 enum
    (
        "argument-no-value",
        HEAD
        + "      arguments: {parameters: [{name: p}]}\n- name: leaf\n  inputs: {parameters: [{name: p, value: d}]}\n"
        "  container: {image: a}\n",
        (8, 39),
        HEAD + "      arguments: {parameters: [{name: p, value: x}]}\n- name: leaf\n  inputs: {parameters: [{name: p, "
        "value: d}]}\n  container: {image: a}\n",
    ),
    (
        "argument-value-from",
        HEAD
        + "      arguments: {parameters: [{name: p, valueFrom: {path: /x}}]}\n- name: leaf\n  inputs: {parameters: "
        "[{name: p}]}\n  container: {image: a}\n",
        (8, 54),
        HEAD
        + "      arguments: {parameters: [{name: p, valueFrom: {configMapKeyRef: {name: c, key: k}}}]}\n- name: leaf\n"
        "  inputs: {parameters: [{name: p}]}\n  container: {image: a}\n",
    ),
    (
        "argument-artifact-source",
        HEAD + "      arguments: {artifacts: [{name: x}]}\n- name: leaf\n  inputs: {artifacts: [{name: x, path: /x}]}\n"
        "  container: {image: a}\n",
        (8, 38),
        HEAD
        + "      arguments: {artifacts: [{name: x, s3: {key: k}}]}\n- name: leaf\n  inputs: {artifacts: [{name: x, "
        "path: /x}]}\n  container: {image: a}\n",
    ),
    (
        "argument-artifact-source",
        HEAD
        + "      arguments: {artifacts: [{name: x, from: '{{workflow.name}}', fromExpression: 'a'}]}\n- name: leaf\n"
        "  inputs: {artifacts: [{name: x, path: /x}]}\n  container: {image: a}\n",
        (8, 68),
        HEAD + "      arguments: {artifacts: [{name: x, fromExpression: 'a'}]}\n- name: leaf\n"
        "  inputs: {artifacts: [{name: x, path: /x}]}\n  container: {image: a}\n",
    ),
    (
        "parameter-enum",
        HEAD
        + "      arguments: {parameters: [{name: p, value: c, enum: [a, b]}]}\n- name: leaf\n  inputs: {parameters: "
        "[{name: p}]}\n  container: {image: a}\n",
        (8, 49),
        HEAD
        + "      arguments: {parameters: [{name: p, value: b, enum: [a, b]}]}\n- name: leaf\n  inputs: {parameters: "
        "[{name: p}]}\n  container: {image: a}\n",
    ),
    (
        "parameter-enum",
        HEAD + "      arguments: {parameters: [{name: p, value: a, enum: []}]}\n- name: leaf\n  inputs: {parameters: "
        "[{name: p}]}\n  container: {image: a}\n",
        (8, 52),
        HEAD + "      arguments: {parameters: [{name: p, value: a, enum: [a]}]}\n- name: leaf\n  inputs: {parameters: "
        "[{name: p}]}\n  container: {image: a}\n",
    ),
    # #5 workflowTemplateRef with templates, #15 hooks, #16 podGC.labelSelector, #6 executorPlugins
    (
        "workflow-template-ref-templates",
        "workflowTemplateRef: {name: lib}\n" + leaf("container: {image: a}"),
        (3, 1),
        "workflowTemplateRef: {name: lib}\nentrypoint: main\n",
    ),
    (
        "hook-expression-missing",
        "hooks:\n  running: {template: leaf}\n" + leaf("container: {image: a}"),
        (2, 3),
        'hooks:\n  running: {template: leaf, expression: workflow.status == "Running"}\n'
        + leaf("container: {image: a}"),
    ),
    (
        "hook-expression-missing",
        "hooks:\n  running: {template: leaf}\n" + leaf("container: {image: a}"),
        (2, 3),
        "hooks:\n  exit: {template: leaf}\n" + leaf("container: {image: a}"),
    ),
    (
        "pod-gc-label-selector",
        "podGC:\n  strategy: OnPodSuccess\n  labelSelector:\n    matchLabels: {'bad key!': x}\n"
        + leaf("container: {image: a}"),
        (4, 19),
        "podGC:\n  strategy: OnPodSuccess\n  labelSelector:\n    matchLabels: {app.io/keep: 'true'}\n"
        + leaf("container: {image: a}"),
    ),
    (
        "pod-gc-label-selector",
        "podGC:\n  labelSelector:\n    matchExpressions: [{key: a, operator: In}]\n" + leaf("container: {image: a}"),
        (3, 43),
        "podGC:\n  labelSelector:\n    matchExpressions: [{key: a, operator: In, values: [b]}]\n"
        + leaf("container: {image: a}"),
    ),
    (
        "executor-plugin-invalid",
        "executorPlugins:\n- metadata: {name: p}\n  spec: {sidecar: {container: {name: c, image: i}}}\n"
        + leaf("container: {image: a}"),
        (3, 20),
        "executorPlugins:\n- metadata: {name: p}\n  spec: {sidecar: {container: {name: c, image: i, ports: "
        "[{containerPort: 4355}]}}}\n" + leaf("container: {image: a}"),
    ),
    (
        "executor-plugin-invalid",
        "executorPlugins:\n- metadata: {labels: {a: b}}\n  spec: {sidecar: {container: {name: c, image: i, ports: "
        "[{containerPort: 1}]}}}\n" + leaf("container: {image: a}"),
        (2, 3),
        "executorPlugins:\n- metadata: {name: p}\n  spec: {sidecar: {container: {name: c, image: i, ports: "
        "[{containerPort: 1}]}}}\n" + leaf("container: {image: a}"),
    ),
]


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize(("rule", "bad", "at", "good"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_rule_fails_at_the_node_and_passes_when_fixed(
    dialect: str, rule: str, bad: str, at: tuple[int, int], good: str
) -> None:
    [diag] = check(bad, (rule, *at), rule=rule, dialect=dialect)
    assert diag.hint and diag.message
    check(good, rule=rule, dialect=dialect)


def test_every_new_rule_has_a_case() -> None:
    families = ("templates", "arguments", "workflow", "runtime")
    ids = {rule.id for rule in all_rules().values() if rule.family in families}
    covered = {case[0] for case in CASES} | {"spec-argument-no-value", "ref-item-key", "ref-task-ip"}
    covered |= {"with-param-invalid", "volume-mount-undefined"}
    assert ids == covered


@pytest.mark.parametrize("dialect", DIALECTS)
def test_workflow_hooks_call_templates_that_exist(dialect: str) -> None:
    text = "hooks:\n  exit: {template: notify}\n  running:\n    expression: 'true'\n    templateRef: {name: lib}\n"
    text += leaf("container: {image: a}")
    rules = ("dag-undefined-template", "template-ref-incomplete")
    check(text, ("dag-undefined-template", 2, 20), ("template-ref-incomplete", 5, 5), rule=rules, dialect=dialect)
    fixed = text.replace("notify", "leaf").replace("{name: lib}", "{name: lib, template: t}")
    check(fixed, rule=rules, dialect=dialect)


# --- spec arguments: argo lint accepts a parameter without value, create refuses it --------------

SPEC_ARGUMENT = """\
apiVersion: argoproj.io/v1alpha1
kind: {kind}
metadata: {{name: w}}
spec:
  entrypoint: main
  arguments:
    parameters:
    - name: epochs
  templates:
  - name: main
    container: {{image: 'alpine', args: ['{{{{workflow.parameters.epochs}}}}']}}
"""


def test_spec_argument_without_value_is_a_warning_in_the_argo_dialect() -> None:
    [diag] = check(
        SPEC_ARGUMENT.format(kind="Workflow"),
        ("spec-argument-no-value", 8, 13),
        rule="spec-argument-no-value",
        dialect="argo",
    )
    assert diag.severity is Severity.WARNING
    assert "-p epochs=VALUE" in (diag.hint or "")
    check(SPEC_ARGUMENT.format(kind="WorkflowTemplate"), rule="spec-argument-no-value", dialect="argo")
    with_value = SPEC_ARGUMENT.format(kind="Workflow").replace("- name: epochs", "- {name: epochs, value: '1'}")
    check(with_value, rule="spec-argument-no-value", dialect="argo")


def test_spec_enum_without_value_is_accepted_in_lint_mode_and_stops_the_list() -> None:
    text = SPEC_ARGUMENT.format(kind="Workflow").replace(
        "    - name: epochs\n", "    - {name: epochs, enum: [a]}\n    - {name: other, value: x, enum: []}\n"
    )
    check(text, rule="parameter-enum", dialect="argo")  # Argo returns at the first enum without value
    bad = text.replace("{name: epochs, enum: [a]}", "{name: epochs, value: b, enum: [a]}")
    check(bad, ("parameter-enum", 8, 29), ("parameter-enum", 9, 31), rule="parameter-enum", dialect="argo")
    check(bad, ("parameter-enum", 8, 29), ("parameter-enum", 9, 31), rule="parameter-enum")  # an Argo manifest
    bare = "entrypoint: main\narguments:\n  parameters:\n  - {name: e, value: b, enum: [a]}\n" + leaf(
        "container: {image: a}"
    )
    check(bare, rule="parameter-enum", dialect="onepanel")  # Onepanel drops enum from its templates' parameters
    check(bare, ("parameter-enum", 4, 22), rule="parameter-enum", dialect="argo")


# --- runtime family ------------------------------------------------------------------------------

LOOP = """\
entrypoint: main
templates:
- name: main
  dag:
    tasks:
    - name: a
      template: leaf
      arguments: {{parameters: [{{name: p, value: '{tag}'}}]}}
      {loop}
- name: leaf
  inputs: {{parameters: [{{name: p}}]}}
  container: {{image: alpine}}
"""


@pytest.mark.parametrize("dialect", DIALECTS)
def test_item_key_no_entry_has(dialect: str) -> None:
    bad = LOOP.format(tag="{{item.nmae}}", loop="withItems: [{name: x}, {name: y, size: 1}]")
    [diag] = check(bad, ("ref-item-key", 8, 50), rule="ref-item-key", dialect=dialect)
    assert "keys name, size" in diag.message
    check(LOOP.format(tag="{{item.size}}", loop="withItems: [{name: x}, {size: 1}]"), rule="ref-item-key")
    check(LOOP.format(tag="{{item.x}}", loop="withParam: '{{workflow.name}}'"), rule="ref-item-key")
    seq = LOOP.format(tag="{{item.value}}", loop="withSequence: {count: '3'}")
    check(seq, ("ref-item-key", 8, 50), rule="ref-item-key", dialect=dialect)
    check(LOOP.format(tag="{{item}}", loop="withSequence: {count: '3'}"), rule="ref-item-key")


@pytest.mark.parametrize("dialect", DIALECTS)
def test_with_param_that_is_not_a_json_list(dialect: str) -> None:
    text = LOOP.format(tag="{{item}}", loop="withParam: 'a, b'")
    [diag] = check(text, ("with-param-invalid", 9, 18), rule="with-param-invalid", dialect=dialect)
    assert diag.severity is Severity.WARNING
    check(LOOP.format(tag="{{item}}", loop='withParam: \'["a", "b"]\''), rule="with-param-invalid")


IP = """\
entrypoint: main
templates:
- name: main
  dag:
    tasks:
    - name: server
      template: {server}
    - name: client
      dependencies: [server]
      template: leaf
      arguments: {{parameters: [{{name: p, value: '{{{{tasks.server.ip}}}}'}}]}}
- name: leaf
  inputs: {{parameters: [{{name: p}}]}}
  container: {{image: alpine}}
- name: daemon
  daemon: true
  container: {{image: nginx}}
"""


@pytest.mark.parametrize("dialect", DIALECTS)
def test_ip_of_a_task_that_is_not_a_daemon(dialect: str) -> None:
    check(IP.format(server="leaf"), ("ref-task-ip", 11, 50), rule="ref-task-ip", dialect=dialect)
    check(IP.format(server="daemon"), rule="ref-task-ip", dialect=dialect)


MOUNTS = """\
entrypoint: main
volumes: [{name: cache, emptyDir: {}}]
templates:
- name: main
  container:
    image: alpine
    volumeMounts:
    - {name: cahce, mountPath: /cache}
"""


@pytest.mark.parametrize("dialect", DIALECTS)
def test_volume_mount_without_volume(dialect: str) -> None:
    [diag] = check(MOUNTS, ("volume-mount-undefined", 8, 14), rule="volume-mount-undefined", dialect=dialect)
    assert diag.severity is Severity.WARNING
    check(MOUNTS.replace("cahce", "cache"), rule="volume-mount-undefined", dialect=dialect)
    claim = MOUNTS.replace(
        "volumes: [{name: cache, emptyDir: {}}]", "volumeClaimTemplates: [{metadata: {name: cahce}}]"
    )
    check(claim, rule="volume-mount-undefined", dialect=dialect)


def test_onepanel_volumes_are_defined_in_the_onepanel_dialect_only() -> None:
    text = MOUNTS.replace("cahce", "sys-dshm")
    check(text, rule="volume-mount-undefined", dialect="onepanel")
    check(text, ("volume-mount-undefined", 8, 14), rule="volume-mount-undefined", dialect="argo")


# --- false errors that are fixed -----------------------------------------------------------------

EXIT_HOOK_STEPS = """\
entrypoint: main
templates:
- name: main
  steps:
  - - name: step-1
      template: output
      hooks:
        exit:
          template: exit
          arguments:
            parameters:
            - {name: message, value: '{{steps.step-1.outputs.parameters.result}} {{steps.step-1.status}}'}
- name: output
  container: {image: alpine, command: [sh, -c, 'echo hi > /tmp/r']}
  outputs:
    parameters:
    - name: result
      valueFrom: {default: Foobar, path: /tmp/r}
- name: exit
  inputs: {parameters: [{name: message}]}
  container: {image: alpine, args: ['{{inputs.parameters.message}}']}
"""

EXIT_HOOK_DAG = """\
entrypoint: main
templates:
- name: main
  dag:
    tasks:
    - name: t1
      template: output
      hooks:
        exit:
          template: exit
          arguments:
            parameters:
            - {name: message, value: '{{tasks.t1.outputs.parameters.result}} {{tasks.t1.status}}'}
        running:
          expression: tasks.t1.status == "Running"
          template: exit
          arguments:
            parameters:
            - {name: message, value: '{{tasks.t1.outputs.parameters.result}}'}
- name: output
  container: {image: alpine, command: [sh, -c, 'echo hi > /tmp/r']}
  outputs:
    parameters:
    - name: result
      valueFrom: {default: Foobar, path: /tmp/r}
- name: exit
  inputs: {parameters: [{name: message}]}
  container: {image: alpine, args: ['{{inputs.parameters.message}}']}
"""


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("text", [EXIT_HOOK_STEPS, EXIT_HOOK_DAG], ids=["steps", "dag"])
def test_a_hook_may_use_its_own_step_or_task_outputs_and_status(dialect: str, text: str) -> None:
    from opctl.lint import lint_document
    from tests.conftest import yaml_doc

    assert [d for d in lint_document(yaml_doc(text), dialect) if d.rule.startswith("ref-")] == []  # type: ignore[arg-type]


def test_a_task_still_may_not_use_its_own_outputs_outside_its_hooks() -> None:
    text = EXIT_HOOK_STEPS.replace(
        "      template: output\n",
        "      template: output\n      when: '{{steps.step-1.outputs.parameters.result}} == x'\n",
        1,
    )
    check(text, ("ref-task-not-ancestor", 7, 14), rule="ref-task-not-ancestor")


GLOBAL_NAME = """\
entrypoint: main
templates:
- name: main
  container: {image: alpine}
  outputs:
    parameters:
    - name: r
      globalName: '%s'
      valueFrom: {path: /tmp/r}
"""


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("name", ["result-{{workflow.name}}", "{{workflow.name}}", "{{inputs.parameters.x}}-r"])
def test_global_name_with_a_variable_anywhere_is_legal(dialect: str, name: str) -> None:
    check(GLOBAL_NAME % name, rule="global-name-invalid", dialect=dialect)


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("name", ["{{ workflow.name }}", "result.{{ workflow.name }}", "{{=workflow.name}}"])
def test_global_name_with_a_malformed_tag_is_not(dialect: str, name: str) -> None:
    check(GLOBAL_NAME % name, ("global-name-invalid", 8, 19), rule="global-name-invalid", dialect=dialect)


PLACEHOLDER_LOCATION = """\
entrypoint: main
arguments:
  parameters:
  - {name: annotation-path, value: annotation-dump/sample}
templates:
- name: main
  dag:
    tasks:
    - {name: train-model, template: train}
- name: train
  inputs:
    artifacts:
    - name: data
      path: /mnt/data/datasets/
      "{{.ArtifactRepositoryType}}":
        key: '{{workflow.namespace}}/{{workflow.parameters.annotation-path}}'
  outputs:
    artifacts:
    - {name: model, path: /mnt/output, optional: true}
  container: {image: 'onepanel/dl:0.17.0', command: [sh, -c], args: [ls]}
"""


def test_migration_placeholder_is_an_artifact_location_in_lint_and_compile() -> None:
    """Onepanel's system templates (maskrcnn, TF object detection) locate inputs with the placeholder key."""
    from opctl.lint import lint_document
    from tests.compile.helpers import compile_text
    from tests.conftest import yaml_doc

    assert [d.rule for d in lint_document(yaml_doc(PLACEHOLDER_LOCATION)) if d.is_error] == []
    result = compile_text(PLACEHOLDER_LOCATION)
    assert [d.rule for d in result.diagnostics if d.is_error] == []
    [artifact] = result.manifests[0]["spec"]["templates"][1]["inputs"]["artifacts"]
    assert artifact["s3"]["key"] == "{{workflow.namespace}}/{{workflow.parameters.annotation-path}}"


def test_every_new_rule_is_documented() -> None:
    families = ("templates", "arguments", "workflow", "runtime")
    for rule in all_rules().values():
        if rule.family in families:
            assert rule.explanation and rule.bad and rule.good, rule.id
            assert rule.bad != rule.good, rule.id


def test_an_argo_manifest_warns_of_a_parameter_without_value_in_the_default_dialect_too() -> None:
    """`opctl compile` refuses it whatever the dialect, so lint says so whatever the dialect."""
    check(SPEC_ARGUMENT.format(kind="Workflow"), ("spec-argument-no-value", 8, 13), rule="spec-argument-no-value")
