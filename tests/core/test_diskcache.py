"""The on-disk cache answers as the source it stands for, and is keyed so a change is never missed."""

from __future__ import annotations

from importlib.metadata import version

import pytest

from fhirconv import diskcache


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("FHIRCONV_CACHE_DIR", str(tmp_path))
    return tmp_path


def test_installed_version_is_the_metadata_version_and_is_kept(cache):
    assert diskcache.installed_version("simple_icd_10_cm", "simple_icd_10_cm") == version("simple_icd_10_cm")
    [kept] = list(cache.glob("installed-version-*.json"))
    assert diskcache.package_stamp("simple_icd_10_cm") in kept.name
    # a second answer comes from the file: what is written there is what is answered
    kept.write_text('{"simple_icd_10_cm": "9.9.9"}', encoding="utf-8")
    assert diskcache.installed_version("simple_icd_10_cm", "simple_icd_10_cm") == "9.9.9"


def test_installed_version_follows_the_package_stamp(cache, monkeypatch):
    assert diskcache.installed_version("simple_icd_10_cm", "simple_icd_10_cm")
    [kept] = list(cache.glob("installed-version-*.json"))
    kept.write_text('{"simple_icd_10_cm": "9.9.9"}', encoding="utf-8")
    monkeypatch.setattr(diskcache, "package_stamp", lambda name: f"{name}-1-2")  # reinstalled: a new stamp
    assert diskcache.installed_version("simple_icd_10_cm", "simple_icd_10_cm") == version("simple_icd_10_cm")


def test_installed_version_of_a_missing_package(cache):
    assert diskcache.installed_version("no-such-distribution", "no_such_module_here") is None


def test_without_a_cache_directory_the_version_is_still_right(monkeypatch):
    monkeypatch.setenv("FHIRCONV_CACHE_DIR", "off")
    assert diskcache.installed_version("simple_icd_10_cm", "simple_icd_10_cm") == version("simple_icd_10_cm")
