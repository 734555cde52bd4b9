"""Verdicts of Argo's validator (``workflow/validate/validate.go``) on small Workflows and
WorkflowTemplates of the kinds its ``validate_test.go`` and ``examples/`` exercise, written for opctl:
``opctl lint --dialect argo`` must say "valid" (no error) exactly when Argo accepts the manifest.

Each case is (name, spec, expected_valid); ``spec`` is the body of ``spec:`` (a Workflow unless the
name starts with ``wftmpl-``, then a WorkflowTemplate). Cases where opctl differs from Argo on
purpose (docs/lint.md, "Fidelity to Argo's validator") are in DELIBERATE, with opctl's verdict.
"""

from __future__ import annotations

import textwrap

import pytest

from opctl.lint import lint_documents
from tests.conftest import yaml_doc


def manifest(name: str, spec: str) -> str:
    kind = "WorkflowTemplate" if name.startswith("wftmpl-") else "Workflow"
    meta = "name: t" if kind == "WorkflowTemplate" else "generateName: t-"
    return f"apiVersion: argoproj.io/v1alpha1\nkind: {kind}\nmetadata: {{{meta}}}\nspec:\n" + textwrap.indent(
        textwrap.dedent(spec).strip("\n") + "\n", "  "
    )


def opctl_valid(name: str, spec: str) -> bool:
    found = lint_documents([yaml_doc(manifest(name, spec))], "argo")
    return not any(d.is_error for d in found)


