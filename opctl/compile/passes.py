"""The compiler passes: small named functions ``(manifest, ctx) -> None``, run in ``PASSES`` order.

Each pass reproduces one thing Onepanel did to a template before it created the Argo Workflow; its
docstring names the section of onepanel-semantics.md (``§``) it follows. Platform-only machinery
(status callbacks, the filesyncer sidecar, Istio services and annotations, the ``node-capturer``
hostPort, Onepanel's labels) is deliberately not reproduced: it cannot work without Onepanel and the
status callback would even make every task skip (§4.6).

Passes work on ``ctx.spec``, a private copy of the template's WorkflowSpec that ``wrap_manifest``
places in the manifest. Diagnostics point at the node of the *input* document that caused them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from opctl import model
from opctl.catalogue import Rule
from opctl.compile import rules
from opctl.compile.settings import NamespaceDefaults
from opctl.diagnostics import Diagnostic
from opctl.document import ARGO_API_VERSION, Document, Shape
from opctl.facts import (
    ARTIFACT_REPOSITORY_TYPE,
    ARTIFACT_REPOSITORY_TYPE_VALUE,
    DEFAULT_NODE_POOL_OPTION,
    DROPPED_PARAMETER_FIELDS,
    EXECUTION_NAME_PARAM,
    GO_PLACEHOLDER,
    INTERACTIVE_ENV,
    MAX_DNS_LABEL,
    MEMORY_MOUNTS,
    NODE_POOL_LABEL,
    NODEPOOL_TYPE,
    PLATFORM_ENV,
    RESOURCE_ENV,
    SYS_METRICS,
    SYS_METRICS_PATH,
    SYS_NAME_PARAM,
    generate_uid,
)
from opctl.model import as_dict, as_list, iter_artifacts, iter_main_containers, iter_tasks, iter_templates, join

# --------------------------------------------------------------------------------------------
# constants (the Onepanel facts themselves are in opctl.facts, shared with lint)

KINDS = {"workflow": "Workflow", "workflowtemplate": "WorkflowTemplate", "cronworkflow": "CronWorkflow"}
# Argo Parameter fields that Onepanel's filterOutCustomTypesFromManifest also removed (§3.2).
ARGO_PARAMETER_FIELDS = tuple(DROPPED_PARAMETER_FIELDS)
_NAMESPACE_VAR = re.compile(r"\{\{\s*(?:workflow|workspace)\.namespace\s*\}\}")
_WORKSPACE_UID_VAR = re.compile(r"\{\{\s*workspace\.uid\s*\}\}")
_WORKFLOW_PARAM_REF = re.compile(r"\A\{\{\s*workflow\.parameters\.([-A-Za-z0-9_]+)\s*\}\}\Z")


# --------------------------------------------------------------------------------------------
# context


@dataclass
class Override:
    """A parameter value passed with ``-p`` or ``--parameter-file``."""

    name: str
    value: str
    origin: str  # "-p" or the parameter file's name


@dataclass
class CompileContext:
    """What every pass sees: the input document, the settings, the spec being built, findings."""

    doc: Document
    defaults: NamespaceDefaults
    overrides: list[Override] = field(default_factory=list)
    kind: str = "workflow"
    schedules: tuple[str, ...] = ()
    name: str | None = None
    generate_name: str | None = None
    namespace_option: str | None = None
    spec: dict[str, Any] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # filled by the passes
    parameter_types: dict[str, str] = field(default_factory=dict)  # name -> Onepanel `type`
    parameter_pointers: dict[str, str] = field(default_factory=dict)  # name -> spec-relative pointer

    @property
    def namespace(self) -> str | None:
        return self.namespace_option or self.defaults.namespace

    def report(self, rule: Rule, pointer: str, message: str, hint: str | None = None, *, key: bool = False) -> None:
        """A finding of ``rule`` (``opctl.compile.rules``) at ``pointer``, relative to the input's spec
        (e.g. ``/templates/2/container``); its severity is the catalogue's."""
        self.diagnostics.append(self.doc.finding(rule, self.doc.spec_pointer + pointer, message, hint, key=key))

    def parameter_values(self) -> dict[str, Any]:
        return {p["name"]: p.get("value") for p in workflow_parameters(self.spec) if isinstance(p.get("name"), str)}


Pass = Callable[[dict[str, Any], CompileContext], None]


# --------------------------------------------------------------------------------------------
# helpers


