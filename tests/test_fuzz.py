"""No input crashes opctl: templates mutated at random (values of the wrong type, lists and
mappings swapped, keys removed or added where they do not belong, duplicated tasks, DAGs turned into
steps, garbage in ``depends``, references to names that do and do not exist, Argo wrappers) are linted
in both dialects and compiled, with and without the input lint. Any finding is fine; an exception or
an ``internal-error`` finding (a check that crashed, caught by ``lint_document``) is a bug.

The seeds are the project's examples and tests/fixtures/kitchen-sink.yaml; the conformance suite runs
the same on the reference corpus. Seeded per template and case, so a failure names a case that
reproduces. The CLI part runs the saved inputs in tests/fuzz_cases (each once crashed opctl) through
``opctl lint`` and ``opctl compile``."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from opctl.cli import cli
from opctl.compile.api import CompileOptions, compile_documents
from opctl.compile.emit import to_yaml
from opctl.inputs import load_inputs, load_string
from opctl.lint import lint_documents
from tests.compile.helpers import DEFAULTS_FILE, full_defaults
from tests.conftest import SEEDS

CASES_PER_TEMPLATE = 20
SAVED_CASES = Path(__file__).parent / "fuzz_cases"

ODD_STRINGS = (
    "", "x", "{{", "}}", "{{}}", "{{tasks.}}", "{{workflow.parameters.}}", "{{inputs.artifacts.}}", "a.b", "(", ")",
    "!!", "{{=inputs.parameters.x}}", "{{item}}", "{{item.x}}", "ü名前", "\u202e\u200b", "😀", "a" * 300, "~", "null",
    "{{ {{ }} }}", "{{tasks.{{x}}.id}}", "{{workflow.parameters.x}", "{{workflow.failures}}", "{{workflow.priority}}",
)  # fmt: skip
ODD_DEPENDS = (
    "((A && ", "A.", "A.Nope", "&&", "(" * 300 + "A" + ")" * 300, "!", "A && (B || C", "A B", "A.Succeeded.x",
    "A || || B", "()", "A &&& B", "A|B", ")A(", " ", "A\nB",
)  # fmt: skip
ODD_NUMBERS = (0, -1, 10**30, -(10**30), 2**64, 1.5, True, False)
ODD_CONTAINERS = ([], {}, [1], {"a": 1}, [None], [{}], [[]], {"": None}, {"name": []}, [{"name": {}}], [{"name": 1}])
KEYS = (
    "inline", "hooks", "onExit", "priority", "steps", "dag", "tasks", "template", "templateRef", "arguments",
    "inputs", "outputs", "parameters", "artifacts", "withItems", "withParam", "withSequence", "when", "depends",
    "dependencies", "continueOn", "retryStrategy", "container", "script", "resource", "suspend", "data", "http",
    "containerSet", "memoize", "synchronization", "metrics", "templateDefaults", "volumes", "volumeClaimTemplates",
    "sidecars", "initContainers", "env", "globalName", "valueFrom", "expression", "default", "enum", "value",
    "from", "path", "s3", "optional", "entrypoint", "exitCode", "source", "image", "command", "args", "ports",
    "volumeMounts", "name", "workflowTemplateRef", "schedule", "workflowSpec", "metadata",
)  # fmt: skip
KINDS = ("Workflow", "WorkflowTemplate", "ClusterWorkflowTemplate", "CronWorkflow", "Pod", None, 3)


def nodes(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    found = [(path, value)]
    if isinstance(value, dict):
        for key, child in value.items():
            found += nodes(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += nodes(child, (*path, index))
    return found


def names_in(data: Any) -> list[str]:
    names = [n["name"] for _, n in nodes(data) if isinstance(n, dict) and isinstance(n.get("name"), str)]
    return names or ["x"]


def reference(rng: random.Random, data: Any) -> str:
    """A template tag or expression naming things that exist (or almost exist) in this template."""
    a, b = rng.choice(names_in(data)), rng.choice(names_in(data))
    return rng.choice(
        (
            f"{{{{tasks.{a}.outputs.parameters.{b}}}}}", f"{{{{tasks.{a}.outputs.artifacts.{b}}}}}",
            f"{{{{tasks.{a}.outputs.result}}}}", f"{{{{tasks.{a}.outputs.parameters}}}}", f"{{{{tasks.{a}.exitCode}}}}",
            f"{{{{steps.{a}.outputs.parameters.{b}}}}}", f"{{{{steps.{a}.outputs.result}}}}", f"{{{{tasks.{a}}}}}",
            f"{{{{inputs.parameters.{a}}}}}", f"{{{{inputs.artifacts.{a}}}}}", f"{{{{workflow.parameters.{a}}}}}",
            f"{{{{workflow.outputs.parameters.{a}}}}}", f"{{{{outputs.parameters.{a}}}}}", f"{{{{item.{a}.{b}}}}}",
            f"{{{{=inputs.parameters.{a} + tasks.{b}.outputs.result}}}}", f"{{{{tasks.{a}.outputs.parameters.{b}",
            f"{a}.Succeeded && {b}", f"{a} || !{b}.Failed", a,
        )
    )  # fmt: skip


def odd_value(rng: random.Random, data: Any) -> Any:
    pick = rng.random()
    if pick < 0.3:
        return rng.choice(ODD_STRINGS)
    if pick < 0.45:
        return rng.choice(ODD_NUMBERS)
    if pick < 0.55:
        return rng.choice(ODD_DEPENDS)
    if pick < 0.8:
        return reference(rng, data)
    return copy.deepcopy(rng.choice(ODD_CONTAINERS))


def swapped(rng: random.Random, value: Any) -> Any:
    """A list as a mapping or a mapping as a list (or a scalar wrapped in either)."""
    if isinstance(value, list):
        return {str(i): item for i, item in enumerate(value)} if rng.random() < 0.5 else (value[0] if value else {})
    if isinstance(value, dict):
        return rng.choice((list(value.values()), [value], [[key, item] for key, item in value.items()]))
    return [value] if rng.random() < 0.5 else {"x": value}


def dag_to_steps(rng: random.Random, template: dict[str, Any]) -> None:
    tasks = template["dag"].get("tasks") if isinstance(template.get("dag"), dict) else None
    if isinstance(tasks, list):
        groups: list[list[Any]] = []
        for task in tasks:
            if not groups or rng.random() < 0.5:
                groups.append([])
            groups[-1].append(task)
        del template["dag"]
        template["steps"] = groups


def wrapped(rng: random.Random, data: dict[str, Any]) -> dict[str, Any]:
    """The template inside an Argo manifest (of a real or a wrong kind)."""
    spec: Any = data["spec"] if isinstance(data.get("spec"), dict) else data
    kind = rng.choice(KINDS)
    if kind == "CronWorkflow":
        spec = {"schedule": rng.choice(("* * * * *", "", 5)), "workflowSpec": spec}
    return {"apiVersion": "argoproj.io/v1alpha1", "kind": kind, "metadata": {"name": "w"}, "spec": spec}


def swap_along(rng: random.Random, data: dict[str, Any]) -> None:
    """Lists and mappings swapped at every level from a random node up to the top (deepest first)."""
    path = rng.choice([p for p, _ in nodes(data) if p])
    for depth in range(len(path), 0, -1):
        parent: Any = data
        for token in path[: depth - 1]:
            parent = parent[token]
        parent[path[depth - 1]] = swapped(rng, parent[path[depth - 1]])


def mutate(rng: random.Random, data: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(data)
    if rng.random() < 0.2:
        data = wrapped(rng, data)
    if rng.random() < 0.1:
        swap_along(rng, data)
    for _ in range(rng.randint(1, 4)):
        candidates = [(path, node) for path, node in nodes(data) if path]
        if not candidates:
            break
        path, node = rng.choice(candidates)
        parent = data
        for token in path[:-1]:
            parent = parent[token]
        key = path[-1]
        pick = rng.random()
        if pick < 0.35:
            parent[key] = odd_value(rng, data)
        elif pick < 0.5:
            parent[key] = swapped(rng, node)
        elif pick < 0.58:
            del parent[key]
        elif pick < 0.65 and isinstance(parent, list):
            parent.insert(key, copy.deepcopy(node))  # a duplicate task, template, parameter, ...
        elif pick < 0.78:
            target = rng.choice([n for _, n in nodes(data) if isinstance(n, dict)])
            donor = copy.deepcopy(rng.choice(candidates)[1])
            target[rng.choice(KEYS)] = donor if rng.random() < 0.5 else odd_value(rng, data)
        elif pick < 0.82:
            for _, found in nodes(data):
                if isinstance(found, dict) and "dag" in found:
                    dag_to_steps(rng, found)
        else:
            tasks = [n for _, n in nodes(data) if isinstance(n, dict) and "template" in n]
            if tasks:
                field = rng.choice(("depends", "dependencies", "when", "withParam", "withItems", "arguments", "name"))
                names = names_in(data)
                rng.choice(tasks)[field] = rng.choice(
                    (rng.choice(ODD_DEPENDS), odd_value(rng, data), [rng.choice(names), rng.choice(ODD_DEPENDS)],
                     " && ".join(rng.choice(names) for _ in range(3)))
                )  # fmt: skip
    return data


def crashes(diagnostics: list[Any]) -> list[str]:
    return [f"{d.line}:{d.column} {d.message}" for d in diagnostics if d.rule == "internal-error"]


def check_mutations_never_crash(path: Path) -> None:
    """Lint (both dialects) and compile (with and without the input lint) mutations of ``path``."""
    defaults = full_defaults()
    bases = [doc.data for doc in load_inputs([str(path)]).documents if isinstance(doc.data, dict)]
    assert bases, f"{path.name} has no template to mutate"
    for case in range(CASES_PER_TEMPLATE):
        rng = random.Random(f"{path.name}/{case}")
        text = to_yaml([mutate(rng, rng.choice(bases))])
        inputs = load_string(text, f"{path.name}#{case}.yaml")
        if inputs.fatal:
            continue
        for dialect in ("onepanel", "argo"):
            found = lint_documents(inputs.documents, dialect)
            assert not crashes(found), (dialect, crashes(found), text)
        for lint_input in (True, False):
            options = CompileOptions(defaults=defaults, lint_input=lint_input, parameters=[("x", "1")])
            result = compile_documents(inputs.documents, options)
            assert not crashes(result.diagnostics), (lint_input, crashes(result.diagnostics), text)
            if result.ok:
                assert result.to_yaml()


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name)
def test_mutated_templates_never_crash_lint_or_compile(path: Path) -> None:
    check_mutations_never_crash(path)


def saved_cases() -> list[Path]:
    return sorted(SAVED_CASES.glob("*.yaml"))


def test_saved_cases_are_there() -> None:
    assert len(saved_cases()) >= 5


@pytest.mark.parametrize("path", saved_cases(), ids=lambda p: p.name)
@pytest.mark.parametrize(
    "args",
    [
        ["lint"],
        ["lint", "--dialect", "argo", "--format", "json"],
        ["lint", "--format", "sarif"],
        ["lint", "--format", "junit"],
        ["lint", "--format", "github"],
        ["compile", "-p", "x=1"],
        ["compile", "--kind", "cronworkflow", "--schedule", "* * * * *", "-o", "json"],
    ],
    ids=lambda a: "-".join(a),
)
def test_cli_reports_saved_crash_cases_without_a_traceback(path: Path, args: list[str]) -> None:
    extra = ["--no-config"] if args[0] == "lint" else ["--defaults", str(DEFAULTS_FILE)]
    result = CliRunner().invoke(cli, [*args, *extra, str(path)], catch_exceptions=False)
    assert result.exit_code in (1, 2), result.output
    assert "Traceback" not in result.output
    if "sarif" in args:  # its rule catalogue lists internal-error: look at the results only
        report = json.loads(result.stdout)
        assert "internal-error" not in [r["ruleId"] for run in report["runs"] for r in run["results"]]
    else:
        assert "internal-error" not in result.output
    assert path.name in result.output  # the findings name the file


@pytest.mark.parametrize("path", saved_cases(), ids=lambda p: p.name)
def test_saved_crash_cases_compile_with_the_input_lint_off(path: Path) -> None:
    """The passes see what the input lint would refuse (library use with ``lint_input=False``)."""
    inputs = load_inputs([str(path)])
    options = CompileOptions(defaults=full_defaults(), lint_input=False, parameters=[("x", "1")])
    result = compile_documents(inputs.documents, options)
    assert not result.ok
    assert not crashes(result.diagnostics)


def long_string_template(depends: str, arg: str) -> str:
    """A two-task DAG: ``depends`` of task b on line 9 (its value at column 16), ``arg`` on line 12."""
    return (
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - name: a\n"
        "      template: c\n"
        "    - name: b\n"
        f"      depends: {json.dumps(depends)}\n"
        "      template: c\n"
        "- name: c\n"
        f"  container: {{image: alpine, args: [{json.dumps(arg)}]}}\n"
    )


def test_a_long_depends_that_fails_at_its_end_is_reported_not_hung_on() -> None:
    # Backtracking over "a && a && ... (" once took time exponential in the number of operands.
    expression = "a && " * 300 + "("
    doc = load_string(long_string_template(expression, "x"), "t.yaml").documents[0]
    found = [(d.rule, d.line, d.column) for d in lint_documents([doc]) if d.rule.startswith("dag-")]
    assert found == [("dag-depends-syntax", 9, 16 + len(expression))]


def test_a_long_run_of_unclosed_tags_is_linted_not_hung_on() -> None:
    # Every `{{` after the last `}}` once made the tag pattern scan to the end: quadratic time.
    arg = "{{tasks.nope.outputs.result}}" + "{{" * 20000
    doc = load_string(long_string_template("a", arg), "t.yaml").documents[0]
    found = [(d.rule, d.line) for d in lint_documents([doc]) if d.rule.startswith("ref-")]
    assert found == [("ref-task-undefined", 12)]