CASES: list[tuple[str, str, bool]] = [
    # --- plain shapes -----------------------------------------------------------------------
    (
        "hello-world",
        """
        entrypoint: main
        templates:
        - name: main
          container: {image: busybox, command: [echo, hi]}
    """,
        True,
    ),
    (
        "steps-two-levels",
        """
        entrypoint: main
        templates:
        - name: main
          steps:
          - - {name: a, template: leaf}
          - - {name: b, template: leaf}
            - {name: c, template: leaf}
        - name: leaf
          container: {image: alpine}
    """,
        True,
    ),
    (
        "unknown-entrypoint",
        """
        entrypoint: nope
        templates:
        - name: main
          container: {image: alpine}
    """,
        False,
    ),
    (
        "duplicate-template-names",
        """
        entrypoint: main
        templates:
        - name: main
          container: {image: alpine}
        - name: main
          container: {image: alpine}
    """,
        False,
    ),
    (
        "invalid-template-name-underscore",
        """
        entrypoint: ma_in
        templates:
        - name: ma_in
          container: {image: alpine}
    """,
        False,
    ),
    (
        "template-name-too-long",
        """
        entrypoint: main
        templates:
        - name: main
          steps: [[{name: a, template: """
        + "x" * 130
        + """}]]
        - name: """
        + "x" * 130
        + """
          container: {image: alpine}
    """,
        False,
    ),
    (
        "duplicate-step-names",
        """
        entrypoint: main
        templates:
        - name: main
          steps:
          - - {name: a, template: leaf}
          - - {name: a, template: leaf}
        - name: leaf
          container: {image: alpine}
    """,
        False,
    ),
    (
        "step-name-invalid",
        """
        entrypoint: main
        templates:
        - name: main
          steps:
          - - {name: a_b, template: leaf}
        - name: leaf
          container: {image: alpine}
    """,
        False,
    ),
    (
        "two-template-types",
        """
        entrypoint: main
        templates:
        - name: main
          container: {image: alpine}
          script: {image: alpine, source: echo}
    """,
        False,
    ),
    (
        "no-template-type",
        """
        entrypoint: main
        templates:
        - name: main
    """,
        False,
    ),
    (
        "step-unknown-template",
        """
        entrypoint: main
        templates:
        - name: main
          steps: [[{name: a, template: nope}]]
    """,
        False,
    ),
    # --- variables in steps -------------------------------------------------------------------
    (
        "steps-output-of-previous-group",
        """
        entrypoint: main
        templates:
        - name: main
          steps:
          - - {name: gen, template: gen}
          - - name: use
              template: echo
              arguments: {parameters: [{name: m, value: "{{steps.gen.outputs.result}}"}]}
        - name: gen
          script: {image: python, command: [python], source: print(1)}
        - name: echo
          inputs: {parameters: [{name: m}]}
          container: {image: alpine, args: ["{{inputs.parameters.m}}"]}
    """,
        True,
    ),
    (
        "steps-output-same-group",
        """
        entrypoint: main
        templates:
        - name: main
          steps:
          - - {name: gen, template: gen}
            - name: use
              template: echo
              arguments: {parameters: [{name: m, value: "{{steps.gen.outputs.result}}"}]}
        - name: gen
          script: {image: python, command: [python], source: print(1)}
        - name: echo
          inputs: {parameters: [{name: m}]}
          container: {image: alpine, args: ["{{inputs.parameters.m}}"]}
    """,
        False,
    ),
    (
        "steps-unresolved-input",
        """
        entrypoint: main
        templates:
        - name: main
          container: {image: alpine, args: ["{{inputs.parameters.nope}}"]}
    """,
        False,
    ),
    (
        "steps-unknown-step-ref",
        """
        entrypoint: main
        templates:
        - name: main
          steps:
          - - name: use
              template: echo
              arguments: {parameters: [{name: m, value: "{{steps.ghost.outputs.result}}"}]}
        - name: echo
          inputs: {parameters: [{name: m}]}
          container: {image: alpine}
    """,
        False,
    ),
    (
        "steps-missing-argument",
        """
        entrypoint: main
        templates:
        - name: main
          steps: [[{name: a, template: echo}]]
        - name: echo
          inputs: {parameters: [{name: m}]}
          container: {image: alpine, args: ["{{inputs.parameters.m}}"]}
    """,
        False,
    ),
    (
        "steps-input-default",
        """
        entrypoint: main
        templates:
        - name: main
          steps: [[{name: a, template: echo}]]
        - name: echo
          inputs: {parameters: [{name: m, value: hi}]}
          container: {image: alpine, args: ["{{inputs.parameters.m}}"]}
    """,
        True,
    ),
    (
        "steps-output-parameter-of-previous",
        """
        entrypoint: main
        templates:
        - name: main
          steps:
          - - {name: gen, template: gen}
          - - name: use
              template: echo
              arguments: {parameters: [{name: m, value: "{{steps.gen.outputs.parameters.p}}"}]}
        - name: gen
          container: {image: alpine}
          outputs: {parameters: [{name: p, valueFrom: {path: /tmp/p}}]}
        - name: echo
          inputs: {parameters: [{name: m}]}
          container: {image: alpine}
    """,
        True,
    ),
    (
        "steps-template-outputs-from-last-step",
        """
        entrypoint: main
        templates:
        - name: main
          steps:
          - - {name: gen, template: gen}
          outputs:
            parameters:
            - name: o
              valueFrom: {parameter: "{{steps.gen.outputs.parameters.p}}"}
        - name: gen
          container: {image: alpine}
          outputs: {parameters: [{name: p, valueFrom: {path: /tmp/p}}]}
    """,
        True,
    ),
    (
        "steps-item-withItems",
        """
        entrypoint: main
        templates:
        - name: main
          steps:
          - - name: a
              template: echo
              arguments: {parameters: [{name: m, value: "{{item}}"}]}
              withItems: [1, 2]
        - name: echo
          inputs: {parameters: [{name: m}]}
          container: {image: alpine}
    """,
        True,
    ),
    (
        "steps-item-key-withItems-maps",
        """
        entrypoint: main
        templates:
        - name: main
          steps:
          - - name: a
              template: echo
              arguments: {parameters: [{name: m, value: "{{item.os}} {{item.v}}"}]}
              withItems: [{os: debian, v: 9}, {os: alpine, v: 3}]
        - name: echo
          inputs: {parameters: [{name: m}]}
          container: {image: alpine}
    """,
        True,
    ),
    (
        "steps-bare-item-without-loop",
        """
        entrypoint: main
        templates:
        - name: main
          steps:
          - - name: a
              template: echo
              arguments: {parameters: [{name: m, value: "{{item}}"}]}
        - name: echo
          inputs: {parameters: [{name: m}]}
          container: {image: alpine}
    """,
        True,
    ),
    (
        "steps-withParam-from-previous",
        """
        entrypoint: main
        templates:
        - name: main
          steps:
          - - {name: gen, template: gen}
          - - name: a
              template: echo
              arguments: {parameters: [{name: m, value: "{{item}}"}]}
              withParam: "{{steps.gen.outputs.result}}"
        - name: gen
          script: {image: python, command: [python], source: "print([1])"}
        - name: echo
          inputs: {parameters: [{name: m}]}
          container: {image: alpine}
    """,
        True,
    ),
    (
        "steps-withSequence",
        """
        entrypoint: main
        templates:
        - name: main
          steps:
          - - name: a
              template: echo
              arguments: {parameters: [{name: m, value: "{{item}}"}]}
              withSequence: {count: "3"}
        - name: echo
          inputs: {parameters: [{name: m}]}
          container: {image: alpine}
    """,
        True,
    ),
    (
        "steps-when-previous-result",
        """
        entrypoint: main
        templates:
        - name: main
          steps:
          - - {name: flip, template: gen}
          - - {name: heads, template: leaf, when: "{{steps.flip.outputs.result}} == heads"}
        - name: gen
          script: {image: python, command: [python], source: print(1)}
        - name: leaf
          container: {image: alpine}
    """,
        True,
    ),
    (
        "steps-outputs-of-loop-aggregate",
        """
        entrypoint: main
        templates:
        - name: main
          steps:
          - - {name: gen, template: gen, withItems: [1, 2]}
          - - name: use
              template: echo
              arguments: {parameters: [{name: m, value: "{{steps.gen.outputs.parameters}}"}]}
        - name: gen
          container: {image: alpine}
          outputs: {parameters: [{name: p, valueFrom: {path: /tmp/p}}]}
        - name: echo
          inputs: {parameters: [{name: m}]}
          container: {image: alpine}
    """,
        True,
    ),
    # --- globals ------------------------------------------------------------------------------
    (
        "workflow-parameters-global",
        """
        entrypoint: main
        arguments: {parameters: [{name: msg, value: hi}]}
        templates:
        - name: main
          container: {image: alpine, args: ["{{workflow.parameters.msg}}", "{{workflow.name}}", "{{workflow.uid}}"]}
    """,
        True,
    ),
    (
        "workflow-parameters-unknown",
        """
        entrypoint: main
        templates:
        - name: main
          container: {image: alpine, args: ["{{workflow.parameters.msg}}"]}
    """,
        False,
    ),
    (
        "workflow-outputs-global-param",
        """
        entrypoint: main
        templates:
        - name: main
          steps:
          - - {name: gen, template: gen}
          - - {name: use, template: use}
        - name: gen
          container: {image: alpine}
          outputs: {parameters: [{name: p, globalName: gp, valueFrom: {path: /tmp/p}}]}
        - name: use
          container: {image: alpine, args: ["{{workflow.outputs.parameters.gp}}"]}
    """,
        True,
    ),
    (
        "workflow-annotations-labels",
        """
        entrypoint: main
        templates:
        - name: main
          container:
            image: alpine
            args: ["{{workflow.annotations}}", "{{workflow.labels}}", "{{workflow.creationTimestamp}}",
                   "{{workflow.namespace}}", "{{workflow.serviceAccountName}}"]
    """,
        True,
    ),
    (
        "pod-name-and-retries",
        """
        entrypoint: main
        templates:
        - name: main
          retryStrategy: {limit: "2"}
          container: {image: alpine, args: ["{{pod.name}}", "{{retries}}"]}
    """,
        True,
    ),
    (
        "spec-argument-artifact-no-source",
        """
        entrypoint: main
        arguments: {artifacts: [{name: a}]}
        templates:
        - name: main
          container: {image: alpine}
    """,
        False,
    ),
    (
        "spec-argument-param-valueFrom-configmap",
        """
        entrypoint: main
        arguments:
          parameters:
          - name: p
            valueFrom: {configMapKeyRef: {name: cm, key: k}}
        templates:
        - name: main
          container: {image: alpine, args: ["{{workflow.parameters.p}}"]}
    """,
        True,
    ),
    (
        "expression-tag",
        """
        entrypoint: main
        arguments: {parameters: [{name: n, value: "3"}]}
        templates:
        - name: main
          container: {image: alpine, args: ["{{=asInt(workflow.parameters.n) + 1}}"]}
    """,
        True,
    ),
    (
        "expression-tag-inputs-sprig",
        """
        entrypoint: main
        templates:
        - name: main
          inputs: {parameters: [{name: x, value: "a"}]}
          container: {image: alpine, args: ["{{=sprig.upper(inputs.parameters.x)}}"]}
    """,
        True,
    ),
    # --- DAG ----------------------------------------------------------------------------------
    (
        "dag-diamond",
        """
        entrypoint: main
        templates:
        - name: main
          dag:
            tasks:
            - {name: A, template: leaf}
            - {name: B, template: leaf, dependencies: [A]}
            - {name: C, template: leaf, dependencies: [A]}
            - {name: D, template: leaf, dependencies: [B, C]}
        - name: leaf
          container: {image: alpine}
    """,
        True,
    ),
    (
        "dag-cycle",
        """
        entrypoint: main
        templates:
        - name: main
          dag:
            tasks:
            - {name: A, template: leaf, dependencies: [B]}
            - {name: B, template: leaf, dependencies: [A]}
        - name: leaf
          container: {image: alpine}
    """,
        False,
    ),
    (
        "dag-unknown-dependency",
        """
        entrypoint: main
        templates:
        - name: main
          dag:
            tasks:
            - {name: A, template: leaf, dependencies: [Z]}
        - name: leaf
          container: {image: alpine}
    """,
        False,
    ),
    (
        "dag-deps-and-depends",
        """
        entrypoint: main
        templates:
        - name: main
          dag:
            tasks:
            - {name: A, template: leaf}
            - {name: B, template: leaf, dependencies: [A], depends: A}
        - name: leaf
          container: {image: alpine}
    """,
        False,
    ),
    (
        "dag-depends-expression",
        """
        entrypoint: main
        templates:
        - name: main
          dag:
            tasks:
            - {name: A, template: leaf}
            - {name: B, template: leaf, depends: "A.Succeeded || A.Failed"}
            - {name: C, template: leaf, depends: "(A && B.Errored)"}
        - name: leaf
          container: {image: alpine}
    """,
        True,
    ),
    (
        "dag-output-of-ancestor",
        """
        entrypoint: main
        templates:
        - name: main
          dag:
            tasks:
            - {name: A, template: gen}
            - name: B
              dependencies: [A]
              template: echo
              arguments: {parameters: [{name: m, value: "{{tasks.A.outputs.result}}"}]}
        - name: gen
          script: {image: python, command: [python], source: print(1)}
        - name: echo
          inputs: {parameters: [{name: m}]}
          container: {image: alpine}
    """,
        True,
    ),
    (
        "dag-output-of-non-ancestor",
        """
        entrypoint: main
        templates:
        - name: main
          dag:
            tasks:
            - {name: A, template: gen}
            - name: B
              template: echo
              arguments: {parameters: [{name: m, value: "{{tasks.A.outputs.result}}"}]}
        - name: gen
          script: {image: python, command: [python], source: print(1)}
        - name: echo
          inputs: {parameters: [{name: m}]}
          container: {image: alpine}
    """,
        False,
    ),
    (
        "dag-output-of-grand-ancestor",
        """
        entrypoint: main
        templates:
        - name: main
          dag:
            tasks:
            - {name: A, template: gen}
            - {name: B, template: gen, depends: A}
            - name: C
              depends: B
              template: echo
              arguments: {parameters: [{name: m, value: "{{tasks.A.outputs.result}}"}]}
        - name: gen
          script: {image: python, command: [python], source: print(1)}
        - name: echo
          inputs: {parameters: [{name: m}]}
          container: {image: alpine}
    """,
        True,
    ),
    (
        "dag-task-status-in-depends-ancestor",
        """
        entrypoint: main
        templates:
        - name: main
          dag:
            tasks:
            - {name: A, template: leaf}
            - {name: B, template: leaf, depends: A, when: "{{tasks.A.status}} == Succeeded"}
        - name: leaf
          container: {image: alpine}
    """,
        True,
    ),
    (
        "dag-template-outputs-from-task",
        """
        entrypoint: main
        templates:
        - name: main
          dag:
            tasks:
            - {name: A, template: gen}
          outputs:
            parameters:
            - name: o
              valueFrom: {parameter: "{{tasks.A.outputs.parameters.p}}"}
            artifacts:
            - {name: art, from: "{{tasks.A.outputs.artifacts.f}}"}
        - name: gen
          container: {image: alpine}
          outputs:
            parameters: [{name: p, valueFrom: {path: /tmp/p}}]
            artifacts: [{name: f, path: /tmp/f}]
    """,
        True,
    ),
    (
        "dag-artifact-passing",
        """
        entrypoint: main
        templates:
        - name: main
          dag:
            tasks:
            - {name: gen, template: gen}
            - name: use
              depends: gen
              template: use
              arguments: {artifacts: [{name: in, from: "{{tasks.gen.outputs.artifacts.f}}"}]}
        - name: gen
          container: {image: alpine}
          outputs: {artifacts: [{name: f, path: /tmp/f}]}
        - name: use
          inputs: {artifacts: [{name: in, path: /tmp/in}]}
          container: {image: alpine}
    """,
        True,
    ),
    (
        "dag-artifact-missing-argument",
        """
        entrypoint: main
        templates:
        - name: main
          dag:
            tasks:
            - {name: use, template: use}
        - name: use
          inputs: {artifacts: [{name: in, path: /tmp/in}]}
          container: {image: alpine}
    """,
        False,
    ),
    (
        "input-artifact-with-default-location",
        """
        entrypoint: main
        templates:
        - name: main
          inputs:
            artifacts:
            - name: src
              path: /src
              git: {repo: "https://github.com/argoproj/argo-workflows.git"}
          container: {image: alpine}
    """,
        True,
    ),
    (
        "input-artifact-raw",
        """
        entrypoint: main
        templates:
        - name: main
          inputs:
            artifacts:
            - {name: r, path: /tmp/r, raw: {data: hello}}
          container: {image: alpine}
    """,
        True,
    ),
    (
        "dag-item-withParam-task",
        """
        entrypoint: main
        templates:
        - name: main
          dag:
            tasks:
            - {name: gen, template: gen}
            - name: fan
              depends: gen
              template: echo
              arguments: {parameters: [{name: m, value: "{{item}}"}]}
              withParam: "{{tasks.gen.outputs.result}}"
        - name: gen
          script: {image: python, command: [python], source: "print([1])"}
        - name: echo
          inputs: {parameters: [{name: m}]}
          container: {image: alpine}
    """,
        True,
    ),
    (
        "dag-withParam-non-ancestor-unchecked",
        """
        entrypoint: main
        templates:
        - name: main
          dag:
            tasks:
            - {name: gen, template: gen}
            - name: fan
              template: echo
              arguments: {parameters: [{name: m, value: "{{item}}"}]}
              withParam: "{{tasks.gen.outputs.result}}"
        - name: gen
          script: {image: python, command: [python], source: "print([1])"}
        - name: echo
          inputs: {parameters: [{name: m}]}
          container: {image: alpine}
    """,
        True,
    ),
    (
        "dag-target-unknown-task-ok",
        """
        entrypoint: main
        templates:
        - name: main
          dag:
            target: B
            tasks:
            - {name: A, template: leaf}
            - {name: B, template: leaf, depends: A}
        - name: leaf
          container: {image: alpine}
    """,
        True,
    ),
    (
        "dag-fail-fast",
        """
        entrypoint: main
        templates:
        - name: main
          dag:
            failFast: false
            tasks:
            - {name: A, template: leaf}
        - name: leaf
          container: {image: alpine}
    """,
        True,
    ),
    (
        "dag-task-inline-template",
        """
        entrypoint: main
        templates:
        - name: main
          dag:
            tasks:
            - name: A
              inline:
                container: {image: alpine}
    """,
        True,
    ),
    # --- exit handlers, hooks -----------------------------------------------------------------
    (
        "exit-handler-status-failures",
        """
        entrypoint: main
        onExit: exit
        templates:
        - name: main
          container: {image: alpine}
        - name: exit
          container: {image: alpine, args: ["{{workflow.status}}", "{{workflow.failures}}", "{{workflow.duration}}"]}
    """,
        True,
    ),
    (
        "exit-handler-unknown",
        """
        entrypoint: main
        onExit: nope
        templates:
        - name: main
          container: {image: alpine}
    """,
        False,
    ),
    (
        "workflow-status-anywhere",
        """
        entrypoint: main
        templates:
        - name: main
          container: {image: alpine, args: ["{{workflow.status}}"]}
    """,
        True,
    ),
    (
        "step-onExit-with-outputs",
        """
        entrypoint: main
        templates:
        - name: main
          steps:
          - - {name: a, template: gen, onExit: bye}
        - name: gen
          container: {image: alpine}
        - name: bye
          container: {image: alpine}
    """,
        True,
    ),
    (
        "task-exit-hook-own-outputs",
        """
        entrypoint: main
        templates:
        - name: main
          dag:
            tasks:
            - name: A
              template: gen
              hooks:
                exit:
                  template: echo
                  arguments: {parameters: [{name: m, value: "{{tasks.A.outputs.parameters.p}}"}]}
        - name: gen
          container: {image: alpine}
          outputs: {parameters: [{name: p, valueFrom: {path: /tmp/p}}]}
        - name: echo
          inputs: {parameters: [{name: m}]}
          container: {image: alpine}
    """,
        True,
    ),
    (
        "workflow-hooks-expression",
        """
        entrypoint: main
        hooks:
          exit: {template: leaf}
          running:
            expression: workflow.status == "Running"
            template: leaf
        templates:
        - name: main
          container: {image: alpine}
        - name: leaf
          container: {image: alpine}
    """,
        True,
    ),
    (
        "workflow-hook-missing-expression",
        """
        entrypoint: main
        hooks:
          running: {template: leaf}
        templates:
        - name: main
          container: {image: alpine}
        - name: leaf
          container: {image: alpine}
    """,
        False,
    ),
    # --- other template types -----------------------------------------------------------------
    (
        "suspend-duration",
        """
        entrypoint: main
        templates:
        - name: main
          suspend: {duration: "20s"}
    """,
        True,
    ),
    (
        "suspend-with-output-supplied",
        """
        entrypoint: main
        templates:
        - name: main
          suspend: {}
          outputs:
            parameters:
            - name: approve
              valueFrom: {supplied: {}}
    """,
        True,
    ),
    (
        "resource-create",
        """
        entrypoint: main
        templates:
        - name: main
          resource:
            action: create
            successCondition: status.succeeded > 0
            manifest: |
              apiVersion: batch/v1
              kind: Job
              metadata: {generateName: j-}
          outputs:
            parameters:
            - name: job
              valueFrom: {jsonPath: "{.metadata.name}"}
    """,
        True,
    ),
    (
        "resource-bad-action",
        """
        entrypoint: main
        templates:
        - name: main
          resource:
            action: explode
            manifest: "kind: Job"
    """,
        False,
    ),
    (
        "data-template",
        """
        entrypoint: main
        templates:
        - name: main
          data:
            source: {artifactPaths: {s3: {bucket: b, key: k}}}
            transformation:
            - expression: "filter(data, {# endsWith 'main.log'})"
    """,
        True,
    ),
    (
        "http-template",
        """
        entrypoint: main
        templates:
        - name: main
          http:
            url: https://example.com
            successCondition: response.statusCode == 200
    """,
        True,
    ),
    (
        "container-set",
        """
        entrypoint: main
        templates:
        - name: main
          containerSet:
            containers:
            - {name: a, image: alpine}
            - {name: main, image: alpine, dependencies: [a]}
    """,
        True,
    ),
    (
        "container-set-unknown-dep",
        """
        entrypoint: main
        templates:
        - name: main
          containerSet:
            containers:
            - {name: main, image: alpine, dependencies: [ghost]}
    """,
        False,
    ),
    (
        "script-no-image",
        """
        entrypoint: main
        templates:
        - name: main
          script: {command: [sh], source: echo}
    """,
        False,
    ),
    (
        "template-defaults-image",
        """
        entrypoint: main
        templateDefaults:
          container: {image: alpine}
        templates:
        - name: main
          container: {command: [echo]}
    """,
        True,
    ),
    # --- retry, metrics, podGC, volumes ---------------------------------------------------------
    (
        "retry-expression-lastRetry",
        """
        entrypoint: main
        templates:
        - name: main
          retryStrategy:
            limit: "10"
            expression: 'asInt(lastRetry.exitCode) > 1 && lastRetry.status == "Failed"'
          container: {image: python, command: [python, -c, "import sys; sys.exit(1)"]}
    """,
        True,
    ),
    (
        "retry-lastRetry-in-args",
        """
        entrypoint: main
        templates:
        - name: main
          retryStrategy: {limit: "3"}
          container: {image: alpine, args: ["{{lastRetry.exitCode}}", "{{lastRetry.duration}}"]}
    """,
        True,
    ),
    (
        "metrics-gauge-duration",
        """
        entrypoint: main
        templates:
        - name: main
          metrics:
            prometheus:
            - name: exec_duration
              help: Duration
              labels: [{key: name, value: x}]
              gauge: {realtime: true, value: "{{duration}}"}
          container: {image: alpine}
    """,
        True,
    ),
    (
        "metrics-counter-status",
        """
        entrypoint: main
        templates:
        - name: main
          metrics:
            prometheus:
            - name: result_counter
              help: Count
              labels: [{key: status, value: "{{status}}"}]
              when: "{{status}} == Failed"
              counter: {value: "1"}
          container: {image: alpine}
    """,
        True,
    ),
    (
        "metrics-missing-help",
        """
        entrypoint: main
        templates:
        - name: main
          metrics:
            prometheus:
            - name: m
              counter: {value: "1"}
          container: {image: alpine}
    """,
        False,
    ),
    (
        "metrics-name-colon",
        """
        entrypoint: main
        templates:
        - name: main
          metrics:
            prometheus:
            - {name: "a:b", help: h, counter: {value: "1"}}
          container: {image: alpine}
    """,
        False,
    ),
    (
        "podgc-strategy",
        """
        entrypoint: main
        podGC: {strategy: OnPodSuccess}
        templates:
        - name: main
          container: {image: alpine}
    """,
        True,
    ),
    (
        "podgc-bad-strategy",
        """
        entrypoint: main
        podGC: {strategy: Sometimes}
        templates:
        - name: main
          container: {image: alpine}
    """,
        False,
    ),
    (
        "volume-claim-templates",
        """
        entrypoint: main
        volumeClaimTemplates:
        - metadata: {name: workdir}
          spec:
            accessModes: [ReadWriteOnce]
            resources: {requests: {storage: 1Gi}}
        templates:
        - name: main
          container:
            image: alpine
            volumeMounts: [{name: workdir, mountPath: /mnt/vol}]
    """,
        True,
    ),
    (
        "volumes-secret",
        """
        entrypoint: main
        volumes:
        - name: my-secret-vol
          secret: {secretName: my-secret}
        templates:
        - name: main
          container:
            image: alpine
            volumeMounts: [{name: my-secret-vol, mountPath: /secret}]
    """,
        True,
    ),
    (
        "volume-mount-duplicate-path",
        """
        entrypoint: main
        volumes:
        - {name: a, emptyDir: {}}
        - {name: b, emptyDir: {}}
        templates:
        - name: main
          container:
            image: alpine
            volumeMounts: [{name: a, mountPath: /m}, {name: b, mountPath: /m}]
    """,
        False,
    ),
    # --- leaf-only fields ----------------------------------------------------------------------
    (
        "active-deadline-on-steps",
        """
        entrypoint: main
        templates:
        - name: main
          activeDeadlineSeconds: 10
          steps: [[{name: a, template: leaf}]]
        - name: leaf
          container: {image: alpine}
    """,
        False,
    ),
    (
        "parallelism-on-leaf",
        """
        entrypoint: main
        templates:
        - name: main
          parallelism: 2
          container: {image: alpine}
    """,
        False,
    ),
    (
        "parallelism-on-steps",
        """
        entrypoint: main
        parallelism: 1
        templates:
        - name: main
          parallelism: 2
          steps: [[{name: a, template: leaf}]]
        - name: leaf
          container: {image: alpine}
          activeDeadlineSeconds: 5
    """,
        True,
    ),
    (
        "timeout-on-steps",
        """
        entrypoint: main
        templates:
        - name: main
          timeout: 10s
          steps: [[{name: a, template: leaf}]]
        - name: leaf
          container: {image: alpine}
    """,
        False,
    ),
    # --- output parameters --------------------------------------------------------------------
    (
        "output-param-no-source",
        """
        entrypoint: main
        templates:
        - name: main
          container: {image: alpine}
          outputs: {parameters: [{name: p}]}
    """,
        False,
    ),
    (
        "output-param-default-valueFrom",
        """
        entrypoint: main
        templates:
        - name: main
          container: {image: alpine}
          outputs: {parameters: [{name: p, valueFrom: {path: /tmp/p, default: x}}]}
    """,
        True,
    ),
    (
        "global-name-with-variable",
        """
        entrypoint: main
        arguments: {parameters: [{name: run, value: "1"}]}
        templates:
        - name: main
          container: {image: alpine}
          outputs:
            parameters:
            - name: p
              globalName: "result-{{workflow.parameters.run}}"
              valueFrom: {path: /tmp/p}
    """,
        True,
    ),
    (
        "enum-value-not-in-enum",
        """
        entrypoint: main
        arguments: {parameters: [{name: p, value: c, enum: [a, b]}]}
        templates:
        - name: main
          container: {image: alpine}
    """,
        False,
    ),
    (
        "enum-value-in-enum",
        """
        entrypoint: main
        arguments: {parameters: [{name: p, value: a, enum: [a, b]}]}
        templates:
        - name: main
          container: {image: alpine}
    """,
        True,
    ),
    # --- templateRef, WorkflowTemplates ------------------------------------------------------
    (
        "template-ref-step",
        """
        entrypoint: main
        templates:
        - name: main
          steps:
          - - name: a
              templateRef: {name: lib, template: echo}
              arguments: {parameters: [{name: m, value: hi}]}
    """,
        True,
    ),
    (
        "wftmpl-open-inputs",
        """
        templates:
        - name: echo
          inputs: {parameters: [{name: m}]}
          container: {image: alpine, args: ["{{inputs.parameters.m}}"]}
    """,
        True,
    ),
    (
        "wftmpl-arguments-without-value",
        """
        entrypoint: main
        arguments: {parameters: [{name: msg}]}
        templates:
        - name: main
          container: {image: alpine, args: ["{{workflow.parameters.msg}}"]}
    """,
        True,
    ),
    (
        "wftmpl-bad-template-name",
        """
        templates:
        - name: Echo_1
          container: {image: alpine}
    """,
        False,
    ),
    (
        "workflow-template-ref",
        """
        workflowTemplateRef: {name: lib}
        arguments: {parameters: [{name: m, value: hi}]}
    """,
        True,
    ),
    (
        "workflow-template-ref-with-templates",
        """
        workflowTemplateRef: {name: lib}
        templates:
        - name: main
          container: {image: alpine}
    """,
        False,
    ),
    # --- misc spec fields ---------------------------------------------------------------------
    (
        "ttl-and-pod-metadata",
        """
        entrypoint: main
        ttlStrategy: {secondsAfterCompletion: 10}
        podMetadata: {labels: {a: b}}
        serviceAccountName: argo
        templates:
        - name: main
          container: {image: alpine}
    """,
        True,
    ),
    (
        "synchronization-mutex",
        """
        entrypoint: main
        synchronization:
          mutexes: [{name: m}]
        templates:
        - name: main
          container: {image: alpine}
    """,
        True,
    ),
    (
        "daemon-ip-in-steps",
        """
        entrypoint: main
        templates:
        - name: main
          steps:
          - - {name: db, template: db}
          - - name: client
              template: echo
              arguments: {parameters: [{name: m, value: "{{steps.db.ip}}"}]}
        - name: db
          daemon: true
          container: {image: redis}
        - name: echo
          inputs: {parameters: [{name: m}]}
          container: {image: alpine}
    """,
        True,
    ),
    (
        "sidecar-reserved-name",
        """
        entrypoint: main
        templates:
        - name: main
          container: {image: alpine}
          sidecars:
          - {name: wait, image: alpine}
    """,
        False,
    ),
    # --- more scoping ---------------------------------------------------------------------------
    (
        "workflow-failures-without-onexit",
        """
        entrypoint: main
        templates:
        - name: main
          container: {image: alpine, args: ["{{workflow.failures}}"]}
    """,
        False,
    ),
    (
        "dag-status-of-non-ancestor",
        """
        entrypoint: main
        templates:
        - name: main
          dag:
            tasks:
            - {name: A, template: leaf}
            - {name: B, template: leaf, when: "{{tasks.A.status}} == Succeeded"}
        - name: leaf
          container: {image: alpine}
    """,
        False,
    ),
    (
        "dag-mid-string-non-ancestor-unchecked",
        """
        entrypoint: main
        templates:
        - name: main
          dag:
            tasks:
            - {name: A, template: gen}
            - name: B
              template: echo
              arguments: {parameters: [{name: m, value: "x-{{tasks.A.outputs.result}}"}]}
        - name: gen
          script: {image: python, command: [python], source: print(1)}
        - name: echo
          inputs: {parameters: [{name: m}]}
          container: {image: alpine}
    """,
        True,
    ),
    (
        "dag-artifact-from-non-ancestor",
        """
        entrypoint: main
        templates:
        - name: main
          dag:
            tasks:
            - {name: gen, template: gen}
            - name: use
              template: use
              arguments: {artifacts: [{name: in, from: "{{tasks.gen.outputs.artifacts.f}}"}]}
        - name: gen
          container: {image: alpine}
          outputs: {artifacts: [{name: f, path: /tmp/f}]}
        - name: use
          inputs: {artifacts: [{name: in, path: /tmp/in}]}
          container: {image: alpine}
    """,
        False,
    ),
    (
        "dag-unknown-output-parameter",
        """
        entrypoint: main
        templates:
        - name: main
          dag:
            tasks:
            - {name: A, template: gen}
            - name: B
              depends: A
              template: echo
              arguments: {parameters: [{name: m, value: "{{tasks.A.outputs.parameters.nope}}"}]}
        - name: gen
          container: {image: alpine}
          outputs: {parameters: [{name: p, valueFrom: {path: /tmp/p}}]}
        - name: echo
          inputs: {parameters: [{name: m}]}
          container: {image: alpine}
    """,
        False,
    ),
    (
        "dag-result-of-resource-task",
        """
        entrypoint: main
        templates:
        - name: main
          dag:
            tasks:
            - {name: A, template: res}
            - name: B
              depends: A
              template: echo
              arguments: {parameters: [{name: m, value: "{{tasks.A.outputs.result}}"}]}
        - name: res
          resource: {action: create, manifest: "kind: ConfigMap"}
        - name: echo
          inputs: {parameters: [{name: m}]}
          container: {image: alpine}
    """,
        False,
    ),
    (
        "steps-status-previous",
        """
        entrypoint: main
        templates:
        - name: main
          steps:
          - - {name: a, template: leaf, continueOn: {failed: true}}
          - - {name: b, template: leaf, when: "{{steps.a.status}} == Failed"}
        - name: leaf
          container: {image: alpine}
    """,
        True,
    ),
    (
        "retries-without-retry-strategy",
        """
        entrypoint: main
        templates:
        - name: main
          container: {image: alpine, args: ["{{lastRetry.exitCode}}"]}
    """,
        True,
    ),
    (
        "unknown-root-variable-ignored",
        """
        entrypoint: main
        templates:
        - name: main
          container: {image: alpine, args: ["{{node.name}}", "{{foo.bar}}"]}
    """,
        True,
    ),
    (
        "outputs-artifact-path-variable",
        """
        entrypoint: main
        templates:
        - name: main
          container: {image: alpine, args: ["{{outputs.artifacts.f.path}}", "{{outputs.parameters.p.path}}"]}
          outputs:
            parameters: [{name: p, valueFrom: {path: /tmp/p}}]
            artifacts: [{name: f, path: /tmp/f}]
    """,
        True,
    ),
    (
        "inputs-artifact-path-variable",
        """
        entrypoint: main
        templates:
        - name: main
          inputs:
            artifacts: [{name: a, path: /tmp/a, raw: {data: x}}]
          container: {image: alpine, args: ["{{inputs.artifacts.a.path}}"]}
    """,
        True,
    ),
    (
        "steps-hook-expression",
        """
        entrypoint: main
        templates:
        - name: main
          steps:
          - - name: a
              template: leaf
              hooks:
                running: {expression: steps.a.status == "Running", template: leaf}
        - name: leaf
          container: {image: alpine}
    """,
        True,
    ),
    (
        "steps-hook-no-expression",
        """
        entrypoint: main
        templates:
        - name: main
          steps:
          - - name: a
              template: leaf
              hooks:
                running: {template: leaf}
        - name: leaf
          container: {image: alpine}
    """,
        False,
    ),
    (
        "dag-task-hook-no-expression",
        """
        entrypoint: main
        templates:
        - name: main
          dag:
            tasks:
            - name: a
              template: leaf
              hooks:
                running: {template: leaf}
        - name: leaf
          container: {image: alpine}
    """,
        True,
    ),
    (
        "spec-argument-valueFrom-path",
        """
        entrypoint: main
        arguments:
          parameters:
          - name: p
            valueFrom: {path: /tmp/p}
        templates:
        - name: main
          container: {image: alpine}
    """,
        False,
    ),
    (
        "input-parameter-name-invalid",
        """
        entrypoint: main
        templates:
        - name: main
          inputs: {parameters: [{name: "a b", value: x}]}
          container: {image: alpine}
    """,
        False,
    ),
    (
        "duplicate-input-parameter",
        """
        entrypoint: main
        templates:
        - name: main
          inputs: {parameters: [{name: a, value: x}, {name: a, value: y}]}
          container: {image: alpine}
    """,
        False,
    ),
    (
        "pod-spec-patch-and-priority",
        """
        entrypoint: main
        podSpecPatch: '{"containers":[{"name":"main","resources":{"limits":{"cpu":"1"}}}]}'
        templates:
        - name: main
          container: {image: alpine}
    """,
        True,
    ),
    # --- resolveAllVariables exemptions --------------------------------------------------------
    (
        "outputs-self-reference-any",
        """
        entrypoint: main
        templates:
        - name: main
          container: {image: alpine, args: ["{{outputs.parameters.nope}}", "{{outputs.result}}"]}
    """,
        True,
    ),
    (
        "wftmpl-undeclared-workflow-parameter",
        """
        entrypoint: main
        templates:
        - name: main
          container: {image: alpine, args: ["{{workflow.parameters.later}}"]}
    """,
        True,
    ),
    (
        "unknown-workflow-variable-spaces",
        """
        entrypoint: main
        templates:
        - name: main
          container: {image: alpine, args: ["{{  workflow.thisdoesnotexist  }}"]}
    """,
        False,
    ),
    (
        "creation-timestamp-and-scheduled-time",
        """
        entrypoint: main
        templates:
        - name: main
          container: {image: alpine, args: ["{{workflow.creationTimestamp.Y}}", "{{workflow.scheduledTime}}"]}
    """,
        True,
    ),
    (
        "tasks-name-steps-name",
        """
        entrypoint: main
        templates:
        - name: main
          dag:
            tasks:
            - name: A
              template: echo
              arguments: {parameters: [{name: m, value: "{{tasks.name}}"}]}
        - name: echo
          inputs: {parameters: [{name: m}]}
          container: {image: alpine, args: ["{{inputs.parameters.m}}", "{{node.name}}"]}
    """,
        True,
    ),
    (
        "custom-tag-user",
        """
        entrypoint: main
        templates:
        - name: main
          container: {image: alpine, args: ["{{user.username}}"]}
    """,
        True,
    ),
    (
        "withParam-any-item-key",
        """
        entrypoint: main
        arguments: {parameters: [{name: list, value: '[{"a": 1}]'}]}
        templates:
        - name: main
          steps:
          - - name: a
              template: echo
              arguments: {parameters: [{name: m, value: "{{item.whatever}}"}]}
              withParam: "{{workflow.parameters.list}}"
        - name: echo
          inputs: {parameters: [{name: m}]}
          container: {image: alpine}
    """,
        True,
    ),
    (
        "withItems-unknown-item-key",
        """
        entrypoint: main
        templates:
        - name: main
          steps:
          - - name: a
              template: echo
              arguments: {parameters: [{name: m, value: "{{item.nope}}"}]}
              withItems: [{os: debian}]
        - name: echo
          inputs: {parameters: [{name: m}]}
          container: {image: alpine}
    """,
        False,
    ),
    (
        "withSequence-item-key",
        """
        entrypoint: main
        templates:
        - name: main
          steps:
          - - name: a
              template: echo
              arguments: {parameters: [{name: m, value: "{{item.x}}"}]}
              withSequence: {count: "2"}
        - name: echo
          inputs: {parameters: [{name: m}]}
          container: {image: alpine}
    """,
        False,
    ),
    (
        "workflow-outputs-with-variable-globalname",
        """
        entrypoint: main
        arguments: {parameters: [{name: run, value: "1"}]}
        templates:
        - name: main
          steps:
          - - {name: gen, template: gen}
          - - {name: use, template: use}
        - name: gen
          container: {image: alpine}
          outputs:
            parameters:
            - {name: p, globalName: "{{workflow.parameters.run}}", valueFrom: {path: /tmp/p}}
        - name: use
          container: {image: alpine, args: ["{{workflow.outputs.parameters.anything}}"]}
    """,
        True,
    ),
    (
        "workflow-outputs-undeclared",
        """
        entrypoint: main
        templates:
        - name: main
          container: {image: alpine, args: ["{{workflow.outputs.parameters.nope}}"]}
    """,
        False,
    ),
    (
        "workflow-outputs-global-artifact",
        """
        entrypoint: main
        templates:
        - name: main
          steps:
          - - {name: gen, template: gen}
          - - name: use
              template: use
              arguments: {artifacts: [{name: in, from: "{{workflow.outputs.artifacts.ga}}"}]}
        - name: gen
          container: {image: alpine}
          outputs: {artifacts: [{name: f, globalName: ga, path: /tmp/f}]}
        - name: use
          inputs: {artifacts: [{name: in, path: /tmp/in}]}
          container: {image: alpine}
    """,
        True,
    ),
    (
        "inputs-parameters-all",
        """
        entrypoint: main
        templates:
        - name: main
          inputs: {parameters: [{name: a, value: x}]}
          container: {image: alpine, args: ["{{inputs.parameters}}"]}
    """,
        True,
    ),
    (
        "container-set-input-parameter-without-main",
        """
        entrypoint: main
        templates:
        - name: main
          inputs: {parameters: [{name: a, value: x}]}
          containerSet:
            containers:
            - {name: a, image: alpine}
    """,
        True,
    ),
    (
        "container-set-input-artifact-without-main",
        """
        entrypoint: main
        templates:
        - name: main
          inputs: {artifacts: [{name: a, path: /tmp/a, raw: {data: x}}]}
          containerSet:
            containers:
            - {name: a, image: alpine}
    """,
        False,
    ),
    (
        "steps-exit-code",
        """
        entrypoint: main
        templates:
        - name: main
          steps:
          - - {name: a, template: leaf, continueOn: {failed: true}}
          - - {name: b, template: leaf, when: "{{steps.a.exitCode}} == 1"}
        - name: leaf
          container: {image: alpine}
    """,
        True,
    ),
    (
        "dag-exit-code-of-steps-task",
        """
        entrypoint: main
        templates:
        - name: main
          dag:
            tasks:
            - {name: A, template: inner}
            - {name: B, template: leaf, depends: A, when: "{{tasks.A.exitCode}} == 0"}
        - name: inner
          steps: [[{name: x, template: leaf}]]
        - name: leaf
          container: {image: alpine}
    """,
        False,
    ),
    (
        "steps-later-group-reference",
        """
        entrypoint: main
        templates:
        - name: main
          steps:
          - - name: a
              template: echo
              arguments: {parameters: [{name: m, value: "{{steps.b.outputs.result}}"}]}
          - - {name: b, template: gen}
        - name: gen
          script: {image: python, command: [python], source: print(1)}
        - name: echo
          inputs: {parameters: [{name: m}]}
          container: {image: alpine}
    """,
        False,
    ),
    (
        "dag-aggregate-without-loop",
        """
        entrypoint: main
        templates:
        - name: main
          dag:
            tasks:
            - {name: A, template: gen}
            - name: B
              depends: A
              template: echo
              arguments: {parameters: [{name: m, value: "{{tasks.A.outputs.parameters}}"}]}
        - name: gen
          container: {image: alpine}
          outputs: {parameters: [{name: p, valueFrom: {path: /tmp/p}}]}
        - name: echo
          inputs: {parameters: [{name: m}]}
          container: {image: alpine}
    """,
        False,
    ),
    (
        "steps-result-of-suspend",
        """
        entrypoint: main
        templates:
        - name: main
          steps:
          - - {name: wait, template: pause}
          - - name: use
              template: echo
              arguments: {parameters: [{name: m, value: "{{steps.wait.outputs.result}}"}]}
        - name: pause
          suspend: {}
        - name: echo
          inputs: {parameters: [{name: m}]}
          container: {image: alpine}
    """,
        False,
    ),
]