def plain_copy(value: Any) -> Any:
    """Copy YAML data (dicts, lists, scalars); much faster than copy.deepcopy, and it unshares aliases
    so that injecting into one template never changes another."""
    if isinstance(value, dict):
        return {k: plain_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_copy(v) for v in value]
    return value


def go_string(value: Any) -> str | None:
    """A scalar as Argo's AnyString prints it after Onepanel's YAML round trip (§2.3).

    ``True`` -> ``true``, ``10`` -> ``10``, ``1e3`` -> ``1000``, ``0.5`` -> ``0.5`` (Go's
    ``strconv.FormatFloat(v, 'f', -1, 64)``: shortest digits, never an exponent). None stays None.
    """
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value:
            return "NaN"
        if value in (float("inf"), float("-inf")):
            return "+Inf" if value > 0 else "-Inf"
        return format(Decimal(repr(value)).normalize(), "f")
    return None


def onepanel_uid(text: str, limit: int = 63) -> str:
    """Onepanel's GenerateUID (§2.6): every run of ``[^a-zA-Z0-9-]`` becomes ``-``, lower-cased; then
    trimmed to a valid Kubernetes name prefix (Onepanel refused over-long names instead)."""
    uid = generate_uid(text).strip("-")
    return uid[:limit].rstrip("-")


def workflow_parameters(spec: dict[str, Any]) -> list[dict[str, Any]]:
    """The workflow parameters that are mappings with a string name (others are the lint's business)."""
    return [p for _, p in model.workflow_parameters(spec, "") if isinstance(p.get("name"), str)]


def _walk_strings(value: Any, pointer: str, visit: Callable[[str, str, bool], str], *, keys: bool = True) -> Any:
    """Rebuild ``value`` with ``visit(text, pointer, is_key)`` applied to every string (and key)."""
    if isinstance(value, str):
        return visit(value, pointer, False)
    if isinstance(value, dict):
        result = {}
        for k, v in value.items():
            child = join(pointer, k)
            new_key = visit(k, child, True) if keys and isinstance(k, str) else k
            result[new_key] = _walk_strings(v, child, visit, keys=keys)
        return result
    if isinstance(value, list):
        return [_walk_strings(v, join(pointer, i), visit, keys=keys) for i, v in enumerate(value)]
    return value


# --------------------------------------------------------------------------------------------
# passes, in order


def substitute_migration_placeholders(manifest: dict[str, Any], ctx: CompileContext) -> None:
    """Replace ``{{.NodePoolLabel}}``, ``{{.DefaultNodePoolOption}}`` and ``{{.ArtifactRepositoryType}}``
    from the defaults (§3.3: Onepanel's ReplaceRuntimeVariablesInManifest did it for its own stored
    system templates at migration time). Without node pools configured the first two are an error:
    the output would carry the literal placeholder as a nodeSelector label."""
    defaults = ctx.defaults
    values: dict[str, str | None] = {
        NODE_POOL_LABEL: defaults.node_pool_label,
        DEFAULT_NODE_POOL_OPTION: defaults.default_node_pool.value if defaults.default_node_pool else None,
        ARTIFACT_REPOSITORY_TYPE: ARTIFACT_REPOSITORY_TYPE_VALUE,  # Onepanel required an s3 block (§5.2)
    }
    reported: set[str] = set()

    def visit(text: str, pointer: str, is_key: bool) -> str:
        if "{{" not in text or "." not in text:
            return text

        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in values:
                if name not in reported:
                    reported.add(name)
                    ctx.report(
                        rules.PLACEHOLDER_UNKNOWN,
                        pointer,
                        f"unknown Onepanel placeholder '{match.group(0)}' left as written",
                        "Onepanel's migration only knew {{.NodePoolLabel}}, {{.DefaultNodePoolOption}} and "
                        "{{.ArtifactRepositoryType}}",
                        key=is_key,
                    )
                return match.group(0)
            value = values[name]
            if value is None:
                if name not in reported:
                    reported.add(name)
                    what = "nodePool.label" if name == NODE_POOL_LABEL else "nodePool.options"
                    ctx.report(
                        rules.PLACEHOLDER_UNCONFIGURED,
                        pointer,
                        f"'{match.group(0)}' needs {what} in the namespace defaults, which has none "
                        f"({defaults.source})",
                        "add nodePool (label and options) to opctl.yaml or pass --defaults FILE; see docs/compile.md",
                        key=is_key,
                    )
                return match.group(0)
            return value

        return GO_PLACEHOLDER.sub(replace, text)

    ctx.spec = _walk_strings(ctx.spec, "", visit)


