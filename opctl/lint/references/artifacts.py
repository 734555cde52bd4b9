"""An artifact's ``from``: exactly one ``{{...}}`` reference, and to an artifact."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from opctl.lint.references.rules import ARTIFACT_FROM
from opctl.lint.references.scope import Scope, find_tags, tag_position
from opctl.model import as_dict, as_list

if TYPE_CHECKING:
    from opctl.lint.references.walker import Walker


def check_artifact_from(walker: Walker, call: dict[str, Any], pointer: str, scope: Scope) -> None:
    for i, item in enumerate(as_list(as_dict(call.get("arguments")).get("artifacts"))):
        source = as_dict(item).get("from")
        if source is None:
            continue
        check_from(walker, source, f"{pointer}/arguments/artifacts/{i}/from", as_dict(item).get("name"))


def check_from(walker: Walker, source: Any, pointer: str, name: Any) -> None:
    label = f"artifact '{name}'" if isinstance(name, str) else "this artifact"
    if not isinstance(source, str):
        return  # a type error: the structure family reports it
    matches = list(find_tags(source))
    if len(matches) != 1 or matches[0].group(0) != source.strip():
        walker.report(
            ARTIFACT_FROM,
            pointer,
            f"'from' of {label} must be exactly one {{{{...}}}} reference to an artifact, not '{source}'",
            "write it as from: '{{tasks.<task>.outputs.artifacts.<name>}}' or '{{inputs.artifacts.<name>}}'",
        )
        return
    text = matches[0].group(1).strip()
    if text.startswith("="):
        return
    if ".artifacts." in text and text.startswith(("tasks.", "steps.", "inputs.", "workflow.outputs.")):
        return
    position = tag_position(walker.doc, pointer, source, matches[0].start(), matches[0].group(0))
    walker.report(
        ARTIFACT_FROM,
        pointer,
        f"'from' of {label} names '{matches[0].group(0)}', which is not an artifact",
        "'from' takes an artifact ({{tasks.<task>.outputs.artifacts.<name>}}); pass parameters under "
        "arguments.parameters with 'value'",
        position=position,
    )
