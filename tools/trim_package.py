"""Build the trimmed US Core package vendored in fhirconv/packages/vendor/ from the official tarball.

Keeps package/package.json and the conformance resources the profile layer reads for the profiles
``--profile mcode`` claims (fhirconv.profiles.uscore) and those mCODE's examples claim (ROOTS): those
StructureDefinitions, and, transitively,
their base definitions, the extensions and reference-target profiles their elements name, the value
sets they bind and the value sets and code systems those include, when the package holds them.
Every kept file is byte-identical to the original; the tarball is written reproducibly (sorted
names, mtime 0, uid/gid 0), so running this again gives the same sha256.

    python tools/trim_package.py us_core_610.tgz fhirconv/packages/vendor/hl7.fhir.us.core-6.1.0-trimmed.tgz
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import sys
import tarfile
from pathlib import Path
from typing import Any

from fhirconv.profiles import uscore

# The profiles fhirconv claims, and the two other US Core profiles mCODE 4.0.0's own examples claim
# (so every mCODE example can be checked, tests/validate/test_profile_examples.py).
ROOTS = sorted({uscore.PATIENT, uscore.PROBLEMS, uscore.ENCOUNTER_DIAGNOSIS, uscore.PROCEDURE, uscore.ENCOUNTER,
                uscore.LAB, uscore.CLINICAL_RESULT, uscore.SIMPLE, uscore.VITAL_SIGNS, *uscore.VITAL_PROFILES.values(),
                uscore.US_CORE + "us-core-diagnosticreport-lab", uscore.US_CORE + "us-core-smokingstatus"})


def _urls(sd: dict[str, Any]) -> set[str]:
    """Canonical URLs a StructureDefinition, ValueSet or CodeSystem leads to."""
    out: set[str] = set()
    if isinstance(sd.get("baseDefinition"), str):
        out.add(sd["baseDefinition"])
    for part in ("snapshot", "differential"):
        for e in (sd.get(part) or {}).get("element", []):
            for t in e.get("type", []):
                out.update(t.get("profile", []))
                out.update(t.get("targetProfile", []))
            b = e.get("binding") or {}
            if isinstance(b.get("valueSet"), str):
                out.add(b["valueSet"])
            for ext in b.get("extension", []):
                if ext.get("url", "").endswith("elementdefinition-maxValueSet"):
                    out.add(ext.get("valueCanonical", ""))
    for part in ("include", "exclude"):
        for rule in (sd.get("compose") or {}).get(part, []):
            if isinstance(rule.get("system"), str):
                out.add(rule["system"])
            out.update(rule.get("valueSet", []))
    return {u.split("|", 1)[0] for u in out if u}


def trim(members: dict[str, bytes]) -> dict[str, bytes]:
    """The members to keep (name -> bytes) out of the original package's members."""
    by_url: dict[str, str] = {}
    parsed: dict[str, dict[str, Any]] = {}
    for name, data in members.items():
        if not name.startswith("package/") or name.count("/") != 1 or not name.endswith(".json"):
            continue
        try:
            res = json.loads(data)
        except ValueError:
            continue
        if res.get("resourceType") in ("StructureDefinition", "ValueSet", "CodeSystem") and "url" in res:
            by_url[res["url"]] = name
            parsed[name] = res
    keep = {"package/package.json"}
    todo = list(ROOTS)
    seen: set[str] = set()
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        name = by_url.get(url)
        if name is None:
            continue  # defined elsewhere (FHIR core, terminology, extensions packages) or nowhere
        keep.add(name)
        todo.extend(_urls(parsed[name]))
    return {n: members[n] for n in sorted(keep)}


def write_tgz(members: dict[str, bytes]) -> bytes:
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for name in sorted(members):
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode, info.uid, info.gid = len(members[name]), 0, 0o644, 0, 0
            tar.addfile(info, io.BytesIO(members[name]))
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0, compresslevel=9, filename="") as gz:
        gz.write(raw.getvalue())
    return out.getvalue()


def main(src: str, dest: str) -> None:
    data = Path(src).read_bytes()
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar if m.isfile()}  # type: ignore[union-attr]
    kept = trim(members)
    out = write_tgz(kept)
    Path(dest).write_bytes(out)
    print(f"source {src}: sha256 {hashlib.sha256(data).hexdigest()}, {len(members)} files")
    print(f"wrote {dest}: sha256 {hashlib.sha256(out).hexdigest()}, {len(kept)} files, {len(out)} bytes")
    for name, body in kept.items():
        print(f"  {hashlib.sha256(body).hexdigest()}  {name}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python tools/trim_package.py ORIGINAL.tgz TRIMMED.tgz")
    main(sys.argv[1], sys.argv[2])