def clean_parameters(manifest: dict[str, Any], ctx: CompileContext) -> None:
    """Keep only ``name`` and ``value`` of ``spec.arguments.parameters`` (§3.2, filterOutCustomTypes):
    Onepanel's UI fields go silently; Argo's own ``enum``/``default``/... go with a warning, because
    Onepanel dropped them too. Elements that are not mappings are dropped with an error."""
    arguments = ctx.spec.get("arguments")
    if not isinstance(arguments, dict) or not isinstance(arguments.get("parameters"), list):
        return
    cleaned = []
    for i, param in enumerate(arguments["parameters"]):
        pointer = join("", "arguments", "parameters", i)
        if not isinstance(param, dict) or not isinstance(param.get("name"), str):
            ctx.report(
                rules.PARAMETER_INVALID,
                pointer,
                "workflow parameter without a name",
                "write each parameter as a mapping with 'name' and 'value'",
            )
            continue
        name = param["name"]
        if isinstance(param.get("type"), str):
            ctx.parameter_types[name] = param["type"]
        ctx.parameter_pointers.setdefault(name, pointer)
        dropped = [k for k in ARGO_PARAMETER_FIELDS if k in param]
        if dropped:
            ctx.report(
                rules.PARAMETER_FIELD_DROPPED,
                f"{pointer}/{dropped[0]}",
                f"parameter '{name}': {', '.join(dropped)} dropped, as Onepanel did",
                "Onepanel kept only name and value of workflow parameters; give the value directly",
                key=True,
            )
        kept = {"name": name}
        if "value" in param:
            kept["value"] = param["value"]
        cleaned.append(kept)
    arguments["parameters"] = cleaned


def merge_parameter_overrides(manifest: dict[str, Any], ctx: CompileContext) -> None:
    """Apply ``-p``/``--parameter-file`` values in Onepanel's merge order (§3.5): the passed
    parameters first, in the order given (``-p`` before the file's, a name passed twice keeps its
    first place and its last value), then the template's parameters that were not passed, in
    template order. A passed parameter the template does not declare is added, with a warning."""
    if not ctx.overrides:
        return
    passed: dict[str, Override] = {}
    for override in ctx.overrides:
        if override.name in passed and passed[override.name].origin == "-p" and override.origin != "-p":
            continue  # -p wins over a parameter file, as in `argo submit`
        passed[override.name] = override
    declared = as_list(as_dict(ctx.spec.get("arguments")).get("parameters"))
    declared_names = {p["name"] for p in workflow_parameters(ctx.spec)}
    for name, override in passed.items():
        if name not in declared_names:
            ctx.report(
                rules.PARAMETER_UNDECLARED,
                "/arguments" if "arguments" in ctx.spec else "",
                f"parameter '{name}' (from {override.origin}) is not declared by the template; it is added",
                "check the name; declared parameters: " + (", ".join(sorted(declared_names)) or "none"),
            )
    merged = [{"name": name, "value": o.value} for name, o in passed.items()]
    merged += [
        p for p in declared if not (isinstance(p, dict) and isinstance(p.get("name"), str) and p["name"] in passed)
    ]
    arguments = ctx.spec.setdefault("arguments", {})
    if not isinstance(arguments, dict):
        arguments = ctx.spec["arguments"] = {}
    arguments["parameters"] = merged


def resolve_node_pool_parameters(manifest: dict[str, Any], ctx: CompileContext) -> None:
    """A ``select.nodepool`` parameter whose value is ``default`` (or missing) takes the first node-pool
    option's value, as Onepanel's replaceSysNodePoolOptions did for every such parameter (§3.3, §3.4).
    A value that is not an option is a warning (Onepanel's generate API rejected it); no node pools
    configured while the value is ``default`` is an error: the pod would never be scheduled."""
    defaults = ctx.defaults
    for param in workflow_parameters(ctx.spec):
        name = param["name"]
        if ctx.parameter_types.get(name) != NODEPOOL_TYPE:
            continue
        pointer = ctx.parameter_pointers.get(name, "/arguments")
        value = go_string(param.get("value"))
        if value in (None, "", "default"):
            if defaults.default_node_pool is None:
                ctx.report(
                    rules.NODEPOOL_UNCONFIGURED,
                    pointer,
                    f"select.nodepool parameter '{name}' is 'default' but no node pools are configured "
                    f"({defaults.source})",
                    f"pass -p {name}=<node pool value>, or add nodePool.options to opctl.yaml "
                    "(the first option is the default)",
                )
                continue
            param["value"] = defaults.default_node_pool.value
        elif defaults.node_pool_options and defaults.node_pool_option(value) is None:
            valid = ", ".join(o.value for o in defaults.node_pool_options)
            ctx.report(
                rules.NODEPOOL_UNKNOWN_VALUE,
                pointer,
                f"select.nodepool parameter '{name}' has value '{value}', which is not a configured node pool",
                f"valid values: default, {valid}",
            )


