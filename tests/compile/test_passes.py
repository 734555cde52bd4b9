"""One or more tests per compiler pass (opctl.compile.passes), on small inline templates."""

from __future__ import annotations

from opctl.compile import passes
from opctl.compile.settings import NamespaceDefaults, NodePoolOption
from tests.compile.helpers import compile_text, full_defaults, messages

LEAF = """
entrypoint: main
templates:
- name: main
  dag:
    tasks:
    - name: t
      template: work
- name: work
  container:
    image: alpine
    command: [sh, -c, 'true']
"""


def spec_of(result) -> dict:
    assert result.ok, [d.message for d in result.diagnostics if d.is_error]
    return result.manifests[0]["spec"]


def work(result) -> dict:
    return spec_of(result)["templates"][1]


def test_passes_run_in_the_documented_order() -> None:
    assert [p.__name__ for p in passes.PASSES] == [
        "substitute_migration_placeholders",
        "clean_parameters",
        "merge_parameter_overrides",
        "resolve_node_pool_parameters",
        "normalise_parameter_values",
        "substitute_namespace_in_parameters",
        "wrap_manifest",
        "default_gc",
        "default_service_account",
        "artifact_repository_ref",
        "memory_volumes",
        "node_pool_resources",
        "inject_environment",
        "sys_metrics_output",
        "complete_key_only_artifacts",
        "force_archive_none",
        "mirror_interactive_sidecars",
    ]
    assert all(p.__doc__ and "§" in p.__doc__ for p in passes.PASSES)


# -- substitute_migration_placeholders ---------------------------------------------------------

STORED = """
metadata:
  name: "PyTorch Training"
  kind: Workflow
  version: 20210323175655
spec:
  entrypoint: main
  arguments:
    parameters:
    - name: sys-node-pool
      value: "{{.DefaultNodePoolOption}}"
      type: select.nodepool
  templates:
  - name: main
    dag:
      tasks:
      - name: t
        template: work
  - name: work
    nodeSelector:
      "{{.NodePoolLabel}}": '{{workflow.parameters.sys-node-pool}}'
    container:
      image: alpine
"""


def test_migration_placeholders_are_substituted_in_keys_and_values() -> None:
    result = compile_text(STORED)
    spec = spec_of(result)
    assert spec["arguments"]["parameters"] == [{"name": "sys-node-pool", "value": "m5.xlarge"}]
    template = spec["templates"][1]
    assert template["nodeSelector"] == {"node.kubernetes.io/instance-type": "{{workflow.parameters.sys-node-pool}}"}


def test_artifact_repository_type_placeholder_becomes_s3() -> None:
    # The structure lint does not know this placeholder key (older core templates used it), so lint_input=False.
    text = LEAF.replace(
        "- name: work\n",
        "- name: work\n  outputs:\n    artifacts:\n    - name: out\n"
        "      path: /out\n      '{{.ArtifactRepositoryType}}': {key: 'x/{{workflow.name}}'}\n",
    )
    result = compile_text(text, lint_input=False)
    assert work(result)["outputs"]["artifacts"][0]["s3"]["key"] == "x/{{workflow.name}}"


def test_migration_placeholders_without_node_pools_are_errors_at_their_place() -> None:
    result = compile_text(STORED, defaults=NamespaceDefaults())
    errors = [(d.rule, d.line, d.column, d.message) for d in result.diagnostics if d.is_error]
    assert errors == [
        (
            "compile-placeholder-unconfigured",
            10,
            14,
            "'{{.DefaultNodePoolOption}}' needs nodePool.options in the namespace defaults, which has none "
            "(built-in defaults)",
        ),
        (
            "compile-placeholder-unconfigured",
            20,
            7,
            "'{{.NodePoolLabel}}' needs nodePool.label in the namespace defaults, which has none (built-in defaults)",
        ),
    ]


def test_unknown_go_placeholder_is_kept_with_a_warning() -> None:
    result = compile_text(LEAF.replace("'true'", "'{{.Unknown}}'"))
    assert result.ok
    assert messages(result, "compile-placeholder-unknown") == [
        "unknown Onepanel placeholder '{{.Unknown}}' left as written"
    ]
    assert work(result)["container"]["command"][2] == "{{.Unknown}}"


# -- wrap_manifest -----------------------------------------------------------------------------


