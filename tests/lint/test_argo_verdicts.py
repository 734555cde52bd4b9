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
    return (
        f"apiVersion: argoproj.io/v1alpha1\nkind: {kind}\nmetadata: {{{meta}}}\nspec:\n"
        + textwrap.indent(textwrap.dedent(spec).strip("\n") + "\n", "  ")
    )


def opctl_valid(name: str, spec: str) -> bool:
    found = lint_documents([yaml_doc(manifest(name, spec))], "argo")
    return not any(d.is_error for d in found)


CASES: list[tuple[str, str, bool]] = [
    # --- plain shapes -----------------------------------------------------------------------
    ("hello-world", """
        entrypoint: main
        templates:
        - name: main
          container: {image: busybox, command: [echo, hi]}
    """, True),
    ("steps-two-levels", """
        entrypoint: main
        templates:
        - name: main
          steps:
          - - {name: a, template: leaf}
          - - {name: b, template: leaf}
            - {name: c, template: leaf}
        - name: leaf
          container: {image: alpine}
    """, True),
    ("unknown-entrypoint", """
        entrypoint: nope
        templates:
        - name: main
          container: {image: alpine}
    """, False),
    ("duplicate-template-names", """
        entrypoint: main
        templates:
        - name: main
          container: {image: alpine}
        - name: main
          container: {image: alpine}
    """, False),
    ("invalid-template-name-underscore", """
        entrypoint: ma_in
        templates:
        - name: ma_in
          container: {image: alpine}
    """, False),
    ("template-name-too-long", """
        entrypoint: main
        templates:
        - name: main
          steps: [[{name: a, template: """ + "x" * 130 + """}]]
        - name: """ + "x" * 130 + """
          container: {image: alpine}
    """, False),
    ("duplicate-step-names", """
        entrypoint: main
        templates:
        - name: main
          steps:
          - - {name: a, template: leaf}
          - - {name: a, template: leaf}
        - name: leaf
          container: {image: alpine}
    """, False),
    ("step-name-invalid", """
        entrypoint: main
        templates:
        - name: main
          steps:
          - - {name: a_b, template: leaf}
        - name: leaf
          container: {image: alpine}
    """, False),
    ("two-template-types", """
        entrypoint: main
        templates:
        - name: main
          container: {image: alpine}
          script: {image: alpine, source: echo}
    """, False),
    ("no-template-type", """
        entrypoint: main
        templates:
        - name: main
    """, False),
    ("step-unknown-template", """
        entrypoint: main
        templates:
        - name: main
          steps: [[{name: a, template: nope}]]
    """, False),
    # --- variables in steps -------------------------------------------------------------------
    ("steps-output-of-previous-group", """
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
    """, True),
    ("steps-output-same-group", """
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
    """, False),
    ("steps-unresolved-input", """
        entrypoint: main
        templates:
        - name: main
          container: {image: alpine, args: ["{{inputs.parameters.nope}}"]}
    """, False),
    ("steps-unknown-step-ref", """
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
    """, False),
    ("steps-missing-argument", """
        entrypoint: main
        templates:
        - name: main
          steps: [[{name: a, template: echo}]]
        - name: echo
          inputs: {parameters: [{name: m}]}
          container: {image: alpine, args: ["{{inputs.parameters.m}}"]}
    """, False),
    ("steps-input-default", """
        entrypoint: main
        templates:
        - name: main
          steps: [[{name: a, template: echo}]]
        - name: echo
          inputs: {parameters: [{name: m, value: hi}]}
          container: {image: alpine, args: ["{{inputs.parameters.m}}"]}
    """, True),
    ("steps-output-parameter-of-previous", """
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
    """, True),
    ("steps-template-outputs-from-last-step", """
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
    """, True),
    ("steps-item-withItems", """
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
    """, True),
    ("steps-item-key-withItems-maps", """
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
    """, True),
    ("steps-bare-item-without-loop", """
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
    """, True),
    ("steps-withParam-from-previous", """
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
    """, True),
    ("steps-withSequence", """
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
    """, True),
    ("steps-when-previous-result", """
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
    """, True),
    ("steps-outputs-of-loop-aggregate", """
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
    """, True),
    # --- globals ------------------------------------------------------------------------------
    ("workflow-parameters-global", """
        entrypoint: main
        arguments: {parameters: [{name: msg, value: hi}]}
        templates:
        - name: main
          container: {image: alpine, args: ["{{workflow.parameters.msg}}", "{{workflow.name}}", "{{workflow.uid}}"]}
    """, True),
    ("workflow-parameters-unknown", """
        entrypoint: main
        templates:
        - name: main
          container: {image: alpine, args: ["{{workflow.parameters.msg}}"]}
    """, False),
    ("workflow-outputs-global-param", """
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
    """, True),
    ("workflow-annotations-labels", """
        entrypoint: main
        templates:
        - name: main
          container:
            image: alpine
            args: ["{{workflow.annotations}}", "{{workflow.labels}}", "{{workflow.creationTimestamp}}",
                   "{{workflow.namespace}}", "{{workflow.serviceAccountName}}"]
    """, True),
    ("pod-name-and-retries", """
        entrypoint: main
        templates:
        - name: main
          retryStrategy: {limit: "2"}
          container: {image: alpine, args: ["{{pod.name}}", "{{retries}}"]}
    """, True),
    ("spec-argument-artifact-no-source", """
        entrypoint: main
        arguments: {artifacts: [{name: a}]}
        templates:
        - name: main
          container: {image: alpine}
    """, False),
    ("spec-argument-param-valueFrom-configmap", """
        entrypoint: main
        arguments:
          parameters:
          - name: p
            valueFrom: {configMapKeyRef: {name: cm, key: k}}
        templates:
        - name: main
          container: {image: alpine, args: ["{{workflow.parameters.p}}"]}
    """, True),
    ("expression-tag", """
        entrypoint: main
        arguments: {parameters: [{name: n, value: "3"}]}
        templates:
        - name: main
          container: {image: alpine, args: ["{{=asInt(workflow.parameters.n) + 1}}"]}
    """, True),
    ("expression-tag-inputs-sprig", """
        entrypoint: main
        templates:
        - name: main
          inputs: {parameters: [{name: x, value: "a"}]}
          container: {image: alpine, args: ["{{=sprig.upper(inputs.parameters.x)}}"]}
    """, True),
    # --- DAG ----------------------------------------------------------------------------------
    ("dag-diamond", """
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
    """, True),
    ("dag-cycle", """
        entrypoint: main
        templates:
        - name: main
          dag:
            tasks:
            - {name: A, template: leaf, dependencies: [B]}
            - {name: B, template: leaf, dependencies: [A]}
        - name: leaf
          container: {image: alpine}
    """, False),
    ("dag-unknown-dependency", """
        entrypoint: main
        templates:
        - name: main
          dag:
            tasks:
            - {name: A, template: leaf, dependencies: [Z]}
        - name: leaf
          container: {image: alpine}
    """, False),
    ("dag-deps-and-depends", """
        entrypoint: main
        templates:
        - name: main
          dag:
            tasks:
            - {name: A, template: leaf}
            - {name: B, template: leaf, dependencies: [A], depends: A}
        - name: leaf
          container: {image: alpine}
    """, False),
    ("dag-depends-expression", """
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
    """, True),
    ("dag-output-of-ancestor", """
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
    """, True),
    ("dag-output-of-non-ancestor", """
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
    """, False),
    ("dag-output-of-grand-ancestor", """
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
    """, True),
    ("dag-task-status-in-depends-ancestor", """
        entrypoint: main
        templates:
        - name: main
          dag:
            tasks:
            - {name: A, template: leaf}
            - {name: B, template: leaf, depends: A, when: "{{tasks.A.status}} == Succeeded"}
        - name: leaf
          container: {image: alpine}
    """, True),
    ("dag-template-outputs-from-task", """
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
    """, True),
    ("dag-artifact-passing", """
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
    """, True),
    ("dag-artifact-missing-argument", """
        entrypoint: main
        templates:
        - name: main
          dag:
            tasks:
            - {name: use, template: use}
        - name: use
          inputs: {artifacts: [{name: in, path: /tmp/in}]}
          container: {image: alpine}
    """, False),
    ("input-artifact-with-default-location", """
        entrypoint: main
        templates:
        - name: main
          inputs:
            artifacts:
            - name: src
              path: /src
              git: {repo: "https://github.com/argoproj/argo-workflows.git"}
          container: {image: alpine}
    """, True),
    ("input-artifact-raw", """
        entrypoint: main
        templates:
        - name: main
          inputs:
            artifacts:
            - {name: r, path: /tmp/r, raw: {data: hello}}
          container: {image: alpine}
    """, True),
    ("dag-item-withParam-task", """
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
    """, True),
    ("dag-withParam-non-ancestor-unchecked", """
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
    """, True),
    ("dag-target-unknown-task-ok", """
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
    """, True),
    ("dag-fail-fast", """
        entrypoint: main
        templates:
        - name: main
          dag:
            failFast: false
            tasks:
            - {name: A, template: leaf}
        - name: leaf
          container: {image: alpine}
    """, True),
    ("dag-task-inline-template", """
        entrypoint: main
        templates:
        - name: main
          dag:
            tasks:
            - name: A
              inline:
                container: {image: alpine}
    """, True),
    # --- exit handlers, hooks -----------------------------------------------------------------
    ("exit-handler-status-failures", """
        entrypoint: main
        onExit: exit
        templates:
        - name: main
          container: {image: alpine}
        - name: exit
          container: {image: alpine, args: ["{{workflow.status}}", "{{workflow.failures}}", "{{workflow.duration}}"]}
    """, True),
    ("exit-handler-unknown", """
        entrypoint: main
        onExit: nope
        templates:
        - name: main
          container: {image: alpine}
    """, False),
    ("workflow-status-anywhere", """
        entrypoint: main
        templates:
        - name: main
          container: {image: alpine, args: ["{{workflow.status}}"]}
    """, True),
    ("step-onExit-with-outputs", """
        entrypoint: main
        templates:
        - name: main
          steps:
          - - {name: a, template: gen, onExit: bye}
        - name: gen
          container: {image: alpine}
        - name: bye
          container: {image: alpine}
    """, True),
    ("task-exit-hook-own-outputs", """
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
    """, True),
    ("workflow-hooks-expression", """
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
    """, True),
    ("workflow-hook-missing-expression", """
        entrypoint: main
        hooks:
          running: {template: leaf}
        templates:
        - name: main
          container: {image: alpine}
        - name: leaf
          container: {image: alpine}
    """, False),
    # --- other template types -----------------------------------------------------------------
    ("suspend-duration", """
        entrypoint: main
        templates:
        - name: main
          suspend: {duration: "20s"}
    """, True),
    ("suspend-with-output-supplied", """
        entrypoint: main
        templates:
        - name: main
          suspend: {}
          outputs:
            parameters:
            - name: approve
              valueFrom: {supplied: {}}
    """, True),
    ("resource-create", """
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
    """, True),
    ("resource-bad-action", """
        entrypoint: main
        templates:
        - name: main
          resource:
            action: explode
            manifest: "kind: Job"
    """, False),
    ("data-template", """
        entrypoint: main
        templates:
        - name: main
          data:
            source: {artifactPaths: {s3: {bucket: b, key: k}}}
            transformation:
            - expression: "filter(data, {# endsWith 'main.log'})"
    """, True),
    ("http-template", """
        entrypoint: main
        templates:
        - name: main
          http:
            url: https://example.com
            successCondition: response.statusCode == 200
    """, True),
    ("container-set", """
        entrypoint: main
        templates:
        - name: main
          containerSet:
            containers:
            - {name: a, image: alpine}
            - {name: main, image: alpine, dependencies: [a]}
    """, True),
    ("container-set-unknown-dep", """
        entrypoint: main
        templates:
        - name: main
          containerSet:
            containers:
            - {name: main, image: alpine, dependencies: [ghost]}
    """, False),
    ("script-no-image", """
        entrypoint: main
        templates:
        - name: main
          script: {command: [sh], source: echo}
    """, False),
    ("template-defaults-image", """
        entrypoint: main
        templateDefaults:
          container: {image: alpine}
        templates:
        - name: main
          container: {command: [echo]}
    """, True),
    # --- retry, metrics, podGC, volumes ---------------------------------------------------------
    ("retry-expression-lastRetry", """
        entrypoint: main
        templates:
        - name: main
          retryStrategy:
            limit: "10"
            expression: 'asInt(lastRetry.exitCode) > 1 && lastRetry.status == "Failed"'
          container: {image: python, command: [python, -c, "import sys; sys.exit(1)"]}
    """, True),
    ("retry-lastRetry-in-args", """
        entrypoint: main
        templates:
        - name: main
          retryStrategy: {limit: "3"}
          container: {image: alpine, args: ["{{lastRetry.exitCode}}", "{{lastRetry.duration}}"]}
    """, True),
    ("metrics-gauge-duration", """
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
    """, True),
    ("metrics-counter-status", """
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
    """, True),
    ("metrics-missing-help", """
        entrypoint: main
        templates:
        - name: main
          metrics:
            prometheus:
            - name: m
              counter: {value: "1"}
          container: {image: alpine}
    """, False),
    ("metrics-name-colon", """
        entrypoint: main
        templates:
        - name: main
          metrics:
            prometheus:
            - {name: "a:b", help: h, counter: {value: "1"}}
          container: {image: alpine}
    """, False),
    ("podgc-strategy", """
        entrypoint: main
        podGC: {strategy: OnPodSuccess}
        templates:
        - name: main
          container: {image: alpine}
    """, True),
    ("podgc-bad-strategy", """
        entrypoint: main
        podGC: {strategy: Sometimes}
        templates:
        - name: main
          container: {image: alpine}
    """, False),
    ("volume-claim-templates", """
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
    """, True),
    ("volumes-secret", """
        entrypoint: main
        volumes:
        - name: my-secret-vol
          secret: {secretName: my-secret}
        templates:
        - name: main
          container:
            image: alpine
            volumeMounts: [{name: my-secret-vol, mountPath: /secret}]
    """, True),
    ("volume-mount-duplicate-path", """
        entrypoint: main
        volumes:
        - {name: a, emptyDir: {}}
        - {name: b, emptyDir: {}}
        templates:
        - name: main
          container:
            image: alpine
            volumeMounts: [{name: a, mountPath: /m}, {name: b, mountPath: /m}]
    """, False),
    # --- leaf-only fields ----------------------------------------------------------------------
    ("active-deadline-on-steps", """
        entrypoint: main
        templates:
        - name: main
          activeDeadlineSeconds: 10
          steps: [[{name: a, template: leaf}]]
        - name: leaf
          container: {image: alpine}
    """, False),
    ("parallelism-on-leaf", """
        entrypoint: main
        templates:
        - name: main
          parallelism: 2
          container: {image: alpine}
    """, False),
    ("parallelism-on-steps", """
        entrypoint: main
        parallelism: 1
        templates:
        - name: main
          parallelism: 2
          steps: [[{name: a, template: leaf}]]
        - name: leaf
          container: {image: alpine}
          activeDeadlineSeconds: 5
    """, True),
    ("timeout-on-steps", """
        entrypoint: main
        templates:
        - name: main
          timeout: 10s
          steps: [[{name: a, template: leaf}]]
        - name: leaf
          container: {image: alpine}
    """, False),
    # --- output parameters --------------------------------------------------------------------
    ("output-param-no-source", """
        entrypoint: main
        templates:
        - name: main
          container: {image: alpine}
          outputs: {parameters: [{name: p}]}
    """, False),
    ("output-param-default-valueFrom", """
        entrypoint: main
        templates:
        - name: main
          container: {image: alpine}
          outputs: {parameters: [{name: p, valueFrom: {path: /tmp/p, default: x}}]}
    """, True),
    ("global-name-with-variable", """
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
    """, True),
    ("enum-value-not-in-enum", """
        entrypoint: main
        arguments: {parameters: [{name: p, value: c, enum: [a, b]}]}
        templates:
        - name: main
          container: {image: alpine}
    """, False),
    ("enum-value-in-enum", """
        entrypoint: main
        arguments: {parameters: [{name: p, value: a, enum: [a, b]}]}
        templates:
        - name: main
          container: {image: alpine}
    """, True),
    # --- templateRef, WorkflowTemplates ------------------------------------------------------
    ("template-ref-step", """
        entrypoint: main
        templates:
        - name: main
          steps:
          - - name: a
              templateRef: {name: lib, template: echo}
              arguments: {parameters: [{name: m, value: hi}]}
    """, True),
    ("wftmpl-open-inputs", """
        templates:
        - name: echo
          inputs: {parameters: [{name: m}]}
          container: {image: alpine, args: ["{{inputs.parameters.m}}"]}
    """, True),
    ("wftmpl-arguments-without-value", """
        entrypoint: main
        arguments: {parameters: [{name: msg}]}
        templates:
        - name: main
          container: {image: alpine, args: ["{{workflow.parameters.msg}}"]}
    """, True),
    ("wftmpl-bad-template-name", """
        templates:
        - name: Echo_1
          container: {image: alpine}
    """, False),
    ("workflow-template-ref", """
        workflowTemplateRef: {name: lib}
        arguments: {parameters: [{name: m, value: hi}]}
    """, True),
    ("workflow-template-ref-with-templates", """
        workflowTemplateRef: {name: lib}
        templates:
        - name: main
          container: {image: alpine}
    """, False),
    # --- misc spec fields ---------------------------------------------------------------------
    ("ttl-and-pod-metadata", """
        entrypoint: main
        ttlStrategy: {secondsAfterCompletion: 10}
        podMetadata: {labels: {a: b}}
        serviceAccountName: argo
        templates:
        - name: main
          container: {image: alpine}
    """, True),
    ("synchronization-mutex", """
        entrypoint: main
        synchronization:
          mutexes: [{name: m}]
        templates:
        - name: main
          container: {image: alpine}
    """, True),
    ("daemon-ip-in-steps", """
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
    """, True),
    ("sidecar-reserved-name", """
        entrypoint: main
        templates:
        - name: main
          container: {image: alpine}
          sidecars:
          - {name: wait, image: alpine}
    """, False),
    # --- more scoping ---------------------------------------------------------------------------
    ("workflow-failures-without-onexit", """
        entrypoint: main
        templates:
        - name: main
          container: {image: alpine, args: ["{{workflow.failures}}"]}
    """, False),
    ("dag-status-of-non-ancestor", """
        entrypoint: main
        templates:
        - name: main
          dag:
            tasks:
            - {name: A, template: leaf}
            - {name: B, template: leaf, when: "{{tasks.A.status}} == Succeeded"}
        - name: leaf
          container: {image: alpine}
    """, False),
    ("dag-mid-string-non-ancestor-unchecked", """
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
    """, True),
    ("dag-artifact-from-non-ancestor", """
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
    """, False),
    ("dag-unknown-output-parameter", """
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
    """, False),
    ("dag-result-of-resource-task", """
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
    """, False),
    ("steps-status-previous", """
        entrypoint: main
        templates:
        - name: main
          steps:
          - - {name: a, template: leaf, continueOn: {failed: true}}
          - - {name: b, template: leaf, when: "{{steps.a.status}} == Failed"}
        - name: leaf
          container: {image: alpine}
    """, True),
    ("retries-without-retry-strategy", """
        entrypoint: main
        templates:
        - name: main
          container: {image: alpine, args: ["{{lastRetry.exitCode}}"]}
    """, True),
    ("unknown-root-variable-ignored", """
        entrypoint: main
        templates:
        - name: main
          container: {image: alpine, args: ["{{node.name}}", "{{foo.bar}}"]}
    """, True),
    ("outputs-artifact-path-variable", """
        entrypoint: main
        templates:
        - name: main
          container: {image: alpine, args: ["{{outputs.artifacts.f.path}}", "{{outputs.parameters.p.path}}"]}
          outputs:
            parameters: [{name: p, valueFrom: {path: /tmp/p}}]
            artifacts: [{name: f, path: /tmp/f}]
    """, True),
    ("inputs-artifact-path-variable", """
        entrypoint: main
        templates:
        - name: main
          inputs:
            artifacts: [{name: a, path: /tmp/a, raw: {data: x}}]
          container: {image: alpine, args: ["{{inputs.artifacts.a.path}}"]}
    """, True),
    ("steps-hook-expression", """
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
    """, True),
    ("steps-hook-no-expression", """
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
    """, False),
    ("dag-task-hook-no-expression", """
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
    """, True),
    ("spec-argument-valueFrom-path", """
        entrypoint: main
        arguments:
          parameters:
          - name: p
            valueFrom: {path: /tmp/p}
        templates:
        - name: main
          container: {image: alpine}
    """, False),
    ("input-parameter-name-invalid", """
        entrypoint: main
        templates:
        - name: main
          inputs: {parameters: [{name: "a b", value: x}]}
          container: {image: alpine}
    """, False),
    ("duplicate-input-parameter", """
        entrypoint: main
        templates:
        - name: main
          inputs: {parameters: [{name: a, value: x}, {name: a, value: y}]}
          container: {image: alpine}
    """, False),
    ("pod-spec-patch-and-priority", """
        entrypoint: main
        podSpecPatch: '{"containers":[{"name":"main","resources":{"limits":{"cpu":"1"}}}]}'
        templates:
        - name: main
          container: {image: alpine}
    """, True),
    # --- resolveAllVariables exemptions --------------------------------------------------------
    ("outputs-self-reference-any", """
        entrypoint: main
        templates:
        - name: main
          container: {image: alpine, args: ["{{outputs.parameters.nope}}", "{{outputs.result}}"]}
    """, True),
    ("wftmpl-undeclared-workflow-parameter", """
        entrypoint: main
        templates:
        - name: main
          container: {image: alpine, args: ["{{workflow.parameters.later}}"]}
    """, True),
    ("unknown-workflow-variable-spaces", """
        entrypoint: main
        templates:
        - name: main
          container: {image: alpine, args: ["{{  workflow.thisdoesnotexist  }}"]}
    """, False),
    ("creation-timestamp-and-scheduled-time", """
        entrypoint: main
        templates:
        - name: main
          container: {image: alpine, args: ["{{workflow.creationTimestamp.Y}}", "{{workflow.scheduledTime}}"]}
    """, True),
    ("tasks-name-steps-name", """
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
    """, True),
    ("custom-tag-user", """
        entrypoint: main
        templates:
        - name: main
          container: {image: alpine, args: ["{{user.username}}"]}
    """, True),
    ("withParam-any-item-key", """
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
    """, True),
    ("withItems-unknown-item-key", """
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
    """, False),
    ("withSequence-item-key", """
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
    """, False),
    ("workflow-outputs-with-variable-globalname", """
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
    """, True),
    ("workflow-outputs-undeclared", """
        entrypoint: main
        templates:
        - name: main
          container: {image: alpine, args: ["{{workflow.outputs.parameters.nope}}"]}
    """, False),
    ("workflow-outputs-global-artifact", """
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
    """, True),
    ("inputs-parameters-all", """
        entrypoint: main
        templates:
        - name: main
          inputs: {parameters: [{name: a, value: x}]}
          container: {image: alpine, args: ["{{inputs.parameters}}"]}
    """, True),
    ("container-set-input-parameter-without-main", """
        entrypoint: main
        templates:
        - name: main
          inputs: {parameters: [{name: a, value: x}]}
          containerSet:
            containers:
            - {name: a, image: alpine}
    """, True),
    ("container-set-input-artifact-without-main", """
        entrypoint: main
        templates:
        - name: main
          inputs: {artifacts: [{name: a, path: /tmp/a, raw: {data: x}}]}
          containerSet:
            containers:
            - {name: a, image: alpine}
    """, False),
    ("steps-exit-code", """
        entrypoint: main
        templates:
        - name: main
          steps:
          - - {name: a, template: leaf, continueOn: {failed: true}}
          - - {name: b, template: leaf, when: "{{steps.a.exitCode}} == 1"}
        - name: leaf
          container: {image: alpine}
    """, True),
    ("dag-exit-code-of-steps-task", """
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
    """, False),
    ("steps-later-group-reference", """
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
    """, False),
    ("dag-aggregate-without-loop", """
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
    """, False),
    ("steps-result-of-suspend", """
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
    """, False),
]

# name -> opctl's verdict, where it differs from Argo's on purpose (docs/lint.md).
DELIBERATE: dict[str, bool] = {}


@pytest.mark.parametrize(("name", "spec", "argo_valid"), CASES, ids=[c[0] for c in CASES])
def test_verdict(name: str, spec: str, argo_valid: bool) -> None:
    expected = DELIBERATE.get(name, argo_valid)
    assert opctl_valid(name, spec) is expected


def test_agreement() -> None:
    """At least 97% of the cases agree with Argo (issue 8); names are unique."""
    assert len({c[0] for c in CASES}) == len(CASES)
    agree = sum(opctl_valid(n, s) is v for n, s, v in CASES)
    assert agree / len(CASES) >= 0.97