def normalise_parameter_values(manifest: dict[str, Any], ctx: CompileContext) -> None:
    """Turn every workflow parameter value into the string Argo would hold after Onepanel's YAML round
    trip (§2.3: ``True`` -> ``true``, ``10`` -> ``10``, floats in Go ``'f'`` format). A parameter with
    no value and no override is an error naming it, instead of Onepanel's literal ``<value>`` (§3.2);
    a WorkflowTemplate may leave it open for the submitter."""
    for param in workflow_parameters(ctx.spec):
        name = param["name"]
        pointer = ctx.parameter_pointers.get(name, "/arguments")
        value = param.get("value")
        if isinstance(value, (dict, list)):
            ctx.report(
                rules.PARAMETER_INVALID,
                f"{pointer}/value",
                f"parameter '{name}' has a {type(value).__name__} value; Argo parameter values are strings",
                "quote the value, or write it as a JSON string",
            )
            continue
        text = go_string(value)
        if text is None:
            if ctx.kind == "workflowtemplate":
                param.pop("value", None)
                continue
            ctx.report(
                rules.PARAMETER_MISSING_VALUE,
                pointer,
                f"parameter '{name}' has no value and none was passed",
                f"pass -p {name}=VALUE or --parameter-file, or give it a value in the template "
                "(Onepanel would have submitted the literal '<value>')",
            )
            continue
        param["value"] = text


def substitute_namespace_in_parameters(manifest: dict[str, Any], ctx: CompileContext) -> None:
    """Replace ``{{workflow.namespace}}`` and ``{{workspace.namespace}}`` inside parameter values with the
    namespace, and ``{{workspace.uid}}`` with the UID of the ``sys-name`` parameter's value when there is
    one (§3.6, core:pkg/workflow_execution.go:510-547): Argo does not resolve variables nested in a
    parameter value, and real templates rely on it (``artifacts/{{workflow.namespace}}/annotations/``).
    Unknown namespace: an error. No ``sys-name``: ``{{workspace.uid}}`` is left, as Onepanel left it."""
    parameters = workflow_parameters(ctx.spec)
    sys_name = next((p.get("value") for p in parameters if p["name"] == SYS_NAME_PARAM), None)
    for param in parameters:
        value = param.get("value")
        if not isinstance(value, str):
            continue
        if isinstance(sys_name, str) and _WORKSPACE_UID_VAR.search(value):
            value = param["value"] = _WORKSPACE_UID_VAR.sub(lambda _m: generate_uid(sys_name), value)
        if "namespace" not in value or not _NAMESPACE_VAR.search(value):
            continue
        if ctx.namespace is None:
            name = param["name"]
            ctx.report(
                rules.NAMESPACE_UNKNOWN,
                ctx.parameter_pointers.get(name, "/arguments"),
                f"parameter '{name}' uses {{{{workflow.namespace}}}} in its value, which Argo does not "
                "resolve there, and the namespace is unknown",
                "pass --namespace NAME or set namespace: in opctl.yaml",
            )
            continue
        param["value"] = _NAMESPACE_VAR.sub(lambda _m: ctx.namespace or "", value)


