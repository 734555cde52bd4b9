"""``opctl lint --server``: ask the Argo Server's lint endpoint and turn its verdicts into Diagnostics."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from opctl.argo.settings import ConnectionSettings
from opctl.diagnostics import Diagnostic, OpctlError

RULE_ID = "server-lint"  # the same id `opctl lint --server` reports


def lint_on_server(
    manifest: dict[str, Any],
    settings: ConnectionSettings,
    *,
    file: str = "-",
    document: int = 0,
    line: int = 1,
    column: int = 1,
    client: Any = None,
) -> list[Diagnostic]:
    """Lint one Argo manifest on the server; one error Diagnostic when it is rejected, else none.

    The server reports only its first validation error, as a dotted path without a position, so the
    finding points at the document (``line``/``column``, default its start). Network, auth and RBAC
    failures raise ``ArgoServerError`` (exit 3): they are not findings about the file.
    """
    from opctl.argo.client import ArgoClient
    from opctl.lint import SERVER_LINT

    own_client = client is None
    active = client or ArgoClient(settings)
    try:
        verdict = active.lint(manifest)
    finally:
        if own_client:
            active.close()
    if verdict is None:
        return []
    return [
        SERVER_LINT.finding(
            message=f"Argo Server rejects this {manifest.get('kind') or 'Workflow'}: {verdict}",
            hint="the message is the Argo Server's own validation error",
            file=file,
            line=line,
            column=column,
            document=document,
        )
    ]


def lint_documents_on_server(
    documents: Sequence[Any], found: Sequence[Diagnostic], settings: ConnectionSettings, lint_config: Any
) -> list[Diagnostic]:
    """Compile each lintable document without offline errors and ask the Argo Server to lint it.

    A rejection is a ``server-lint`` finding on the document (``server-lint-skipped`` when it does not
    compile); network and auth failures raise
    ``ArgoServerError`` (exit 3). Documents with offline errors are not sent: compile refuses them.
    """
    from opctl.argo.client import ArgoClient
    from opctl.compile.api import CompileOptions, compile_documents
    from opctl.lint import SERVER_LINT, SERVER_LINT_SKIPPED, is_lintable

    failing = {(d.file, d.document) for d in found if d.is_error}
    results: list[Diagnostic] = []
    client = ArgoClient(settings)
    try:
        for doc in documents:
            if not is_lintable(doc) or (doc.file, doc.index) in failing:
                continue
            compiled = compile_documents([doc], CompileOptions(lint_input=False, lint_config=lint_config))
            if compiled.fatal:
                problem = next((d for d in compiled.diagnostics if d.is_error), None)
                raise OpctlError(
                    f"cannot compile for --server: {problem.message if problem else 'unknown problem'}",
                    hint=problem.hint if problem else None,
                )
            errors = [d for d in compiled.diagnostics if d.is_error]
            if errors or not compiled.manifests:
                # Not a lint verdict (a parameter without a value, say): say the server never saw it.
                first = errors[0] if errors else None
                reason = first.message if first else "compiling it gave no manifest"
                results.append(
                    doc.finding(
                        SERVER_LINT_SKIPPED,
                        first.path if first else "",
                        f"not linted on the Argo Server: it does not compile ({reason})",
                        first.hint if first else None,
                    )
                )
                continue
            for manifest in compiled.manifests:
                verdict = client.lint(manifest)
                if verdict:
                    kind = manifest.get("kind", "Workflow")
                    results.append(
                        doc.finding(
                            SERVER_LINT,
                            "",
                            f"the Argo Server rejects the compiled {kind}: {verdict}",
                            "opctl compile shows the manifest the server was given; fix the template so "
                            "that Argo accepts it",
                        )
                    )
    finally:
        client.close()
    return results