def test_workflow_gets_generate_name_from_the_file_name() -> None:
    result = compile_text(LEAF, filename="My Train_v2.yaml")
    manifest = result.manifests[0]
    assert list(manifest) == ["apiVersion", "kind", "metadata", "spec"]
    assert manifest["apiVersion"] == "argoproj.io/v1alpha1" and manifest["kind"] == "Workflow"
    assert manifest["metadata"] == {"generateName": "my-train-v2-", "namespace": "team-a"}


def test_stored_form_takes_its_name_from_metadata_name() -> None:
    assert compile_text(STORED).manifests[0]["metadata"]["generateName"] == "pytorch-training-"


def test_name_generate_name_and_namespace_options() -> None:
    assert compile_text(LEAF, generate_name="run-").manifests[0]["metadata"] == {
        "generateName": "run-",
        "namespace": "team-a",
    }
    named = compile_text(LEAF, namespace="prod")
    named_meta = compile_text(LEAF).manifests[0]["metadata"]
    assert named_meta["generateName"] == "t-"
    assert named.manifests[0]["metadata"]["namespace"] == "prod"


def test_explicit_name() -> None:
    from opctl.compile.api import CompileOptions, compile_documents
    from opctl.inputs import load_string

    docs = load_string(LEAF.lstrip("\n"), "t.yaml").documents
    result = compile_documents(docs, CompileOptions(name="nightly", defaults=NamespaceDefaults()))
    assert result.manifests[0]["metadata"] == {"name": "nightly"}


def test_workflow_execution_name_parameter_becomes_the_name() -> None:
    result = compile_text(
        LEAF.replace(
            "templates:", "arguments:\n  parameters:\n  - {name: workflow-execution-name, value: run-42}\ntemplates:", 1
        )
    )
    assert result.manifests[0]["metadata"]["name"] == "run-42"


def test_workflowtemplate_and_cronworkflow_kinds() -> None:
    template = compile_text(LEAF, filename="nightly.yaml", kind="workflowtemplate").manifests[0]
    assert (template["kind"], template["metadata"]) == ("WorkflowTemplate", {"name": "nightly", "namespace": "team-a"})
    assert template["spec"]["entrypoint"] == "main"
    cron = compile_text(LEAF, filename="nightly.yaml", schedules=["0 2 * * *"]).manifests[0]
    assert cron["kind"] == "CronWorkflow" and cron["metadata"]["name"] == "nightly"
    assert cron["spec"]["schedules"] == ["0 2 * * *"]
    assert cron["spec"]["workflowSpec"]["entrypoint"] == "main"


def test_kind_and_schedule_option_errors() -> None:
    result = compile_text(LEAF, kind="cronworkflow")
    assert result.fatal and result.exit_code == 2
    assert messages(result) == ["--kind cronworkflow needs --schedule"]
    result = compile_text(LEAF, kind="workflow", schedules=["@daily"])
    assert messages(result) == ["--schedule only applies to --kind cronworkflow, not workflow"]


# -- default_gc, default_service_account, artifact_repository_ref ------------------------------


def test_gc_defaults_and_the_templates_own_values() -> None:
    spec = spec_of(compile_text(LEAF))
    assert spec["volumeClaimGC"] == {"strategy": "OnWorkflowCompletion"}
    assert spec["podGC"] == {"strategy": "OnPodCompletion"}
    own = spec_of(compile_text(LEAF + "podGC: {strategy: OnWorkflowSuccess}\n"))
    assert own["podGC"] == {"strategy": "OnWorkflowSuccess"}
    off = spec_of(compile_text(LEAF, defaults=NamespaceDefaults(pod_gc=None, volume_claim_gc=None)))
    assert "podGC" not in off and "volumeClaimGC" not in off


def test_service_account_from_the_defaults() -> None:
    spec = spec_of(compile_text(LEAF, defaults=NamespaceDefaults(service_account_name="runner")))
    assert spec["serviceAccountName"] == "runner"
    assert "serviceAccountName" not in spec_of(compile_text(LEAF))


def test_artifact_repository_ref_when_configured_replacing_the_templates() -> None:
    assert spec_of(compile_text(LEAF))["artifactRepositoryRef"] == {
        "configMap": "onepanel",
        "key": "artifactRepository",
    }
    assert "artifactRepositoryRef" not in spec_of(compile_text(LEAF, defaults=NamespaceDefaults()))
    result = compile_text(LEAF + "artifactRepositoryRef: {key: mine}\n")
    assert spec_of(result)["artifactRepositoryRef"] == {"configMap": "onepanel", "key": "artifactRepository"}
    [warning] = [d for d in result.diagnostics if d.rule == "compile-artifact-repository-ref-replaced"]
    assert (warning.line, warning.column) == (12, 1)