def wrap_manifest(manifest: dict[str, Any], ctx: CompileContext) -> None:
    """Wrap the spec as an Argo manifest (§1, §4.2): ``apiVersion: argoproj.io/v1alpha1``, the kind
    chosen with ``--kind``, and metadata. A Workflow gets ``generateName`` = Onepanel's UID of the
    template name + ``-`` (the stored form's ``metadata.name``, else the file name); ``--name``,
    ``--generate-name``, a ``workflow-execution-name`` parameter (§3.7) and ``--namespace`` (or the
    defaults' namespace) override or add to it. WorkflowTemplate and CronWorkflow get a ``name``."""
    kind = KINDS[ctx.kind]
    base = onepanel_uid(_template_name(ctx.doc)) or "workflow"
    metadata: dict[str, Any] = {}
    execution_name = ctx.parameter_values().get(EXECUTION_NAME_PARAM)
    if ctx.name:
        metadata["name"] = ctx.name
    elif ctx.generate_name:
        metadata["generateName"] = ctx.generate_name
    elif kind == "Workflow" and isinstance(execution_name, str) and execution_name:
        metadata["name"] = execution_name
    elif kind == "Workflow":
        metadata["generateName"] = base[:57].rstrip("-") + "-"
    else:
        # a name derived from a long file name is cut to what Argo accepts (CronWorkflow: 52, its
        # workflows add a timestamp suffix); a name the user gave is checked, never cut
        limit = 52 if kind == "CronWorkflow" else MAX_DNS_LABEL
        metadata["name"] = base[:limit].rstrip("-") or "workflow"
    if ctx.namespace:
        metadata["namespace"] = ctx.namespace
    manifest.clear()
    manifest["apiVersion"] = ARGO_API_VERSION
    manifest["kind"] = kind
    manifest["metadata"] = metadata
    if kind == "CronWorkflow":
        manifest["spec"] = {"schedules": list(ctx.schedules), "workflowSpec": ctx.spec}
    else:
        manifest["spec"] = ctx.spec


def _template_name(doc: Document) -> str:
    if doc.shape is Shape.ONEPANEL_STORED:
        metadata = as_dict(as_dict(doc.data).get("metadata"))
        if isinstance(metadata.get("name"), str) and metadata["name"].strip():
            return metadata["name"]
    if doc.file in ("-", "<stdin>"):
        return "workflow"
    from pathlib import PurePath

    return PurePath(doc.file).stem


def default_gc(manifest: dict[str, Any], ctx: CompileContext) -> None:
    """``spec.volumeClaimGC`` (default ``OnWorkflowCompletion``, §4.1: otherwise PVCs leak when a
    workflow fails) and ``spec.podGC`` (default ``OnPodCompletion``, §4.1) when the template sets none;
    the defaults file can change or turn off (null) either."""
    spec = ctx.spec
    if "volumeClaimGC" not in spec and ctx.defaults.volume_claim_gc is not None:
        spec["volumeClaimGC"] = dict(ctx.defaults.volume_claim_gc)
    if "podGC" not in spec and ctx.defaults.pod_gc is not None:
        spec["podGC"] = dict(ctx.defaults.pod_gc)


def default_service_account(manifest: dict[str, Any], ctx: CompileContext) -> None:
    """``spec.serviceAccountName`` from the defaults when the template sets none (§4.2: Onepanel left it
    to the namespace's ``default`` account, which its Role was bound to)."""
    if ctx.defaults.service_account_name and "serviceAccountName" not in ctx.spec:
        ctx.spec["serviceAccountName"] = ctx.defaults.service_account_name


def artifact_repository_ref(manifest: dict[str, Any], ctx: CompileContext) -> None:
    """``spec.artifactRepositoryRef`` from ``artifactRepository.ref`` when configured (§4.9f: Onepanel
    always set ``{configMap: onepanel, key: artifactRepository}``, overwriting the template's). Not
    configured: nothing is emitted and Argo uses the cluster's default repository."""
    ref = ctx.defaults.artifact_repository_ref
    if ref is None:
        return
    current = ctx.spec.get("artifactRepositoryRef")
    if current is not None and current != ref:
        ctx.report(
            rules.ARTIFACT_REPOSITORY_REF_REPLACED,
            "/artifactRepositoryRef",
            "the template's artifactRepositoryRef is replaced by the namespace's, as Onepanel did",
            "remove it from the template, or set artifactRepository.ref: null in opctl.yaml",
            key=True,
        )
    ctx.spec["artifactRepositoryRef"] = dict(ref)


