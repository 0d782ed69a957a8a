"""The FHIR package cache: installing from the real npm registry, and unpacking safely and atomically."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from pathlib import Path

import httpx
import pytest

from fhirconv.packages import PackageError, install, installed
from fhirconv.packages.cache import unpack
from fhirconv.packages.index import read_index
from tests.conftest import run_cli

SD = {"resourceType": "StructureDefinition", "id": "x", "url": "http://example.org/StructureDefinition/x",
      "type": "Patient", "kind": "resource"}


def tarball(members: dict[str, bytes], links: dict[str, str] | None = None) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        for name, target in (links or {}).items():
            info = tarfile.TarInfo(name)
            info.type, info.linkname = tarfile.SYMTYPE, target
            tar.addfile(info)
    return buf.getvalue()


def package(name: str, version: str, deps: dict[str, str] | None = None) -> bytes:
    meta = {"name": name, "version": version, "dependencies": deps or {}}
    return tarball({"package/package.json": json.dumps(meta).encode(),
                    "package/StructureDefinition-x.json": json.dumps(SD).encode()})


def leftovers(cache: Path) -> list[str]:
    return sorted(p.name for p in cache.iterdir()) if cache.exists() else []


def test_unpack_lays_out_the_package_as_hl7_tools_do(tmp_path):
    target = unpack(package("a.b", "1.0.0"), tmp_path, "a.b", "1.0.0")
    assert target == tmp_path / "a.b#1.0.0"
    assert (target / "package" / "package.json").is_file()
    files = read_index(target / "package")["files"]
    assert files == [{"filename": "StructureDefinition-x.json", "resourceType": "StructureDefinition", "id": "x",
                      "url": "http://example.org/StructureDefinition/x", "kind": "resource", "type": "Patient"}]
    assert installed(tmp_path) == [("a.b", "1.0.0")]


@pytest.mark.parametrize("evil", ["package/../../escaped.json", "/tmp/fhirconv-escaped.json", "../escaped.json"])
def test_path_traversal_is_refused_and_nothing_is_left(tmp_path, evil):
    cache = tmp_path / "cache"
    data = tarball({"package/package.json": b"{}", evil: b"{}"})
    with pytest.raises(PackageError, match="unsafe path"):
        unpack(data, cache, "a.b", "1.0.0")
    assert leftovers(cache) == []
    assert not (tmp_path / "escaped.json").exists() and not Path("/tmp/fhirconv-escaped.json").exists()


def test_links_are_refused(tmp_path):
    data = tarball({"package/package.json": b"{}"}, links={"package/link.json": "/etc/passwd"})
    with pytest.raises(PackageError, match="link or device"):
        unpack(data, tmp_path, "a.b", "1.0.0")
    assert leftovers(tmp_path) == []


def test_a_truncated_tarball_leaves_no_half_package(tmp_path):
    big = {f"package/f{i}.json": json.dumps({"resourceType": "Basic", "n": "x" * 5000, "i": i}).encode()
           for i in range(40)}
    data = tarball({"package/package.json": b'{"name": "a.b", "version": "1.0.0"}', **big})
    with pytest.raises(PackageError, match="cannot unpack"):
        unpack(data[: len(data) // 2], tmp_path, "a.b", "1.0.0")
    assert leftovers(tmp_path) == []


class Registry:
    """An npm registry on httpx's mock transport: metadata and tarballs, requests counted."""

    def __init__(self, packages: dict[tuple[str, str], bytes], corrupt: set[str] = frozenset()):
        self.packages, self.corrupt, self.downloads = packages, corrupt, []

    def handler(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path.strip("/")
        if "/-/" in path:
            self.downloads.append(path)
            name, file = path.split("/-/")
            version = file.removeprefix(name + "-").removesuffix(".tgz")
            return httpx.Response(200, content=self.packages[(name, version)])
        versions = {v: {"dist": {"tarball": f"https://registry.test/{n}/-/{n}-{v}.tgz",
                                 "shasum": hashlib.sha1(b"x" if n in self.corrupt else data).hexdigest()}}
                    for (n, v), data in self.packages.items() if n == path}
        if not versions:
            return httpx.Response(404, json={"error": "not found"})
        return httpx.Response(200, json={"name": path, "versions": versions, "dist-tags": {"latest": max(versions)}})

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self.handler))


def test_install_follows_dependencies_and_is_idempotent(tmp_path):
    reg = Registry({("a.b", "1.0.0"): package("a.b", "1.0.0", {"c.d": "2.0.0"}),
                    ("c.d", "2.0.0"): package("c.d", "2.0.0")})
    first = install(["a.b@1.0.0"], tmp_path, registry="https://registry.test", client=reg.client())
    assert [(r.name, r.version, r.downloaded) for r in first] == [("a.b", "1.0.0", True), ("c.d", "2.0.0", True)]
    assert installed(tmp_path) == [("a.b", "1.0.0"), ("c.d", "2.0.0")]
    again = install(["a.b@1.0.0"], tmp_path, registry="https://registry.test", client=reg.client())
    assert [r.downloaded for r in again] == [False, False]
    assert len(reg.downloads) == 2


def test_a_checksum_mismatch_installs_nothing(tmp_path):
    reg = Registry({("a.b", "1.0.0"): package("a.b", "1.0.0")}, corrupt={"a.b"})
    with pytest.raises(PackageError, match="does not match the registry's shasum"):
        install(["a.b@1.0.0"], tmp_path, registry="https://registry.test", client=reg.client())
    assert leftovers(tmp_path) == []


def test_a_missing_dependency_is_reported_not_fatal(tmp_path):
    reg = Registry({("a.b", "1.0.0"): package("a.b", "1.0.0", {"gone.pkg": "1.0.0"})})
    results = install(["a.b@1.0.0"], tmp_path, registry="https://registry.test", client=reg.client())
    assert [(r.name, r.missing) for r in results] == [("a.b", False), ("gone.pkg", True)]
    assert "needed by a.b@1.0.0" in results[1].note


def test_cli_installs_a_real_package_from_the_npm_registry(tmp_path):
    env = {"FHIR_PACKAGE_CACHE": str(tmp_path)}
    done = run_cli("packages", "install", "hl7.fhir.r4.expansions@4.0.1", env=env)
    assert done.returncode == 0, done.stderr
    assert "hl7.fhir.r4.expansions@4.0.1: installed" in done.stdout
    pkg = tmp_path / "hl7.fhir.r4.expansions#4.0.1" / "package"
    assert json.loads((pkg / "package.json").read_text())["name"] == "hl7.fhir.r4.expansions"
    urls = {f.get("url") for f in read_index(pkg)["files"]}
    assert "http://hl7.org/fhir/ValueSet/observation-status" in urls
    again = run_cli("packages", "install", "hl7.fhir.r4.expansions@4.0.1", env=env)
    assert "hl7.fhir.r4.expansions@4.0.1: already installed" in again.stdout
    listed = run_cli("packages", "list", env=env)
    assert listed.stdout.splitlines() == ["hl7.fhir.r4.expansions#4.0.1"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_cli_bad_spec_and_unknown_package(tmp_path):
    env = {"FHIR_PACKAGE_CACHE": str(tmp_path)}
    assert run_cli("packages", "install", "Not A Name", env=env).returncode == 2
    done = run_cli("packages", "install", "hl7.fhir.uv.ips@0.0.404", env=env)
    assert done.returncode == 1 and "no version '0.0.404'" in done.stderr
    assert "Traceback" not in done.stderr
