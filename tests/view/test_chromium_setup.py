"""The browser tests' set-up: chromium is installed when missing and a failed install fails loudly."""

from __future__ import annotations

import pytest

from tests.view.chromium import ensure_chromium


def _script(tmp_path, body: str) -> list[str]:
    script = tmp_path / "installer.sh"
    script.write_text("set -eu\n" + body)
    return ["bash", str(script)]


def test_present_browser_needs_no_install(tmp_path):
    browser = tmp_path / "chromium"
    browser.write_text("#!/bin/sh\n")
    browser.chmod(0o755)
    marker = tmp_path / "ran"
    assert ensure_chromium(browser, _script(tmp_path, f"touch {marker}\n")) == browser
    assert not marker.exists()


def test_missing_browser_is_installed_at_the_path_given(tmp_path):
    browser = tmp_path / "bin" / "chromium"
    # the installer reads CHROMIUM, as .ci/install-chromium.sh does
    installer = _script(tmp_path, 'mkdir -p "$(dirname "$CHROMIUM")"; printf "#!/bin/sh\\n" > "$CHROMIUM"; '
                                  'chmod +x "$CHROMIUM"\n')
    assert ensure_chromium(browser, installer) == browser
    assert browser.is_file()


def test_failed_install_fails_with_a_clear_message(tmp_path):
    browser = tmp_path / "missing" / "chromium"
    installer = _script(tmp_path, 'echo "error: no apt here" >&2; exit 1\n')
    with pytest.raises(pytest.fail.Exception) as caught:
        ensure_chromium(browser, installer)
    message = str(caught.value)
    assert str(browser) in message and "no apt here" in message and "exit 1" in message


def test_install_that_leaves_no_browser_fails(tmp_path):
    browser = tmp_path / "chromium"
    with pytest.raises(pytest.fail.Exception) as caught:
        ensure_chromium(browser, _script(tmp_path, "true\n"))
    assert "did not install it" in str(caught.value)
