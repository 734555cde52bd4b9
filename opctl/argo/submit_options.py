"""The argo CLI's submit options that change the object created (``--serviceaccount``, ``-l/--labels``,
``--entrypoint``), applied to compiled manifests as argo's ``util.ApplySubmitOpts`` does."""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from opctl.diagnostics import ExitCode, OpctlError

# Kubernetes label syntax (apimachinery validation): an optional DNS-subdomain prefix, a name of at
# most 63 characters, and a value of at most 63 characters, both alphanumeric at the ends.
_LABEL_NAME = re.compile(r"^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)$")
_LABEL_PREFIX = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
_LABEL_VALUE = re.compile(r"^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$")
_SERVICE_ACCOUNT = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")


def _usage(message: str, hint: str | None = None) -> OpctlError:
    return OpctlError(message, exit_code=ExitCode.USAGE, hint=hint)


def parse_labels(values: Sequence[str]) -> dict[str, str]:
    """``-l a=b,c=d`` (repeatable) as a dict, each key and value checked as Kubernetes would."""
    labels: dict[str, str] = {}
    for raw in values:
        for item in raw.split(","):
            if not item.strip():
                continue
            key, sep, value = item.strip().partition("=")
            if not sep:
                raise _usage(f"-l/--labels {item!r}: expected KEY=VALUE", hint="for example -l team=ml,run=nightly")
            prefix, slash, name = key.rpartition("/")
            if not _LABEL_NAME.match(name) or (slash and (not _LABEL_PREFIX.match(prefix) or len(prefix) > 253)):
                raise _usage(
                    f"-l/--labels: {key!r} is not a valid label key",
                    hint="at most 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric, "
                    "optionally after a DNS prefix and '/'",
                )
            if not _LABEL_VALUE.match(value):
                raise _usage(
                    f"-l/--labels: the value of {key!r} ({value!r}) is not a valid label value",
                    hint="at most 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric (or empty)",
                )
            labels[key] = value
    return labels


@dataclass(frozen=True)
class SubmitOverrides:
    service_account: str | None = None
    labels: dict[str, str] = field(default_factory=dict)
    entrypoint: str | None = None

    @classmethod
    def parse(
        cls, *, service_account: str | None = None, labels: Sequence[str] = (), entrypoint: str | None = None
    ) -> SubmitOverrides:
        if service_account is not None and (
            not _SERVICE_ACCOUNT.match(service_account) or len(service_account) > 253
        ):
            raise _usage(
                f"--serviceaccount {service_account!r} is not a valid service account name",
                hint="lower-case letters, digits, '-' and '.', starting and ending alphanumeric",
            )
        if entrypoint is not None and not entrypoint.strip():
            raise _usage("--entrypoint is empty", hint="name a template of the workflow")
        return cls(service_account=service_account, labels=parse_labels(labels), entrypoint=entrypoint)

    def apply(self, manifest: dict[str, Any]) -> dict[str, Any]:
        """A copy of ``manifest`` with the overrides (the workflow spec of a CronWorkflow)."""
        if not (self.service_account or self.labels or self.entrypoint):
            return manifest
        result = copy.deepcopy(manifest)
        if self.labels:
            meta = result.setdefault("metadata", {})
            meta["labels"] = {**(meta.get("labels") or {}), **self.labels}
        spec = result.setdefault("spec", {})
        if result.get("kind") == "CronWorkflow":
            spec = spec.setdefault("workflowSpec", {})
        if self.service_account:
            spec["serviceAccountName"] = self.service_account
        if self.entrypoint:
            names = [t.get("name") for t in spec.get("templates") or [] if isinstance(t, dict)]
            if self.entrypoint not in names:
                from difflib import get_close_matches

                close = get_close_matches(self.entrypoint, [str(n) for n in names], n=1)
                meta = result.get("metadata") or {}
                label = meta.get("name") or meta.get("generateName") or "the workflow"
                raise _usage(
                    f"--entrypoint {self.entrypoint!r} is not a template of {label}"
                    + (f"; did you mean {close[0]!r}?" if close else ""),
                    hint=f"templates: {', '.join(str(n) for n in names)}",
                )
            spec["entrypoint"] = self.entrypoint
        return result
