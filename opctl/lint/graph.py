"""The dependency graph of a DAG template, shared by every rule family that needs it.

Two pieces:

* a real parser for Argo's ``depends`` expressions (``A && (B.Failed || !C.Succeeded)``) that
  returns every referenced task with its offset in the string, or a syntax error with the offset
  where it went wrong, plus :func:`scalar_offset_position` to turn such an offset into a file
  position;
* :class:`DagGraph`: the tasks of one DAG template as a networkx ``DiGraph`` with an edge
  *dependency → dependent* for every ``dependencies`` entry and every task named in ``depends``,
  with ancestors, a topological order and the cycles. :func:`dag_graph` builds it once per
  document and template and keeps it in ``LintContext.cache``.

Building is linear in the number of tasks and edges (benchmarks/bench_dag.py: about 10-20 ms for
5,000 tasks, 70-110 ms for 20,000). Ancestor queries use per-task bitsets computed once, on first
use: O(1) per query after O(n·e/64) word operations (about 35 ms for a 20,000-task chain).
"""

from __future__ import annotations

import gc
import re
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from opctl.model import LOOP_KEYS, TaskRef, TemplateRef, as_list, iter_templates, join
from opctl.source import Position

if TYPE_CHECKING:
    import networkx as nx

    from opctl.document import Document
    from opctl.lint.registry import LintContext

# Results a ``depends`` operand may test (docs/enhanced-depends-logic.md; workflow/common/ancestry.go).
DEPENDS_RESULTS = ("Succeeded", "Failed", "Errored", "Skipped", "Omitted", "Daemoned", "AnySucceeded", "AllFailed")
# Results that only make sense on a task that fans out (withItems/withParam/withSequence).
ITEMS_RESULTS = frozenset({"AnySucceeded", "AllFailed"})

# Deeper nesting than this is hostile input, not a workflow; it would also blow the parser's stack.
MAX_DEPENDS_NESTING = 100
# Cycles reported per DAG; past this the input is hostile or generated, and each search costs O(n).
MAX_CYCLES = 100


# --------------------------------------------------------------------------------------------
# depends expressions


class DependsRef(NamedTuple):
    """One operand of a ``depends`` expression: ``task`` or ``task.Result``.

    ``offset`` is where the task name starts in the expression, ``result_offset`` where the
    result starts (after the dot), or -1 when there is no ``.Result``; ``result`` is the text
    after the dot as written (possibly empty or not a valid result: checks decide).
    """

    task: str
    offset: int
    result: str | None = None
    result_offset: int = -1

    @property
    def end(self) -> int:
        """Offset just past the operand."""
        if self.result is None:
            return self.offset + len(self.task)
        return self.result_offset + len(self.result)


@dataclass(frozen=True, slots=True)
class DependsSyntaxError:
    """A ``depends`` expression that does not parse: what is wrong and at which offset."""

    message: str
    offset: int
    length: int = 1


@dataclass(frozen=True, slots=True)
class DependsExpr:
    """A parsed ``depends`` expression.

    ``refs`` holds every operand in order of appearance, even when the expression has a syntax
    error (the tokens still name tasks, so the graph keeps its edges); ``error`` is the first
    syntax error, or None.
    """

    text: str
    refs: tuple[DependsRef, ...]
    error: DependsSyntaxError | None = None


# Task names as Argo spells them ([a-zA-Z0-9][-a-zA-Z0-9]*); `_` is accepted here so that a task
# the names family already reports for its name does not also make every `depends` naming it a
# syntax error.
_TOKEN = re.compile(
    r"(?P<space>\s+)"
    r"|(?P<name>[A-Za-z0-9_][-A-Za-z0-9_]*)(?:(?P<dot>\.)(?P<result>[A-Za-z0-9_]*))?"
    r"|(?P<op>&&|\|\||!|\(|\))"
)
_NAME = r"[A-Za-z0-9_][-A-Za-z0-9_]*"
_OPERAND = re.compile(rf"({_NAME})(?:\.([A-Za-z0-9_]+))?")
# `\s*(?:!+\s*)?`, not `\s*!*\s*`: two adjacent `\s*` split each space run in many ways, and a
# long expression that fails at its end ("a && b && ... (") then backtracks exponentially.
_SIMPLE = re.compile(
    rf"\s*(?:!+\s*)?{_NAME}(?:\.[A-Za-z0-9_]+)?(?:\s*(?:&&|\|\|)\s*(?:!+\s*)?{_NAME}(?:\.[A-Za-z0-9_]+)?)*\s*\Z"
)


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "name", "&&", "||", "!", "(", ")", "bad", "end"
    offset: int
    text: str
    ref: DependsRef | None = None


