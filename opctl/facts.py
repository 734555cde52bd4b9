"""Onepanel, Argo and Kubernetes facts that lint and compile both rely on, written once.

Lint warns about what the platform does (the outputs, volumes and environment Onepanel injects, the
parameter fields it drops, the migration placeholders it substitutes); compile reproduces it. Both
import these names, so the two cannot drift apart. The sections cite docs/onepanel-semantics.md
(§ numbers) as the passes do.
"""

from __future__ import annotations

import re

# --------------------------------------------------------------------------------------------
# what Onepanel injects into every workflow (§2.7, §4.4, §4.9)

SYS_METRICS = "sys-metrics"  # the output artifact added to every container and script template
SYS_METRICS_PATH = "/mnt/tmp/sys-metrics.json"  # where Onepanel collects it from (since 2021-03)
STALE_METRICS_PATH = "/tmp/sys-metrics.json"  # where it used to: no longer read
STALE_METRICS = re.compile(r"(?<!/mnt)/tmp/sys-metrics\.json")
METRICS_TEMPLATE_TYPES = frozenset({"container", "script"})  # the templates that get sys-metrics
SIDECAR_URL_OUTPUT_PREFIX = "sys-sidecar-url--"  # outputs Onepanel adds for interactive sidecars

SHM_VOLUME = "sys-dshm"
TMP_VOLUME = "tmp"
UNUSED_VOLUME = "out"  # declared by Onepanel, never mounted (§8.6); opctl does not emit it
# (volume, mount path) of the memory-backed emptyDirs mounted in the main container (§4.4)
MEMORY_MOUNTS = ((SHM_VOLUME, "/dev/shm"), (TMP_VOLUME, "/mnt/tmp"))
RESERVED_MOUNTS = {path: name for name, path in MEMORY_MOUNTS}
RESERVED_VOLUMES = {
    SHM_VOLUME: "the memory emptyDir it mounts at /dev/shm",
    TMP_VOLUME: "the memory emptyDir it mounts at /mnt/tmp",
    UNUSED_VOLUME: "an unused memory emptyDir",
}

# Environment variable -> key of `platform:` in the namespace defaults (and of Onepanel's system
# ConfigMap): injected into every main container when configured, in this order (§4.9b).
PLATFORM_ENV = {
    "ONEPANEL_PROVIDER": "provider",
    "ONEPANEL_DOMAIN": "domain",
    "ONEPANEL_FQDN": "fqdn",
    "ONEPANEL_API_URL": "apiUrl",
}
# Injected with a workflow variable as value (§4.9).
RESOURCE_ENV = (
    ("ONEPANEL_RESOURCE_UID", "{{workflow.name}}"),
    ("ONEPANEL_RESOURCE_NAMESPACE", "{{workflow.namespace}}"),
)
INJECTED_ENV = (*PLATFORM_ENV, *(name for name, _ in RESOURCE_ENV))
INTERACTIVE_ENV = "ONEPANEL_INTERACTIVE_SIDECAR"  # on a sidecar: Onepanel exposes its ports

STATUS_TEMPLATES = ("sys-send-status", "sys-send-exit-stats", "sys-send-init-stats")

# --------------------------------------------------------------------------------------------
# workflow parameters (§2.7, §3.1, §3.2)

NODEPOOL_TYPE = "select.nodepool"
EXECUTION_NAME_PARAM = "workflow-execution-name"  # names the Workflow
SYS_NAME_PARAM = "sys-name"  # makes {{workspace.uid}} resolvable
MEANINGFUL_PARAMETERS = frozenset({EXECUTION_NAME_PARAM, SYS_NAME_PARAM})  # used by existing, not by reference
# Argo Parameter fields Onepanel's filterOutCustomTypesFromManifest removed from workflow
# parameters, in the order compile lists them, with what to write instead.
DROPPED_PARAMETER_FIELDS = {
    "default": "put the default in `value`",
    "enum": "to restrict the choices in the form use `type: select.select` with `options`",
    "description": "use `hint` to describe the parameter in the Onepanel form",
    "globalName": "remove it: workflow parameters are global already ({{workflow.parameters.NAME}})",
    "valueFrom": "set `value` directly",
}

# --------------------------------------------------------------------------------------------
# Go template placeholders Onepanel's migration substituted in its own system templates (§3.3)

NODE_POOL_LABEL = "NodePoolLabel"
DEFAULT_NODE_POOL_OPTION = "DefaultNodePoolOption"
ARTIFACT_REPOSITORY_TYPE = "ArtifactRepositoryType"
PLACEHOLDER_NAMES = (NODE_POOL_LABEL, DEFAULT_NODE_POOL_OPTION, ARTIFACT_REPOSITORY_TYPE)
PLACEHOLDERS = tuple(f"{{{{.{name}}}}}" for name in PLACEHOLDER_NAMES)
GO_PLACEHOLDER = re.compile(r"\{\{\s*\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")  # group 1: the name
ARTIFACT_REPOSITORY_TYPE_VALUE = "s3"  # Onepanel required an s3 artifact repository (§5.2)
# An artifact-location key written as a placeholder, and the location it becomes: in an Onepanel
# template `{{.ArtifactRepositoryType}}: {key: ...}` is an s3 location for every rule and pass.
LOCATION_PLACEHOLDERS = {"{{.ArtifactRepositoryType}}": ARTIFACT_REPOSITORY_TYPE_VALUE}


def is_go_placeholder(text: str) -> bool:
    """Whether ``text`` is exactly one Go placeholder such as ``{{.DefaultNodePoolOption}}``."""
    match = GO_PLACEHOLDER.fullmatch(text)
    return match is not None


# --------------------------------------------------------------------------------------------
# names

# Onepanel's GenerateUID (§2.6): every run of these becomes '-', lower-cased.
UID_INVALID = re.compile(r"[^a-zA-Z0-9-]+")
MAX_TEMPLATE_UID = 30  # "Template name must be 30 characters or less"


def generate_uid(text: str) -> str:
    """Onepanel's GenerateUID: ``My Template`` -> ``my-template``."""
    return UID_INVALID.sub("-", text.lower())


# Kubernetes object names (DNS-1123), as the API server checks metadata.name and namespace.
DNS_LABEL = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?\Z")
DNS_SUBDOMAIN = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\Z")
DNS_PREFIX = re.compile(r"[a-z0-9][-a-z0-9.]*\Z")  # generateName: Kubernetes appends 5 characters
MAX_DNS_LABEL = 63  # also the limit of metadata.name for every workflow kind but CronWorkflow
GENERATED_SUFFIX = 5  # Kubernetes appends 5 random characters to generateName


def suggest_k8s_name(name: str, limit: int = MAX_DNS_LABEL, fallback: str = "workflow") -> str:
    """A valid Kubernetes name close to ``name``, for hints: lower-cased, runs of other characters
    as '-', at most ``limit`` characters."""
    fixed = re.sub(r"[^a-z0-9.-]+", "-", name.lower()).strip("-.")
    return fixed[:limit].rstrip("-.") or fallback