def memory_volumes(manifest: dict[str, Any], ctx: CompileContext) -> None:
    """Add the memory-backed ``emptyDir`` volumes ``sys-dshm`` (mounted at ``/dev/shm``: PyTorch
    DataLoader workers need more than Docker's 64 MB) and ``tmp`` (at ``/mnt/tmp``, where
    ``sys-metrics.json`` is written) and mount them in the main container (§4.4). Onepanel mounted
    them in container templates only (§8.1); opctl mounts them in script templates too, because
    Onepanel's own current script templates write ``/mnt/tmp/sys-metrics.json``. The unused ``out``
    volume (§8.6) is not emitted. A mount path the user already uses is left to the user; a volume
    or claim of the template named ``sys-dshm``/``tmp`` keeps the name and is not mounted (warning)."""
    leaves = list(iter_main_containers(ctx.spec, ""))
    volumes = ctx.spec.get("volumes")
    if not leaves or not isinstance(volumes, (list, type(None))):
        return
    taken: dict[str, str] = {}  # volume names the template uses -> pointer of the name
    for i, volume in enumerate(as_list(volumes)):
        if isinstance(volume, dict) and isinstance(volume.get("name"), str):
            taken.setdefault(volume["name"], join("", "volumes", i, "name"))
    for i, claim in enumerate(as_list(ctx.spec.get("volumeClaimTemplates"))):
        name = as_dict(as_dict(claim).get("metadata")).get("name")
        if isinstance(name, str):
            taken.setdefault(name, join("", "volumeClaimTemplates", i, "metadata", "name"))
    added = []
    for name, path in MEMORY_MOUNTS:
        if name in taken:
            ctx.report(
                rules.RESERVED_NAME,
                taken[name],
                f"volume name '{name}' is reserved by Onepanel for the memory emptyDir at {path}; the "
                f"template's volume keeps the name and nothing is mounted at {path}",
                "rename the volume",
            )
            continue
        added.append((name, path))
        if volumes is None:
            volumes = ctx.spec["volumes"] = []
        volumes.append({"name": name, "emptyDir": {"medium": "Memory"}})
    for leaf in leaves:
        body = leaf.body
        mounts = body.get("volumeMounts")
        if mounts is not None and not isinstance(mounts, list):
            continue
        used = {
            m.get("mountPath") for m in as_list(mounts) if isinstance(m, dict) and isinstance(m.get("mountPath"), str)
        }
        for name, path in added:
            if path not in used:
                if mounts is None:
                    mounts = body["volumeMounts"] = []
                mounts.append({"name": name, "mountPath": path})


def node_pool_resources(manifest: dict[str, Any], ctx: CompileContext) -> None:
    """Give the main container the resources of the node-pool option its ``nodeSelector`` selects,
    when that option has ``limits`` (§4.9a: that is how a GPU pool's ``nvidia.com/gpu`` limit got
    there). The selector value may be ``{{workflow.parameters.X}}``, resolved with the final parameter
    values. The user's own resources are replaced, with a warning. Onepanel's ``node-capturer``
    hostPort (one pod per node) is platform scheduling and is not emitted."""
    defaults = ctx.defaults
    if not defaults.node_pool_options:
        return
    values = ctx.parameter_values()
    for leaf in iter_main_containers(ctx.spec, ""):
        template = leaf.template.data
        selector = template.get("nodeSelector")
        if not isinstance(selector, dict) or not selector:
            continue
        # Onepanel took an arbitrary entry (Go map order, §8.4); prefer the node-pool label.
        key = defaults.node_pool_label if defaults.node_pool_label in selector else next(iter(selector))
        raw = selector[key]
        value = go_string(raw) if not isinstance(raw, (dict, list)) else None
        if value is None:
            continue
        match = _WORKFLOW_PARAM_REF.match(value)
        if match:
            value = go_string(values.get(match.group(1)))
        option = defaults.node_pool_option(value) if value else None
        if option is None or not option.resources or not option.resources.get("limits"):
            continue
        body = leaf.body
        current = body.get("resources")
        if current and current != option.resources:
            ctx.report(
                rules.RESOURCES_REPLACED,
                join(leaf.pointer, "resources"),
                f"template '{template.get('name')}': resources replaced by those of node pool "
                f"'{option.name}' ({option.value}), as Onepanel did",
                "remove the resources from the template, or change the node pool's resources in opctl.yaml",
                key=True,
            )
        body["resources"] = plain_copy(option.resources)


