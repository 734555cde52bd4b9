"""An offline model of how Argo's controller executes a DAG (docs/simulate.md describes it).

The controller works in passes; with every leaf outcome fixed up front, one walk of each DAG in
topological order reaches the same final phases (workflow/controller/dag.go). For every task the
walk makes the controller's decision (``executeDAGTask``, dag.go):

1. a task its dependency expression names has no fulfilled node → no node (it waits);
2. the expression is false → ``Omitted``; it cannot be evaluated → ``Error``;
3. ``when`` is false → ``Skipped``; it does not parse or evaluate → ``Error``;
4. otherwise it runs: a pod (its assumed outcome), a nested DAG, a TaskGroup for loops, a Retry
   wrapper for a ``retryStrategy``; then its exit handler and lifecycle hooks.

The DAG's phase comes from its targets (``assessDAGPhase``: a Skipped or Omitted target inherits
the phase of its nearest completed ancestors, failures winning; ``failFast`` picks the first
failed target, otherwise the last), and the workflow's from the entry DAG and the exit handler
(workflow/controller/operator.go).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from opctl.lint.graph import DagGraph, DependsExpr, parse_depends
from opctl.model import TemplateRef, as_dict, as_list, scalar_text, templates_by_name
from opctl.simulate import expr
from opctl.simulate.depends import compile_depends, operand
from opctl.simulate.model import (
    COMPLETED,
    ERROR,
    FAILED,
    FAILED_OR_ERROR,
    FULFILLED,
    OMITTED,
    RUNNING,
    SKIPPED,
    SUCCEEDED,
    Node,
    Scenario,
    SimulationError,
    SimulationResult,
    TaskResult,
    outcome_keys,
    task_path,
)
from opctl.simulate.when import WhenError, evaluate_when

MAX_DEPTH = 50  # nested DAG calls (recursive templates stop by a `when`)
MAX_ATTEMPTS = 1000
MAX_ITEMS = 100_000

_ATTEMPT_NAME = re.compile(r"\(\d+\)$")
_TAG = re.compile(r"{{\s*(=?)(.*?)\s*}}", re.S)


class _Unknown:
    """A value the simulator cannot know offline (a task output nobody assumed)."""

    def __init__(self, tag: str) -> None:
        self.tag = tag


class _Missing:
    """A reference the controller cannot resolve (an output of a Skipped task, an unknown name)."""

    def __init__(self, tag: str, why: str) -> None:
        self.tag = tag
        self.why = why


Lookup = Callable[[str], "str | _Unknown | _Missing"]


@dataclass
class _Substituted:
    text: str
    unknown: list[_Unknown] = field(default_factory=list)
    missing: list[_Missing] = field(default_factory=list)


@dataclass
class _Task:
    """A task of one DAG with its dependency expression, prepared once per template."""

    name: str
    data: dict[str, Any]
    text: str  # the expression as the controller builds it, for messages
    refs: list[tuple[str, str | None]]  # (task, result or None for a bare name)
    evaluate: Callable[[list[bool]], bool] | None
    error: str | None = None
    names: list[str] = field(default_factory=list)  # tasks named, in order written


@dataclass
class _Dag:
    template: TemplateRef
    graph: DagGraph
    tasks: dict[str, _Task]
    order: list[str]  # by layer, then document order: a topological order in the order pods start
    layers: dict[str, int]


@dataclass
class _Context:
    """One running DAG: its prepared tasks, its node names, the scope of its inputs."""

    dag: _Dag
    prefix: str  # node name of the DAG ('' for the entrypoint)
    inputs: dict[str, str | _Unknown]
    scope: dict[str, TemplateRef]  # the templates `template:` names here (a WorkflowTemplate's own)
    nodes: dict[str, Node] = field(default_factory=dict)  # task -> node
    waiting: dict[str, str] = field(default_factory=dict)  # task -> why it has no node

    def node_name(self, task: str) -> str:
        return f"{self.prefix}.{task}" if self.prefix else task


class Simulator:
    """Simulate one workflow spec under one :class:`Scenario`."""

    def __init__(
        self,
        spec: dict[str, Any],
        spec_pointer: str,
        scenario: Scenario,
        workflow_name: str = "",
        library: dict[str, dict[str, TemplateRef]] | None = None,
    ) -> None:
        self.spec = spec
        self.spec_pointer = spec_pointer
        self.scenario = scenario
        self.workflow_name = workflow_name or "workflow"
        self.templates = templates_by_name(spec, spec_pointer)
        self.library = library or {}  # WorkflowTemplate name -> its templates (for templateRef)
        self.nodes: dict[str, Node] = {}
        self.used_outcomes: set[str] = set()
        self.notes: list[str] = []
        self.undecidable: list[str] = []
        self.waiting: dict[str, str] = {}  # node name -> why it never gets a node
        self.global_params: dict[str, str | _Unknown] = {}
        self._dags: dict[str, _Dag] = {}
        self.workflow_status: str | None = None
        for param in as_list(as_dict(spec.get("arguments")).get("parameters")):
            if isinstance(param, dict) and isinstance(param.get("name"), str):
                value = scalar_text(param.get("value"))
                if value is None:
                    value = scalar_text(param.get("default"))
                if value is not None:
                    self.global_params[param["name"]] = value
        for name, value in scenario.parameters.items():
            self.global_params[name] = value

    # -- entry point --------------------------------------------------------------------------

    def run(self) -> SimulationResult:
        entry_name = self.spec.get("entrypoint")
        if not isinstance(entry_name, str) or entry_name not in self.templates:
            raise SimulationError(
                f"the entrypoint {entry_name!r} is not a template of this workflow"
                if isinstance(entry_name, str)
                else "the workflow has no entrypoint",
                hint="run opctl lint on it first",
            )
        entry = self.templates[entry_name]
        if not isinstance(entry.data.get("dag"), dict):
            raise SimulationError(
                f"the entrypoint {entry_name!r} is not a DAG template; simulate models DAGs",
                hint="simulate a template whose entrypoint has a `dag`",
            )
        arguments: dict[str, str | _Unknown] = dict(self.global_params)
        phase, message, outbound = self._run_dag(entry, "", arguments, 0, self.templates)
        entry_phase = phase
        workflow_phase: str | None
        if phase is None:
            workflow_phase = None
        else:
            workflow_phase = FAILED if phase == FAILED else ERROR if phase == ERROR else SUCCEEDED
        self.workflow_status = workflow_phase
        if workflow_phase is not None:
            self._workflow_hooks(workflow_phase)
            exit_phase = self._workflow_exit_handler(workflow_phase)
            if workflow_phase == SUCCEEDED and exit_phase in FAILED_OR_ERROR:
                workflow_phase = exit_phase
            elif exit_phase is None and self.nodes.get("onExit") is not None:
                workflow_phase = None
        tasks = self._task_results(entry)
        for name in self.scenario.outcomes:
            node = self.nodes.get(name)
            if name not in self.used_outcomes and node is not None and node.type in ("DAG", "Retry"):
                self.notes.append(
                    f"the outcome given for {name} is not used: it runs DAG {node.template!r}, whose phase comes "
                    f"from its tasks; name one of them ({name}.TASK)"
                )
        if workflow_phase is None and not self.undecidable:
            self.notes.append("the workflow never finishes: some node would stay Running or Pending forever")
        return SimulationResult(
            phase=workflow_phase if not self.undecidable else None,
            entry=entry_name,
            entry_phase=entry_phase,
            nodes=self.nodes,
            tasks=tasks,
            notes=self.notes,
            undecidable=self.undecidable,
            entry_reason=message,
        )

    # -- DAGs ---------------------------------------------------------------------------------

    def _prepare(self, template: TemplateRef) -> _Dag:
        key = str(id(template.data))
        cached = self._dags.get(key)
        if cached is not None:
            return cached
        graph = DagGraph(template)
        nameless = next((entry for entry in graph.entries if entry.name is None), None)
        if nameless is not None:
            # Argo rejects it when decoding (DAGTask.name is a string; go-yaml v2 reads `y`, `no`, `on`... as
            # booleans): simulating the DAG without it would report a run Argo never makes.
            raise SimulationError(
                f"task {nameless.index + 1} of DAG {template.name!r} has no string name "
                f"(name: {nameless.data.get('name')!r})",
                hint="quote the name (YAML 1.1 reads y/n/yes/no/on/off/true/false unquoted as booleans); "
                "run opctl lint on it first",
            )
        if graph.missing:
            missing = graph.missing[0]
            raise SimulationError(
                f"task {missing.task.name!r} of DAG {template.name!r} depends on {missing.name!r}, which is not a task",
                hint="run opctl lint on it first",
            )
        order = graph.topological_order()
        if order is None:
            raise SimulationError(
                f"the tasks of DAG {template.name!r} depend on each other in a cycle: {graph.cycles()[0].describe()}",
                hint="run opctl lint on it first",
            )
        tasks: dict[str, _Task] = {}
        for name, entry in graph.tasks.items():
            tasks[name] = self._prepare_task(name, entry.data, entry.depends, graph)
        layers: dict[str, int] = {}
        for name in order:
            layers[name] = 1 + max((layers[d] for d in tasks[name].names), default=0)
        position = {name: index for index, name in enumerate(order)}
        order = sorted(order, key=lambda name: (layers[name], position[name]))
        dag = _Dag(template, graph, tasks, order, layers)
        self._dags[key] = dag
        return dag

    def _prepare_task(self, name: str, data: dict[str, Any], depends: DependsExpr | None, graph: DagGraph) -> _Task:
        if depends is not None:
            if depends.error is not None:
                return _Task(name, data, depends.text, [], None, f"unable to evaluate expression '{depends.text}'")
            refs = [(ref.task, ref.result) for ref in depends.refs]
            names = list(dict.fromkeys(task for task, _ in refs))
            return _Task(name, data, depends.text, refs, compile_depends(depends), names=names)
        dependencies = [d for d in as_list(data.get("dependencies")) if isinstance(d, str)]
        if not dependencies:
            return _Task(name, data, "", [], None)
        text = " && ".join(dependencies)
        parsed = parse_depends(text)
        refs = [(ref.task, ref.result) for ref in parsed.refs]
        return _Task(name, data, text, refs, compile_depends(parsed), names=list(dict.fromkeys(dependencies)))

    def _run_dag(
        self,
        template: TemplateRef,
        prefix: str,
        inputs: dict[str, str | _Unknown],
        depth: int,
        scope: dict[str, TemplateRef],
    ) -> tuple[str | None, str, list[str]]:
        """Run a DAG template; returns its phase (None: never finishes), message and outbound phases."""
        if depth > MAX_DEPTH:
            raise SimulationError(f"DAG templates nest deeper than {MAX_DEPTH} levels (recursion without an end?)")
        dag = self._prepare(template)
        ctx = _Context(dag, prefix, self._template_inputs(template, inputs), scope)
        dag_data = as_dict(template.data.get("dag"))
        targets = self._targets(ctx, dag_data)
        visit: set[str] = set(targets)  # the targets and everything they depend on (dag.go:580-584)
        stack = list(targets)
        while stack:
            for dependency in dag.tasks[stack.pop()].names:
                if dependency not in visit:
                    visit.add(dependency)
                    stack.append(dependency)
        # Template-level failFast (operator.go checkParallelism): once a child failed, no new task
        # starts; the tasks of the wave that failed run to completion.
        fail_fast = template.data.get("failFast") is True
        stop: tuple[int, str] | None = None
        for name in dag.order:
            if name not in visit:
                continue
            if stop is not None and dag.layers[name] > stop[0]:
                ctx.waiting[name] = f"not started: {stop[1]} failed and the template has failFast"
                continue
            self._run_task(ctx, dag.tasks[name], depth)
            node = ctx.nodes.get(name)
            if fail_fast and node is not None and stop is None and self._failed_inside(node):
                stop = (dag.layers[name], name)
        for name, why in ctx.waiting.items():
            self.waiting[ctx.node_name(name)] = why
        phase, message, outbound = self._assess(ctx, targets, dag_data)
        if stop is not None and phase is not None:
            return FAILED, "template has failed or errored children and failFast enabled", outbound
        return phase, message, outbound

    def _failed_inside(self, node: Node) -> bool:
        """Whether the node or one of its attempts or items Failed or Errored."""
        if node.phase in FAILED_OR_ERROR:
            return True
        return any(self.nodes[c].phase in FAILED_OR_ERROR for c in node.children if c in self.nodes)

    def _targets(self, ctx: _Context, dag_data: dict[str, Any]) -> list[str]:
        raw = dag_data.get("target")
        if isinstance(raw, str) and raw:
            text = self._substitute(raw, self._lookup(ctx, None)).text
            targets = text.split(" ")
            for target in targets:
                if target not in ctx.dag.tasks:
                    raise SimulationError(
                        f"dag.target of {ctx.dag.template.name!r} names {target!r}, which is not a task of the DAG"
                    )
            return targets
        graph = ctx.dag.graph
        return sorted((name for name in ctx.dag.tasks if not graph.dependents(name)), key=lambda n: n.encode())

    def _template_inputs(
        self, template: TemplateRef, arguments: dict[str, str | _Unknown]
    ) -> dict[str, str | _Unknown]:
        inputs: dict[str, str | _Unknown] = {}
        for param in as_list(as_dict(template.data.get("inputs")).get("parameters")):
            if not isinstance(param, dict) or not isinstance(param.get("name"), str):
                continue
            name = param["name"]
            if name in arguments:
                inputs[name] = arguments[name]
                continue
            for key in ("value", "default"):
                value = scalar_text(param.get(key))
                if value is not None:
                    inputs[name] = value
                    break
        return inputs

    # -- one task -----------------------------------------------------------------------------

    def _run_task(self, ctx: _Context, task: _Task, depth: int) -> None:
        name = task.name
        node_name = ctx.node_name(name)
        wave = 0
        for dependency in task.names:
            node = ctx.nodes.get(dependency)
            if node is None or node.phase not in FULFILLED and not node.daemoned:
                ctx.waiting[name] = ctx.waiting.get(dependency) or f"waits for {dependency}, which never finishes"
                return
            for hook in node.hooks:
                hook_node = self.nodes.get(hook)
                if hook_node is not None and hook_node.phase not in FULFILLED:
                    ctx.waiting[name] = f"waits for {hook}, which never finishes"
                    return
            wave = max(wave, node.wave)
        wave += 1
        template_name = task.data.get("template") if isinstance(task.data.get("template"), str) else None

        def decide(phase: str, reason: str, message: str = "", node_type: str = "Skipped") -> None:
            node = Node(node_name, node_type, phase, template_name, reason, message, wave=wave)
            self._add(node)
            ctx.nodes[name] = node

        # 1. the dependency expression
        if task.error is not None:
            decide(ERROR, task.error, task.error)
            return
        if task.evaluate is not None:
            try:
                values = [self._result(ctx, dependency, result) for dependency, result in task.refs]
            except SimulationError as exc:
                message = f"unable to evaluate expression '{task.text}': {exc.message}"
                decide(ERROR, message, message)
                return
            if not task.evaluate(values):
                states = ", ".join(f"{d} {self._state(ctx.nodes[d])}" for d in task.names)
                decide(OMITTED, f"depends '{task.text}' is false ({states})", "omitted: depends condition not met")
                return

        lookup = self._lookup(ctx, None)
        loop = _loop_kind(task.data)
        when = task.data.get("when")
        when_text = scalar_text(when) if when is not None else None
        # 2. `when`, unless it is evaluated per item
        if when_text and not (loop and "{{item" in when_text.replace(" ", "")):
            verdict = self._when(when_text, lookup)
            if isinstance(verdict, str):
                if verdict.startswith("?"):
                    ctx.waiting[name] = verdict[1:]
                    return
                decide(ERROR, verdict, verdict)
                return
            if verdict[0] is False:
                message = f"when '{verdict[1]}' evaluated false"
                decide(SKIPPED, message, message)
                return

        # 3. loops
        if loop:
            items = self._items(task.data, loop, lookup)
            if isinstance(items, str):
                if items.startswith("?"):
                    ctx.waiting[name] = items[1:]
                    return
                decide(ERROR, items, items)
                return
            if not items:
                decide(SKIPPED, "the loop has no items", "Skipped, empty params")
                return
            group = Node(node_name, "TaskGroup", None, template_name, "", wave=wave)
            self._add(group)
            ctx.nodes[name] = group
            for index, item in enumerate(items):
                child_name = f"{node_name}({index}:{_item_label(item)})"
                group.children.append(child_name)
                item_lookup = self._lookup(ctx, item)
                if when_text and "{{item" in when_text.replace(" ", ""):
                    verdict = self._when(when_text, item_lookup)
                    if isinstance(verdict, str):
                        if verdict.startswith("?"):
                            self.undecidable.append(f"{child_name}: {verdict[1:]}")
                            self._add(Node(child_name, "Skipped", None, template_name, verdict[1:], wave=wave))
                        else:
                            self._add(Node(child_name, "Skipped", ERROR, template_name, verdict, verdict, wave=wave))
                        continue
                    if verdict[0] is False:
                        message = f"when '{verdict[1]}' evaluated false"
                        self._add(Node(child_name, "Skipped", SKIPPED, template_name, message, message, wave=wave))
                        continue
                child = self._invoke(child_name, task.data, item_lookup, depth, wave, ctx.scope)
                self._after(ctx, task, child, depth)
            children = [self.nodes[c] for c in group.children]
            if any(child.phase not in FULFILLED for child in children):
                group.reason = "an item never finishes"
            else:
                failures = [child for child in children if child.phase in FAILED_OR_ERROR]
                group.phase = failures[-1].phase if failures else SUCCEEDED
                counts: dict[str, int] = {}
                for child in children:
                    counts[str(child.phase)] = counts.get(str(child.phase), 0) + 1
                summary = ", ".join(f"{count} {phase}" for phase, count in counts.items())
                group.reason = f"{len(children)} items: {summary}"
                if failures:
                    group.reason += f"; takes the phase of the last failed item, {failures[-1].name}"
            group.outbound = [c.phase if c.phase in COMPLETED else str(group.phase) for c in children]
            return

        node = self._invoke(node_name, task.data, lookup, depth, wave, ctx.scope)
        ctx.nodes[name] = node
        self._after(ctx, task, node, depth)

    def _state(self, node: Node) -> str:
        return "Daemoned" if node.daemoned and node.phase is None else str(node.phase)

    def _result(self, ctx: _Context, dependency: str, result: str | None) -> bool:
        """The value of one ``depends`` operand."""
        node = ctx.nodes[dependency]
        children = [self.nodes[c].phase for c in node.children] if node.type == "TaskGroup" else None
        continue_on = as_dict(ctx.dag.tasks[dependency].data.get("continueOn"))
        try:
            return operand(result, node.phase, daemoned=node.daemoned, children=children, continue_on=continue_on)
        except KeyError:
            raise SimulationError(f"unknown result '{dependency}.{result}'") from None

    def _when(self, text: str, lookup: Lookup) -> tuple[bool, str] | str:
        """(value, substituted text); an error message; or '?reason' when it cannot be decided."""
        done = self._substitute(text, lookup)
        waiting = [m for m in done.missing if m.tag.startswith("tasks.")]
        if waiting:
            # dag.go: a task reference that cannot be resolved (yet) requeues without a node
            missing = waiting[0]
            return f"?when '{text}' waits forever: {{{{{missing.tag}}}}} never resolves ({missing.why})"
        if done.unknown:
            tags = ", ".join("{{" + u.tag + "}}" for u in done.unknown)
            assume = done.unknown[0].tag.removeprefix("tasks.")
            why = f"when '{text}' reads {tags}, unknown offline; give --assume {assume}=VALUE"
            self.undecidable.append(why)
            return "?" + why
        try:
            return evaluate_when(done.text), done.text
        except WhenError as exc:
            return str(exc)

    # -- running a template -------------------------------------------------------------------

    def _invoke(
        self,
        node_name: str,
        task: dict[str, Any],
        lookup: Lookup,
        depth: int,
        wave: int,
        scope: dict[str, TemplateRef] | None = None,
    ) -> Node:
        """Run the template a task (or an exit handler) calls, with retries; returns its node."""
        template_name = task.get("template") if isinstance(task.get("template"), str) else None
        scope = self.templates if scope is None else scope
        template = scope.get(template_name) if template_name else None
        reference = as_dict(task.get("templateRef"))
        if template is None and isinstance(reference.get("name"), str) and reference["name"] in self.library:
            scope = self.library[reference["name"]]
            template_name = str(reference.get("template"))
            template = scope.get(template_name)
            if template is None:
                message = f"template {template_name!r} not found in WorkflowTemplate {reference['name']!r}"
                return self._add(Node(node_name, "Skipped", ERROR, template_name, message, message, wave=wave))
        inline = task.get("inline")
        if template is None and isinstance(inline, dict):
            template = TemplateRef(-1, node_name, inline, "")
        arguments = as_dict(task.get("arguments"))
        resolved: dict[str, str | _Unknown] = {}
        for param in as_list(arguments.get("parameters")):
            if not isinstance(param, dict) or not isinstance(param.get("name"), str):
                continue
            raw = scalar_text(param.get("value"))
            if raw is None:
                continue
            done = self._substitute(raw, lookup)
            if done.missing:
                message = f"failed to resolve {{{{{done.missing[0].tag}}}}}"
                node = Node(node_name, "Skipped", ERROR, template_name, f"{message} ({done.missing[0].why})", message)
                node.wave = wave
                return self._add(node)
            resolved[param["name"]] = done.unknown[0] if done.unknown else done.text
        for artifact in as_list(arguments.get("artifacts")):
            if not isinstance(artifact, dict) or not isinstance(artifact.get("from"), str):
                continue
            done = self._substitute(artifact["from"], lookup)
            if done.missing and artifact.get("optional") is not True:
                message = f"Unable to resolve: {{{{{done.missing[0].tag}}}}}"
                node = Node(node_name, "Skipped", ERROR, template_name, f"{message} ({done.missing[0].why})", message)
                node.wave = wave
                return self._add(node)
        if template is None:
            if isinstance(task.get("templateRef"), dict):
                ref = as_dict(task.get("templateRef"))
                label = f"{ref.get('name')}/{ref.get('template')}"
                return self._leaf(node_name, label, "Pod", 0, wave, f"templateRef {label} (not resolved offline)")
            message = f"template {template_name!r} not found"
            return self._add(Node(node_name, "Skipped", ERROR, template_name, message, message, wave=wave))
        strategy = template.data.get("retryStrategy")
        if strategy is None:
            strategy = self.spec.get("retryStrategy")
        if isinstance(strategy, dict):
            return self._retry(node_name, template, as_dict(strategy), resolved, depth, wave, scope)
        return self._attempt(node_name, node_name, template, resolved, depth, wave, 0, scope)

    def _attempt(
        self,
        node_name: str,
        outcome_name: str,
        template: TemplateRef,
        arguments: dict[str, str | _Unknown],
        depth: int,
        wave: int,
        attempt: int,
        scope: dict[str, TemplateRef],
    ) -> Node:
        label = template.name
        if isinstance(template.data.get("dag"), dict):
            node = self._add(Node(node_name, "DAG", None, label, wave=wave))
            phase, message, outbound = self._run_dag(template, node_name, arguments, depth + 1, scope)
            node.phase = phase
            node.reason = message
            node.outbound = outbound
            return node
        node_type = (
            "Steps" if template.data.get("steps") is not None else "Suspend" if "suspend" in template.data else "Pod"
        )
        node = self._leaf(node_name, label, node_type, attempt, wave, outcome_name=outcome_name)
        if template.data.get("daemon") is True:
            node.daemoned = True
        return node

    def _leaf(
        self,
        node_name: str,
        template: str | None,
        node_type: str,
        attempt: int,
        wave: int,
        note: str = "",
        outcome_name: str | None = None,
    ) -> Node:
        phase, source = self._outcome(outcome_name or node_name, attempt)
        reason = f"{phase} ({source})" + (f"; {note}" if note else "")
        return self._add(Node(node_name, node_type, phase, template, reason, wave=wave))

    def _outcome(self, name: str, attempt: int) -> tuple[str, str]:
        for key in outcome_keys(name):
            sequence = self.scenario.outcomes.get(key)
            if sequence:
                self.used_outcomes.add(key)
                phase = sequence[min(attempt, len(sequence) - 1)]
                return phase, f"assumed for {key}" + (f", attempt {attempt + 1}" if len(sequence) > 1 else "")
        return SUCCEEDED, "by default"

    def _retry(
        self,
        node_name: str,
        template: TemplateRef,
        strategy: dict[str, Any],
        arguments: dict[str, str | _Unknown],
        depth: int,
        wave: int,
        scope: dict[str, TemplateRef],
    ) -> Node:
        """A Retry node and its attempts ``name(0)``, ``name(1)``… (operator.go processNodeRetries)."""
        node = self._add(Node(node_name, "Retry", None, template.name, wave=wave))
        limit_text = scalar_text(strategy.get("limit"))
        limit: int | None = None
        if limit_text is not None:
            limit_text = self._substitute(limit_text, lambda tag: self._global(tag)).text
            try:
                limit = int(limit_text)
            except ValueError:
                message = f"retryStrategy.limit {limit_text!r} is not a number"
                node.phase, node.reason, node.message = ERROR, message, message
                return node
        expression = strategy.get("expression") if isinstance(strategy.get("expression"), str) else ""
        policy = strategy.get("retryPolicy") or ("Always" if expression else "OnFailure")
        covered = {
            "Always": FAILED_OR_ERROR,
            "OnFailure": frozenset({FAILED}),
            "OnError": frozenset({ERROR}),
            "OnTransientError": frozenset(),
        }.get(str(policy), frozenset({FAILED}))
        for attempt in range(MAX_ATTEMPTS):
            child = self._attempt(
                f"{node_name}({attempt})", node_name, template, arguments, depth, wave, attempt, scope
            )
            node.children.append(child.name)
            count = attempt + 1
            if child.phase is None:
                node.reason = f"attempt {count} never finishes"
                return node
            if child.phase == SUCCEEDED:
                node.phase = SUCCEEDED
                node.reason = f"Succeeded on attempt {count}"
                node.outbound = child.outbound or [SUCCEEDED]
                return node
            if child.phase not in covered:
                node.phase = child.phase
                node.reason = f"attempt {count} {child.phase}; retryPolicy {policy} does not retry it"
                node.outbound = child.outbound or [child.phase]
                return node
            if limit is not None and count > limit:
                node.phase = child.phase
                node.message = "No more retries left"
                node.reason = f"{child.phase} after {count} attempts: No more retries left (limit {limit})"
                node.outbound = child.outbound or [child.phase]
                return node
            if expression:
                env = expr.nest({"lastRetry.status": child.phase, "lastRetry.exitCode": "1", "lastRetry.message": ""})
                env.update(expr.nest({f"workflow.parameters.{k}": v for k, v in self.global_params.items()}))
                try:
                    again = expr.evaluate_bool(expression, env)
                except expr.ExprError as exc:
                    again = False
                    self.notes.append(f"{node_name}: retryStrategy.expression {expression!r}: {exc}")
                if not again:
                    node.phase = child.phase
                    node.reason = f"attempt {count} {child.phase}; retryStrategy.expression is false"
                    node.outbound = child.outbound or [child.phase]
                    return node
            if limit is None and attempt >= 2 and self._outcome(node_name, attempt + 1)[0] == child.phase:
                node.reason = f"retries forever: no retryStrategy.limit and every attempt is {child.phase}"
                return node
        node.reason = f"still failing after {MAX_ATTEMPTS} attempts"
        return node

    # -- exit handlers and hooks --------------------------------------------------------------

    def _after(self, ctx: _Context, task: _Task, node: Node, depth: int) -> None:
        """A task's exit handler (completed tasks only) and lifecycle hooks (hooks.go, exit_handler.go)."""
        if node.phase not in COMPLETED:
            return
        data = task.data
        hooks = as_dict(data.get("hooks"))
        exit_task: dict[str, Any] | None = None
        if isinstance(data.get("onExit"), str):
            exit_task = {"template": data["onExit"]}
        elif isinstance(hooks.get("exit"), dict):
            exit_task = hooks["exit"]
            condition = exit_task.get("expression")
            if isinstance(condition, str) and condition and not self._hook_fires(ctx, condition, node.name):
                exit_task = None
        lookup = self._lookup(ctx, None)
        if exit_task is not None:
            handler = self._invoke(f"{node.name}.onExit", exit_task, lookup, depth, node.wave, ctx.scope)
            node.hooks.append(handler.name)
        for hook_name, hook in hooks.items():
            if hook_name == "exit" or not isinstance(hook, dict):
                continue
            condition = hook.get("expression")
            if not isinstance(condition, str) or not condition:
                self.notes.append(
                    f"{node.name}: hook {hook_name!r} has no expression (the controller reports an error)"
                )
                continue
            if self._hook_fires(ctx, condition, node.name):
                handler = self._invoke(f"{node.name}.hooks.{hook_name}", hook, lookup, depth, node.wave, ctx.scope)
                node.hooks.append(handler.name)

    def _hook_fires(self, ctx: _Context | None, condition: str, where: str) -> bool:
        flat: dict[str, Any] = {f"workflow.parameters.{k}": v for k, v in self.global_params.items()}
        if self.workflow_status is not None:
            flat["workflow.status"] = self.workflow_status
        if ctx is not None:
            for task, node in ctx.nodes.items():
                flat[f"tasks.{task}.status"] = node.phase
            for key, value in ctx.inputs.items():
                flat[f"inputs.parameters.{key}"] = value
        text = self._substitute(condition, self._lookup(ctx, None) if ctx else self._global).text
        try:
            return expr.evaluate_bool(text, expr.nest(flat))
        except expr.ExprError as exc:
            self.notes.append(f"{where}: hook expression {condition!r} does not evaluate ({exc}); it does not fire")
            return False

    def _workflow_hooks(self, status: str) -> None:
        for hook_name, hook in as_dict(self.spec.get("hooks")).items():
            if hook_name == "exit" or not isinstance(hook, dict):
                continue
            condition = hook.get("expression")
            if not isinstance(condition, str) or not condition:
                continue
            # hooks.go: evaluated on every pass, so also while the workflow is Running
            final, self.workflow_status = self.workflow_status, RUNNING
            fires = self._hook_fires(None, condition, "workflow")
            self.workflow_status = final
            if fires or self._hook_fires(None, condition, "workflow"):
                self._invoke(f"hooks.{hook_name}", hook, self._global, 0, 0)

    def _workflow_exit_handler(self, status: str) -> str | None:
        exit_task: dict[str, Any] | None = None
        if isinstance(self.spec.get("onExit"), str) and self.spec["onExit"]:
            exit_task = {"template": self.spec["onExit"]}
        elif isinstance(as_dict(self.spec.get("hooks")).get("exit"), dict):
            exit_task = self.spec["hooks"]["exit"]
        if exit_task is None:
            return SUCCEEDED
        node = self._invoke("onExit", exit_task, self._global, 0, 0)
        return node.phase

    # -- substitution -------------------------------------------------------------------------

    def _global(self, tag: str) -> str | _Unknown | _Missing:
        if tag.startswith("workflow.parameters."):
            name = tag.removeprefix("workflow.parameters.")
            if name in self.global_params:
                return self.global_params[name]
            return _Missing(tag, f"workflow parameter {name!r} has no value; pass -p {name}=VALUE")
        if tag == "workflow.status":
            return self.workflow_status or "Running"
        if tag == "workflow.failures" and self.workflow_status is not None:
            failures = [
                {"displayName": n.name, "message": n.message, "templateName": n.template or "", "phase": n.phase}
                for n in self.nodes.values()
                if n.phase in FAILED_OR_ERROR and n.type not in ("DAG", "TaskGroup", "Retry")
            ]
            return json.dumps(failures, separators=(",", ":"))
        if tag == "workflow.name":
            return self.workflow_name
        if tag == "workflow.namespace":
            return "default"
        if tag.startswith("workflow."):
            return _Unknown(tag)
        return _Missing(tag, "not a variable the controller knows here")

    def _lookup(self, ctx: _Context | None, item: Any) -> Lookup:
        def lookup(tag: str) -> str | _Unknown | _Missing:
            if tag == "item" or tag.startswith("item."):
                if item is None:
                    return _Missing(tag, "not in a loop")
                if tag == "item":
                    return item if isinstance(item, str) else json.dumps(item, separators=(",", ":"))
                value = item.get(tag[5:]) if isinstance(item, dict) else None
                if value is None:
                    return _Missing(tag, "the item has no such key")
                return value if isinstance(value, str) else (scalar_text(value) or json.dumps(value))
            if ctx is not None and tag.startswith("inputs.parameters."):
                name = tag.removeprefix("inputs.parameters.")
                if name in ctx.inputs:
                    return ctx.inputs[name]
                return _Missing(tag, f"input {name!r} has no value")
            if ctx is not None and tag.startswith("tasks."):
                return self._task_variable(ctx, tag)
            return self._global(tag)

        return lookup

    def _task_variable(self, ctx: _Context, tag: str) -> str | _Unknown | _Missing:
        # task names cannot hold a dot (Argo's name pattern): the first dot ends the name
        task, _, field_name = tag.removeprefix("tasks.").partition(".")
        if task not in ctx.dag.tasks or not field_name:
            return _Missing(tag, "no such task")
        node = ctx.nodes.get(task)
        if node is None:
            return _Missing(tag, f"{task} has no node")
        if field_name == "status":
            return str(node.phase)
        assumed = self.scenario.assume
        for key in (f"{node.name}.{field_name}", f"{task_path(node.name)}.{field_name}", f"{task}.{field_name}"):
            if key in assumed:
                return assumed[key]
        if field_name == "exitCode" and node.phase == SUCCEEDED:
            return "0"
        if field_name.startswith(("outputs.", "exitCode")) and node.phase in (SKIPPED, OMITTED):
            return _Missing(tag, f"{task} was {node.phase}: it has no outputs")
        if field_name.startswith("outputs.parameters."):
            value = self._static_output(ctx.dag.tasks[task].data, field_name.removeprefix("outputs.parameters."))
            if value is not None:
                return value
        if field_name.startswith("outputs.artifacts."):
            return f"<artifact {task}.{field_name}>"
        if field_name in ("id", "startedAt", "finishedAt", "hostNodeName", "ip"):
            return f"<{task}.{field_name}>"
        return _Unknown(f"{task_path(node.name)}.{field_name}" if ctx.prefix else tag)

    def _static_output(self, task: dict[str, Any], parameter: str) -> str | None:
        name = task.get("template")
        template = self.templates.get(name) if isinstance(name, str) else None
        if template is None:
            return None
        for param in as_list(as_dict(template.data.get("outputs")).get("parameters")):
            if isinstance(param, dict) and param.get("name") == parameter:
                value = scalar_text(param.get("value"))
                if value is not None and "{{" not in value:
                    return value
        return None

    def _substitute(self, text: str, lookup: Lookup) -> _Substituted:
        result = _Substituted(text)
        if "{{" not in text:
            return result

        def replace(match: re.Match[str]) -> str:
            if match.group(1):
                return self._expression_tag(match.group(2), lookup, result)
            value = lookup(match.group(2))
            if isinstance(value, _Unknown):
                result.unknown.append(value)
                return "\x00"
            if isinstance(value, _Missing):
                result.missing.append(value)
                return match.group(0)
            return value

        result.text = _TAG.sub(replace, text)
        return result

    def _expression_tag(self, body: str, lookup: Lookup, result: _Substituted) -> str:
        """``{{= expr }}``: evaluated by expr-lang during substitution (util/template)."""
        flat: dict[str, Any] = {}
        for name in re.findall(r"[A-Za-z_][\w.\-]*", body):
            for candidate in _prefixes(name):
                value = lookup(candidate)
                if isinstance(value, str):
                    flat[candidate] = value
                    break
                if isinstance(value, _Unknown):
                    result.unknown.append(value)
                    return "\x00"
        body = re.sub(r"\b(workflow|inputs|tasks|steps)\.parameters\.([\w-]+)", r'\1.parameters["\2"]', body)
        try:
            value = expr.evaluate(body, expr.nest(flat))
        except expr.ExprError as exc:
            result.missing.append(_Missing("=" + body, str(exc)))
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        return value if isinstance(value, str) else json.dumps(value)

    def _items(self, data: dict[str, Any], loop: str, lookup: Lookup) -> list[Any] | str:
        if loop == "withItems":
            items = data["withItems"]
            return [self._substitute(item, lookup).text if isinstance(item, str) else item for item in as_list(items)]
        if loop == "withParam":
            raw = scalar_text(data["withParam"]) or ""
            done = self._substitute(raw, lookup)
            if done.missing:
                return f"withParam value could not be parsed as a JSON list: {done.text}"
            if done.unknown:
                why = f"withParam reads {{{{{done.unknown[0].tag}}}}}, unknown offline; give --assume "
                why += f"{done.unknown[0].tag.removeprefix('tasks.')}='[...]'"
                self.undecidable.append(why)
                return "?" + why
            try:
                items = json.loads(done.text)
            except ValueError as exc:
                return f"withParam value could not be parsed as a JSON list: {done.text}: {exc}"
            if not isinstance(items, list):
                return f"withParam value could not be parsed as a JSON list: {done.text}"
            return items[:MAX_ITEMS]
        sequence = as_dict(data["withSequence"])
        try:
            values = {
                key: int(self._substitute(scalar_text(sequence[key]) or "", lookup).text or "0")
                for key in ("start", "end", "count")
                if sequence.get(key) is not None
            }
        except ValueError as exc:
            return f"withSequence: {exc}"
        fmt = str(sequence["format"]) if isinstance(sequence.get("format"), str) else "%d"
        start = values.get("start", 0)
        if "count" in values:
            numbers = list(range(start, start + min(values["count"], MAX_ITEMS)))
        elif "end" in values:
            end = values["end"]
            step = 1 if end >= start else -1
            numbers = list(range(start, end + step, step))[:MAX_ITEMS]
        else:
            return "withSequence needs count or end"
        try:
            return [fmt % n for n in numbers]
        except (TypeError, ValueError):
            return [str(n) for n in numbers]

    # -- the DAG's phase ----------------------------------------------------------------------

    def _assess(self, ctx: _Context, targets: list[str], dag_data: dict[str, Any]) -> tuple[str | None, str, list[str]]:
        """assessDAGPhase (dag.go): deduce each target's phase, then combine them under failFast."""
        deduced: dict[str, str] = {}
        outbound: dict[str, list[str]] = {}
        unfulfilled: list[str] = []
        for name in ctx.dag.order:
            node = ctx.nodes.get(name)
            if node is None:
                continue
            if node.phase not in FULFILLED or any(
                self.nodes[h].phase not in FULFILLED for h in node.hooks if h in self.nodes
            ):
                unfulfilled.append(name)
                continue
            if node.phase in COMPLETED:
                deduced[name] = node.phase
                outbound[name] = node.outbound or [node.phase]
            else:
                inherited = SUCCEEDED
                for dependency in ctx.dag.tasks[name].names:
                    for phase in outbound.get(dependency, ()):
                        if phase in FAILED_OR_ERROR:
                            inherited = phase
                            break
                    if inherited != SUCCEEDED:
                        break
                deduced[name] = inherited
                outbound[name] = [inherited]
        target_outbound = [p for t in targets for p in outbound.get(t, ())]
        if unfulfilled:
            return None, f"{ctx.node_name(unfulfilled[0])} never finishes", target_outbound
        fail_fast = dag_data.get("failFast") is not False
        result: str | None = SUCCEEDED
        why = "every target succeeded" if len(targets) > 1 else f"its target {targets[0]} succeeded" if targets else ""
        for target in targets:
            found = deduced.get(target)
            if found is None:
                result = None
                why = f"target {target} never gets a node ({ctx.waiting.get(target, 'it waits')})"
                if not fail_fast:
                    break
                continue
            phase = found
            if phase in FAILED_OR_ERROR:
                continue_on = as_dict(ctx.dag.tasks[target].data.get("continueOn"))
                if (phase == FAILED and continue_on.get("failed") is True) or (
                    phase == ERROR and continue_on.get("error") is True
                ):
                    continue
                result = phase
                own = ctx.nodes[target].phase
                why = f"target {target} is {own}" + (f" under a {phase} dependency" if own != phase else "")
                if fail_fast:
                    break
        return result, why, target_outbound

    # -- results ------------------------------------------------------------------------------

    def _add(self, node: Node) -> Node:
        self.nodes[node.name] = node
        return node

    def _task_results(self, entry: TemplateRef) -> dict[str, TaskResult]:
        tasks: dict[str, TaskResult] = {}
        for path, why in self._static_tasks(entry, "", 0, set()):
            tasks[path] = TaskResult(None, self.waiting.get(path, why))
        for name, node in self.nodes.items():
            path = task_path(name)
            if path in tasks and not _ATTEMPT_NAME.search(name):  # attempts: their Retry node speaks
                tasks[path] = TaskResult(node.phase, node.reason)
        return tasks

    def _static_tasks(
        self, template: TemplateRef, prefix: str, depth: int, seen: set[str]
    ) -> Iterator[tuple[str, str]]:
        if depth > 10 or template.pointer in seen:
            return
        dag = self._dags.get(template.pointer)
        for task in as_list(as_dict(template.data.get("dag")).get("tasks")):
            if not isinstance(task, dict) or not isinstance(task.get("name"), str):
                continue
            path = f"{prefix}.{task['name']}" if prefix else task["name"]
            why = "no node: outside the ancestry of dag.target" if dag is not None else "no node: its DAG never ran"
            yield path, why
            called_name = task.get("template")
            called = self.templates.get(called_name) if isinstance(called_name, str) else None
            if called is not None and isinstance(called.data.get("dag"), dict) and not _loop_kind(task):
                yield from self._static_tasks(called, path, depth + 1, seen | {template.pointer})

    def check_outcomes(self, entry: TemplateRef) -> list[str]:
        """Names in the scenario that can match no node of this workflow."""
        known = {path for path, _ in self._static_tasks(entry, "", 0, set())}
        known |= {f"{path}.onExit" for path in known} | {"onExit"}
        unknown = []
        for name in self.scenario.outcomes:
            base = outcome_keys(name)[-1]
            if base in known or ".hooks." in base or base.startswith("hooks.") or name in self.used_outcomes:
                continue
            if any(base.startswith(path + ".") for path in known):
                continue  # a task of a DAG called from a loop or through an exit handler
            unknown.append(name)
        return unknown