# --- DAG rules (§a #31-#44) and more scoping, compact ---------------------------------------------
CASES += [
    (
        "steps-inline-steps-template",
        """
entrypoint: main
templates:
- name: main
  steps:
  - - name: a
      inline:
        container: {image: alpine}
""",
        True,
    ),
    (
        "exit-handler-steps-status-when",
        """
entrypoint: main
onExit: bye
arguments: {parameters: [{name: x, value: "1"}]}
templates:
- name: main
  container: {image: alpine}
- name: bye
  steps:
  - - name: notify
      template: echo
      arguments: {parameters: [{name: m, value: "{{workflow.status}} {{workflow.parameters.x}}"}]}
      when: "{{workflow.status}} != Succeeded"
- name: echo
  inputs: {parameters: [{name: m}]}
  container: {image: alpine}
""",
        True,
    ),
    (
        "step-exit-hook-own-outputs",
        """
entrypoint: main
templates:
- name: main
  steps:
  - - name: a
      template: gen
      hooks:
        exit:
          template: echo
          arguments: {parameters: [{name: m, value: "{{steps.a.outputs.parameters.p}}"}]}
- name: gen
  container: {image: alpine}
  outputs: {parameters: [{name: p, valueFrom: {path: /tmp/p}}]}
- name: echo
  inputs: {parameters: [{name: m}]}
  container: {image: alpine}
""",
        True,
    ),
    (
        "retry-policy-and-backoff",
        """
entrypoint: main
templates:
- name: main
  retryStrategy:
    limit: 3
    retryPolicy: OnError
    backoff: {duration: "1", factor: 2, maxDuration: "1m"}
  container: {image: alpine}
""",
        True,
    ),
    (
        "retry-policy-invalid",
        """
entrypoint: main
templates:
- name: main
  retryStrategy: {limit: 3, retryPolicy: Sometimes}
  container: {image: alpine}
""",
        False,
    ),
    (
        "steps-item-in-template-name",
        """
entrypoint: main
templates:
- name: main
  steps:
  - - name: a
      template: "{{item}}"
      withItems: [leaf]
- name: leaf
  container: {image: alpine}
""",
        True,
    ),
    (
        "dag-task-depends-on-self",
        """
entrypoint: main
templates:
- name: main
  dag:
    tasks:
    - {name: A, template: leaf, depends: A}
- name: leaf
  container: {image: alpine}
""",
        False,
    ),
    (
        "dag-when-expression-tag",
        """
entrypoint: main
arguments: {parameters: [{name: n, value: "3"}]}
templates:
- name: main
  dag:
    tasks:
    - {name: A, template: leaf, when: "{{=asInt(workflow.parameters.n) > 2}}"}
- name: leaf
  container: {image: alpine}
""",
        True,
    ),
    (
        "dag-output-param-expression",
        """
entrypoint: main
templates:
- name: main
  dag:
    tasks:
    - {name: A, template: gen}
  outputs:
    parameters:
    - name: o
      valueFrom: {expression: "tasks.A.outputs.result"}
- name: gen
  script: {image: python, command: [python], source: print(1)}
""",
        True,
    ),
    (
        "output-param-value-and-valueFrom",
        """
entrypoint: main
templates:
- name: main
  container: {image: alpine}
  outputs: {parameters: [{name: p, value: x, valueFrom: {path: /tmp/p}}]}
""",
        False,
    ),
    (
        "resource-output-path-invalid",
        """
entrypoint: main
templates:
- name: main
  resource: {action: get, manifest: "kind: ConfigMap"}
  outputs: {parameters: [{name: p, valueFrom: {path: /tmp/p}}]}
""",
        False,
    ),
    (
        "steps-output-param-path-invalid",
        """
entrypoint: main
templates:
- name: main
  steps: [[{name: a, template: leaf}]]
  outputs: {parameters: [{name: p, valueFrom: {path: /tmp/p}}]}
- name: leaf
  container: {image: alpine}
""",
        False,
    ),
    (
        "output-artifact-archive-none-optional",
        """
entrypoint: main
templates:
- name: main
  container: {image: alpine}
  outputs:
    artifacts:
    - {name: f, path: /tmp/f, archive: {none: {}}, optional: true}
""",
        True,
    ),
    (
        "git-artifact-no-repo",
        """
entrypoint: main
templates:
- name: main
  inputs:
    artifacts: [{name: s, path: /s, git: {revision: main}}]
  container: {image: alpine}
""",
        False,
    ),
    (
        "input-artifact-path-used-by-mount",
        """
entrypoint: main
volumes: [{name: v, emptyDir: {}}]
templates:
- name: main
  inputs:
    artifacts: [{name: s, path: /s, raw: {data: x}}]
  container:
    image: alpine
    volumeMounts: [{name: v, mountPath: /s}]
""",
        False,
    ),
    (
        "init-container-no-name",
        """
entrypoint: main
templates:
- name: main
  initContainers: [{image: alpine}]
  container: {image: alpine}
""",
        False,
    ),
    (
        "suspend-active-deadline-variable",
        """
entrypoint: main
arguments: {parameters: [{name: t, value: "10"}]}
templates:
- name: main
  activeDeadlineSeconds: "{{workflow.parameters.t}}"
  suspend: {}
""",
        True,
    ),
    (
        "active-deadline-negative",
        """
entrypoint: main
templates:
- name: main
  activeDeadlineSeconds: -1
  container: {image: alpine}
""",
        False,
    ),
    (
        "metrics-realtime-resources-duration",
        """
entrypoint: main
templates:
- name: main
  metrics:
    prometheus:
    - name: m
      help: h
      gauge: {realtime: true, value: "{{resourcesDuration.cpu}}"}
  container: {image: alpine}
""",
        False,
    ),
    (
        "metrics-workflow-level",
        """
entrypoint: main
metrics:
  prometheus:
  - name: wf_duration
    help: d
    gauge: {realtime: false, value: "{{workflow.duration}}"}
templates:
- name: main
  container: {image: alpine}
""",
        True,
    ),
    (
        "http-podresources",
        """
entrypoint: main
templates:
- name: main
  podResources: {limits: {cpu: "1"}}
  http: {url: "https://x"}
""",
        False,
    ),
    (
        "podgc-label-selector",
        """
entrypoint: main
podGC:
  strategy: OnPodCompletion
  labelSelector: {matchLabels: {a: b}}
  deleteDelayDuration: 30s
templates:
- name: main
  container: {image: alpine}
""",
        True,
    ),
    (
        "plugin-template",
        """
entrypoint: main
templates:
- name: main
  plugin:
    hello: {foo: bar}
""",
        True,
    ),
    (
        "steps-argument-no-value",
        """
entrypoint: main
templates:
- name: main
  steps:
  - - name: a
      template: echo
      arguments: {parameters: [{name: m}]}
- name: echo
  inputs: {parameters: [{name: m}]}
  container: {image: alpine}
""",
        False,
    ),
    (
        "dag-arguments-extra-param",
        """
entrypoint: main
templates:
- name: main
  dag:
    tasks:
    - name: a
      template: leaf
      arguments: {parameters: [{name: unused, value: x}]}
- name: leaf
  container: {image: alpine}
""",
        True,
    ),
    (
        "wftmpl-entrypoint-unknown",
        """
entrypoint: nope
templates:
- name: main
  container: {image: alpine}
""",
        False,
    ),
    (
        "wftmpl-inputs-in-dag-arguments",
        """
templates:
- name: main
  inputs: {parameters: [{name: x}]}
  dag:
    tasks:
    - name: a
      template: echo
      arguments: {parameters: [{name: m, value: "{{inputs.parameters.x}}"}]}
- name: echo
  inputs: {parameters: [{name: m}]}
  container: {image: alpine}
""",
        True,
    ),
    (
        "steps-when-with-item",
        """
entrypoint: main
templates:
- name: main
  steps:
  - - name: a
      template: leaf
      when: "{{item}} > 1"
      withItems: [1, 2]
- name: leaf
  container: {image: alpine}
""",
        True,
    ),
    (
        "steps-key-only-artifact",
        """
entrypoint: main
templates:
- name: main
  steps:
  - - name: a
      template: use
      arguments: {artifacts: [{name: in, s3: {key: path/x}}]}
- name: use
  inputs: {artifacts: [{name: in, path: /in}]}
  container: {image: alpine}
""",
        True,
    ),
    (
        "outputs-artifact-fromExpression",
        """
entrypoint: main
templates:
- name: main
  dag:
    tasks:
    - {name: A, template: gen}
    - {name: B, template: gen}
  outputs:
    artifacts:
    - name: o
      fromExpression: "tasks.A.status == 'Succeeded' ? tasks.A.outputs.artifacts.f : tasks.B.outputs.artifacts.f"
- name: gen
  container: {image: alpine}
  outputs: {artifacts: [{name: f, path: /tmp/f}]}
""",
        True,
    ),
    (
        "entrypoint-input-from-spec-arguments",
        """
entrypoint: main
arguments: {parameters: [{name: msg, value: hi}]}
templates:
- name: main
  inputs: {parameters: [{name: msg}]}
  container: {image: alpine, args: ["{{inputs.parameters.msg}}"]}
""",
        True,
    ),
    (
        "entrypoint-input-not-supplied",
        """
entrypoint: main
templates:
- name: main
  inputs: {parameters: [{name: msg}]}
  container: {image: alpine, args: ["{{inputs.parameters.msg}}"]}
""",
        False,
    ),
    (
        "entrypoint-input-artifact-from-spec",
        """
entrypoint: main
arguments: {artifacts: [{name: src, git: {repo: "https://github.com/a/b"}}]}
templates:
- name: main
  inputs: {artifacts: [{name: src, path: /src}]}
  container: {image: alpine}
""",
        True,
    ),
    (
        "onexit-input-from-spec-arguments",
        """
entrypoint: main
onExit: bye
arguments: {parameters: [{name: msg, value: hi}]}
templates:
- name: main
  container: {image: alpine}
- name: bye
  inputs: {parameters: [{name: msg}]}
  container: {image: alpine, args: ["{{inputs.parameters.msg}}"]}
""",
        True,
    ),
    (
        "onexit-input-not-supplied",
        """
entrypoint: main
onExit: bye
templates:
- name: main
  container: {image: alpine}
- name: bye
  inputs: {parameters: [{name: msg}]}
  container: {image: alpine, args: ["{{inputs.parameters.msg}}"]}
""",
        False,
    ),
    (
        "unreached-template-with-open-inputs",
        """
entrypoint: main
templates:
- name: main
  container: {image: alpine}
- name: lib
  inputs: {parameters: [{name: msg}]}
  container: {image: alpine, args: ["{{inputs.parameters.msg}}"]}
""",
        True,
    ),
    (
        "wftmpl-entrypoint-open-input",
        """
entrypoint: main
templates:
- name: main
  inputs: {parameters: [{name: msg}]}
  container: {image: alpine, args: ["{{inputs.parameters.msg}}"]}
""",
        True,
    ),
    (
        "dag-task-hooks-own-status",
        """
entrypoint: main
templates:
- name: main
  dag:
    tasks:
    - name: A
      template: leaf
      hooks:
        exit: {template: leaf}
        running: {expression: tasks.A.status == "Running", template: leaf}
- name: leaf
  container: {image: alpine}
""",
        True,
    ),
    (
        "template-defaults-retry-retries",
        """
entrypoint: main
templateDefaults:
  retryStrategy: {limit: "2"}
  timeout: 5m
templates:
- name: main
  container: {image: alpine, args: ["{{retries}}"]}
""",
        True,
    ),
    (
        "daemon-ip-dag",
        """
entrypoint: main
templates:
- name: main
  dag:
    tasks:
    - {name: db, template: db}
    - name: c
      depends: db
      template: echo
      arguments: {parameters: [{name: m, value: "{{tasks.db.ip}}"}]}
- name: db
  daemon: true
  container: {image: redis}
- name: echo
  inputs: {parameters: [{name: m}]}
  container: {image: alpine}
""",
        True,
    ),
    (
        "metrics-histogram-status-labels",
        """
entrypoint: main
templates:
- name: main
  metrics:
    prometheus:
    - name: d
      help: d
      labels: [{key: s, value: "{{status}}"}, {key: e, value: "{{exitCode}}"}]
      histogram: {value: "{{duration}}", buckets: [1, 2]}
  container: {image: alpine}
""",
        True,
    ),
    (
        "metric-label-key-invalid",
        """
entrypoint: main
templates:
- name: main
  metrics:
    prometheus:
    - name: d
      help: d
      labels: [{key: "bad-key", value: x}]
      counter: {value: "1"}
  container: {image: alpine}
""",
        False,
    ),
    (
        "steps-nested-inputs-pass",
        """
entrypoint: main
arguments: {parameters: [{name: msg, value: hi}]}
templates:
- name: main
  inputs: {parameters: [{name: msg}]}
  steps:
  - - name: a
      template: echo
      arguments: {parameters: [{name: m, value: "{{inputs.parameters.msg}}"}]}
- name: echo
  inputs: {parameters: [{name: m}]}
  container: {image: alpine}
""",
        True,
    ),
]

