"""``opctl lint`` as a library: documents in, diagnostics out."""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable

from opctl.catalogue import Change, get_rule
from opctl.diagnostics import Diagnostic, Severity
from opctl.document import Document, Shape
from opctl.lint.registry import CHECKS, Dialect, LintConfig, LintContext, Rule, register

# Rule families, in reporting order. Each module registers its rules and checks on import.
FAMILIES = (
    "structure",
    "onepanel",
    "dag",
    "dag_outcomes",
    "references",
    "names",
    "templates",
    "arguments",
    "workflow",
    "runtime",
)

DOCUMENT_KIND = register(
    "document-kind",
    "document",
    Severity.ERROR,
    "a document is not a workflow template or Argo workflow manifest",
    explanation=(
        "opctl lints Onepanel workflow templates (entrypoint + templates, or metadata + spec) and Argo "
        "Workflow, WorkflowTemplate, ClusterWorkflowTemplate and CronWorkflow manifests (apiVersion "
        "argoproj.io/v1alpha1). A document that looks like a workflow but is none of these (a wrong "
        "apiVersion, an Argo kind that holds no workflow, a stored form without templates) would be "
        "refused by Argo or Onepanel; files that hold no workflow at all (a ConfigMap, Helm values) are "
        "skipped instead."
    ),
    bad=(
        "apiVersion: argoproj.io/v1\n"
        "kind: Workflow\n"
        "metadata: {generateName: hello-}\n"
        "spec:\n"
        "  entrypoint: main\n"
        "  templates:\n"
        "  - name: main\n"
        "    container: {image: alpine}\n"
    ),
    good=Change(
        "apiVersion: argoproj.io/v1\n",
        "apiVersion: argoproj.io/v1alpha1\n",
    ),
)
DOCUMENT_EMPTY = register(
    "document-empty",
    "document",
    Severity.WARNING,
    "an empty document in a multi-document file",
    explanation=("An empty document between two `---` separators holds nothing to lint; usually a stray separator."),
    bad=(
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: echo}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
        "---\n"
        "---\n"
        "entrypoint: main\n"
        "templates:\n"
        "- name: main\n"
        "  dag:\n"
        "    tasks:\n"
        "    - {name: a, template: echo}\n"
        "- name: echo\n"
        "  container: {image: alpine, command: [echo, hi]}\n"
    ),
    good=Change(
        (
            "---\n"
            "---\n"
            "entrypoint: main\n"
        ),
        (
            "---\n"
            "entrypoint: main\n"
        ),
    ),
)
INTERNAL_ERROR = register(
    "internal-error",
    "document",
    Severity.ERROR,
    "a check crashed on this document (an opctl bug; please report it)",
    explanation=(
        "A check crashed on the document: a bug in opctl. The other checks still ran and their findings "
        "are reported; please report the crash with the document. There is no example: a correct opctl "
        "never gives it."
    ),
)
# `opctl lint --server`: the Argo Server's own verdict on the compiled manifest.
SERVER_LINT = register(
    "server-lint",
    "server",
    Severity.ERROR,
    "the Argo Server's lint endpoint rejects the compiled manifest",
    explanation=(
        "`opctl lint --server` sends each compiled template to the Argo Server's lint endpoint; this is "
        "what the server refused (its own message), for what opctl's offline checks cannot know (cluster "
        "WorkflowTemplates, server configuration)."
    ),
)
SERVER_LINT_SKIPPED = register(
    "server-lint-skipped",
    "server",
    Severity.WARNING,
    "a template was not sent to the Argo Server's lint endpoint because it does not compile",
    explanation=(
        "`opctl lint --server` only sends templates that compile; one with errors is reported offline and not sent."
    ),
)

_loaded = False


def load_families() -> None:
    global _loaded
    if _loaded:
        return
    for family in FAMILIES:
        try:
            importlib.import_module(f"opctl.lint.{family}")
        except ModuleNotFoundError as exc:
            if exc.name != f"opctl.lint.{family}":
                raise
    _loaded = True


def all_rules() -> dict[str, Rule]:
    """Every id opctl can print (the whole catalogue, not only lint rule families)."""
    from opctl.catalogue import all_rules as catalogue

    return catalogue()


