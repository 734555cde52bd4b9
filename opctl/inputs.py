"""From command-line paths to documents: discovery, reading, parsing, classification."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field

from opctl.diagnostics import Diagnostic
from opctl.document import Document, Shape, documents_from
from opctl.source import DEFAULT_LIMITS, STDIN, Limits, LoadResult, SourceFile, discover, load_path, load_text


@dataclass
class Inputs:
    documents: list[Document] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)  # read/parse problems
    sources: dict[str, SourceFile] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # inputs that could not be read or parsed
    skipped: list[str] = field(default_factory=list)  # readable inputs holding no workflow (set_aside_non_workflows)
    looks_like: dict[str, str] = field(default_factory=dict)  # skipped input -> what it appears to be

    @property
    def fatal(self) -> bool:
        return bool(self.unreadable)


def load_inputs(
    paths: Iterable[str],
    exclude: Iterable[str] = (),
    limits: Limits = DEFAULT_LIMITS,
    *,
    stdin_name: str | None = None,
    stdin: LoadResult | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> Inputs:
    """Discover and load every input. Never raises for bad input; problems are diagnostics.

    Standard input (``-``) is called ``stdin_name`` in findings (``<stdin>`` by default); ``stdin``
    is its content when the caller has read it already (``lint --fix``). ``progress("reading files",
    done, total)`` is called after each file when given."""
    found, missing = discover(paths, exclude)
    inputs = Inputs(diagnostics=list(missing), files=found, unreadable=[d.file for d in missing])
    for done, path in enumerate(found, 1):
        if path == STDIN:
            result = stdin if stdin is not None else load_path(path, limits, stdin_name)
        else:
            result = load_path(path, limits)
        _add(inputs, result)
        if progress is not None:
            progress("reading files", done, len(found))
    return inputs


def set_aside_non_workflows(inputs: Inputs, *, empty_files: Collection[str] = ()) -> None:
    """Move files that hold no workflow from ``files``/``documents`` to ``skipped``, as ``argo lint`` does.

    A file is skipped when none of its documents is a workflow or looks like a broken one (see
    ``opctl.document.classify``): a ConfigMap, a Helm values file, a CI configuration, a package.json,
    a file of comments only. An empty file among ``empty_files`` (inputs found in a directory or
    passed by a hook) is skipped too instead of being an unreadable input, and so is a Helm chart
    template (``CHART/templates/...`` beside ``CHART/Chart.yaml``) that is not YAML until Helm
    renders it."""
    keep: dict[str, bool] = {}
    for doc in inputs.documents:
        workflowish = doc.shape is not Shape.NOT_WORKFLOW and doc.data is not None
        keep[doc.file] = keep.get(doc.file, False) or workflowish
        if not workflowish and doc.file not in inputs.looks_like:
            inputs.looks_like[doc.file] = doc.looks_like if doc.data is not None else "a file of comments only"
    skipped = {name for name, wanted in keep.items() if not wanted}
    if empty_files:
        empty = {d.file for d in inputs.diagnostics if d.rule == "input-empty" and d.file in empty_files}
        inputs.looks_like.update(dict.fromkeys(empty, "an empty file"))
        helm = {name for name in inputs.unreadable if name in empty_files and is_helm_template(name)}
        inputs.looks_like.update(dict.fromkeys(helm, "a Helm chart template"))
        empty |= helm
        skipped |= empty
        inputs.unreadable = [name for name in inputs.unreadable if name not in empty]
        inputs.diagnostics = [d for d in inputs.diagnostics if d.file not in empty]
    if not skipped:
        return
    inputs.skipped = [name for name in inputs.files if name in skipped]
    inputs.files = [name for name in inputs.files if name not in skipped]
    inputs.documents = [doc for doc in inputs.documents if doc.file not in skipped]
    inputs.diagnostics = [d for d in inputs.diagnostics if d.file not in skipped]


def is_helm_template(path: str) -> bool:
    """Whether ``path`` lies in a Helm chart's ``templates/`` directory (Go templates, not YAML)."""
    from pathlib import Path

    parents = Path(path).parents
    return any(
        parent.name == "templates" and (parent.parent / "Chart.yaml").is_file() for parent in list(parents)[:-1]
    )


def load_string(text: str, name: str = "<string>", limits: Limits = DEFAULT_LIMITS) -> Inputs:
    """Load YAML text directly (library use and tests)."""
    inputs = Inputs(files=[name])
    _add(inputs, load_text(text, name, limits))
    return inputs


def _add(inputs: Inputs, result: LoadResult) -> None:
    inputs.diagnostics.extend(result.diagnostics)
    if result.source is not None:
        inputs.sources[result.source.name] = result.source
    if result.fatal:
        name = result.source.name if result.source else (result.diagnostics[0].file if result.diagnostics else "?")
        inputs.unreadable.append(name)
        return
    inputs.documents.extend(documents_from(result))
