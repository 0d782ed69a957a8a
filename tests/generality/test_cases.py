"""Case files written from published reports of specialties the samples do not cover (neurology,
cardiology, infectious disease, neonatology, toxicology, dermatology, oncology): each converts in R4,
R5, with ``--profile ips`` and ``--profile mcode``, with no error in any validation layer, and every
value of the case lands in the Bundle.

A new case file in ``tests/generality/cases/`` is picked up by these tests as it is; so are the case
files of ``tests/terminology/cases/`` (written from published reports too, to measure coding), which
must convert as cleanly (one of them once showed that a pulse oximetry reading claimed US Core's
pulse-oximetry profile without the O2Sat coding that profile requires).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from fhirconv.api import convert_file
from fhirconv.validate import validate_resource_tree
from tests.core.test_nothing_dropped import missing

HERE = Path(__file__).parent
CASES = sorted((HERE / "cases").glob("*.yaml")) + sorted((HERE.parent / "terminology" / "cases").glob("*.yaml"))
# (FHIR version, profile): plain R4 and R5, and the two profiles (FHIR R4)
SHAPES = [("R4", None), ("R5", None), ("R4", "ips"), ("R4", "mcode")]


def test_there_are_cases_of_many_specialties():
    assert len([c for c in CASES if c.parent.name == "cases" and c.parent.parent == HERE]) >= 8
    assert len(CASES) >= 40


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: s[1] or s[0])
@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.parent.name}/{p.stem}")
def test_converts_with_no_error_in_any_layer(case, shape):
    version, profile = shape
    conv = convert_file(case, fhir_version=version, profile=profile)
    issues = validate_resource_tree(conv.bundle, fhir_version=version)
    assert [i.one_line() for i in issues if i.severity in ("error", "fatal")] == []
    assert not [i for i in conv.issues if i.severity in ("error", "fatal")]


@pytest.mark.parametrize("version", ["R4", "R5"])
@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.parent.name}/{p.stem}")
def test_nothing_dropped(case, version):
    assert missing(case, version) == []
