"""``opctl compile`` as a library: documents and options in, Argo manifests and diagnostics out.

    result = compile_documents(docs, CompileOptions(parameters=[("epochs", "5")]))
    if result.ok:
        text = opctl.compile.emit.to_yaml(result.manifests)

Steps: load the namespace defaults; lint every input (``onepanel`` dialect for Onepanel templates,
``argo`` for Argo manifests) and refuse a document with lint errors; run the passes
(``opctl.compile.passes.PASSES``) on each Onepanel template; then emit each manifest, load it back and
lint it in the ``argo`` dialect, so that a manifest the compiler got wrong is an error, not output.

Argo manifests given as input are not Onepanel templates: they pass through unchanged except for
the parameter overrides and ``--name``/``--generate-name``/``--namespace`` (as ``argo submit`` applies
them). Onepanel's stored form (``metadata:`` + ``spec:``) compiles its ``spec`` and takes the
workflow name from ``metadata.name``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from opctl.catalogue import Rule
from opctl.compile import rules
from opctl.compile.passes import KINDS, CompileContext, Override, go_string, plain_copy, run_passes
from opctl.compile.passes import merge_parameter_overrides as _merge_overrides
from opctl.compile.settings import BUILTIN, NamespaceDefaults, load_defaults
from opctl.diagnostics import Diagnostic, ExitCode, OpctlError
from opctl.document import Document, Shape
from opctl.facts import DNS_LABEL, DNS_PREFIX, DNS_SUBDOMAIN, GENERATED_SUFFIX, MAX_DNS_LABEL, suggest_k8s_name
from opctl.lint.registry import LintConfig
from opctl.source import SourceFile


@dataclass
class CompileOptions:
    """Everything that changes a compile besides the input. ``parameters`` are ``(name, value)`` pairs in
    command-line order; ``parameter_files`` are applied after them (``-p`` wins)."""

    parameters: list[tuple[str, str]] = field(default_factory=list)
    parameter_files: list[str] = field(default_factory=list)
    defaults_file: str | None = None
    defaults: NamespaceDefaults | None = None  # given directly (library use); skips the file search
    kind: str | None = None  # workflow | workflowtemplate | cronworkflow; None: workflow (cron with schedule)
    schedules: list[str] = field(default_factory=list)
    name: str | None = None
    generate_name: str | None = None
    namespace: str | None = None
    lint_input: bool = True
    # the project's configuration (disabled rules, severities), applied to every finding as lint does
    lint_config: LintConfig | None = None
    lint_output: bool = True
    env: dict[str, str] | None = None  # for OPCTL_DEFAULTS; None: os.environ
    cwd: str | None = None  # where to start looking for opctl.yaml; None: the working directory


@dataclass
class CompileResult:
    manifests: list[dict[str, Any]]
    diagnostics: list[Diagnostic]
    defaults: NamespaceDefaults = BUILTIN
    fatal: bool = False  # bad options, defaults or parameter file, or nothing to compile: exit 2
    yaml_texts: list[str] = field(default_factory=list)  # each manifest as emitted for the output check
    sources: dict[str, SourceFile] = field(default_factory=dict)  # defaults and parameter files, for code frames

    def to_yaml(self) -> str:
        """The manifests as YAML (reusing the text the output check already emitted)."""
        from opctl.compile.emit import to_yaml

        if len(self.yaml_texts) == len(self.manifests):
            return "---\n".join(self.yaml_texts)
        return to_yaml(self.manifests)

    @property
    def ok(self) -> bool:
        return not self.fatal and not any(d.is_error for d in self.diagnostics)

    @property
    def exit_code(self) -> ExitCode:
        if self.fatal:
            return ExitCode.USAGE
        return ExitCode.OK if self.ok else ExitCode.FINDINGS


def _usage(rule: Rule, message: str, hint: str | None = None, file: str = "") -> Diagnostic:
    """A finding about the command line (no file: reporters show it without a position)."""
    return rule.finding(message, hint, file=file)


def resolve_kind(options: CompileOptions) -> tuple[str, list[Diagnostic]]:
    kind = (options.kind or ("cronworkflow" if options.schedules else "workflow")).lower()
    problems: list[Diagnostic] = []
    if kind not in KINDS:
        problems.append(
            _usage(rules.OPTION, f"unknown kind '{options.kind}'", "use workflow, workflowtemplate or cronworkflow")
        )
    elif kind == "cronworkflow" and not options.schedules:
        problems.append(
            _usage(
                rules.OPTION,
                "--kind cronworkflow needs --schedule",
                "add --schedule '0 2 * * *' (cron syntax; repeat it for several schedules)",
            )
        )
    elif kind != "cronworkflow" and options.schedules:
        problems.append(
            _usage(
                rules.OPTION,
                f"--schedule only applies to --kind cronworkflow, not {kind}",
                "drop --schedule, or use --kind cronworkflow",
            )
        )
    if any(not schedule.strip() for schedule in options.schedules):
        problems.append(
            _usage(rules.OPTION, "--schedule is empty", "give a cron expression, e.g. --schedule '0 2 * * *'")
        )
    if options.name and options.generate_name:
        problems.append(_usage(rules.OPTION, "--name and --generate-name cannot be used together", "choose one"))
    for flag, value, pattern, limit in (
        ("--name", options.name, DNS_SUBDOMAIN, MAX_DNS_LABEL),
        ("--generate-name", options.generate_name, DNS_PREFIX, MAX_DNS_LABEL - GENERATED_SUFFIX),
        ("--namespace", options.namespace, DNS_LABEL, MAX_DNS_LABEL),
    ):
        if value and (len(value) > limit or not pattern.match(value)):
            problems.append(
                _usage(
                    rules.OPTION,
                    f"{flag} '{value}' is not a valid Kubernetes name",
                    f"use at most {limit} lower-case letters, digits and '-', starting and ending with a letter "
                    f"or digit, e.g. '{suggest_k8s_name(value, MAX_DNS_LABEL, 'my-workflow').replace('.', '-')}'",
                )
            )
    return kind, problems


def load_parameter_file(
    path: str, sources: dict[str, SourceFile] | None = None
) -> tuple[list[Override], list[Diagnostic]]:
    """A YAML/JSON map ``{name: value}`` or a list of ``{name, value}``; values become strings as Argo
    reads them (``10`` -> ``"10"``, ``true`` -> ``"true"``)."""
    from opctl.inputs import load_inputs

    inputs = load_inputs([path])
    if sources is not None:
        sources.update(inputs.sources)
    if inputs.fatal:
        return [], list(inputs.diagnostics)
    if len(inputs.documents) != 1:
        return [], [
            _usage(
                rules.PARAMETER_FILE,
                f"parameter file {path} must hold exactly one YAML or JSON document, not {len(inputs.documents)}",
                file=path,
            )
        ]
    doc = inputs.documents[0]
    found: list[Diagnostic] = []
    overrides: list[Override] = []

    def bad(pointer: str, message: str) -> None:
        found.append(
            doc.finding(
                rules.PARAMETER_FILE,
                pointer,
                message,
                "write a map (name: value) or a list of {name: ..., value: ...}",
            )
        )

    def add(name: Any, value: Any, pointer: str) -> None:
        if not isinstance(name, str) or not name:
            bad(pointer, "parameter without a name")
            return
        if isinstance(value, (dict, list)):
            bad(pointer, f"parameter '{name}' has a {type(value).__name__} value; parameter values are strings")
            return
        text = go_string(value)
        overrides.append(Override(name, "" if text is None else text, path))

    data = doc.data
    if isinstance(data, dict):
        for name, value in data.items():
            add(name, value, f"/{name}")
    elif isinstance(data, list):
        for i, item in enumerate(data):
            if not isinstance(item, dict) or "name" not in item:
                bad(f"/{i}", "list items must be mappings with name and value")
                continue
            add(item.get("name"), item.get("value"), f"/{i}")
    else:
        bad("", "a parameter file must be a map of name: value, or a list of {name, value}")
    return overrides, found


@dataclass
class CompileRun:
    """What ``opctl compile``/``submit`` found for their paths: the result (None when an input cannot
    be read or there is no document) and every finding to show, configured."""

    result: CompileResult | None
    diagnostics: list[Diagnostic]
    sources: dict[str, SourceFile]


def compile_paths(paths: Sequence[str], options: CompileOptions) -> CompileRun:
    """Read ``paths`` and compile them with the project's configuration (found from the working
    directory unless ``options.lint_config`` is set). Raises ``OpctlError`` for a bad configuration
    file or stdin named twice."""
    from opctl.config import resolve_config
    from opctl.inputs import load_inputs
    from opctl.lint.run import settle

    if "-" in paths and "-" in options.parameter_files:
        raise OpctlError(
            "standard input can be read only once: FILE - and --parameter-file - cannot both be used",
            hint="save the template or the parameters to a file and pass its path",
        )
    inputs = load_inputs(paths)
    if inputs.fatal or not inputs.documents:
        return CompileRun(None, list(inputs.diagnostics), dict(inputs.sources))
    if options.lint_config is None:
        options.lint_config = resolve_config().lint_config()
    result = compile_documents(inputs.documents, options)
    loader = settle(inputs, [], options.lint_config)
    return CompileRun(result, [*loader, *result.diagnostics], {**result.sources, **inputs.sources})


def compile_documents(docs: list[Document], options: CompileOptions) -> CompileResult:
    """Compile every document; see the module docstring. Never raises for bad input.

    Every finding, lint's and the compiler's, goes through the configuration and the
    ``# opctl: ignore[...]`` comments as in ``opctl lint``; a finding an error after that refuses the
    document."""
    from opctl.lint import apply_config, lint_documents

    by_file = {doc.file: doc for doc in docs}

    def decide(found: list[Diagnostic]) -> list[Diagnostic]:
        return apply_config(found, options.lint_config, by_file)

    diagnostics: list[Diagnostic] = []
    sources: dict[str, SourceFile] = {}
    kind, problems = resolve_kind(options)
    if options.defaults is not None:
        defaults = options.defaults
    else:
        loaded = load_defaults(options.defaults_file, options.env, options.cwd)
        defaults = loaded.defaults
        problems += loaded.diagnostics
        if loaded.source is not None:
            sources[loaded.source.name] = loaded.source
    overrides = [Override(name, value, "-p") for name, value in options.parameters]
    for path in options.parameter_files:
        file_overrides, file_problems = load_parameter_file(path, sources)
        overrides += file_overrides
        problems += file_problems
    problems = decide(problems)
    if any(d.is_error for d in problems):
        return CompileResult([], problems, defaults, fatal=True, sources=sources)
    diagnostics += problems

    compilable = [d for d in docs if d.shape.is_onepanel or d.shape.is_argo]
    refused = False
    for doc in docs:
        if options.lint_input or not (doc.shape.is_onepanel or doc.shape.is_argo):
            found = lint_documents([doc], "argo" if doc.shape.is_argo else "onepanel", options.lint_config)
            # A parameter the command line supplies has the value Argo's create needs.
            supplied = {override.name for override in overrides}
            found = [
                d for d in found if not (d.rule == "spec-argument-no-value" and doc.get(d.path) in supplied)
            ]
            diagnostics += found
            if any(d.is_error for d in found):
                refused = True
    if not compilable:
        diagnostics.append(
            _usage(
                rules.NOTHING,
                "no Onepanel workflow template or Argo manifest in the input"
                + (f": it is {docs[0].looks_like}" if docs and docs[0].looks_like else ""),
                "pass a template file",
                file=docs[0].file if docs else "-",
            )
        )
        return CompileResult([], diagnostics, defaults, fatal=True, sources=sources)
    if refused:
        return CompileResult([], diagnostics, defaults, sources=sources)

    manifests: list[dict[str, Any]] = []
    for doc in compilable:
        ctx = CompileContext(
            doc=doc,
            defaults=defaults,
            overrides=overrides,
            kind=kind,
            schedules=tuple(options.schedules),
            name=options.name,
            generate_name=options.generate_name,
            namespace_option=options.namespace,
        )
        if doc.shape.is_argo:
            manifest = _pass_through(doc, ctx, options)
        else:
            ctx.spec = plain_copy(doc.spec)
            manifest = run_passes(ctx)
        diagnostics += decide(ctx.diagnostics)
        manifests.append(manifest)

    texts: list[str] = []
    if not any(d.is_error for d in diagnostics) and options.lint_output:
        from opctl.compile.emit import to_yaml

        for doc, manifest in zip(compilable, manifests, strict=True):
            texts.append(to_yaml([manifest]))
            diagnostics += decide(check_output(doc, manifest, texts[-1]))
    ok = not any(d.is_error for d in diagnostics)
    return CompileResult(
        manifests if ok else [], diagnostics, defaults, yaml_texts=texts if ok else [], sources=sources
    )


def _pass_through(doc: Document, ctx: CompileContext, options: CompileOptions) -> dict[str, Any]:
    """An Argo manifest: parameter overrides and metadata options only."""
    manifest = plain_copy(doc.data)
    if options.kind and KINDS[ctx.kind] != doc.shape.value:
        ctx.diagnostics.append(
            doc.finding(
                rules.KIND_UNSUPPORTED,
                "/kind",
                f"--kind {options.kind} cannot convert an Argo {doc.shape.value}; only Onepanel templates are wrapped",
                "drop --kind for this input",
            )
        )
        return manifest
    spec = manifest
    for token in doc.spec_pointer.strip("/").split("/"):
        spec = spec.setdefault(token, {}) if isinstance(spec, dict) else {}
    ctx.spec = spec if isinstance(spec, dict) else {}  # a spec of the wrong type: lint's finding, no overrides
    _merge_overrides(manifest, ctx)
    if doc.shape in (Shape.WORKFLOW, Shape.CRON_WORKFLOW):
        _require_parameter_values(ctx)
    metadata = manifest.setdefault("metadata", {})
    if isinstance(metadata, dict):
        if options.name:
            metadata.pop("generateName", None)
            metadata["name"] = options.name
        elif options.generate_name:
            metadata.pop("name", None)
            metadata["generateName"] = options.generate_name
        if options.namespace:
            metadata["namespace"] = options.namespace
    return manifest


def _require_parameter_values(ctx: CompileContext) -> None:
    """Argo's create refuses a spec.arguments parameter with neither value nor valueFrom (argo lint
    accepts it: ``opctl lint`` warns with spec-argument-no-value); the value must come with -p."""
    arguments = ctx.spec.get("arguments")
    for i, param in enumerate(arguments.get("parameters") or [] if isinstance(arguments, dict) else []):
        if not isinstance(param, dict) or param.get("value") is not None or param.get("valueFrom") is not None:
            continue
        name = param.get("name")
        ctx.report(
            rules.PARAMETER_MISSING_VALUE,
            f"/arguments/parameters/{i}",
            f"parameter '{name}' has no value and none was passed: Argo refuses to create the Workflow "
            f"('spec.arguments.{name}.value or spec.arguments.{name}.valueFrom is required')",
            f"pass -p {name}=VALUE or --parameter-file, or give it a value in the manifest",
        )


def check_output(doc: Document, manifest: dict[str, Any], text: str | None = None) -> list[Diagnostic]:
    """Emit the manifest, load it back and lint it as Argo: a finding here is a compiler bug or a
    template the compiler cannot express; either way no manifest is printed."""
    from opctl.compile.emit import to_yaml
    from opctl.inputs import load_string
    from opctl.lint import lint_documents

    name = f"{doc.file} (compiled)"
    if text is None:
        text = to_yaml([manifest])
    inputs = load_string(text, name)
    found = list(inputs.diagnostics)
    if not inputs.fatal:
        found += lint_documents(inputs.documents, "argo")
    problems = []
    for d in found:
        if not d.is_error:
            continue
        problems.append(
            doc.finding(
                rules.OUTPUT_INVALID,
                doc.spec_pointer,
                f"the compiled manifest fails Argo lint at line {d.line}:{d.column} of the output: "
                f"{d.message} [{d.rule}]",
                "this is a bug in opctl or a template opctl cannot compile; please report it with the template",
            )
        )
    return problems