def _tokenize(text: str) -> tuple[list[_Token], DependsSyntaxError | None]:
    tokens: list[_Token] = []
    error: DependsSyntaxError | None = None
    pos = 0
    size = len(text)
    match = _TOKEN.match
    while pos < size:
        found = match(text, pos)
        if found is None:
            char = text[pos]
            if error is None:
                if char == "&":
                    error = DependsSyntaxError("'&' must be written '&&'", pos)
                elif char == "|":
                    error = DependsSyntaxError("'|' must be written '||'", pos)
                elif char == ".":
                    error = DependsSyntaxError("'.' must follow a task name, as in 'task.Succeeded'", pos)
                else:
                    error = DependsSyntaxError(f"unexpected character {char!r}", pos)
            tokens.append(_Token("bad", pos, char))
            pos += 1
            continue
        name = found.group("name")
        if name is not None:
            if found.group("dot"):
                result = found.group("result")
                ref = DependsRef(name, pos, result, found.start("result"))
            else:
                ref = DependsRef(name, pos)
            tokens.append(_Token("name", pos, found.group(0), ref))
        elif found.group("op") is not None:
            tokens.append(_Token(found.group(0), pos, found.group(0)))
        pos = found.end()
    tokens.append(_Token("end", size, ""))
    return tokens, error


def _describe(token: _Token) -> str:
    return "the end of the expression" if token.kind == "end" else repr(token.text)


class _Parser:
    """Recursive descent over: or := and ('||' and)* ; and := unary ('&&' unary)* ;
    unary := '!' unary | '(' or ')' | name."""

    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.index = 0
        self.depth = 0

    def peek(self) -> _Token:
        return self.tokens[self.index]

    def fail(self, message: str, token: _Token) -> DependsSyntaxError:
        return DependsSyntaxError(message, token.offset, max(1, len(token.text)))

    def parse(self) -> DependsSyntaxError | None:
        error = self.expression()
        if error is not None:
            return error
        token = self.peek()
        if token.kind == "end":
            return None
        if token.kind == ")":
            return self.fail("')' without a matching '('", token)
        if token.kind in ("name", "(", "!"):
            return self.fail(f"missing '&&' or '||' before {token.text!r}", token)
        return self.fail(f"unexpected {_describe(token)}", token)

    def expression(self) -> DependsSyntaxError | None:
        error = self.conjunction()
        while error is None and self.peek().kind == "||":
            self.index += 1
            error = self.conjunction()
        return error

    def conjunction(self) -> DependsSyntaxError | None:
        error = self.unary()
        while error is None and self.peek().kind == "&&":
            self.index += 1
            error = self.unary()
        return error

    def unary(self) -> DependsSyntaxError | None:
        nots = 0
        while self.peek().kind == "!":
            self.index += 1
            nots += 1
        token = self.peek()
        if token.kind == "name":
            self.index += 1
            if token.ref is not None and token.ref.result == "":
                return DependsSyntaxError(
                    f"'{token.ref.task}.' needs a result after the dot, as in '{token.ref.task}.Succeeded'",
                    token.ref.result_offset - 1,
                )
            return None
        if token.kind == "(":
            self.depth += 1
            if self.depth > MAX_DEPENDS_NESTING:
                return self.fail(f"parentheses nested deeper than {MAX_DEPENDS_NESTING} levels", token)
            self.index += 1
            error = self.expression()
            if error is not None:
                return error
            closing = self.peek()
            if closing.kind != ")":
                if closing.kind == "end":
                    return self.fail("'(' is never closed", token)
                if closing.kind in ("name", "(", "!"):
                    return self.fail(f"missing '&&' or '||' before {closing.text!r}", closing)
                return self.fail(f"expected ')' but found {_describe(closing)}", closing)
            self.index += 1
            self.depth -= 1
            return None
        if token.kind == "end":
            previous = self.tokens[self.index - 1] if self.index else None
            if previous is None:
                return self.fail("empty expression: name at least one task", token)
            return DependsSyntaxError(
                f"expression ends after {previous.text!r}: a task name is missing", previous.offset, len(previous.text)
            )
        return self.fail(f"expected a task name but found {_describe(token)}", token)


