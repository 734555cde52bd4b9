"""Project configuration for ``opctl lint``: ``.opctl.yaml`` or ``[tool.opctl]`` in pyproject.toml.

Found by walking up from the working directory to the filesystem root; in each directory
``.opctl.yaml``, ``.opctl.yml``, then ``pyproject.toml`` (only when it has a ``[tool.opctl]``
table) are tried and the first one found wins. ``--config FILE`` names one explicitly and
``--no-config`` ignores them all. Keys::

    disable: [rule-id, ...]            # rules not run at all
    severity: {rule-id: error|warning|info|off}
    exclude: [glob, ...]               # paths skipped (added to --exclude)
    dialect: onepanel|argo             # default for --dialect
    strict: true|false                 # default for --strict

Every mistake (unknown key, unknown rule id, wrong type) is an error with file:line:col, exit 2.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from opctl.catalogue import Rule
from opctl.diagnostics import ExitCode, OpctlError, Severity
from opctl.lint.registry import Dialect, LintConfig
from opctl.suggest import did_you_mean

CONFIG_NAMES = (".opctl.yaml", ".opctl.yml", "pyproject.toml")
KEYS = ("disable", "severity", "exclude", "dialect", "strict")
SEVERITY_VALUES = ("error", "warning", "info", "off")
DIALECTS = ("onepanel", "argo")


class ConfigError(OpctlError):
    """A mistake in a configuration file; the message starts with file:line:col."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message, exit_code=ExitCode.USAGE, hint=hint)


@dataclass(frozen=True)
class ProjectConfig:
    disable: frozenset[str] = frozenset()
    severity: dict[str, Severity] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    dialect: Dialect | None = None
    strict: bool | None = None
    source: str | None = None  # the file it came from, None for no configuration

    def lint_config(self) -> LintConfig:
        return LintConfig(disable=self.disable, severity=dict(self.severity), exclude=self.exclude, source=self.source)


# --------------------------------------------------------------------------------------------
# discovery


def find_config(start: Path | None = None) -> Path | None:
    """The configuration that applies in ``start`` (default: the working directory), if any."""
    directory = (start or Path.cwd()).resolve()
    while True:
        for name in CONFIG_NAMES:
            candidate = directory / name
            if not candidate.is_file():
                continue
            if name != "pyproject.toml" or _has_tool_opctl(candidate):
                return candidate
        if directory.parent == directory:
            return None
        directory = directory.parent


def _has_tool_opctl(path: Path) -> bool:
    # A cheap textual test first: most pyproject.toml files are not ours and need no TOML parse.
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return re.search(r"^\s*\[\s*tool\s*\.\s*opctl\s*[\].]", text, re.MULTILINE) is not None or bool(
        re.search(r"^\s*\[\s*tool\s*\]", text, re.MULTILINE) and re.search(r"^\s*opctl\s*[.=]", text, re.MULTILINE)
    )


def resolve_config(explicit: str | None = None, *, no_config: bool = False, start: Path | None = None) -> ProjectConfig:
    """The configuration for a run: ``--config FILE``, nothing with ``--no-config``, else found."""
    if no_config:
        return ProjectConfig()
    if explicit is not None:
        path = Path(explicit)
        if path.is_dir():
            raise ConfigError(
                f"--config {explicit} is a directory",
                hint="pass the file itself: .opctl.yaml, .opctl.yml or pyproject.toml",
            )
        if not path.is_file():
            raise ConfigError(
                f"configuration file not found: {explicit}",
                hint="pass an existing .opctl.yaml or pyproject.toml, or drop --config",
            )
        return load_config(path)
    found = find_config(start)
    return load_config(found) if found is not None else ProjectConfig()


# --------------------------------------------------------------------------------------------
# loading


# (keys from the top of the configuration, position of the value rather than the key, text to
# look for) -> (line, column)
Locate = Callable[[tuple[str, ...], bool, str | None], tuple[int, int]]


