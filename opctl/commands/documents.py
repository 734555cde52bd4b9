"""Reading the one workflow a command works on (graph, simulate)."""

from __future__ import annotations

import sys

from opctl.commands.common import print_findings
from opctl.diagnostics import ExitCode, OpctlError
from opctl.document import Document


def load_one_spec(path: str, color: str = "auto", others: list[Document] | None = None) -> Document:
    """The first workflow document of ``path`` (an Onepanel template or an Argo workflow kind);
    the file's other documents are appended to ``others`` when given.

    Unreadable input prints its findings and exits 2; a file holding no workflow raises OpctlError.
    """
    from opctl.inputs import load_inputs

    inputs = load_inputs([path])
    if inputs.fatal or inputs.diagnostics and not inputs.documents:
        print_findings(inputs.diagnostics, inputs.sources, color)
        sys.exit(ExitCode.USAGE)
    for doc in inputs.documents:
        if (doc.shape.is_onepanel or doc.shape.is_argo) and doc.spec is not None:
            if others is not None:
                others.extend(d for d in inputs.documents if d is not doc)
            return doc
    if not inputs.documents:
        raise OpctlError(f"{path}: no *.yaml, *.yml or *.json file to read", hint="pass a template file or - for stdin")
    doc = inputs.documents[0]
    what = doc.looks_like or doc.shape.value
    raise OpctlError(
        f"{doc.file}: not a workflow: {what}",
        hint="pass an Onepanel workflow template or an Argo Workflow, WorkflowTemplate or CronWorkflow",
    )


def load_workflow_templates(
    paths: tuple[str, ...], color: str = "auto", also: list[Document] | None = None
) -> list[Document]:
    """Every WorkflowTemplate and ClusterWorkflowTemplate in ``paths`` (files or directories) and
    ``also``, for ``templateRef``. Unreadable input prints its findings and exits 2."""
    from opctl.document import Shape
    from opctl.inputs import load_inputs

    documents = list(also or [])
    if paths:
        inputs = load_inputs(paths)
        if inputs.fatal:
            print_findings(inputs.diagnostics, inputs.sources, color)
            sys.exit(ExitCode.USAGE)
        documents += inputs.documents
    kinds = (Shape.WORKFLOW_TEMPLATE, Shape.CLUSTER_WORKFLOW_TEMPLATE)
    return [doc for doc in documents if doc.shape in kinds and doc.spec is not None]