def parse_depends(text: str) -> DependsExpr:
    """Parse a ``depends`` expression.

    Operands are task names (``A``) or a task and a result (``A.Succeeded``); operators are
    ``&&``, ``||``, ``!`` and parentheses. Returns every operand with its offset, and the first
    syntax error (with its offset) if the text does not parse. Unknown result names are not a
    syntax error: ``DependsRef.result`` keeps the text for the checks to judge.
    """
    if _SIMPLE.match(text):  # the common case, without building tokens: operands joined by && / ||
        refs = tuple(
            DependsRef(m[1], m.start(), m[2], m.start(2)) if m[2] is not None else DependsRef(m[1], m.start())
            for m in _OPERAND.finditer(text)
        )
        return DependsExpr(text, refs)
    tokens, error = _tokenize(text)
    refs = tuple(token.ref for token in tokens if token.ref is not None)
    if error is None:
        if not text.strip():
            error = DependsSyntaxError("empty expression: name at least one task", 0)
        else:
            error = _Parser(tokens).parse()
    return DependsExpr(text, refs, error)


def scalar_offset_position(doc: Document, pointer: str, offset: int, length: int = 1) -> Position | None:
    """The file position of ``offset`` inside the string scalar at ``pointer`` (``Document.locate``),
    when the scalar is written on one line as its value (a ``depends`` with escapes or folded over
    lines is pointed at as a whole)."""
    value = doc.get(pointer)
    return doc.locate(pointer, value, offset, length, verbatim=True) if isinstance(value, str) else None


# --------------------------------------------------------------------------------------------
# the graph


class EdgeSite(NamedTuple):
    """Where an edge comes from: a ``dependencies`` item, or a name inside a ``depends`` string.

    ``pointer`` is the list item or the ``depends`` scalar; ``offset`` is the position of the name
    in the ``depends`` string (-1 for a ``dependencies`` item).
    """

    pointer: str
    offset: int = -1
    length: int = 0

    def position(self, doc: Document) -> Position | None:
        """The exact file position of the name (None: use the node at ``pointer``)."""
        if self.offset < 0:
            return None
        return scalar_offset_position(doc, self.pointer, self.offset, self.length)


class MissingDependency(NamedTuple):
    """A dependency naming no task of the DAG; ``ref`` is set when it came from ``depends``."""

    task: TaskEntry
    name: str
    site: EdgeSite
    ref: DependsRef | None = None


