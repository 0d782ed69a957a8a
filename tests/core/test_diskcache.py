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


def test_kept_data_is_made_once_and_read_back_equal(cache, tmp_path):
    source = tmp_path / "source.txt"
    source.write_text("a,b")
    calls = []

    def make():
        calls.append(1)
        return {"rows": source.read_text().split(","), "n": 2, "f": 1.5, "t": (1, None, True)}

    first = diskcache.kept("thing", [source], make, lambda d: type(d) is dict)
    again = diskcache.kept("thing", [source], make, lambda d: type(d) is dict)
    assert first == again and len(calls) == 1
    assert diskcache.kept("thing", [source], make, lambda d: False) == first and len(calls) == 2  # refused shape


def test_kept_data_follows_its_sources_and_leaves_one_copy(cache, tmp_path):
    import os

    source = tmp_path / "source.txt"
    source.write_text("one")
    assert diskcache.kept("thing", [source], source.read_text, lambda d: type(d) is str) == "one"
    source.write_text("two!")
    os.utime(source, ns=(1, 2_000_000_000))
    assert diskcache.kept("thing", [source], source.read_text, lambda d: type(d) is str) == "two!"
    assert len(list(cache.glob("thing-*.bin"))) == 1


@pytest.mark.parametrize("where", [0, 3, 7, 8, 20, -1])
def test_a_kept_copy_damaged_in_any_byte_is_made_again(cache, tmp_path, where):
    source = tmp_path / "source.txt"
    source.write_text("x")
    made = {"a": list(range(50))}
    diskcache.kept("thing", [source], lambda: made, lambda d: type(d) is dict)
    [copy] = cache.glob("thing-*.bin")
    raw = bytearray(copy.read_bytes())
    raw[where] ^= 0x10
    copy.write_bytes(bytes(raw))
    assert diskcache.read_signed(copy) is None
    assert diskcache.kept("thing", [source], lambda: {"b": 1}, lambda d: type(d) is dict) == {"b": 1}


def test_regimens_and_case_schema_read_back_are_those_parsed(cache):
    """The shipped data kept on disk (regimens, the inlined case schema) is what parsing gives."""
    import json

    from fhirconv.case import schema
    from fhirconv.terminology import regimens

    regimens._regimens.cache_clear()
    schema._inlined.cache_clear()
    fresh = [regimens._regimens(), schema._inlined()]
    regimens._regimens.cache_clear()
    schema._inlined.cache_clear()
    again = [regimens._regimens(), schema._inlined()]
    assert list(cache.glob("regimens-*.bin")) and list(cache.glob("case-schema-*.bin"))
    assert again == fresh
    raw = json.loads(schema.schema_text())
    assert again[1] == schema._inline_refs(raw, raw["$defs"])
    assert regimens.find_regimen("VAD") is not None and regimens.find_regimen("v-a-d") == regimens.find_regimen("VAD")
