"""The SSO tests need xmlsec1 and node: missing, they skip on a laptop and fail in CI."""

import pytest

from .conftest import require_tool


def test_a_missing_tool_skips_on_a_laptop_and_fails_in_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        require_tool("no-such-tool-for-sso-tests")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="no-such-tool-for-sso-tests"):
        require_tool("no-such-tool-for-sso-tests")
