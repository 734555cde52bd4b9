"""Project configuration: discovery by walking up, both file formats, and errors with positions."""

from __future__ import annotations

from pathlib import Path

import pytest

from opctl.config import ConfigError, find_config, load_config, resolve_config
from opctl.diagnostics import ExitCode, Severity


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def error_of(path: Path) -> str:
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.exit_code == ExitCode.USAGE
    return caught.value.message


# --------------------------------------------------------------------------------------------
# discovery


def test_walks_up_to_the_nearest_config(in_tmp: Path) -> None:
    top = write(in_tmp / ".opctl.yaml", "strict: true\n")
    deep = in_tmp / "a" / "b" / "c"
    deep.mkdir(parents=True)
    assert find_config(deep) == top.resolve()
    nearer = write(in_tmp / "a" / "pyproject.toml", "[tool.opctl]\nstrict = false\n")
    assert find_config(deep) == nearer.resolve()


def test_pyproject_without_tool_opctl_is_passed_over(in_tmp: Path) -> None:
    top = write(in_tmp / ".opctl.yml", "strict: true\n")
    write(in_tmp / "pkg" / "pyproject.toml", '[project]\nname = "pkg"\n\n[tool.ruff]\nline-length = 100\n')
    assert find_config(in_tmp / "pkg") == top.resolve()


def test_dotted_tool_table_counts(in_tmp: Path) -> None:
    found = write(in_tmp / "pyproject.toml", "[tool]\nopctl.strict = true\n")
    assert find_config(in_tmp) == found.resolve()
    assert load_config(found).strict is True


def test_yaml_wins_over_pyproject_in_the_same_directory(in_tmp: Path) -> None:
    write(in_tmp / "pyproject.toml", "[tool.opctl]\nstrict = false\n")
    yaml_config = write(in_tmp / ".opctl.yaml", "strict: true\n")
    assert find_config(in_tmp) == yaml_config.resolve()


def test_no_config_anywhere_gives_defaults(in_tmp: Path) -> None:
    assert find_config(in_tmp) is None  # nothing in the temporary directory or above it
    config = resolve_config(start=in_tmp)
    assert (config.source, config.disable, config.severity, config.strict) == (None, frozenset(), {}, None)


def test_no_config_flag_ignores_files(in_tmp: Path) -> None:
    write(in_tmp / ".opctl.yaml", "strict: true\n")
    assert resolve_config(no_config=True).strict is None
    assert resolve_config().strict is True


def test_explicit_config_missing(in_tmp: Path) -> None:
    with pytest.raises(ConfigError, match="configuration file not found: nope.yaml"):
        resolve_config("nope.yaml")


# --------------------------------------------------------------------------------------------
# contents


def test_yaml_config_all_keys(in_tmp: Path) -> None:
    config = load_config(
        write(
            in_tmp / ".opctl.yaml",
            "disable: [document-empty]\n"
            "severity:\n  yaml-duplicate-key: warning\n  document-kind: off\n"
            "exclude: ['generated/*', vendor]\n"
            "dialect: argo\n"
            "strict: true\n",
        )
    )
    assert config.disable == frozenset({"document-empty", "document-kind"})
    assert config.severity == {"yaml-duplicate-key": Severity.WARNING}
    assert config.exclude == ("generated/*", "vendor")
    assert (config.dialect, config.strict, config.source) == ("argo", True, ".opctl.yaml")
    lint_config = config.lint_config()
    assert lint_config.disable == config.disable and lint_config.severity == config.severity


def test_toml_config_all_keys(in_tmp: Path) -> None:
    config = load_config(
        write(
            in_tmp / "pyproject.toml",
            "[tool.opctl]\n"
            'disable = ["document-empty"]\n'
            'exclude = ["build"]\n'
            'dialect = "onepanel"\n'
            "\n[tool.opctl.severity]\n"
            '"yaml-duplicate-key" = "info"\n',
        )
    )
    assert config.disable == frozenset({"document-empty"})
    assert config.severity == {"yaml-duplicate-key": Severity.INFO}
    assert (config.exclude, config.dialect, config.strict) == (("build",), "onepanel", None)


