"""The fake server's request-body checks (hera's models of Argo's API) catch what argo-server refuses."""

from __future__ import annotations

import copy

import requests

from tests.argo.argo_models import body_errors
from tests.argo.conftest import WORKFLOW


def create_request(**changes: object) -> dict:
    body: dict = {"namespace": "argo", "workflow": copy.deepcopy(WORKFLOW)}
    body.update(changes)
    return body


def container(body: dict) -> dict:
    return body["workflow"]["spec"]["templates"][1]["container"]


def test_a_conformant_body_has_no_errors() -> None:
    body = create_request(serverDryRun=True, createOptions={"dryRun": ["All"]})
    assert body_errors("WorkflowCreateRequest", body) == []


def test_unknown_fields_are_found_at_any_depth() -> None:
    body = create_request(bogus=1)
    container(body)["imagePullPolicyy"] = "Always"
    body["workflow"]["spec"]["arguments"] = {"parameters": [{"name": "p", "value": "1", "displayName": "P"}]}
    assert sorted(body_errors("WorkflowCreateRequest", body)) == [
        "/bogus: unknown field",
        "/workflow/spec/arguments/parameters/0/displayName: unknown field",
        "/workflow/spec/templates/1/container/imagePullPolicyy: unknown field",
    ]


def test_types_are_checked_strictly() -> None:
    body = create_request(serverDryRun="yes")
    container(body)["command"] = ["echo", 5]
    body["workflow"]["spec"]["parallelism"] = "2"
    assert body_errors("WorkflowCreateRequest", body) == [
        "/serverDryRun: Input should be a valid boolean",
        "/workflow/spec/parallelism: Input should be a valid integer",
        "/workflow/spec/templates/1/container/command/1: Input should be a valid string",
    ]


def test_quantities_may_be_numbers_as_the_api_server_accepts() -> None:
    body = create_request()
    container(body)["resources"] = {"limits": {"nvidia.com/gpu": 1, "cpu": 0.5, "memory": "1Gi"}}
    assert body_errors("WorkflowCreateRequest", body) == []
    container(body)["resources"] = {"limits": {"cpu": [1]}}
    assert body_errors("WorkflowCreateRequest", body) != []


def test_the_fake_server_refuses_and_records_a_bad_body(argo) -> None:  # type: ignore[no-untyped-def]
    response = requests.post(
        f"http://{argo.address}/api/v1/workflows/argo", json=create_request(nope=True), timeout=5
    )
    assert response.status_code == 400
    assert "/nope: unknown field" in response.json()["message"]
    assert argo.schema_errors == ["/nope: unknown field"]
    argo.schema_errors.clear()  # the fixture asserts none are left
