"""The YAML/JSON emitter: key order, quoting that YAML 1.1 and 1.2 readers agree on, literal blocks,
multi-document output, and a round trip through ruamel.yaml and opctl's own loader."""

from __future__ import annotations

import json
import math
import random

import pytest

from opctl.compile.emit import ordered, to_json, to_yaml
from opctl.source import load_text


def load_both(text: str) -> tuple[object, object]:
    from ruamel.yaml import YAML

    ruamel_data = list(YAML(typ="safe", pure=True).load_all(text))
    ours = [d.data for d in load_text(text, "out.yaml").documents]
    return ruamel_data, ours


def same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    if isinstance(a, dict):
        return isinstance(b, dict) and list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


TRICKY = [
    "yes",
    "no",
    "on",
    "off",
    "y",
    "N",
    "True",
    "null",
    "~",
    "",
    "0123",
    "0o17",
    "0x1F",
    "1_000",
    "1:20",
    "1e3",
    ".5",
    "+1",
    "-1",
    ".inf",
    ".NaN",
    "2001-12-14",
    "=",
    "<<",
    "---",
    "...",
    "-",
    "- x",
    "-c",
    "?",
    ":",
    "a: b",
    "a #b",
    "a#b",
    "x:",
    "{{workflow.name}}",
    "[x]",
    "!tag",
    "&a",
    "*a",
    "%x",
    "@x",
    "`x",
    "'q'",
    '"q"',
    "it's",
    " lead",
    "trail ",
    "tab\there",
    "é",
    "\u2028",
    "\x00",
    "\x1b[2J",
    "line1\nline2",
    "x\n",
    "x\n\n\n",
    "\nlead",
    "  indented\nx\n",
    "x\n  \ny\n",
    "a\r\nb",
    "#!/bin/sh\necho hi\n",
    "https://example.com/a?b=c#d",
]


def test_tricky_strings_round_trip_through_yaml_1_1_and_1_2_readers() -> None:
    data = {"apiVersion": "v", "kind": "K", "spec": {"list": TRICKY, "map": {s or "empty": s for s in TRICKY}}}
    text = to_yaml([data])
    ruamel_data, ours = load_both(text)
    assert same(ruamel_data[0], ordered(data))
    assert same(ours[0], ordered(data))


def test_random_strings_round_trip() -> None:
    rng = random.Random(20261126)
    alphabet = "ab :#-?'\"\n\t{}[],&*!|>%@`~.0123456789yesnoTrue=<\\é\u2028"
    values = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(3000)]
    data = {"spec": {"values": values, "nested": [{"name": v, "items": [v, [v]]} for v in values[:300]]}}
    ruamel_data, ours = load_both(to_yaml([data]))
    assert same(ruamel_data[0], ordered(data))
    assert same(ours[0], ordered(data))


def test_scalars_of_other_types() -> None:
    data = {"spec": {"i": 10, "f": 1.5, "big": 1e20, "neg": -0.25, "t": True, "f2": False, "n": None, "e": {}, "l": []}}
    text = to_yaml([data])
    assert text == (
        "spec:\n  i: 10\n  f: 1.5\n  big: 1e+20\n  neg: -0.25\n  t: true\n  f2: false\n  'n': null\n  e: {}\n  l: []\n"
    )
    ruamel_data, ours = load_both(text)
    assert same(ruamel_data[0], data) and same(ours[0], data)


def test_key_order_top_level_metadata_and_name_first_in_list_items() -> None:
    manifest = {
        "spec": {"templates": [{"container": {"image": "a"}, "name": "t"}], "entrypoint": "t"},
        "metadata": {"namespace": "ns", "generateName": "x-"},
        "kind": "Workflow",
        "apiVersion": "argoproj.io/v1alpha1",
    }
    text = to_yaml([manifest])
    assert text == (
        "apiVersion: argoproj.io/v1alpha1\n"
        "kind: Workflow\n"
        "metadata:\n"
        "  generateName: x-\n"
        "  namespace: ns\n"
        "spec:\n"
        "  templates:\n"
        "  - name: t\n"
        "    container:\n"
        "      image: a\n"
        "  entrypoint: t\n"
    )


def test_with_items_maps_keep_the_users_order() -> None:
    data = {"spec": {"withItems": [{"value": 1, "name": "a"}]}}
    assert to_yaml([data]) == "spec:\n  withItems:\n  - value: 1\n    name: a\n"


def test_multi_line_strings_are_literal_blocks() -> None:
    data = {"spec": {"source": "import os\nprint(os.getcwd())\n", "args": ["set -e\necho hi"]}}
    assert to_yaml([data]) == (
        "spec:\n  source: |\n    import os\n    print(os.getcwd())\n  args:\n  - |-\n    set -e\n    echo hi\n"
    )


def test_several_manifests_are_separated_by_document_markers() -> None:
    text = to_yaml([{"kind": "A"}, {"kind": "B"}])
    assert text == "kind: A\n---\nkind: B\n"


def test_json_is_two_space_indented_in_the_same_order() -> None:
    text = to_json([{"spec": {"b": 1}, "kind": "W", "apiVersion": "v"}])
    assert text == '{\n  "apiVersion": "v",\n  "kind": "W",\n  "spec": {\n    "b": 1\n  }\n}\n'
    assert json.loads(text) == {"apiVersion": "v", "kind": "W", "spec": {"b": 1}}


def test_json_stream_for_several_manifests() -> None:
    text = to_json([{"kind": "A"}, {"kind": "B"}])
    decoder = json.JSONDecoder()
    first, end = decoder.raw_decode(text)
    second, _ = decoder.raw_decode(text[end:].lstrip())
    assert (first, second) == ({"kind": "A"}, {"kind": "B"})


@pytest.mark.parametrize("value", ["x", "é", "\u2028"])
def test_json_keeps_unicode_readable(value: str) -> None:
    assert json.loads(to_json([{"v": value}])) == {"v": value}