@dataclass(frozen=True, slots=True)
class Cycle:
    """A dependency cycle, in execution order: ``tasks[0] → tasks[1] → … → tasks[0]``.

    The last arrow is the edge that closes it: ``tasks[0]`` depends on ``tasks[-1]``, written at
    ``site`` (in ``closing_task``).
    """

    tasks: tuple[str, ...]
    closing_task: TaskEntry
    closing_dependency: str
    site: EdgeSite

    def describe(self, limit: int = 12) -> str:
        """``a → b → a``; long cycles are shortened in the middle."""
        names = list(self.tasks) + [self.tasks[0]]
        if len(names) > limit:
            names = names[: limit // 2] + ["…"] + names[-(limit // 2) :]
        return " → ".join(names)


class TaskEntry:
    """One task of the DAG (duplicates and nameless tasks included), with its parsed dependencies.

    ``dependencies`` holds (name, item pointer) for the string items of ``dependencies``;
    ``depends`` the parsed ``depends`` string, if any (an empty string counts as none, as in Argo).
    """

    __slots__ = ("index", "name", "data", "pointer", "template", "dependencies", "depends")

    def __init__(self, index: int, name: str | None, data: dict[str, Any], pointer: str, template: TemplateRef):
        self.index = index
        self.name = name
        self.data = data
        self.pointer = pointer
        self.template = template
        self.dependencies: list[tuple[str, str]] = []
        self.depends: DependsExpr | None = None

    @property
    def ref(self) -> TaskRef:
        """The task as ``opctl.model`` describes it."""
        return TaskRef(self.index, self.name, self.data, self.pointer, self.template)

    @property
    def uses_depends(self) -> bool:
        """Whether the task has a ``depends`` expression (Argo: a non-empty string)."""
        return self.depends is not None

    @property
    def uses_dependencies(self) -> bool:
        """Whether the task has ``dependencies`` (Argo: a non-empty list)."""
        value = self.data.get("dependencies")
        return isinstance(value, list) and bool(value)

    @property
    def has_loop(self) -> bool:
        """Whether the task fans out (withItems, withParam or withSequence)."""
        data = self.data
        return any(data.get(key) is not None for key in LOOP_KEYS)

    def __repr__(self) -> str:
        return f"TaskEntry({self.name!r}, {self.pointer!r})"


class DagGraph:
    """The tasks of one DAG template and their dependencies.

    ``entries`` are every task in document order; ``tasks`` the first task of each name (later
    ones are in ``duplicates``). An edge ``dependency → dependent`` exists for every dependency
    naming a task; ``sites`` gives where each edge was first written. ``graph`` is the same as a
    networkx ``DiGraph`` (built on first use); the hot paths (order, ancestors) use plain lists.
    """

    def __init__(self, template: TemplateRef) -> None:
        self.template = template
        self.entries: list[TaskEntry] = []
        self.tasks: dict[str, TaskEntry] = {}
        self.duplicates: list[tuple[TaskEntry, TaskEntry]] = []  # (later task, first of that name)
        self.missing: list[MissingDependency] = []
        self.sites: dict[tuple[str, str], EdgeSite] = {}
        self.uses_depends = False
        self.uses_dependencies = False
        self._order: dict[str, int] = {}  # name -> document index among unique names
        self._predecessors: dict[str, list[str]] = {}
        self._successors: dict[str, list[str]] = {}
        self._graph: nx.DiGraph | None = None
        self._topological: list[str] | None = None
        self._cycles: list[Cycle] | None = None
        self._bits: dict[str, int] | None = None

        dag = template.data.get("dag")
        raw_tasks = as_list(dag.get("tasks")) if isinstance(dag, dict) else []
        base = join(template.pointer, "dag", "tasks") + "/"
        entries = self.entries
        tasks = self.tasks
        for i, data in enumerate(raw_tasks):
            if not isinstance(data, dict):
                continue
            name = data.get("name")
            if not isinstance(name, str):
                name = None
            entry = TaskEntry(i, name, data, base + str(i), template)
            entries.append(entry)
            if name is None:
                continue
            if name in tasks:
                self.duplicates.append((entry, tasks[name]))
            else:
                tasks[name] = entry
                self._order[name] = len(self._order)

        sites = self.sites
        missing = self.missing
        for entry in entries:
            data = entry.data
            name = entry.name
            raw_dependencies = data.get("dependencies")
            if isinstance(raw_dependencies, list) and raw_dependencies:
                self.uses_dependencies = True
                prefix = entry.pointer + "/dependencies/"
                for i, dependency in enumerate(raw_dependencies):
                    if not isinstance(dependency, str):
                        continue
                    pointer = prefix + str(i)
                    entry.dependencies.append((dependency, pointer))
                    if dependency not in tasks:
                        missing.append(MissingDependency(entry, dependency, EdgeSite(pointer)))
                    elif name is not None and (dependency, name) not in sites:
                        sites[(dependency, name)] = EdgeSite(pointer)
            raw_depends = data.get("depends")
            if isinstance(raw_depends, str) and raw_depends:
                self.uses_depends = True
                entry.depends = parse_depends(raw_depends)
                pointer = entry.pointer + "/depends"
                for ref in entry.depends.refs:
                    if ref.task not in tasks:
                        missing.append(
                            MissingDependency(entry, ref.task, EdgeSite(pointer, ref.offset, len(ref.task)), ref)
                        )
                    elif name is not None and (ref.task, name) not in sites:
                        sites[(ref.task, name)] = EdgeSite(pointer, ref.offset, len(ref.task))

        predecessors: dict[str, list[str]] = {name: [] for name in tasks}
        successors: dict[str, list[str]] = {name: [] for name in tasks}
        for dependency, dependent in sites:
            predecessors[dependent].append(dependency)
            successors[dependency].append(dependent)
        self._predecessors = predecessors
        self._successors = successors

    # -- queries ------------------------------------------------------------------------------

    @property
    def graph(self) -> nx.DiGraph:
        """The dependency graph as a networkx ``DiGraph`` (nodes: unique task names)."""
        if self._graph is None:
            import networkx as nx

            graph = nx.DiGraph()
            graph.add_nodes_from(self.tasks)
            graph.add_edges_from(self.sites)
            self._graph = graph
        return self._graph

    def index(self, task: str) -> int:
        """Document order of the first task named ``task`` among the unique names."""
        return self._order[task]

    def dependencies(self, task: str) -> list[str]:
        """Direct dependencies of ``task`` that name a task, in the order first written."""
        return list(self._predecessors.get(task, ()))

    def dependents(self, task: str) -> list[str]:
        """Tasks that directly depend on ``task``."""
        return list(self._successors.get(task, ()))

    def topological_order(self) -> list[str] | None:
        """Tasks so that every dependency comes before its dependents (ties in document order);
        None when the graph has a cycle."""
        self.cycles()
        return self._topological

    @property
    def has_cycle(self) -> bool:
        """Whether some tasks depend on each other in a cycle."""
        return bool(self.cycles())

    def is_ancestor(self, ancestor: str, task: str) -> bool:
        """Whether ``task`` (transitively) depends on ``ancestor``: O(1) after the first call."""
        bits = self._ancestor_bits()
        if task not in bits or ancestor not in self._order:
            return False
        return bool(bits[task] >> self._order[ancestor] & 1)

    def ancestors(self, task: str) -> set[str]:
        """Every task ``task`` transitively depends on (O(n) per call; use ``is_ancestor`` in loops)."""
        bits = self._ancestor_bits().get(task, 0)
        names = list(self._order)
        return {names[i] for i, bit in enumerate(reversed(bin(bits))) if bit == "1"}

    def cycles(self) -> list[Cycle]:
        """One cycle per edge that must go for the DAG to be acyclic (see :meth:`_find_cycles`)."""
        if self._cycles is None:
            self._cycles = self._find_cycles()
        return self._cycles

    # -- internals ----------------------------------------------------------------------------

    def _kahn(self) -> list[str]:
        """Topological order, ties in document order; tasks on or after a cycle are left out."""
        successors = self._successors
        indegree = {name: len(parents) for name, parents in self._predecessors.items()}
        ready = deque(name for name in self._order if not indegree[name])
        order: list[str] = []
        append = order.append
        while ready:
            node = ready.popleft()
            append(node)
            for successor in successors[node]:
                indegree[successor] -= 1
                if not indegree[successor]:
                    ready.append(successor)
        return order

    def _ancestor_bits(self) -> dict[str, int]:
        """Per task, an int whose bit i is set when the task with document index i is an ancestor.

        Computed once in topological order; with cycles, over the strongly connected components
        (tasks of a cycle are each other's ancestors).
        """
        if self._bits is not None:
            return self._bits
        order = self._order
        predecessors = self._predecessors
        bits: dict[str, int] = {}
        topological = self.topological_order()
        if topological is not None:
            for node in topological:
                value = 0
                for parent in predecessors[node]:
                    value |= bits[parent] | (1 << order[parent])
                bits[node] = value
        else:
            import networkx as nx

            condensed = nx.condensation(self.graph)
            component_of = condensed.graph["mapping"]
            component_bits: dict[int, int] = {}
            for component in nx.topological_sort(condensed):
                value = 0
                members = condensed.nodes[component]["members"]
                for node in members:
                    for parent in predecessors[node]:
                        parent_component = component_of[parent]
                        if parent_component != component:
                            value |= component_bits[parent_component]
                        value |= 1 << order[parent]
                component_bits[component] = value
                for node in members:
                    bits[node] = value
        self._bits = bits
        return bits

    def _find_cycles(self) -> list[Cycle]:
        """Cycles, one per closing edge, so that removing every closing edge leaves a DAG.

        A closing edge is a *backward* dependency: a task depending on itself or on a task
        written after it. Every cycle has one (a cycle cannot only go forward in the document),
        so, taking backward edges in document order and keeping those still on a cycle, each
        finding names a distinct edge and together they break every cycle (up to ``MAX_CYCLES``).
        """
        topological = self._kahn()
        if len(topological) == len(self._order):
            self._topological = topological
            return []
        import networkx as nx

        order = self._order
        graph = self.graph
        cyclic: set[str] = set()
        for component in nx.strongly_connected_components(graph):
            if len(component) > 1:
                cyclic |= component
        cyclic.update(node for node in graph if graph.has_edge(node, node))
        # Successors (dicts: ordered, so paths are deterministic) restricted to the tasks on
        # cycles; closing edges are removed as they are found.
        work: dict[str, dict[str, None]] = {node: {} for node in cyclic}
        for dependency, task in self.sites:
            if dependency in cyclic and task in cyclic:
                work[dependency][task] = None
        sites = self.sites
        backward = sorted(
            (
                (dependency, task)
                for dependency, successors in work.items()
                for task in successors
                if order[dependency] >= order[task]
            ),
            key=lambda edge: (order[edge[1]], sites[edge].pointer, sites[edge].offset),
        )
        found: list[Cycle] = []
        for dependency, task in backward:
            if len(found) >= MAX_CYCLES:
                break
            path = _shortest_path(work, task, dependency)
            if path is None:
                continue
            found.append(Cycle(tuple(path), self.tasks[task], dependency, sites[(dependency, task)]))
            del work[dependency][task]
        return found


def _shortest_path(successors: dict[str, dict[str, None]], source: str, target: str) -> list[str] | None:
    """Breadth-first path source ⇝ target (a self-loop gives [source])."""
    if source == target:
        return [source]
    parents: dict[str, str] = {source: source}
    queue = deque([source])
    while queue:
        node = queue.popleft()
        for successor in successors[node]:
            if successor in parents:
                continue
            parents[successor] = node
            if successor == target:
                path = [target]
                while path[-1] != source:
                    path.append(parents[path[-1]])
                path.reverse()
                return path
            queue.append(successor)
    return None


def dag_graph(ctx: LintContext, template: TemplateRef) -> DagGraph:
    """The graph of a DAG template, built once per document (kept in ``ctx.cache``)."""
    key = "dag-graph:" + template.pointer
    graph = ctx.cache.get(key)
    if graph is None:
        # The build allocates a few objects per task and no reference cycles; with a large
        # document alive, the cyclic collector's full passes would otherwise double its time.
        enabled = gc.isenabled()
        gc.disable()
        try:
            graph = ctx.cache[key] = DagGraph(template)
        finally:
            if enabled:
                gc.enable()
    return graph


def dag_templates(ctx: LintContext) -> list[TemplateRef]:
    """The templates of the document that have a ``dag`` mapping."""
    return [t for t in iter_templates(ctx.spec, ctx.spec_pointer) if isinstance(t.data.get("dag"), dict)]


def dag_graphs(ctx: LintContext) -> list[DagGraph]:
    """The graph of every DAG template of the document, in document order (cached)."""
    return [dag_graph(ctx, template) for template in dag_templates(ctx)]