# -- memory_volumes ----------------------------------------------------------------------------


def test_memory_volumes_and_mounts_in_container_and_script_templates() -> None:
    result = compile_text(
        LEAF
        + """\
- name: scripted
  script:
    image: python
    source: print(1)
    volumeMounts: [{name: cache, mountPath: /dev/shm}]
volumes:
- {name: cache, emptyDir: {}}
"""
    )
    spec = spec_of(result)
    assert spec["volumes"] == [
        {"name": "cache", "emptyDir": {}},
        {"name": "sys-dshm", "emptyDir": {"medium": "Memory"}},
        {"name": "tmp", "emptyDir": {"medium": "Memory"}},
    ]
    assert spec["templates"][1]["container"]["volumeMounts"] == [
        {"name": "sys-dshm", "mountPath": "/dev/shm"},
        {"name": "tmp", "mountPath": "/mnt/tmp"},
    ]
    # the user's own /dev/shm mount is left alone
    assert spec["templates"][2]["script"]["volumeMounts"] == [
        {"name": "cache", "mountPath": "/dev/shm"},
        {"name": "tmp", "mountPath": "/mnt/tmp"},
    ]


def test_no_volumes_without_container_or_script_templates() -> None:
    result = compile_text("""
        entrypoint: main
        templates:
        - name: main
          dag:
            tasks:
            - {name: t, template: wait}
        - name: wait
          suspend: {duration: '10'}
        """)
    assert "volumes" not in spec_of(result)


# -- node_pool_resources (see also test_parameters) ---------------------------------------------


def test_literal_node_selector_value_selects_the_pool_resources() -> None:
    text = LEAF.replace(
        "- name: work\n", "- name: work\n  nodeSelector: {node.kubernetes.io/instance-type: p3.2xlarge}\n"
    )
    assert work(compile_text(text))["container"]["resources"] == {"limits": {"nvidia.com/gpu": 1}}
    defaults = NamespaceDefaults(node_pool_options=(NodePoolOption("gpu", "p3.2xlarge", None),))
    assert "resources" not in work(compile_text(text, defaults=defaults))["container"]


# -- inject_environment ------------------------------------------------------------------------


def test_environment_order_user_wins_and_env_secret_after_user_sources() -> None:
    text = LEAF.replace(
        "    command: [sh, -c, 'true']\n",
        """\
    command: [sh, -c, 'true']
    env: [{name: ONEPANEL_FQDN, value: mine}, {name: MINE, value: '1'}]
    envFrom: [{configMapRef: {name: settings}}]
  sidecars:
  - {name: side, image: alpine}
""",
    )
    template = work(compile_text(text))
    assert [e["name"] for e in template["container"]["env"]] == [
        "ONEPANEL_RESOURCE_UID",
        "ONEPANEL_RESOURCE_NAMESPACE",
        "ONEPANEL_PROVIDER",
        "ONEPANEL_DOMAIN",
        "ONEPANEL_API_URL",
        "ONEPANEL_FQDN",
        "MINE",
    ]
    assert template["container"]["env"][0] == {"name": "ONEPANEL_RESOURCE_UID", "value": "{{workflow.name}}"}
    assert template["container"]["env"][5] == {"name": "ONEPANEL_FQDN", "value": "mine"}
    assert template["container"]["envFrom"] == [
        {"configMapRef": {"name": "settings"}},
        {"secretRef": {"name": "onepanel-default-env", "optional": True}},
    ]
    assert template["sidecars"] == [{"name": "side", "image": "alpine"}]


def test_without_platform_only_the_resource_variables_and_no_secret_when_off() -> None:
    template = work(compile_text(LEAF, defaults=NamespaceDefaults(env_secret=None)))
    assert template["container"]["env"] == [
        {"name": "ONEPANEL_RESOURCE_UID", "value": "{{workflow.name}}"},
        {"name": "ONEPANEL_RESOURCE_NAMESPACE", "value": "{{workflow.namespace}}"},
    ]
    assert "envFrom" not in template["container"]


# -- sys_metrics_output ------------------------------------------------------------------------


