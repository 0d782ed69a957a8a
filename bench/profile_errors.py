"""Profile errors of each sample, before and after the profile work: the README's table.

For each sample and profile option, the claims ``convert --profile`` makes are put on the resources
(same ids) of three outputs, which the ``profile`` layer then checks:

* before: the plain output of an earlier revision (``--before REV``, built from ``git archive``);
* plain now: the plain output of this checkout;
* with the option: ``convert --profile`` itself.

Needs the IG packages in the FHIR package cache (``fhirconv packages install hl7.fhir.uv.ips@2.0.0
hl7.fhir.us.mcode@4.0.0``, or a test run). Resources only the option writes (the Composition,
derived disease status, stage group) exist only in the last column.

    python bench/profile_errors.py [--before 3e9592d]
"""

from __future__ import annotations

import argparse
import copy
import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from fhirconv.api import convert_file  # noqa: E402
from fhirconv.validate import validate_resource_tree  # noqa: E402


def old_output(source: Path, sample: Path) -> dict[str, Any]:
    run = subprocess.run([sys.executable, "-m", "fhirconv", "convert", str(sample), "--no-validate", "-q"],
                         capture_output=True, text=True, check=True, cwd=source,
                         env={**os.environ, "PYTHONPATH": str(source)})
    return json.loads(run.stdout)


def with_claims(bundle: dict[str, Any], claims: dict[str, list[str]]) -> dict[str, Any]:
    out = copy.deepcopy(bundle)
    for entry in out["entry"]:
        resource = entry["resource"]
        if resource["id"] in claims:
            resource.setdefault("meta", {})["profile"] = claims[resource["id"]]
    return out


def errors(bundle: dict[str, Any]) -> int:
    return sum(1 for i in validate_resource_tree(bundle, fhir_version="R4", layers=["profile"]) if i.is_error)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="3e9592d", help="revision of the 'before' column")
    args = parser.parse_args()
    archive = subprocess.run(["git", "archive", args.before], capture_output=True, check=True, cwd=REPO).stdout
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        print("| profile | sample | claims | before | plain now | with --profile |")
        print("|---|---|---|---|---|---|")
        for profile in ("ips", "mcode"):
            for sample in sorted((REPO / "samples").glob("*.yaml")):
                profiled = convert_file(sample, profile=profile).bundle
                claims = {e["resource"]["id"]: e["resource"]["meta"]["profile"] for e in profiled["entry"]
                          if e["resource"].get("meta", {}).get("profile")}
                before = errors(with_claims(old_output(Path(tmp), sample), claims))
                plain = errors(with_claims(convert_file(sample).bundle, claims))
                print(f"| {profile} | {sample.stem} | {len(claims)} | {before} | {plain} | {errors(profiled)} |")


if __name__ == "__main__":
    main()
