"""``opctl lint --server``: ask the Argo Server's lint endpoint and turn its verdict into a Diagnostic."""

from __future__ import annotations

from typing import Any

from opctl.argo.settings import ConnectionSettings
from opctl.diagnostics import Diagnostic, Severity

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
        Diagnostic(
            rule=RULE_ID,
            severity=Severity.ERROR,
            message=f"Argo Server rejects this {manifest.get('kind') or 'Workflow'}: {verdict}",
            hint="the message is the Argo Server's own validation error",
            file=file,
            line=line,
            column=column,
            document=document,
        )
    ]
