"""The ``names`` family: Argo's and Kubernetes' name rules, at the exact line and column, in both dialects."""

from __future__ import annotations

import pytest

from opctl.diagnostics import Severity
from opctl.lint import all_rules, lint_document
from tests.conftest import yaml_doc
from tests.lint.rulecheck import DIALECTS, check

TEMPLATES = """
    entrypoint: main
    templates:
    - name: main
      dag:
        tasks:
        - name: first-task
          template: {leaf}
    - name: {leaf}
      container:
        image: alpine:3.19
"""


# --- templates -----------------------------------------------------------------------------------


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize(
    ("bad", "suggestion"), [("train_model", "train-model"), ("train.model", "train-model"), ("-train", "train")]
)
def test_template_name_pattern(dialect: str, bad: str, suggestion: str) -> None:
    [diag] = check(
        TEMPLATES.format(leaf=bad), ("template-name-invalid", 8, 9), rule="template-name-invalid", dialect=dialect
    )
    assert diag.severity is Severity.ERROR
    assert diag.message == (
        f"template name '{bad}' is invalid: a name may contain only letters, digits and '-', "
        "starting with a letter or digit"
    )
    assert diag.hint == f"rename it, e.g. '{suggestion}' (and the tasks and fields that refer to it)"


@pytest.mark.parametrize("good", ["train-model", "Train-Model-2", "123-NAME"])
def test_valid_template_names_pass(good: str) -> None:
    check(TEMPLATES.format(leaf=good), rule="template-name-invalid")


def test_template_name_length() -> None:
    long_name = "t" * 129
    [diag] = check(TEMPLATES.format(leaf=long_name), ("template-name-invalid", 8, 9), rule="template-name-invalid")
    assert "it is 129 characters long, over the limit of 128" in diag.message
    check(TEMPLATES.format(leaf="t" * 128), rule="template-name-invalid")


def test_template_without_name() -> None:
    text = TEMPLATES.format(leaf="leaf").replace("- name: leaf\n      container:", "- container:")
    [diag] = check(text, ("template-name-missing", 8, 3), rule="template-name-missing")
    assert diag.message.startswith("template 2 has no name")
    empty = TEMPLATES.format(leaf="leaf").replace("- name: leaf\n", "- name: ''\n")
    check(empty, ("template-name-missing", 8, 9), rule="template-name-missing")
    check(TEMPLATES.format(leaf="leaf"), rule="template-name-missing")


def test_duplicate_template_name_points_at_the_second() -> None:
    text = TEMPLATES.format(leaf="main")
    [diag] = check(text, ("template-name-duplicate", 8, 9), rule="template-name-duplicate")
    assert diag.message == "template name 'main' is not unique (first defined at line 3)"
    check(TEMPLATES.format(leaf="leaf"), rule="template-name-duplicate")


# --- DAG tasks and steps ---------------------------------------------------------------------------


@pytest.mark.parametrize("dialect", DIALECTS)
def test_task_name_pattern(dialect: str) -> None:
    text = TEMPLATES.format(leaf="leaf").replace("first-task", "first_task")
    [diag] = check(text, ("task-name-invalid", 6, 13), rule="task-name-invalid", dialect=dialect)
    assert diag.message.startswith("DAG task name 'first_task' in template 'main' is invalid")
    assert diag.hint == "rename it, e.g. 'first-task' (and the dependencies that refer to it)"
    check(TEMPLATES.format(leaf="leaf"), rule="task-name-invalid", dialect=dialect)


def test_empty_task_name() -> None:
    text = TEMPLATES.format(leaf="leaf").replace("name: first-task", "name: ''")
    [diag] = check(text, ("task-name-invalid", 6, 13), rule="task-name-invalid")
    assert diag.message == "a DAG task of template 'main' has an empty name"


def test_task_name_with_a_variable_is_left_to_run_time() -> None:
    text = TEMPLATES.format(leaf="leaf").replace("first-task", "'{{inputs.parameters.x}}'")
    check(text, rule="task-name-invalid")


STEPS = """
    entrypoint: main
    templates:
    - name: main
      steps:
      - - name: one
          template: leaf
      - - name: {second}
          template: leaf
    - name: leaf
      container:
        image: alpine:3.19
"""


def test_step_names_follow_the_task_rules() -> None:
    [diag] = check(STEPS.format(second="two.b"), ("task-name-invalid", 7, 13), rule="task-name-invalid", dialect="argo")
    assert diag.message.startswith("step name 'two.b' in template 'main' is invalid")


