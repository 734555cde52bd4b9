"""What a tag is checked against: the tags of a string, the template and task/step it sits in."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from opctl.document import Document
from opctl.model import TemplateRef, as_dict, as_list
from opctl.pointer import escape
from opctl.source import Position

# `{{` ... the first `}}`, as fasttemplate splits tags.
TAG = re.compile(r"\{\{(.*?)\}\}", re.S)

CHECKED_PREFIXES = ("item.", "steps.", "inputs.", "outputs.", "pod.", "workflow.", "tasks.")


@functools.lru_cache(maxsize=256)
def listing(declared: frozenset[str], what: str) -> str:
    """'declared <what>s: a, b, …' (cached: the same sets come back for every bad reference)."""
    names = sorted(declared)
    if not names:
        return f"no {what} is declared"
    shown = ", ".join(names[:8]) + (", …" if len(names) > 8 else "")
    return f"declared {what}s: {shown}"


def tag_position(
    doc: Document, pointer: str, value: str, start: int, raw: str, *, key: bool = False
) -> Position | None:
    """Where the tag ``raw`` found at ``start`` of the string ``value`` is written in the file."""
    return doc.locate(pointer, value, start, len(raw), key=key)


@dataclass(slots=True)
class Calls:
    """The tasks (DAG) or steps of one template, for ``{{tasks.X}}``/``{{steps.X}}``."""

    kind: str  # "tasks" or "steps"
    template: TemplateRef
    by_name: dict[str, dict[str, Any]]
    group: dict[str, int]  # steps: name -> group index


@dataclass(slots=True)
class Scope:
    template: TemplateRef | None  # None outside spec.templates (only workflow.* is checked)
    inputs_parameters: frozenset[str]
    inputs_artifacts: frozenset[str]
    calls: Calls | None = None
    call: dict[str, Any] | None = None  # the task/step the string belongs to
    call_name: str | None = None
    call_pointer: str = ""
    step_group: int = -1
    count_only: bool = False
    loop: bool = False  # inside a task/step with withItems, withParam or withSequence: {{item.*}} resolves


def input_names(template: dict[str, Any], kind: str) -> frozenset[str]:
    return frozenset(
        p["name"]
        for p in as_list(as_dict(template.get("inputs")).get(kind))
        if isinstance(p, dict) and isinstance(p.get("name"), str)
    )


def template_scope(template: TemplateRef) -> Scope:
    return Scope(template, input_names(template.data, "parameters"), input_names(template.data, "artifacts"))


def find_tags(text: str) -> Iterator[re.Match[str]]:
    """``TAG.finditer``, but in linear time: a ``{{`` after the last ``}}`` would make the lazy
    pattern scan to the end of the text from every such ``{{`` (minutes for a 40 kB string)."""
    return TAG.finditer(text, 0, text.rfind("}}") + 2)


def tagged_strings(node: Any, pointer: str) -> Iterator[tuple[str, str, bool]]:
    """(pointer, text, is_key) for every string (value or key) under ``node`` that holds ``{{``."""
    stack = [(node, pointer)]
    pop = stack.pop
    push = stack.append
    while stack:
        item, where = pop()
        if isinstance(item, dict):
            for key, value in item.items():
                # Most scalars hold no tag: skip them before building their pointer.
                tagged_key = "{{" in key
                if isinstance(value, str):
                    if not tagged_key and "{{" not in value:
                        continue
                elif not isinstance(value, (dict, list)) and not tagged_key:
                    continue
                child = f"{where}/{escape(key)}"
                if tagged_key:
                    yield child, key, True
                if isinstance(value, str):
                    if "{{" in value:
                        yield child, value, False
                elif isinstance(value, (dict, list)):
                    push((value, child))
        elif isinstance(item, list):
            for index, value in enumerate(item):
                if isinstance(value, str):
                    if "{{" in value:
                        yield f"{where}/{index}", value, False
                elif isinstance(value, (dict, list)):
                    push((value, f"{where}/{index}"))
        elif isinstance(item, str) and "{{" in item:
            yield where, item, False