def is_lintable(doc: Document) -> bool:
    return doc.shape.is_onepanel or doc.shape.is_argo


def document_findings(doc: Document, dialect: Dialect) -> list[Diagnostic]:
    """What a document is, when it is not something opctl lints (nothing for one that is no workflow)."""
    if is_lintable(doc) or doc.shape is Shape.NOT_WORKFLOW:
        return []
    if doc.data is None:
        return [
            doc.finding(
                DOCUMENT_EMPTY,
                "",
                "empty document: nothing to lint here",
                "remove the stray '---' separator, or put a template in this document",
            )
        ]
    target = "an Onepanel workflow template or an Argo workflow manifest"
    return [
        doc.finding(
            DOCUMENT_KIND,
            "",
            f"document {doc.index + 1} is {doc.looks_like}; expected {target}",
            "opctl lints Onepanel workflow templates (entrypoint + templates at the top level, or "
            "metadata + spec) and Argo Workflow, WorkflowTemplate, ClusterWorkflowTemplate and "
            "CronWorkflow manifests (apiVersion argoproj.io/v1alpha1); exclude other files with --exclude",
        )
    ]


def lint_document(doc: Document, dialect: Dialect = "onepanel") -> list[Diagnostic]:
    """Every finding of every rule family for one document (no config, no suppressions applied)."""
    load_families()
    found = document_findings(doc, dialect)
    if not is_lintable(doc):
        return found
    ctx = LintContext(doc, dialect)
    for family, run in CHECKS:
        try:
            found.extend(run(ctx))
        except Exception as exc:  # a bug must cost one finding, not the whole run or a traceback
            found.append(
                doc.finding(
                    INTERNAL_ERROR,
                    "",
                    f"the {family} checks crashed on this document ({type(exc).__name__}: {exc}); "
                    "its other findings are still reported",
                    "this is a bug in opctl: please report it with the document attached",
                )
            )
    return found


_SUPPRESS = re.compile(r"#\s*opctl:\s*ignore(?:\[([^\]]*)\])?")


def apply_config(
    diagnostics: Iterable[Diagnostic], config: LintConfig | None, documents: dict[str, Document]
) -> list[Diagnostic]:
    """Drop disabled rules, change severities, mark inline-suppressed findings.

    A finding is suppressed by ``# opctl: ignore[rule-id, ...]`` (or a bare ``# opctl: ignore``)
    on the line at fault; suppressed findings stay in the list, marked, so json output shows them.
    """
    result: list[Diagnostic] = []
    suppressions: dict[tuple[str, int], tuple[set[str] | None, bool]] = {}
    for diag in diagnostics:
        if config is not None and get_rule(diag.rule).disableable:
            if diag.rule in config.disable:
                continue
            if diag.rule in config.severity:
                diag = diag.with_changes(severity=config.severity[diag.rule])
        doc = documents.get(diag.file)
        if doc is not None:
            where = (diag.file, diag.line)
            if where not in suppressions:  # one search per line: a long line can carry many findings
                match = _SUPPRESS.search(doc.source.line(diag.line))
                suppressions[where] = (
                    None
                    if not match
                    else None
                    if match.group(1) is None
                    else {r.strip() for r in match.group(1).split(",")},
                    bool(match),
                )
            rules, present = suppressions[where]
            if present and (rules is None or diag.rule in rules):
                diag = diag.with_changes(suppressed=True)
        result.append(diag)
    return result


def lint_documents(
    documents: Iterable[Document],
    dialect: Dialect = "onepanel",
    config: LintConfig | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> list[Diagnostic]:
    """Lint documents; returns sorted diagnostics with config and inline suppressions applied.

    ``progress("linting", done, total)`` is called after each document when given."""
    docs = list(documents)
    found: list[Diagnostic] = []
    for done, doc in enumerate(docs, 1):
        found.extend(lint_document(doc, dialect))
        if progress is not None:
            progress("linting documents", done, len(docs))
    by_file = {doc.file: doc for doc in docs}
    return sorted(apply_config(found, config, by_file), key=Diagnostic.sort_key)