def test_duplicate_step_names() -> None:
    [diag] = check(
        STEPS.format(second="one"), ("step-name-duplicate", 7, 13), rule="step-name-duplicate", dialect="argo"
    )
    assert "(first used at line 5)" in diag.message
    check(STEPS.format(second="two"), rule="step-name-duplicate", dialect="argo")


# --- parameters and artifacts ----------------------------------------------------------------------

IO = """
    entrypoint: main
    arguments:
      parameters:
      - name: {arg}
        value: '1'
      artifacts:
      - name: data
        raw: {{data: x}}
    templates:
    - name: main
      dag:
        tasks:
        - name: a
          template: leaf
          arguments:
            parameters:
            - name: {task_arg}
              value: '1'
    - name: leaf
      inputs:
        parameters:
        - name: {input}
        - name: other
      outputs:
        artifacts:
        - name: {output}
          path: /tmp/out
          globalName: {global_name}
      container:
        image: alpine:3.19
"""
GOOD_IO = {
    "arg": "batch_size",
    "task_arg": "size",
    "input": "size",
    "output": "result",
    "global_name": "final-result",
}


def io(**changes: str) -> str:
    return IO.format(**{**GOOD_IO, **changes})


@pytest.mark.parametrize("dialect", DIALECTS)
def test_valid_io_names_pass(dialect: str) -> None:
    rules = {"parameter-name-invalid", "parameter-name-duplicate", "artifact-name-invalid", "global-name-invalid"}
    assert [d for d in lint_document(yaml_doc(io()), dialect) if d.rule in rules] == []  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "rule", "position", "message"),
    [
        (
            {"arg": "batch size"},
            "parameter-name-invalid",
            (4, 11),
            "parameter name 'batch size' in spec.arguments is invalid: a parameter name may contain only "
            "letters, digits, '_' and '-'",
        ),
        (
            {"task_arg": "si.ze"},
            "parameter-name-invalid",
            (17, 17),
            "parameter name 'si.ze' in arguments of task 'a' is invalid: a parameter name may contain only "
            "letters, digits, '_' and '-'",
        ),
        (
            {"input": "other"},
            "parameter-name-duplicate",
            (23, 13),
            "parameter name 'other' in template 'leaf' inputs is not unique (first at line 22)",
        ),
        (
            {"output": "re/sult"},
            "artifact-name-invalid",
            (26, 13),
            "artifact name 're/sult' in template 'leaf' outputs is invalid: an artifact name may contain only "
            "letters, digits, '_' and '-'",
        ),
        (
            {"global_name": "final.result"},
            "global-name-invalid",
            (28, 19),
            "globalName 'final.result' of an output artifact of template 'leaf' is invalid: it may contain "
            "only letters, digits, '_' and '-'",
        ),
    ],
)
def test_io_name_rules(changes: dict[str, str], rule: str, position: tuple[int, int], message: str) -> None:
    for dialect in DIALECTS:
        [diag] = check(io(**changes), (rule, *position), rule=rule, dialect=dialect)
        assert diag.message == message


def test_invalid_parameter_name_hint() -> None:
    [diag] = check(io(arg="batch size"), ("parameter-name-invalid", 4, 11), rule="parameter-name-invalid")
    assert diag.hint == "rename it, e.g. 'batch-size' (and the {{...}} references to it)"


def test_empty_parameter_name() -> None:
    [diag] = check(io(arg="''"), ("parameter-name-invalid", 4, 11), rule="parameter-name-invalid")
    assert diag.message == "a parameter of spec.arguments has an empty name"


def test_global_name_variable_is_not_checked() -> None:
    check(io(global_name="'{{inputs.parameters.size}}'"), rule="global-name-invalid")


CONTAINERS = """
    entrypoint: main
    templates:
    - name: main
      dag:
        tasks:
        - name: a
          template: leaf
    - name: leaf
      container:
        image: alpine:3.19
      initContainers:
      - name: {init}
        image: alpine:3.19
      sidecars:
      - name: {sidecar}
        image: alpine:3.19
"""


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize(
    ("init", "sidecar", "position", "message"),
    [
        (
            "fetch",
            "TensorBoard",
            (15, 11),
            "sidecar name 'TensorBoard' in template 'leaf' is not a valid Kubernetes container name: at most 63 "
            "lower-case letters, digits and '-', starting and ending with a letter or digit",
        ),
        (
            "fetch",
            "wait",
            (15, 11),
            "sidecar name 'wait' in template 'leaf' is taken: Argo names its own containers main, wait, init and "
            "supervisor, and container names must be unique in a pod",
        ),
        (
            "fetch",
            "supervisor",
            (15, 11),
            "sidecar name 'supervisor' in template 'leaf' is taken: Argo names its own containers main, wait, init "
            "and supervisor, and container names must be unique in a pod",
        ),
        (
            "fetch",
            "fetch",
            (15, 11),
            "sidecar name 'fetch' in template 'leaf' is not unique in the pod (first at line 12)",
        ),
    ],
)
def test_container_names(dialect: str, init: str, sidecar: str, position: tuple[int, int], message: str) -> None:
    rule = "container-name-invalid"
    [diag] = check(CONTAINERS.format(init=init, sidecar=sidecar), (rule, *position), rule=rule, dialect=dialect)
    assert diag.message == message


