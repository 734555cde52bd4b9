"""The YAML loader: values as Kubernetes reads them, positions, duplicates, hostile input."""

from __future__ import annotations

import math

import pytest

from opctl.document import Shape
from opctl.inputs import load_inputs, load_string
from opctl.source import Limits, decode, discover, load_text, resolve_plain


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("yes", True),
        ("On", True),
        ("off", False),
        ("n", False),
        ("true", True),
        ("~", None),
        ("null", None),
        ("10", 10),
        ("-3", -3),
        ("0123", 83),  # YAML 1.1 octal, as go-yaml v2
        ("0x1F", 31),
        ("0b101", 5),
        ("1_000", 1000),
        ("1.5", 1.5),
        ("1e3", 1000.0),
        ("-.inf", -math.inf),
        ("1.2.3", "1.2.3"),
        ("v0.17.0", "v0.17.0"),
        ("2021-03-01", "2021-03-01"),
        ("hello", "hello"),
    ],
)
def test_plain_scalars_resolve_as_yaml_1_1(text: str, value: object) -> None:
    assert resolve_plain(text) == value


def test_quoted_and_tagged_scalars_stay_strings() -> None:
    doc = load_string("a: '10'\nb: \"yes\"\nc: !!str 0123\nd: !!int '7'\n").documents[0]
    assert doc.data == {"a": "10", "b": "yes", "c": "0123", "d": 7}


def test_keys_keep_their_text() -> None:
    doc = load_string("on: 1\ny: 2\n1: 3\n").documents[0]
    assert list(doc.data) == ["on", "y", "1"]


def test_positions_of_values_and_keys_are_one_based() -> None:
    doc = load_string("entrypoint: main\ntemplates:\n  - name: main\n    dag: {tasks: []}\n").documents[0]
    assert doc.span("/entrypoint") == (1, 13, 1, 17)
    assert doc.span("/entrypoint", key=True) == (1, 1, 1, 11)
    assert doc.span("/templates/0/name")[:2] == (3, 11)
    assert doc.span("/templates/0/dag/tasks")[:2] == (4, 18)
    # a pointer below a leaf falls back to the nearest node that exists
    assert doc.span("/templates/0/name/nothing")[:2] == (3, 11)


def test_duplicate_key_is_an_error_at_the_second_key_and_last_value_wins() -> None:
    inputs = load_string("a: 1\nb:\n  c: 1\n  c: 2\n")
    assert inputs.documents[0].data == {"a": 1, "b": {"c": 2}}
    [diag] = inputs.diagnostics
    assert (diag.rule, diag.line, diag.column, diag.path) == ("yaml-duplicate-key", 4, 3, "/b/c")
    assert "first defined at line 3" in diag.message


def test_syntax_error_has_position_and_is_fatal() -> None:
    result = load_text("a: [1, 2\nb: 3\n", "bad.yaml")
    assert result.fatal
    [diag] = result.diagnostics
    assert diag.rule == "yaml-syntax"
    assert (diag.file, diag.line) == ("bad.yaml", 2)


def test_multi_document_files_keep_every_document_in_order() -> None:
    inputs = load_string("entrypoint: a\n---\napiVersion: v1\nkind: Pod\n---\n")
    shapes = [d.shape for d in inputs.documents]
    assert shapes[:2] == [Shape.ONEPANEL_TEMPLATE, Shape.NOT_WORKFLOW]
    assert [d.index for d in inputs.documents] == list(range(len(inputs.documents)))


def test_aliases_and_merge_keys() -> None:
    doc = load_string("base: &b {x: 1, y: 2}\nuse: {<<: *b, y: 3}\nlist: &l [1]\nagain: *l\n").documents[0]
    assert doc.data["use"] == {"x": 1, "y": 3}
    assert doc.data["again"] == [1]


def test_alias_bomb_is_refused() -> None:
    text = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    for i in range(1, 10):
        prev, cur = chr(96 + i), chr(97 + i)
        text += f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]\n"
    result = load_text(text, "bomb.yaml")
    assert result.fatal
    assert result.diagnostics[0].rule == "yaml-too-complex"


@pytest.mark.parametrize("text", ["a: " + "[" * 10000 + "]" * 10000, "".join("  " * i + "a:\n" for i in range(10000))])
def test_deep_nesting_is_refused(text: str) -> None:
    result = load_text(text, "deep.yaml")
    assert result.fatal
    assert result.diagnostics[0].rule == "yaml-too-deep"


def test_size_limit_is_checked_before_reading(tmp_path) -> None:
    big = tmp_path / "big.yaml"
    with open(big, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    inputs = load_inputs([str(big)], limits=Limits(max_bytes=1024))
    assert inputs.fatal
    assert inputs.diagnostics[0].rule == "input-too-large"


def test_binary_and_bad_encoding_are_refused_with_positions() -> None:
    with pytest.raises(Exception) as binary:
        decode(b"a: 1\n\x00\x01")
    assert binary.value.rule == "input-binary"  # type: ignore[attr-defined]
    with pytest.raises(Exception) as latin:
        decode("a: 1\nb: caf\xe9\n".encode("latin-1"))
    assert latin.value.rule == "input-encoding"  # type: ignore[attr-defined]
    assert latin.value.position[:2] == (2, 7)  # type: ignore[attr-defined]


def test_utf8_bom_and_utf16_are_read() -> None:
    assert decode(b"\xef\xbb\xbfa: 1\n") == "a: 1\n"
    assert decode("a: 1\n".encode("utf-16")) == "a: 1\n"


def test_empty_input_is_fatal() -> None:
    result = load_text("\n  \n", "empty.yaml")
    assert result.fatal and result.diagnostics[0].rule == "input-empty"


def test_discover_walks_directories_in_order_and_excludes(tmp_path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "x.yml").write_text("a: 1\n")
    (tmp_path / "a.yaml").write_text("a: 1\n")
    (tmp_path / "c.json").write_text("{}\n")
    (tmp_path / "notes.txt").write_text("x\n")
    (tmp_path / "skip.yaml").write_text("a: 1\n")
    found, missing = discover([str(tmp_path), str(tmp_path / "nope.yaml")], exclude=["skip.yaml"])
    assert [p.removeprefix(str(tmp_path) + "/") for p in found] == ["a.yaml", "c.json", "b/x.yml"]
    assert [d.rule for d in missing] == ["input-not-found"]


def test_directories_skip_configuration_files_but_named_files_are_read(tmp_path) -> None:
    (tmp_path / "t.yaml").write_text("entrypoint: a\n")
    (tmp_path / "opctl.yaml").write_text("namespace: x\n")
    (tmp_path / ".opctl.yaml").write_text("disable: []\n")
    found, _ = discover([str(tmp_path)])
    assert [p.rsplit("/", 1)[1] for p in found] == ["t.yaml"]
    found, _ = discover([str(tmp_path / "opctl.yaml")])
    assert len(found) == 1
