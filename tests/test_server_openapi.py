"""schemathesis against the server's own OpenAPI document: generated requests (valid and not) to every endpoint,
with a real device's token, never get a 5xx, and every answer matches the documented status codes and schemas."""

import shutil

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from app.server.app import create_app
from tests.server_support import headers, make_server, sqlite_template  # noqa: F401  (fixture)


@pytest.fixture(scope="module")
def spec_server(sqlite_template, tmp_path_factory):  # noqa: F811
    path = tmp_path_factory.mktemp("openapi") / "server.sqlite"
    shutil.copy(sqlite_template, path)
    made = make_server(f"sqlite:///{path}", "sqlite")
    from app.server.properties import AdminAccount

    made.property("CHHY", "翠湖花园", admin=AdminAccount("admin", "管理员", "secret99"))
    made.enrolled = made.enroll("CHHY")
    yield made
    made.client.close()
    made.engine.dispose()


def test_no_server_errors_and_answers_match_the_spec(spec_server):
    api = schemathesis.openapi.from_asgi("/openapi.json", create_app(spec_server.engine))
    token_headers = headers(spec_server.enrolled["token"])
    operations = [result.ok() for result in api.get_all_operations()]
    assert {op.path for op in operations} >= {"/v1/push", "/v1/pull", "/v1/bootstrap", "/v1/upload", "/v1/enroll"}
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def call(case):
            # A schema-valid request may still be refused (an out-of-range protocol number, a used code): that is
            # the protocol, not a bug, so acceptance of positive data is not demanded.
            case.call_and_validate(headers=token_headers, excluded_checks=[positive_data_acceptance])

        call()
