"""Small reliability pieces of the client: jittered backoff, Retry-After as a date, stream lines split
in linear time, REQUESTS_CA_BUNDLE not trusted behind the settings' back, submit's overrides."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from opctl.argo.client import RetryPolicy, _lines, retry_after_seconds
from opctl.argo.redact import Redactor
from opctl.argo.submit_options import SubmitOverrides
from opctl.diagnostics import OpctlError
from tests.argo.conftest import WORKFLOW, make_client


def test_backoff_is_jittered_within_half_and_full_delay() -> None:
    policy = RetryPolicy(base_delay=1.0, max_delay=8.0)
    assert policy.delay(2, rng=lambda: 0.0) == 2.0
    assert policy.delay(2, rng=lambda: 1.0) == 4.0
    assert policy.delay(10, rng=lambda: 1.0) == 8.0


def test_retry_after_as_seconds_or_http_date() -> None:
    now = datetime(2026, 11, 26, 12, 0, 0, tzinfo=UTC)
    clock = now.timestamp
    assert retry_after_seconds("7", clock) == 7
    assert retry_after_seconds(format_datetime(now + timedelta(seconds=30), usegmt=True), clock) == 30
    assert retry_after_seconds(format_datetime(now - timedelta(seconds=30), usegmt=True), clock) == 0
    assert retry_after_seconds("soon", clock) is None
    assert retry_after_seconds("nan", clock) is None


def test_an_http_date_retry_after_is_honoured(argo) -> None:  # type: ignore[no-untyped-def]
    sleeps: list[float] = []
    client = make_client(argo)
    client._sleep = sleeps.append
    client.retry = RetryPolicy(attempts=2, base_delay=0.01, max_delay=5.0)
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=3), usegmt=True)
    argo.answer("GET", "/workflows/default/x$", 503, {"code": 14, "message": "busy"}, headers={"Retry-After": when})
    with pytest.raises(OpctlError):
        client.get_workflow("default", "x")
    assert len(sleeps) == 1 and 1.5 < sleeps[0] <= 3.0


def test_stream_lines_are_split_whole_across_chunks() -> None:
    big = b'{"result": {"object": {"status": {"x": "' + b"a" * 3_000_000 + b'"}}}}'
    chunks = [big[i : i + 7000] + (b"\n" if i + 7000 >= len(big) else b"") for i in range(0, len(big), 7000)]
    chunks.append(b"\n: keep-alive\n{}")
    lines = list(_lines(iter(chunks), threading.Event()))
    assert lines == [big, b"", b": keep-alive", b"{}"]
    assert json.loads(lines[0])["result"]["object"]["status"]["x"] == "a" * 3_000_000


def test_requests_ca_bundle_does_not_replace_the_trusted_cas(argo, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bundle = tmp_path / "evil.pem"
    bundle.write_text("not a CA")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(bundle))
    monkeypatch.setenv("CURL_CA_BUNDLE", str(bundle))
    client = make_client(argo)
    verify = client._verify()
    assert isinstance(verify, str) and verify != str(bundle)
    from requests.utils import DEFAULT_CA_BUNDLE_PATH

    assert verify == str(DEFAULT_CA_BUNDLE_PATH)


def test_the_ca_cert_flag_still_wins(tls_argo, ca_file, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(tmp_path / "missing.pem"))
    client = make_client(tls_argo, env={"ARGO_SECURE": "true"}, ca_cert=ca_file)
    assert client.create(json.loads(json.dumps(WORKFLOW)))["metadata"]["name"]


def test_redactor_forms() -> None:
    redactor = Redactor(["bearer Zq7tok3nV4lue9xPk2"])
    text = 'a Zq7TOK3NV4LUE9XPK2 b zq7tok3nv4lue9xpk2 c "Zq7tok3nV4lue9xPk2" d'
    assert "tok3n" not in redactor.text(text).lower()
    cut = redactor.prefix("x" * 10 + "Zq7tok3n", complete=False)
    assert "Zq7tok3n" not in cut
    assert redactor.scrub({"k": ["Zq7tok3nV4lue9xPk2"]}) == {"k": ["<redacted>"]}


def test_submit_overrides() -> None:
    manifest = json.loads(json.dumps(WORKFLOW))
    applied = SubmitOverrides.parse(service_account="runner", labels=("team=ml,run=1", "x.io/y=z"), entrypoint="echo")
    out = applied.apply(manifest)
    assert out["spec"]["serviceAccountName"] == "runner"
    assert out["spec"]["entrypoint"] == "echo"
    assert out["metadata"]["labels"] == {"team": "ml", "run": "1", "x.io/y": "z"}
    assert manifest["spec"]["entrypoint"] == "main"  # the input is not changed
    cron = {"kind": "CronWorkflow", "metadata": {"name": "c"}, "spec": {"workflowSpec": manifest["spec"]}}
    assert SubmitOverrides.parse(service_account="r").apply(cron)["spec"]["workflowSpec"]["serviceAccountName"] == "r"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"labels": ("nope",)}, "-l/--labels 'nope': expected KEY=VALUE"),
        ({"labels": ("-bad=1",)}, "-l/--labels: '-bad' is not a valid label key"),
        ({"labels": ("a=" + "v" * 64,)}, "is not a valid label value"),
        ({"service_account": "Bad_SA"}, "--serviceaccount 'Bad_SA' is not a valid service account name"),
    ],
)
def test_submit_override_mistakes_are_usage_errors(kwargs, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(OpctlError) as info:
        SubmitOverrides.parse(**kwargs)
    assert info.value.exit_code == 2
    assert message in info.value.message


def test_unknown_entrypoint_suggests_one() -> None:
    with pytest.raises(OpctlError) as info:
        SubmitOverrides.parse(entrypoint="ecko").apply(json.loads(json.dumps(WORKFLOW)))
    assert info.value.message == "--entrypoint 'ecko' is not a template of diamond-; did you mean 'echo'?"


def test_submit_sends_the_overrides(argo, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from opctl.cli import cli

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("OPCTL_DEFAULTS", raising=False)
    path = tmp_path / "t.yaml"
    path.write_text(
        "entrypoint: main\ntemplates:\n- name: main\n  dag:\n    tasks:\n    - name: a\n      template: echo\n"
        "- name: echo\n  container:\n    image: alpine:3.20\n"
    )
    result = CliRunner().invoke(
        cli, ["submit", str(path), "--serviceaccount", "runner", "-l", "team=ml", "--entrypoint", "echo",
              "--generate-name", "nightly-", "-o", "name"],
        env={"ARGO_SERVER": argo.address, "ARGO_SECURE": "false"}, catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    (call,) = argo.calls("POST")
    sent = call.body["workflow"]
    assert sent["metadata"]["generateName"] == "nightly-"
    assert sent["metadata"]["labels"] == {"team": "ml"}
    assert (sent["spec"]["serviceAccountName"], sent["spec"]["entrypoint"]) == ("runner", "echo")