_LEAF = "- name: leaf\n  container: {image: alpine}\n"


def _dag(tasks: str) -> str:
    """A spec whose entrypoint is a DAG of ``tasks`` (YAML list items), plus the ``leaf`` template."""
    return "entrypoint: main\ntemplates:\n- name: main\n  dag:\n    tasks:\n" + tasks + _LEAF


CASES += [
    (
        "dag-digit-name-with-depends",
        _dag("    - {name: 1a, template: leaf}\n    - {name: b, template: leaf, depends: 1a}\n"),
        False,
    ),
    ("dag-digit-name-no-deps", _dag("    - {name: 1a, template: leaf}\n    - {name: b, template: leaf}\n"), True),
    (
        "dag-digit-name-in-depends-dag-other",
        _dag(
            "    - {name: 1a, template: leaf}\n"
            "    - {name: b, template: leaf}\n"
            "    - {name: c, template: leaf, depends: b}\n"
        ),
        False,
    ),
    (
        "dag-digit-dependencies-other-task",
        _dag("    - {name: 1a, template: leaf}\n    - {name: b, template: leaf, dependencies: [1a]}\n"),
        True,
    ),
    (
        "dag-continueOn-with-depends",
        _dag(
            "    - {name: a, template: leaf, continueOn: {failed: true}}\n    - {name: b, template: leaf, depends: a}\n"
        ),
        False,
    ),
    (
        "dag-continueOn-with-dependencies",
        _dag(
            "    - {name: a, template: leaf, continueOn: {failed: true}}\n"
            "    - {name: b, template: leaf, dependencies: [a]}\n"
        ),
        True,
    ),
    (
        "dag-depends-bad-result",
        _dag("    - {name: a, template: leaf}\n    - {name: b, template: leaf, depends: a.Skippedd}\n"),
        False,
    ),
    (
        "dag-depends-lowercase-result",
        _dag("    - {name: a, template: leaf}\n    - {name: b, template: leaf, depends: a.succeeded}\n"),
        False,
    ),
    (
        "dag-anysucceeded-no-items",
        _dag("    - {name: a, template: leaf}\n    - {name: b, template: leaf, depends: a.AnySucceeded}\n"),
        False,
    ),
    (
        "dag-anysucceeded-items",
        _dag(
            "    - {name: a, template: leaf, withItems: [1, 2]}\n"
            "    - {name: b, template: leaf, depends: a.AnySucceeded}\n"
        ),
        True,
    ),
    (
        "dag-depends-omitted-daemoned",
        _dag(
            "    - {name: a, template: leaf}\n"
            "    - {name: b, template: leaf, depends: 'a.Omitted || a.Daemoned || !a'}\n"
        ),
        True,
    ),
    (
        "dag-target-undefined",
        "entrypoint: main\n"
        "templates:\n- name: main\n"
        "  dag:\n    target: zz\n    tasks:\n"
        "    - {name: a, template: leaf}\n" + _LEAF,
        False,
    ),
    (
        "dag-target-variable",
        "entrypoint: main\narguments: {parameters: [{name: t, value: a}]}\n"
        "templates:\n- name: main\n"
        "  dag:\n    target: '{{workflow.parameters.t}}'\n    tasks:\n"
        "    - {name: a, template: leaf}\n" + _LEAF,
        True,
    ),
    (
        "dag-withSequence-count-and-end",
        _dag("    - {name: a, template: leaf, withSequence: {count: '2', end: '3'}}\n"),
        False,
    ),
    ("dag-two-loops", _dag("    - {name: a, template: leaf, withItems: [1], withSequence: {count: '2'}}\n"), False),
    ("dag-withItems-nested-lists", _dag("    - {name: a, template: leaf, withItems: [[1, 2], [3]]}\n"), True),
    ("dag-task-no-template", _dag("    - {name: a}\n"), False),
    (
        "dag-templateRef-with-template",
        _dag("    - {name: a, template: leaf, templateRef: {name: lib, template: x}}\n"),
        False,
    ),
    ("dag-task-name-dot", _dag("    - {name: a.b, template: leaf}\n"), False),
    ("dag-empty-tasks", "entrypoint: main\ntemplates:\n- name: main\n  dag:\n    tasks: []\n", False),
]

