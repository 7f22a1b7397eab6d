"""Every service test ends with the integrity check: whatever a use case writes must stay bound to the audit
trail (written first, audited after), or `carelog check` would report it as changed outside CareLog."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _writes_stay_bound_to_the_audit_trail(request: pytest.FixtureRequest) -> Iterator[None]:
    if "services" not in request.fixturenames or request.node.get_closest_marker("tampers"):
        yield
        return
    services = request.getfixturevalue("services")  # set up first, so it is still open after the test
    yield
    report = services.integrity.check()
    assert report.ok, "\n".join(report.lines())