def inject_environment(manifest: dict[str, Any], ctx: CompileContext) -> None:
    """Environment of the main container of container and script templates (§4.9b):
    ``ONEPANEL_RESOURCE_UID`` (``{{workflow.name}}``) and ``ONEPANEL_RESOURCE_NAMESPACE``
    (``{{workflow.namespace}}``) always; ``ONEPANEL_PROVIDER/DOMAIN/FQDN/API_URL`` when ``platform:``
    is configured; all before the user's variables, in Onepanel's order; a variable the user set
    wins. ``envFrom`` the env secret (``optional: true``) after the user's sources."""
    defaults = ctx.defaults
    injected = list(RESOURCE_ENV)
    for env_name in PLATFORM_ENV:
        if env_name in defaults.platform:
            injected.append((env_name, defaults.platform[env_name]))
    for leaf in iter_main_containers(ctx.spec, ""):
        body = leaf.body
        env = body.get("env")
        if env is not None and not isinstance(env, list):
            continue
        env = env or []
        present = {e.get("name") for e in env if isinstance(e, dict) and isinstance(e.get("name"), str)}
        body["env"] = [{"name": n, "value": v} for n, v in injected if n not in present] + env
        if defaults.env_secret:
            sources = body.get("envFrom")
            if sources is None:
                sources = body["envFrom"] = []
            if isinstance(sources, list) and not any(
                as_dict(as_dict(s).get("secretRef")).get("name") == defaults.env_secret for s in sources
            ):
                sources.append({"secretRef": {"name": defaults.env_secret, "optional": True}})


def sys_metrics_output(manifest: dict[str, Any], ctx: CompileContext) -> None:
    """Add the optional output artifact ``sys-metrics`` at ``/mnt/tmp/sys-metrics.json`` with
    ``archive: none`` to every container and script template (§4.9c); templates read it as
    ``{{tasks.X.outputs.artifacts.sys-metrics}}``. It has no location: Argo stores it in the workflow's
    artifact repository. A template that already declares such an output keeps its own."""
    for leaf in iter_main_containers(ctx.spec, ""):
        template = leaf.template.data
        outputs = template.get("outputs")
        if outputs is None:
            outputs = template["outputs"] = {}
        if not isinstance(outputs, dict):
            continue
        artifacts = outputs.get("artifacts")
        if artifacts is None:
            artifacts = outputs["artifacts"] = []
        if not isinstance(artifacts, list):
            continue
        if any(isinstance(a, dict) and a.get("name") == SYS_METRICS for a in artifacts):
            ctx.report(
                rules.RESERVED_NAME,
                join(leaf.template.pointer, "outputs", "artifacts"),
                f"template '{template.get('name')}' declares its own '{SYS_METRICS}' output; Onepanel "
                "would have failed with \"'sys-metrics' is not unique\"; the template's is kept",
                "rename the output: Onepanel reserves sys-metrics",
            )
            continue
        artifacts.append({"name": SYS_METRICS, "path": SYS_METRICS_PATH, "optional": True, "archive": {"none": {}}})


def complete_key_only_artifacts(manifest: dict[str, Any], ctx: CompileContext) -> None:
    """Complete key-only S3 artifacts of container and script templates from the namespace repository
    (§4.9d, Onepanel's rule: ``s3.key`` set and ``s3.bucket`` empty; the endpoint is overwritten too,
    the key is kept verbatim). Without a bucket in the defaults they stay key-only, which Argo 3.0+
    resolves through the cluster's default repository: a warning says so. Key-only artifacts in DAG
    task arguments were never completed by Onepanel: a warning."""
    s3 = ctx.defaults.s3
    complete = s3 is not None and bool(s3.bucket)
    warned = False
    for leaf in iter_main_containers(ctx.spec, ""):
        for direction in ("inputs", "outputs"):
            for pointer, artifact in iter_artifacts(leaf.template.data, leaf.template.pointer, direction):
                location = as_dict(artifact).get("s3") if isinstance(artifact, dict) else None
                if not isinstance(location, dict) or not location.get("key") or location.get("bucket"):
                    continue
                if not complete:
                    if not warned:
                        warned = True
                        ctx.report(
                            rules.KEY_ONLY_ARTIFACT,
                            join(pointer, "s3"),
                            f"key-only S3 artifact '{artifact.get('name')}' (and any others) is left for the "
                            f"cluster's default artifact repository: no bucket configured ({ctx.defaults.source})",
                            "Argo 3.0+ resolves key-only artifacts from its default repository; to write "
                            "the location in as Onepanel did, set artifactRepository.s3 in opctl.yaml",
                        )
                    continue
                assert s3 is not None
                location["endpoint"] = s3.endpoint
                location["bucket"] = s3.bucket
                if s3.region is not None:
                    location["region"] = s3.region
                location["insecure"] = bool(s3.insecure)
                if s3.access_key_secret:
                    location["accessKeySecret"] = {
                        "name": s3.access_key_secret["name"],
                        "key": s3.access_key_secret["key"],
                    }
                if s3.secret_key_secret:
                    location["secretKeySecret"] = {
                        "name": s3.secret_key_secret["name"],
                        "key": s3.secret_key_secret["key"],
                    }
                if location.get("endpoint") is None:
                    location.pop("endpoint")
    for template in iter_templates(ctx.spec, ""):
        tasks = as_list(as_dict(template.data.get("dag")).get("tasks"))
        if not any(as_dict(as_dict(task).get("arguments")).get("artifacts") for task in tasks):
            continue  # the common case: no pointers built for thousands of tasks
        for task in iter_tasks(template):
            for pointer, artifact in iter_artifacts(task.data, task.pointer, "arguments"):
                location = as_dict(as_dict(artifact).get("s3"))
                if location.get("key") and not location.get("bucket"):
                    ctx.report(
                        rules.ARGUMENT_KEY_ONLY,
                        pointer,
                        f"key-only S3 artifact '{artifact.get('name')}' in task arguments: Onepanel did not "
                        "complete these, and neither does opctl",
                        "declare the key on the called template's input artifact instead, or give the full location",
                    )