def load_config(path: Path) -> ProjectConfig:
    """Read and validate one configuration file (YAML, or TOML for pyproject.toml)."""
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: configuration is not valid UTF-8", hint="save it as UTF-8") from None
    name = _display_name(path)
    if path.suffix == ".toml":
        data, locate = _load_toml(text, name)
    else:
        data, locate = _load_yaml(text, name)
    return _validate(data, name, locate)


def _display_name(path: Path) -> str:
    """The path as messages show it: relative to the working directory when below it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive (Windows)
        return str(path)
    return str(path) if relative.startswith("..") else relative


def _load_toml(text: str, name: str) -> tuple[dict[str, Any], Locate]:
    import tomllib

    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        where = f"{match.group(1)}:{match.group(2)}" if match else "1:1"
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc)) or "invalid TOML"
        raise ConfigError(f"{name}:{where}: invalid TOML: {reason}") from None
    tool = document.get("tool")
    section = tool.get("opctl") if isinstance(tool, dict) else None
    if section is None:
        section = {}
    if not isinstance(section, dict):
        raise ConfigError(f"{name}:1:1: [tool.opctl] must be a table")
    lines = text.splitlines()

    def locate(keys: tuple[str, ...], value: bool, needle: str | None) -> tuple[int, int]:
        # tomllib keeps no positions: find the token in the [tool.opctl...] part of the file.
        del value
        token = needle or (keys[-1] if keys else "opctl")
        in_section = False
        header = (1, 1)
        for number, line in enumerate(lines, start=1):
            stripped = line.strip()
            if stripped.startswith("["):
                in_section = bool(re.match(r"\[\s*tool\s*\.\s*opctl\b", stripped))
                if in_section and header == (1, 1):
                    header = (number, line.index("[") + 1)
                continue
            if not in_section:
                continue
            found = re.search(rf'(?<![\w-])["\']?{re.escape(token)}["\']?(?![\w-])', line)
            if found:
                return number, found.start() + 1
        return header

    return section, locate


def _load_yaml(text: str, name: str) -> tuple[dict[str, Any], Locate]:
    from opctl.source import load_text

    result = load_text(text, name)
    problems = [d for d in result.diagnostics if d.rule != "input-empty"]
    if problems:
        first = problems[0]
        raise ConfigError(f"{name}:{first.line}:{first.column}: {first.message}", hint=first.hint)
    if not result.documents or result.documents[0].data is None:
        return {}, lambda keys, value, needle: (1, 1)
    if len(result.documents) > 1:
        line, column = result.documents[1].start[:2]
        raise ConfigError(f"{name}:{line}:{column}: configuration must be a single YAML document")
    document = result.documents[0]
    if not isinstance(document.data, dict):
        raise ConfigError(f"{name}:1:1: configuration must be a mapping of keys ({', '.join(KEYS)})")

    def locate(keys: tuple[str, ...], value: bool, needle: str | None) -> tuple[int, int]:
        from opctl.pointer import join

        pointer = join("", *keys)
        table = document.positions if value else document.key_positions
        position = table.get(pointer) or document.positions.get(pointer) or document.positions.get("", (1, 1, 1, 1))
        return position[0], position[1]

    return document.data, locate


# --------------------------------------------------------------------------------------------
# validation


def known_rules() -> dict[str, Rule]:
    """Every id configuration can name: the whole catalogue (lint, input, compile, server ids)."""
    from opctl.catalogue import all_rules

    return all_rules()




_YAML_EXAMPLES = {
    "disable": "disable: [ref-unused-parameter]",
    "severity": "severity: {ref-unused-parameter: info}",
    "exclude": 'exclude: ["vendor/**"]',
}
_TOML_EXAMPLES = {
    "disable": 'disable = ["ref-unused-parameter"]',
    "severity": 'severity = { ref-unused-parameter = "info" }',
    "exclude": 'exclude = ["vendor/**"]',
}


def _validate(data: dict[str, Any], name: str, locate: Locate) -> ProjectConfig:
    def fail(
        keys: tuple[str, ...], message: str, hint: str | None = None, *, value: bool = False, needle: Any = None
    ) -> ConfigError:
        line, column = locate(keys, value, needle if isinstance(needle, str) else None)
        return ConfigError(f"{name}:{line}:{column}: {message}", hint=hint)

    toml = name.endswith(".toml")

    def example(key: str) -> str:
        return "for example " + (_TOML_EXAMPLES if toml else _YAML_EXAMPLES)[key]

    for key in data:
        if key not in KEYS:
            raise fail(
                (str(key),),
                f"unknown configuration key '{key}'{did_you_mean(str(key), KEYS)}",
                f"known keys: {', '.join(KEYS)}",
            )

    rules: dict[str, Rule] | None = None

    def check_rule(keys: tuple[str, ...], rule_id: Any, *, value: bool) -> str:
        nonlocal rules
        if not isinstance(rule_id, str):
            raise fail(keys, f"a rule id must be a string, not {rule_id!r}", value=value)
        if rules is None:
            rules = known_rules()
        rule = rules.get(rule_id)
        if rule is None:
            raise fail(
                keys,
                f"unknown rule id '{rule_id}'{did_you_mean(rule_id, rules)}",
                "`opctl rules` lists every rule id",
                value=value,
                needle=rule_id,
            )
        if not rule.disableable:
            if rule.family in ("input", "yaml"):
                what, hint = "input that cannot be read or parsed", "fix or --exclude the file instead"
            else:
                what, hint = "an error that stops the run", "fix its cause instead"
            raise fail(
                keys,
                f"rule '{rule_id}' reports {what}; it cannot be disabled or downgraded",
                hint,
                value=value,
                needle=rule_id,
            )
        return rule_id

    disable: set[str] = set()
    if "disable" in data:
        items = data["disable"]
        if not isinstance(items, list):
            raise fail(("disable",), "'disable' must be a list of rule ids", example("disable"), value=True)
        for index, rule_id in enumerate(items):
            disable.add(check_rule(("disable", str(index)), rule_id, value=True))

    severity: dict[str, Severity] = {}
    if "severity" in data:
        table = data["severity"]
        if not isinstance(table, dict):
            raise fail(
                ("severity",),
                "'severity' must map rule ids to error, warning, info or off",
                example("severity"),
                value=True,
            )
        for rule_id, level in table.items():
            check_rule(("severity", str(rule_id)), rule_id, value=False)
            if level is False:  # an unquoted `off` is a boolean under YAML 1.1, as Kubernetes reads YAML
                level = "off"
            if level not in SEVERITY_VALUES:
                raise fail(
                    ("severity", str(rule_id)),
                    f"severity of '{rule_id}' must be one of {', '.join(SEVERITY_VALUES)}, not {level!r}",
                    value=True,
                )
            if level == "off":
                disable.add(rule_id)
            else:
                severity[rule_id] = Severity(level)

    exclude: tuple[str, ...] = ()
    if "exclude" in data:
        globs = data["exclude"]
        if not isinstance(globs, list) or not all(isinstance(g, str) and g for g in globs):
            raise fail(
                ("exclude",), "'exclude' must be a list of glob patterns (strings)", example("exclude"), value=True
            )
        exclude = tuple(globs)

    dialect = data.get("dialect")
    if dialect is not None and dialect not in DIALECTS:
        raise fail(("dialect",), f"'dialect' must be one of {', '.join(DIALECTS)}, not {dialect!r}", value=True)

    strict = data.get("strict")
    if strict is not None and not isinstance(strict, bool):
        raise fail(("strict",), f"'strict' must be true or false, not {strict!r}", value=True)

    return ProjectConfig(
        disable=frozenset(disable),
        severity=severity,
        exclude=exclude,
        dialect=dialect,
        strict=strict,
        source=os.fspath(name),
    )