CASES += [
    (
        "steps-pod-name-in-steps-template",  # pod.name is in scope only in pod templates
        """
        entrypoint: main
        templates:
        - name: main
          steps:
          - - name: a
              template: echo
              arguments: {parameters: [{name: m, value: "{{pod.name}}"}]}
        - name: echo
          inputs: {parameters: [{name: m}]}
          container: {image: alpine}
        """,
        False,
    ),
    (
        "nested-steps-parent-step-ref",
        """
        entrypoint: main
        templates:
        - name: main
          steps:
          - - {name: gen, template: gen}
          - - {name: inner, template: inner}
        - name: inner
          steps:
          - - name: use
              template: echo
              arguments: {parameters: [{name: m, value: "{{steps.gen.outputs.result}}"}]}
        - name: gen
          script: {image: python, command: [python], source: print(1)}
        - name: echo
          inputs: {parameters: [{name: m}]}
          container: {image: alpine}
        """,
        False,
    ),
    (
        "dag-input-artifact-path-on-dag",
        """
        entrypoint: main
        templates:
        - name: main
          inputs: {artifacts: [{name: a, path: /a, raw: {data: x}}]}
          dag:
            tasks:
            - {name: t, template: leaf}
        - name: leaf
          container: {image: alpine}
        """,
        False,
    ),
    (
        "steps-withItems-keys-across-items",
        """
        entrypoint: main
        templates:
        - name: main
          steps:
          - - name: a
              template: echo
              arguments: {parameters: [{name: m, value: "{{item.a}}-{{item.b}}"}]}
              withItems: [{a: 1}, {b: 2}]
        - name: echo
          inputs: {parameters: [{name: m}]}
          container: {image: alpine}
        """,
        True,
    ),
]


