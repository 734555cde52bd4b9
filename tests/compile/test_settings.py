"""The namespace-defaults file: discovery order, the built-in defaults, schema errors at their position,
and the ConfigMap forms copied from a cluster."""

from __future__ import annotations

import textwrap
from pathlib import Path

from opctl.compile.settings import (
    BUILTIN,
    NodePoolOption,
    find_defaults_file,
    load_defaults,
    parse_defaults_text,
)
from tests.conftest import REPO


def parse(text: str):
    return parse_defaults_text(textwrap.dedent(text).lstrip("\n"), "opctl.yaml")


def errors(result) -> list[tuple[int, int, str]]:
    return [(d.line, d.column, d.message) for d in result.diagnostics]


def test_discovery_order_flag_then_env_then_walk_up(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "sub" / "dir").mkdir(parents=True)
    (project / "opctl.yaml").write_text("namespace: walked\n")
    start = str(project / "sub" / "dir")
    assert find_defaults_file(None, env={}, cwd=start) == str(project / "opctl.yaml")
    assert find_defaults_file(None, env={"OPCTL_DEFAULTS": "/env.yaml"}, cwd=start) == "/env.yaml"
    assert find_defaults_file("/flag.yaml", env={"OPCTL_DEFAULTS": "/env.yaml"}, cwd=start) == "/flag.yaml"
    assert find_defaults_file(None, env={}, cwd=str(tmp_path)) is None
    assert load_defaults(None, env={}, cwd=start).defaults.namespace == "walked"


def test_examples_opctl_yaml_is_not_found_from_the_repository_root() -> None:
    # The README compiles examples/diamond.yaml from the root with no configuration.
    assert find_defaults_file(None, env={}, cwd=str(REPO)) is None
    assert load_defaults(None, env={}, cwd=str(REPO)).defaults == BUILTIN


def test_builtin_defaults_target_a_stock_argo_install() -> None:
    assert BUILTIN.namespace is None
    assert BUILTIN.platform == {}
    assert BUILTIN.node_pool_options == () and BUILTIN.node_pool_label is None
    assert BUILTIN.s3 is None and BUILTIN.artifact_repository_ref is None
    assert BUILTIN.env_secret == "onepanel-default-env"
    assert BUILTIN.pod_gc == {"strategy": "OnPodCompletion"}
    assert BUILTIN.volume_claim_gc == {"strategy": "OnWorkflowCompletion"}
    assert BUILTIN.service_account_name is None


def test_example_defaults_file_is_valid() -> None:
    result = load_defaults(str(REPO / "examples" / "opctl.yaml"))
    assert result.ok, result.diagnostics
    defaults = result.defaults
    assert defaults.namespace == "team-a"
    assert defaults.platform["ONEPANEL_API_URL"] == "https://app.example.com/api"
    assert defaults.node_pool_options[1] == NodePoolOption(
        "GPU: 1xV100, CPU: 8, RAM: 61GB", "p3.2xlarge", {"limits": {"nvidia.com/gpu": 1}}
    )
    assert defaults.artifact_repository_ref == {"configMap": "onepanel", "key": "artifactRepository"}
    assert defaults.s3 is not None and defaults.s3.bucket == "my-bucket"


def test_missing_file_given_explicitly_is_an_error() -> None:
    result = load_defaults("/nonexistent/opctl.yaml")
    assert not result.ok
    assert (
        result.diagnostics[0].message == "namespace-defaults file not found: /nonexistent/opctl.yaml (from --defaults)"
    )


def test_null_turns_an_injection_off_and_strings_are_strategies() -> None:
    defaults = parse("""
        envSecret: null
        podGC: null
        volumeClaimGC: OnWorkflowSuccess
        """).defaults
    assert defaults.env_secret is None and defaults.pod_gc is None
    assert defaults.volume_claim_gc == {"strategy": "OnWorkflowSuccess"}


def test_schema_errors_are_reported_at_their_position() -> None:
    result = parse("""
        namespace: Team_A
        nodePool:
          lable: x
          options:
          - name: gpu
        podGC: Sometimes
        """)
    assert not result.ok
    assert errors(result) == [
        (1, 12, "namespace: 'Team_A' does not match '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$'"),
        (3, 3, "nodePool: unknown field 'lable' (known: label, options)"),
        (5, 5, "nodePool/options/0: 'value' is a required property"),
        (
            6,
            8,
            "podGC: 'Sometimes' is not one of OnPodCompletion, OnPodSuccess, OnWorkflowCompletion, OnWorkflowSuccess",
        ),
    ]


