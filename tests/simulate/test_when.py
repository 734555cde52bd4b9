"""The `when` language as the controller evaluates it (govaluate with variables turned into strings)."""

from __future__ import annotations

import pytest

from opctl.simulate.when import WhenError, evaluate_when


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", True),
        ("true", True),
        ("heads == heads", True),
        ("heads == tails", False),
        ("Succeeded != Succeeded", False),
        ("True == True", True),  # capitalised words are strings, not booleans
        ("False == True", False),
        ("true == True", False),  # a bool is not the string "True", and that is no error
        ("'my-value' == 'my-value'", True),
        ('"a b" == "a b"', True),
        ("3 == 3.0", True),
        ("'3' == 3", False),
        ("5 > 3 && 2 <= 2", True),
        ("abc < abd", True),  # two strings compare lexicographically
        ("heads =~ hea", True),
        ("heads !~ '^t'", True),
        ("!(1 == 2)", True),
        ("a in ('a', 'b')", True),
        ("c in ('a', 'b')", False),
        ("1 + 2 == 3", True),
        ("false && nonsense > 3", False),  # && short-circuits
        ("0x1F == 31", True),
        ("(5 > 3) == true", True),
    ],
)
def test_when_values(text: str, expected: bool) -> None:
    assert evaluate_when(text) is expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("my-value == my-value", "Failed to evaluate 'when' expresion"),  # subtraction of strings
        ("hello world == x", "Invalid 'when' expression"),  # two values in a row
        (" == heads", "Invalid 'when' expression"),  # an empty substitution
        ("v1.2 == v1.2", "Failed to evaluate"),  # an accessor, with no parameters
        ("3 > abc", "Failed to evaluate"),  # number against string
        ("heads", "Expected boolean evaluation for 'heads'. Got heads"),
        ("1 + 1", "Expected boolean evaluation"),
        ("a && true", "Failed to evaluate"),
        ("{{tasks.A.outputs.result}} == x", "Invalid 'when' expression"),
        ("(a == a", "Invalid 'when' expression"),
        ("foo(1) == 1", "Invalid 'when' expression"),
    ],
)
def test_when_errors(text: str, message: str) -> None:
    with pytest.raises(WhenError) as caught:
        evaluate_when(text)
    assert message in str(caught.value)


def test_invalid_token_hint() -> None:
    with pytest.raises(WhenError, match=r"Invalid token.*hint: try wrapping the affected expression in quotes"):
        evaluate_when("a == @b")
