"""The regimen table: lookup by name or alias, components that the code tables know."""

import pytest

from fhirconv.terminology import lookup
from fhirconv.terminology.regimens import Regimen, all_regimens, find_regimen, regimen_names


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("bd", "Bortezomib-dexamethasone"),
        ("Bd", "Bortezomib-dexamethasone"),
        ("VD", "Bortezomib-dexamethasone"),
        ("Vd", "Bortezomib-dexamethasone"),
        ("bortezomib-dexamethasone", "Bortezomib-dexamethasone"),
        ("Bortezomib dexamethasone", "Bortezomib-dexamethasone"),
        ("VAD", "VAD"),
        ("m_p", "MP"),
        ("RVd", "VRd"),
        ("r-chop", "R-CHOP"),
        ("VCd", "CyBorD"),
    ],
)
def test_find_regimen(name, canonical):
    regimen = find_regimen(name)
    assert isinstance(regimen, Regimen)
    assert regimen.name == canonical


@pytest.mark.parametrize("name", ["not-a-regimen", "", "   ", "VADX"])
def test_unknown_regimen(name):
    assert find_regimen(name) is None


def test_sample_regimens():
    vad = find_regimen("VAD")
    assert vad.components == ("vincristine", "doxorubicin", "dexamethasone")
    assert "10.1056/NEJM198405243102104" in vad.source
    assert find_regimen("MP").components == ("melphalan", "prednisone")


def test_every_component_is_a_coded_medication():
    for regimen in all_regimens():
        assert regimen.components, regimen.name
        assert regimen.source and regimen.display
        for component in regimen.components:
            codings = lookup("medication", component)
            assert codings, f"{regimen.name}: {component} has no medication row"
            assert any(c.system.endswith("/rxnorm") for c in codings)


def test_names_unique_and_ordered():
    names = regimen_names()
    assert names[:2] == ["VAD", "MP"]
    assert len(names) == len(set(names))
