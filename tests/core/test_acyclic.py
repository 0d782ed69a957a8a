"""No converted case has a reference cycle: a server that takes one resource at a time (or a
transaction split into smaller ones) must be able to send everything a resource references
first. mCODE is the exception it has to be: its TNM stage group requires ``focus`` (1..1) on the
cancer whose ``stage.assessment`` points to it; that one cycle (with the TNM categories the group
holds, when they name the cancer as their focus) is pushed in one transaction (fhirconv.push.send)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fhirconv.api import convert_file
from fhirconv.profiles import mcode
from fhirconv.push.graph import CycleError, Item, components, dependencies, keys_for, levels

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


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_mcode_has_only_its_stage_group_cycle(sample: Path) -> None:
    """Under --profile mcode the only cycles are a TNM stage group with the Condition it is the
    stage of (and TNM categories of that Condition); everything else is acyclic."""
    bundle = convert_file(sample, profile="mcode").bundle
    items = [Item(e["resource"], keys_for(e["resource"], e.get("fullUrl")), str(sample), sample.stem)
             for e in bundle["entry"]]
    for group in components(dependencies(items)):
        if len(group) == 1:
            continue
        members = [items[n].resource for n in group]
        groups = [r for r in members if mcode.TNM_STAGE_GROUP in r.get("meta", {}).get("profile", [])]
        conditions = [r for r in members if r["resourceType"] == "Condition"]
        assert len(groups) == 1 and len(conditions) == 1, [r["resourceType"] for r in members]
        assert conditions[0]["stage"][0]["assessment"] == [{"reference": next(
            e["fullUrl"] for e in bundle["entry"] if e["resource"] is groups[0])}]
        others = [r for r in members if r is not groups[0] and r is not conditions[0]]
        tnm = set(mcode.TNM_PROFILE.values())
        assert all(r["resourceType"] == "Observation" and tnm & set(r["meta"]["profile"]) for r in others)