def test_empty_yaml_config_is_fine(in_tmp: Path) -> None:
    assert load_config(write(in_tmp / ".opctl.yaml", "# nothing yet\n")).disable == frozenset()


# --------------------------------------------------------------------------------------------
# errors, each with file:line:col


def test_unknown_key_yaml(in_tmp: Path) -> None:
    message = error_of(write(in_tmp / ".opctl.yaml", "strict: true\ndisabel: [document-kind]\n"))
    assert message == ".opctl.yaml:2:1: unknown configuration key 'disabel' (did you mean 'disable'?)"


def test_unknown_key_toml(in_tmp: Path) -> None:
    message = error_of(write(in_tmp / "pyproject.toml", '[project]\nname = "x"\n[tool.opctl]\nexcludes = ["a"]\n'))
    assert message == "pyproject.toml:4:1: unknown configuration key 'excludes' (did you mean 'exclude'?)"


def test_unknown_rule_in_disable_yaml(in_tmp: Path) -> None:
    message = error_of(write(in_tmp / ".opctl.yaml", "disable:\n  - document-kind\n  - documnt-empty\n"))
    assert message == ".opctl.yaml:3:5: unknown rule id 'documnt-empty' (did you mean 'document-empty'?)"


def test_unknown_rule_in_severity_toml(in_tmp: Path) -> None:
    message = error_of(
        write(in_tmp / "pyproject.toml", '[tool.opctl]\nstrict = true\n[tool.opctl.severity]\nno-such-rule = "error"\n')
    )
    assert message == "pyproject.toml:4:1: unknown rule id 'no-such-rule'"


def test_bad_severity_value(in_tmp: Path) -> None:
    message = error_of(write(in_tmp / ".opctl.yaml", "severity:\n  document-kind: fatal\n"))
    assert message == (
        ".opctl.yaml:2:18: severity of 'document-kind' must be one of error, warning, info, off, not 'fatal'"
    )


def test_read_failures_cannot_be_disabled(in_tmp: Path) -> None:
    message = error_of(write(in_tmp / ".opctl.yaml", "disable: [yaml-syntax]\n"))
    assert message.startswith(".opctl.yaml:1:11: rule 'yaml-syntax' reports input that cannot be read or parsed")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("disable: document-kind\n", ".opctl.yaml:1:10: 'disable' must be a list of rule ids"),
        ("exclude: [1]\n", ".opctl.yaml:1:10: 'exclude' must be a list of glob patterns (strings)"),
        ("dialect: kubeflow\n", ".opctl.yaml:1:10: 'dialect' must be one of onepanel, argo, not 'kubeflow'"),
        ("strict: maybe\n", ".opctl.yaml:1:9: 'strict' must be true or false, not 'maybe'"),
        (
            "- disable\n",
            ".opctl.yaml:1:1: configuration must be a mapping of keys (disable, severity, exclude, dialect, strict)",
        ),
    ],
)
def test_wrong_types(in_tmp: Path, text: str, expected: str) -> None:
    assert error_of(write(in_tmp / ".opctl.yaml", text)) == expected


def test_yaml_syntax_error_in_config(in_tmp: Path) -> None:
    message = error_of(write(in_tmp / ".opctl.yaml", "disable: [a\n"))
    assert message.startswith(".opctl.yaml:2:1: YAML syntax error:")


def test_duplicate_key_in_config(in_tmp: Path) -> None:
    message = error_of(write(in_tmp / ".opctl.yaml", "strict: true\nstrict: false\n"))
    assert message == ".opctl.yaml:2:1: duplicate key 'strict' (first defined at line 1)"


def test_toml_syntax_error(in_tmp: Path) -> None:
    message = error_of(write(in_tmp / "pyproject.toml", "[tool.opctl]\nstrict = yes\n"))
    assert message.startswith("pyproject.toml:2:10: invalid TOML: ")