def test_sys_metrics_output_is_added_and_a_users_own_is_kept() -> None:
    outputs = work(compile_text(LEAF))["outputs"]
    assert outputs == {
        "artifacts": [
            {"name": "sys-metrics", "path": "/mnt/tmp/sys-metrics.json", "optional": True, "archive": {"none": {}}}
        ]
    }
    own = LEAF.replace(
        "- name: work\n", "- name: work\n  outputs:\n    artifacts:\n    - {name: sys-metrics, path: /m}\n"
    )
    # Onepanel refuses to save such a template, so the input lint stops compile (onepanel-reserved-output);
    # compiled without the input lint, the template's own output is kept with a warning
    refused = compile_text(own)
    assert not refused.manifests
    assert "onepanel-reserved-output" in [d.rule for d in refused.diagnostics if d.is_error]
    result = compile_text(own, lint_input=False)
    assert work(result)["outputs"]["artifacts"] == [{"name": "sys-metrics", "path": "/m", "archive": {"none": {}}}]
    assert [d.rule for d in result.diagnostics if d.rule == "compile-reserved-name"] == ["compile-reserved-name"]


# -- complete_key_only_artifacts and force_archive_none -----------------------------------------

ARTIFACTS = """
entrypoint: main
templates:
- name: main
  dag:
    tasks:
    - name: t
      template: work
      arguments:
        artifacts:
        - {name: in, s3: {key: args-key}}
- name: work
  inputs:
    artifacts:
    - name: in
      path: /in
      s3: {key: data/in, endpoint: mine.example.com}
    - name: full
      path: /full
      s3: {key: k, bucket: b, endpoint: e}
      archive: {tar: {}}
    - {name: code, path: /src, git: {repo: 'https://example.com/r.git'}}
  outputs:
    artifacts:
    - {name: out, path: /out}
  container:
    image: alpine
"""


def test_key_only_s3_artifacts_are_completed_from_the_repository() -> None:
    result = compile_text(ARTIFACTS)
    inputs = work(result)["inputs"]["artifacts"]
    assert inputs[0]["s3"] == {
        "key": "data/in",
        "endpoint": "s3.amazonaws.com",  # Onepanel overwrote the endpoint too (the test is on bucket)
        "bucket": "my-bucket",
        "region": "us-west-2",
        "insecure": False,
        "accessKeySecret": {"name": "onepanel", "key": "artifactRepositoryS3AccessKey"},
        "secretKeySecret": {"name": "onepanel", "key": "artifactRepositoryS3SecretKey"},
    }
    assert inputs[1]["s3"] == {"key": "k", "bucket": "b", "endpoint": "e"}
    # task arguments are not completed, with a warning
    assert spec_of(result)["templates"][0]["dag"]["tasks"][0]["arguments"]["artifacts"][0] == {
        "name": "in",
        "s3": {"key": "args-key"},
    }
    [warning] = [d for d in result.diagnostics if d.rule == "compile-argument-key-only"]
    assert (warning.line, warning.column) == (10, 11)


def test_key_only_artifacts_without_a_bucket_stay_key_only_with_one_warning() -> None:
    result = compile_text(ARTIFACTS, defaults=NamespaceDefaults())
    assert work(result)["inputs"]["artifacts"][0]["s3"] == {"key": "data/in", "endpoint": "mine.example.com"}
    [warning] = [d for d in result.diagnostics if d.rule == "compile-key-only-artifact"]
    assert (warning.line, warning.column) == (16, 11)
    assert warning.message == (
        "key-only S3 artifact 'in' (and any others) is left for the cluster's default artifact repository: "
        "no bucket configured (built-in defaults)"
    )


def test_archive_none_is_forced_on_every_leaf_artifact() -> None:
    result = compile_text(ARTIFACTS)
    template = work(result)
    assert all(a["archive"] == {"none": {}} for a in template["inputs"]["artifacts"] + template["outputs"]["artifacts"])
    [warning] = [d for d in result.diagnostics if d.rule == "compile-archive-replaced"]
    assert (warning.line, warning.column, warning.message) == (
        20,
        7,
        "artifact 'full': archive tar replaced by none, as Onepanel forced",
    )


# -- mirror_interactive_sidecars ---------------------------------------------------------------


def test_interactive_sidecars_mirror_volume_mounts() -> None:
    text = LEAF.replace(
        "- name: work\n",
        """\
- name: work
  sidecars:
  - name: tensorboard
    image: tb
    env: [{name: ONEPANEL_INTERACTIVE_SIDECAR, value: 'true'}]
    ports: [{containerPort: 6006}]
  - name: portless
    image: x
    env: [{name: ONEPANEL_INTERACTIVE_SIDECAR, value: 'true'}]
  - name: plain
    image: y
""",
    )
    result = compile_text(text)
    sidecars = work(result)["sidecars"]
    assert [s.get("mirrorVolumeMounts") for s in sidecars] == [True, True, None]
    assert messages(result, "compile-sidecar-no-ports") == [
        "interactive sidecar 'portless' has no ports; Onepanel refused it (\"sidecar must have at least one port\")"
    ]