def _prefixes(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(len(parts), 0, -1)]


def _loop_kind(task: dict[str, Any]) -> str | None:
    if isinstance(task.get("withItems"), list) and task["withItems"]:
        return "withItems"
    if task.get("withParam") is not None:
        return "withParam"
    if isinstance(task.get("withSequence"), dict):
        return "withSequence"
    return None


def _item_label(item: Any) -> str:
    """The label in a loop child's name (operator.go generateNodeName): value, key:value pairs, or JSON."""
    if isinstance(item, dict):
        label = ",".join(f"{key}:{_plain(item[key])}" for key in sorted(item))
    elif isinstance(item, list):
        label = json.dumps(item, separators=(",", ":"))
    else:
        label = _plain(item)
    return label.replace("(", "").replace(")", "")


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


def simulate(
    spec: dict[str, Any],
    scenario: Scenario,
    *,
    spec_pointer: str = "",
    name: str = "",
    library: dict[str, dict[str, TemplateRef]] | None = None,
) -> SimulationResult:
    """Simulate the workflow ``spec`` (its entrypoint must be a DAG) under ``scenario``.

    Raises :class:`SimulationError` when the spec cannot be simulated or a name in the scenario
    matches no task.
    """
    simulator = Simulator(spec, spec_pointer, scenario, name, library)
    result = simulator.run()
    entry = simulator.templates[str(spec.get("entrypoint"))]
    unknown = simulator.check_outcomes(entry)
    if unknown:
        known = sorted(result.tasks)
        raise SimulationError(
            f"no task or node named {unknown[0]!r}",
            hint="name a task of the entrypoint DAG (" + ", ".join(known[:8]) + (", …" if len(known) > 8 else "") + ")",
        )
    return result