def test_artifact_repository_as_configmap_text_with_errors_inside_it() -> None:
    good = parse("""
        artifactRepository: |
          archiveLogs: true
          s3:
            bucket: b
            endpoint: minio:9000
            insecure: true
            accessKeySecret: {name: s, key: a}
            secretKeySecret: {name: s, key: k}
        """)
    assert good.ok, good.diagnostics
    assert good.defaults.s3 is not None and good.defaults.s3.endpoint == "minio:9000"
    assert good.defaults.artifact_repository_ref is None
    bad = parse("""
        artifactRepository: |
          s3:
            bucket: b
            insecure: maybe
        """)
    assert errors(bad) == [(4, 15, "s3/insecure: expected boolean, got str 'maybe'")]


def test_namespace_configmap_copied_from_the_cluster() -> None:
    result = parse("""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: onepanel
          namespace: team-x
        data:
          artifactRepository: |
            archiveLogs: true
            s3:
              source: s3
              bucket: bkt
              endpoint: s3.amazonaws.com
              publicEndpoint: s3.amazonaws.com
              region: us-east-1
              keyFormat: artifacts/{{workflow.namespace}}/{{workflow.name}}/{{pod.name}}
              accessKeySecret: {name: onepanel, key: artifactRepositoryS3AccessKey}
              secretKeySecret: {name: onepanel, key: artifactRepositoryS3SecretKey}
        """)
    assert result.ok, result.diagnostics
    defaults = result.defaults
    assert defaults.namespace == "team-x"
    assert defaults.artifact_repository_ref == {"configMap": "onepanel", "key": "artifactRepository"}
    assert defaults.s3 is not None and (defaults.s3.bucket, defaults.s3.region) == ("bkt", "us-east-1")


def test_system_configmap_and_a_list_of_configmaps() -> None:
    result = parse("""
        apiVersion: v1
        kind: List
        items:
        - apiVersion: v1
          kind: ConfigMap
          metadata: {name: onepanel, namespace: onepanel}
          data:
            ONEPANEL_FQDN: app.example.com
            ONEPANEL_PROVIDER: aks
            applicationNodePoolLabel: node.kubernetes.io/instance-type
            applicationNodePoolOptions: |
              - name: 'CPU: 2, RAM: 8GB'
                value: Standard_D2s_v3
              - name: 'GPU: 1xK80'
                value: Standard_NC6
                resources:
                  limits:
                    nvidia.com/gpu: 1
        - apiVersion: v1
          kind: ConfigMap
          metadata: {name: onepanel, namespace: team-a}
          data:
            artifactRepository: |
              s3: {bucket: b, endpoint: e}
        """)
    assert result.ok, result.diagnostics
    defaults = result.defaults
    assert defaults.platform == {"ONEPANEL_FQDN": "app.example.com", "ONEPANEL_PROVIDER": "aks"}
    assert defaults.node_pool_label == "node.kubernetes.io/instance-type"
    assert [o.value for o in defaults.node_pool_options] == ["Standard_D2s_v3", "Standard_NC6"]
    assert defaults.namespace == "team-a"
    assert defaults.s3 is not None and defaults.s3.bucket == "b"


def test_bare_artifact_repository_value_as_a_file() -> None:
    result = parse("""
        archiveLogs: true
        s3: {bucket: b, endpoint: e, keyFormat: 'x/{{workflow.name}}'}
        """)
    assert result.ok
    assert result.defaults.s3 is not None and result.defaults.s3.key_format == "x/{{workflow.name}}"


def test_an_unrelated_configmap_is_an_error() -> None:
    result = parse("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: other}
        data: {foo: bar}
        """)
    assert errors(result)[0][2].startswith("this ConfigMap is not one of Onepanel's 'onepanel' ConfigMaps")


def test_unparseable_defaults_file_is_a_syntax_error(tmp_path: Path) -> None:
    path = tmp_path / "opctl.yaml"
    path.write_text("namespace: [a\n")
    result = load_defaults(str(path))
    assert [d.rule for d in result.diagnostics] == ["yaml-syntax"]