def test_valid_container_names_pass() -> None:
    check(CONTAINERS.format(init="fetch", sidecar="tensorboard"), rule="container-name-invalid")


def test_container_set_may_name_a_container_main() -> None:
    text = """
        entrypoint: main
        templates:
        - name: main
          containerSet:
            containers:
            - name: main
              image: alpine:3.19
            - name: wait
              image: alpine:3.19
    """
    check(text, ("container-name-invalid", 8, 13), rule="container-name-invalid", dialect="argo")


# --- Kubernetes names of Argo manifests --------------------------------------------------------------

MANIFEST = """
    apiVersion: argoproj.io/v1alpha1
    kind: {kind}
    metadata:
      {field}: {name}
    spec:
      {spec_key}
        entrypoint: main
        templates:
        - name: main
          container:
            image: alpine:3.19
"""


def manifest(kind: str = "Workflow", field: str = "name", name: str = "hello") -> str:
    if kind == "CronWorkflow":
        return MANIFEST.format(kind=kind, field=field, name=name, spec_key="schedule: '* * * * *'\n      workflowSpec:")
    return MANIFEST.format(kind=kind, field=field, name=name, spec_key="").replace("\n      \n", "\n")


@pytest.mark.parametrize(("kind", "limit"), [("Workflow", 63), ("WorkflowTemplate", 63), ("CronWorkflow", 52)])
def test_workflow_name_length(kind: str, limit: int) -> None:
    [diag] = check(
        manifest(kind, name="a" * (limit + 1)),
        ("workflow-name-too-long", 4, 9),
        rule="workflow-name-too-long",
        dialect="argo",
    )
    assert (
        diag.message == f"{kind} name '{'a' * (limit + 1)}' is {limit + 1} characters long: Argo allows at most {limit}"
    )
    check(manifest(kind, name="a" * limit), rule="workflow-name-too-long", dialect="argo")


def test_workflow_name_must_be_a_kubernetes_name() -> None:
    [diag] = check(
        manifest(name="My_Workflow"), ("workflow-name-invalid", 4, 9), rule="workflow-name-invalid", dialect="argo"
    )
    assert diag.hint == "use 'my-workflow'"
    check(manifest(name="my-workflow.v2"), rule="workflow-name-invalid", dialect="argo")


def test_generate_name() -> None:
    [diag] = check(
        manifest(field="generateName", name="Train_"),
        ("generate-name-invalid", 4, 17),
        rule="generate-name-invalid",
        dialect="argo",
    )
    assert diag.hint == "use 'train-'"
    check(manifest(field="generateName", name="train-"), rule="generate-name-invalid", dialect="argo")


def test_manifest_without_any_name() -> None:
    text = manifest(field="labels", name="{}")
    check(text, ("workflow-name-missing", 3, 1), rule="workflow-name-missing", dialect="argo")
    check(manifest(), rule="workflow-name-missing", dialect="argo")


def test_stored_onepanel_display_name_is_not_a_kubernetes_name() -> None:
    text = """
        metadata:
          name: MaskRCNN Training
        spec:
          entrypoint: main
          templates:
          - name: main
            container:
              image: alpine:3.19
    """
    rules = {"workflow-name-invalid", "workflow-name-too-long", "workflow-name-missing"}
    assert [d for d in lint_document(yaml_doc(text)) if d.rule in rules] == []


# --- the corpus --------------------------------------------------------------------------------------


def test_names_of_the_wrong_type_are_left_to_the_structure_family() -> None:
    text = """
        entrypoint: main
        arguments:
          parameters:
          - name: [size]
            value: '1'
        templates:
        - name: {main: 1}
          dag:
            tasks:
            - name: [a]
              template: main
    """
    for dialect in DIALECTS:
        found = lint_document(yaml_doc(text), dialect)  # type: ignore[arg-type]
        assert [d.rule for d in found if d.rule in all_rules() and all_rules()[d.rule].family == "names"] == []
        assert any(d.rule == "wrong-type" for d in found)
