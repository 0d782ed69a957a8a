"""No converted case has a reference cycle: a server that takes one resource at a time (or a
transaction split into smaller ones) must be able to send everything a resource references
first. mCODE is the exception it has to be: its TNM stage group requires ``focus`` (1..1) on the
cancer whose ``stage.assessment`` points to it."""

from __future__ import annotations

from pathlib import Path

import pytest

from fhirconv.api import convert_file
from fhirconv.push.graph import CycleError, Item, keys_for, levels

REPO = Path(__file__).resolve().parents[2]
SAMPLES = sorted((REPO / "samples").glob("*.yaml"))


@pytest.mark.parametrize("options", [{"fhir_version": "R4"}, {"fhir_version": "R5"}, {"profile": "ips"}],
                         ids=["R4", "R5", "ips"])
@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_no_sample_bundle_has_a_reference_cycle(sample: Path, options: dict[str, str]) -> None:
    bundle = convert_file(sample, **options).bundle
    items = [Item(e["resource"], keys_for(e["resource"], e.get("fullUrl")), str(sample), sample.stem)
             for e in bundle["entry"]]
    try:
        order = levels(items)
    except CycleError as err:
        pytest.fail(f"references form a cycle: {err}")
    assert sum(len(level) for level in order) == len(items)


def test_a_cycle_would_be_found() -> None:
    """The check above can fail: the T observation pointing back at its Condition is a cycle."""
    bundle = convert_file(REPO / "samples" / "breast-hypofractionated-radiotherapy.yaml").bundle
    entries = [e for e in bundle["entry"] if e["resource"]["resourceType"] in ("Condition", "Observation")]
    condition = next(e for e in entries if e["resource"].get("stage"))
    first_t = condition["resource"]["stage"][0]["assessment"][0]["reference"]
    t_obs = next(e for e in entries if e["fullUrl"] == first_t)
    t_obs["resource"]["focus"] = [{"reference": condition["fullUrl"]}]
    items = [Item(e["resource"], keys_for(e["resource"], e.get("fullUrl")), "x", "x") for e in entries]
    with pytest.raises(CycleError):
        levels(items)
