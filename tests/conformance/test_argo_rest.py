"""What opctl sends to an Argo Server, checked against Argo's own REST spec (swagger.json).

The unit suite checks every request body with hera's models of the API (tests/argo/argo_models.py).
Here a selection of the same tests runs again with the fake server checking bodies against the
definitions of swagger.json instead, and every request's method and path against its paths.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.argo.conftest import clean_argo_env  # noqa: F401 - autouse here too
from tests.argo.fake_argo import FakeArgoServer
from tests.argo.test_client import (  # noqa: F401 - collected and run here with the swagger-checked server
    test_create_other_kinds,
    test_create_workflow_posts_a_swagger_conformant_body,
    test_lint_on_server,
    test_lint_template_verdict_and_auth_errors_raise,
    test_server_dry_run_creates_nothing,
    test_terminate,
)
from tests.argo.test_submit_cli import (  # noqa: F401
    template,
    test_log_prefixes_each_line_with_its_task,
    test_submit_prints_argo_style_summary,
    test_timeout_can_terminate,
    test_wait_success,
    test_workflow_template_kind,
)
from tests.argo.test_watch import test_success_in_both_framings  # noqa: F401
from tests.conformance.reference import SwaggerChecker


def _path_patterns(checker: SwaggerChecker) -> list[tuple[str, re.Pattern[str]]]:
    patterns = []
    for path, operations in checker.paths.items():
        regex = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path))
        for method in operations:
            patterns.append((method.upper(), re.compile(f"^{regex}$")))
    return patterns


@pytest.fixture
def argo() -> Iterator[FakeArgoServer]:
    checker = SwaggerChecker()
    server = FakeArgoServer(checker=checker).start()
    yield server
    server.stop()
    assert server.schema_errors == [], "opctl sent bodies that do not match Argo's swagger.json"
    patterns = _path_patterns(checker)
    unknown = [
        f"{r.method} {r.path}"
        for r in server.requests
        if not any(method == r.method and pattern.match(r.path) for method, pattern in patterns)
    ]
    assert unknown == [], "opctl called endpoints that Argo's swagger.json does not have"
    assert server.requests, "the test sent nothing to check"