# -- what is not emitted -----------------------------------------------------------------------


def test_platform_only_machinery_is_not_emitted() -> None:
    text = LEAF.replace(
        "- name: work\n",
        "- name: work\n  nodeSelector: {node.kubernetes.io/instance-type: m5.xlarge}\n"
        "  container:\n    image: alpine\n    volumeMounts: [{name: data, mountPath: /data}]\n"
        "    ports: [{containerPort: 8080}]\n",
        1,
    ).replace("  container:\n    image: alpine\n    command: [sh, -c, 'true']\n", "")
    text += (
        "volumeClaimTemplates:\n- metadata: {name: data}\n  spec: {accessModes: [ReadWriteOnce], "
        "resources: {requests: {storage: 1Gi}}}\n"
    )
    spec = spec_of(compile_text(text))
    assert [t["name"] for t in spec["templates"]] == ["main", "work"]
    assert "onExit" not in spec
    template = spec["templates"][1]
    assert "sidecars" not in template and "metadata" not in template
    assert template["container"]["ports"] == [{"containerPort": 8080}]
    assert [t["name"] for t in spec["templates"][0]["dag"]["tasks"]] == ["t"]


# -- Argo manifests pass through ---------------------------------------------------------------


def test_argo_manifest_passes_through_with_overrides_only() -> None:
    result = compile_text(
        """
        apiVersion: argoproj.io/v1alpha1
        kind: Workflow
        metadata: {generateName: hello-}
        spec:
          entrypoint: main
          arguments:
            parameters: [{name: who, value: world}]
          templates:
          - name: main
            container: {image: alpine, command: [echo, '{{workflow.parameters.who}}']}
        """,
        parameters=[("who", "you")],
        namespace="ns",
    )
    assert result.ok
    assert result.manifests[0] == {
        "apiVersion": "argoproj.io/v1alpha1",
        "kind": "Workflow",
        "metadata": {"generateName": "hello-", "namespace": "ns"},
        "spec": {
            "entrypoint": "main",
            "arguments": {"parameters": [{"name": "who", "value": "you"}]},
            "templates": [
                {"name": "main", "container": {"image": "alpine", "command": ["echo", "{{workflow.parameters.who}}"]}}
            ],
        },
    }


def test_defaults_used_by_the_tests_are_the_full_namespace() -> None:
    defaults = full_defaults()
    assert defaults.namespace == "team-a" and defaults.s3 is not None and defaults.s3.bucket == "my-bucket"


def test_reserved_volume_names_of_the_template_are_kept_and_not_mounted() -> None:
    result = compile_text(
        LEAF + "volumeClaimTemplates:\n- metadata: {name: tmp}\n  spec: {accessModes: [ReadWriteOnce], "
        "resources: {requests: {storage: 1Gi}}}\n"
    )
    spec = spec_of(result)
    assert spec["volumes"] == [{"name": "sys-dshm", "emptyDir": {"medium": "Memory"}}]
    assert spec["templates"][1]["container"]["volumeMounts"] == [{"name": "sys-dshm", "mountPath": "/dev/shm"}]
    [warning] = [d for d in result.diagnostics if d.rule == "compile-reserved-name"]
    assert (warning.line, warning.column) == (13, 20)
    assert warning.message == (
        "volume name 'tmp' is reserved by Onepanel for the memory emptyDir at /mnt/tmp; the template's volume "
        "keeps the name and nothing is mounted at /mnt/tmp"
    )


def test_output_check_refuses_a_manifest_that_fails_the_argo_lint() -> None:
    from opctl.compile.api import check_output
    from opctl.inputs import load_string

    doc = load_string(LEAF.lstrip("\n"), "t.yaml").documents[0]
    broken = {
        "apiVersion": "argoproj.io/v1alpha1",
        "kind": "Workflow",
        "metadata": {"generateName": "t-"},
        "spec": {
            "entrypoint": "main",
            "templates": [{"name": "main", "dag": {"tasks": [{"name": "a", "template": "gone"}]}}],
        },
    }
    [problem] = check_output(doc, broken)
    assert (problem.rule, problem.line, problem.column) == ("compile-output-invalid", 1, 1)
    assert problem.message.startswith("the compiled manifest fails Argo lint at line 12:19 of the output: ")
    assert problem.message.endswith("[dag-undefined-template]")
    assert check_output(doc, compile_text(LEAF).manifests[0]) == []
