"""Loading one input: read, decode, parse; every failure is a diagnostic (``fatal`` when the input
cannot be read or parsed), never an exception."""

from __future__ import annotations

from opctl.diagnostics import Diagnostic
from opctl.source.base import DEFAULT_LIMITS, STDIN, InputLimitError, Limits, LoadResult, SourceFile
from opctl.source.decode import decode, read_bytes
from opctl.source.ids import INPUT_EMPTY, INPUT_UNREADABLE, YAML_SYNTAX, YAML_TOO_DEEP
from opctl.source.parse import parse_documents


def load_text(text: str, name: str, limits: Limits = DEFAULT_LIMITS) -> LoadResult:
    """Parse already-decoded text. Never raises for bad input: problems become diagnostics."""
    source = SourceFile(name, text)
    if not text.strip():
        return LoadResult(
            source,
            [],
            [
                INPUT_EMPTY.finding(
                    message="file is empty: it holds no template",
                    hint="add a workflow template, or remove the file from the inputs",
                    file=name,
                )
            ],
            fatal=True,
        )
    try:
        documents, diagnostics = parse_documents(text, name, limits)
    except InputLimitError as exc:
        return LoadResult(source, [], [_limit_diagnostic(exc, name)], fatal=True)
    except RecursionError:
        return LoadResult(
            source,
            [],
            [
                YAML_TOO_DEEP.finding(
                    message="nesting is too deep to parse",
                    hint="no workflow needs this much nesting",
                    file=name,
                )
            ],
            fatal=True,
        )
    except Exception as exc:  # ruamel's MarkedYAMLError family (scanner, parser, reader errors)
        return LoadResult(source, [], [_syntax_diagnostic(exc, name, source)], fatal=True)
    return LoadResult(source, documents, diagnostics)


def load_path(path: str, limits: Limits = DEFAULT_LIMITS, name: str | None = None) -> LoadResult:
    """Read, decode and parse one input; every failure is a diagnostic with ``fatal=True``.

    ``name`` is what findings call the input (``--stdin-filename``); by default its path."""
    name = name or ("<stdin>" if path == STDIN else path)
    try:
        data = read_bytes(path, limits)
        text = decode(data)
    except InputLimitError as exc:
        return LoadResult(None, [], [_limit_diagnostic(exc, name)], fatal=True)
    except OSError as exc:
        return LoadResult(
            None,
            [],
            [
                INPUT_UNREADABLE.finding(
                    message=f"cannot read file: {exc.strerror or exc}",
                    hint="check the path and its permissions",
                    file=name,
                )
            ],
            fatal=True,
        )
    return load_text(text, name, limits)


def _limit_diagnostic(exc: InputLimitError, name: str) -> Diagnostic:
    line, column, end_line, end_column = exc.position
    return exc.catalogue_rule.finding(
        message=exc.message,
        hint=exc.hint,
        file=name,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
    )


def _syntax_diagnostic(exc: Exception, name: str, source: SourceFile | None = None) -> Diagnostic:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    message = f"YAML syntax error: {problem}"
    if context:
        message += f" ({context})"
    line = mark.line + 1 if mark is not None else 1
    column = mark.column + 1 if mark is not None else 1
    position = getattr(exc, "position", None)
    if mark is None and isinstance(position, int) and source is not None:
        # A ReaderError (a control character, say) carries a character offset instead of a mark.
        before = source.text[:position]
        line = before.count("\n") + 1
        column = position - before.rfind("\n")
    hint = "fix the YAML at this position; a file that does not parse cannot be linted"
    if source is not None and "document start" in message:
        # A '...' line ends a YAML document: elided examples pasted from docs hit this.
        for number in range(line - 1, 0, -1):
            text = source.line(number).strip()
            if text == "...":
                hint = (
                    f"line {number} is '...', which ends a YAML document; remove it, or start a new "
                    "document with '---'"
                )
                break
            if text and not text.startswith("#"):
                break
    return YAML_SYNTAX.finding(
        message=message,
        hint=hint,
        file=name,
        line=line,
        column=column,
    )