def force_archive_none(manifest: dict[str, Any], ctx: CompileContext) -> None:
    """``archive: {none: {}}`` on every input and output artifact of container and script templates
    (§4.9d): files land unarchived at ``<key>/...`` and inputs are not untarred, as under Onepanel.
    An explicit ``tar`` archive the user wrote is overridden, with a warning."""
    for leaf in iter_main_containers(ctx.spec, ""):
        for direction in ("inputs", "outputs"):
            for pointer, artifact in iter_artifacts(leaf.template.data, leaf.template.pointer, direction):
                if not isinstance(artifact, dict):
                    continue
                current = artifact.get("archive")
                if isinstance(current, dict) and current and "none" not in current:
                    ctx.report(
                        rules.ARCHIVE_REPLACED,
                        join(pointer, "archive"),
                        f"artifact '{artifact.get('name')}': archive {sorted(current)[0]} replaced by none, "
                        "as Onepanel forced",
                        "remove the archive setting: Onepanel always stored artifacts unarchived",
                        key=True,
                    )
                artifact["archive"] = {"none": {}}


def mirror_interactive_sidecars(manifest: dict[str, Any], ctx: CompileContext) -> None:
    """``mirrorVolumeMounts: true`` on sidecars with ``ONEPANEL_INTERACTIVE_SIDECAR=true`` (§4.8 step 2):
    TensorBoard and NNI sidecars read ``/mnt/output`` through it. Onepanel refused an interactive
    sidecar without ports; opctl warns (the Service that needed them is platform-only)."""
    for template in iter_templates(ctx.spec, ""):
        for s, sidecar in enumerate(as_list(template.data.get("sidecars"))):
            if not isinstance(sidecar, dict):
                continue
            interactive = any(
                isinstance(e, dict) and e.get("name") == INTERACTIVE_ENV and e.get("value") == "true"
                for e in as_list(sidecar.get("env"))
            )
            if not interactive:
                continue
            sidecar["mirrorVolumeMounts"] = True
            if not sidecar.get("ports"):
                ctx.report(
                    rules.SIDECAR_NO_PORTS,
                    join(template.pointer, "sidecars", s),
                    f"interactive sidecar '{sidecar.get('name')}' has no ports; Onepanel refused it "
                    '("sidecar must have at least one port")',
                    "add the port it serves on",
                )


PASSES: tuple[Pass, ...] = (
    substitute_migration_placeholders,
    clean_parameters,
    merge_parameter_overrides,
    resolve_node_pool_parameters,
    normalise_parameter_values,
    substitute_namespace_in_parameters,
    wrap_manifest,
    default_gc,
    default_service_account,
    artifact_repository_ref,
    memory_volumes,
    node_pool_resources,
    inject_environment,
    sys_metrics_output,
    complete_key_only_artifacts,
    force_archive_none,
    mirror_interactive_sidecars,
)


def run_passes(ctx: CompileContext, passes: tuple[Pass, ...] = PASSES) -> dict[str, Any]:
    """Compile ``ctx.doc`` (whose spec must already be in ``ctx.spec``) into a manifest."""
    manifest: dict[str, Any] = {}
    for compile_pass in passes:
        compile_pass(manifest, ctx)
    return manifest