# Cases where opctl's verdict differs from Argo's on purpose (docs/lint.md, "Fidelity to Argo's validator").
CASES += [
    (
        "unknown-field-dropped-by-server",  # Argo v4 has `mutexes`; the server drops the old `mutex`
        """
        entrypoint: main
        synchronization:
          mutex: {name: m}
        templates:
        - name: main
          container: {image: alpine}
        """,
        True,
    ),
    (
        "dag-task-name-from-input",  # Argo substitutes a placeholder and then refuses the name
        """
        entrypoint: main
        templates:
        - name: main
          inputs: {parameters: [{name: nm, value: a}]}
          dag:
            tasks:
            - {name: "{{inputs.parameters.nm}}", template: leaf}
        - name: leaf
          container: {image: alpine}
        """,
        False,
    ),
]

# name -> opctl's verdict, where it differs from Argo's on purpose (docs/lint.md).
DELIBERATE: dict[str, bool] = {"unknown-field-dropped-by-server": False, "dag-task-name-from-input": True}


@pytest.mark.parametrize(("name", "spec", "argo_valid"), CASES, ids=[c[0] for c in CASES])
def test_verdict(name: str, spec: str, argo_valid: bool) -> None:
    expected = DELIBERATE.get(name, argo_valid)
    assert opctl_valid(name, spec) is expected


def test_agreement() -> None:
    """At least 97% of the cases agree with Argo (issue 8); names are unique."""
    assert len({c[0] for c in CASES}) == len(CASES)
    agree = sum(opctl_valid(n, s) is v for n, s, v in CASES)
    assert agree / len(CASES) >= 0.97
    assert len(CASES) - agree == len(DELIBERATE)  # every disagreement is a documented one
