"""From command-line paths to documents: discovery, reading, parsing, classification."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from opctl.diagnostics import Diagnostic
from opctl.document import Document, documents_from
from opctl.source import DEFAULT_LIMITS, Limits, LoadResult, SourceFile, discover, load_path, load_text


@dataclass
class Inputs:
    documents: list[Document] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)  # read/parse problems
    sources: dict[str, SourceFile] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)  # inputs that could not be read or parsed

    @property
    def fatal(self) -> bool:
        return bool(self.unreadable)


def load_inputs(paths: Iterable[str], exclude: Iterable[str] = (), limits: Limits = DEFAULT_LIMITS) -> Inputs:
    """Discover and load every input. Never raises for bad input; problems are diagnostics."""
    found, missing = discover(paths, exclude)
    inputs = Inputs(diagnostics=list(missing), files=found, unreadable=[d.file for d in missing])
    for path in found:
        result = load_path(path, limits)
        _add(inputs, result)
    return inputs


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
