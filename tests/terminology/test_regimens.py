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


# Solid-tumour and lymphoma regimens: name -> the drugs convert writes, in order.
NEW_REGIMENS = {
    "FOLFOX": ("fluorouracil", "leucovorin", "oxaliplatin"),
    "FOLFIRI": ("fluorouracil", "leucovorin", "irinotecan"),
    "FOLFIRINOX": ("fluorouracil", "leucovorin", "irinotecan", "oxaliplatin"),
    "CAPOX": ("capecitabine", "oxaliplatin"),
    "AC": ("doxorubicin", "cyclophosphamide"),
    "Docetaxel-cyclophosphamide": ("docetaxel", "cyclophosphamide"),
    "TCH": ("docetaxel", "carboplatin", "trastuzumab"),
    "Carboplatin-paclitaxel": ("carboplatin", "paclitaxel"),
    "EP": ("etoposide", "cisplatin"),
    "Cisplatin-pemetrexed": ("cisplatin", "pemetrexed"),
    "Gemcitabine-cisplatin": ("gemcitabine", "cisplatin"),
    "Cisplatin-fluorouracil": ("cisplatin", "fluorouracil"),
    "FLOT": ("fluorouracil", "leucovorin", "oxaliplatin", "docetaxel"),
    "ECF": ("epirubicin", "cisplatin", "fluorouracil"),
    "ECX": ("epirubicin", "cisplatin", "capecitabine"),
    "CHOP": ("cyclophosphamide", "doxorubicin", "vincristine", "prednisone"),
    "Pola-R-CHP": ("polatuzumab vedotin", "rituximab", "cyclophosphamide", "doxorubicin", "prednisone"),
    "BR": ("bendamustine", "rituximab"),
    "R-ICE": ("rituximab", "ifosfamide", "carboplatin", "etoposide"),
    "R-DHAP": ("rituximab", "dexamethasone", "cytarabine", "cisplatin"),
}

CASE = """\
fhirconv: "1"
id: regimen-{slug}
patient: {{sex: female}}
medications:
  - {{id: chemo, regimen: "{name}"}}
"""


def _statements(name):
    from fhirconv.api import convert_text

    slug = "".join(ch if ch.isalnum() else "-" for ch in name.lower())
    conv = convert_text(CASE.format(slug=slug, name=name), "regimen.yaml")
    [procedure] = [r for r in conv.resources if r["resourceType"] == "Procedure"]
    return procedure, [r for r in conv.resources if r["resourceType"] == "MedicationStatement"
                       and [p["reference"] for p in r.get("partOf", [])] == [f"Procedure/{procedure['id']}"]]


def test_new_regimens_are_in_the_table_after_the_myeloma_ones():
    names = regimen_names()
    assert names.index("R-CHOP") < names.index("FOLFOX")
    assert set(NEW_REGIMENS) <= set(names)
    for name, components in NEW_REGIMENS.items():
        regimen = find_regimen(name)
        assert regimen.components == components, name
        assert "doi:10." in regimen.source, name


@pytest.mark.parametrize("name", sorted(NEW_REGIMENS))
def test_a_new_regimen_expands_to_coded_drugs(name):
    procedure, statements = _statements(name)
    assert name in str(procedure["code"])
    components = NEW_REGIMENS[name]
    assert [s["medicationCodeableConcept"]["text"] for s in statements] == list(components)
    for statement, component in zip(statements, components, strict=True):
        codings = statement["medicationCodeableConcept"].get("coding", [])
        assert any(c["system"].endswith("/rxnorm") and c["code"] for c in codings), f"{name}: {component} uncoded"


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        ("folfox", "FOLFOX"),
        ("mFOLFOX6", "FOLFOX"),
        ("mFOLFOX-6", "FOLFOX"),
        ("FOLFOX4", "FOLFOX"),
        ("mFOLFIRINOX", "FOLFIRINOX"),
        ("XELOX", "CAPOX"),
        ("CapeOX", "CAPOX"),
        ("carboplatin/paclitaxel", "Carboplatin-paclitaxel"),
        ("paclitaxel-carboplatin", "Carboplatin-paclitaxel"),
        ("Carbo/Taxol", "Carboplatin-paclitaxel"),
        ("cisplatin-etoposide", "EP"),
        ("Gem/Cis", "Gemcitabine-cisplatin"),
        ("cisplatin/5-FU", "Cisplatin-fluorouracil"),
        ("pemetrexed-cisplatin", "Cisplatin-pemetrexed"),
        ("cyclophosphamide-docetaxel", "Docetaxel-cyclophosphamide"),
        ("doxorubicin-cyclophosphamide", "AC"),
        ("bendamustine-rituximab", "BR"),
        ("R-Benda", "BR"),
        ("pola-R-CHP", "Pola-R-CHP"),
        ("RICE", "R-ICE"),
        ("r-dhap", "R-DHAP"),
        ("CHOP-21", "CHOP"),
    ],
)
def test_new_aliases_name_the_same_regimen(alias, canonical):
    assert find_regimen(alias) is find_regimen(canonical)
    assert find_regimen(alias).name == canonical


def test_an_alias_converts_as_its_regimen():
    _, by_alias = _statements("XELOX")
    _, by_name = _statements("CAPOX")
    assert [s["medicationCodeableConcept"] for s in by_alias] == [s["medicationCodeableConcept"] for s in by_name]


@pytest.mark.parametrize(("name", "drugs"), [
    ("BEP", ["bleomycin", "etoposide", "cisplatin"]),
    ("ABVD", ["doxorubicin", "bleomycin", "vinblastine", "dacarbazine"]),
    ("CMF", ["cyclophosphamide", "methotrexate", "fluorouracil"]),
    ("escalated BEACOPP", ["bleomycin", "etoposide", "doxorubicin", "cyclophosphamide", "vincristine",
                           "procarbazine", "prednisone"]),
])
def test_regimens_whose_drugs_now_have_rxnorm_convert_to_each_drug(name, drugs):
    """BEP, ABVD and BEACOPP were left out while bleomycin, dacarbazine and procarbazine had only
    SNOMED CT products (mCODE binds cancer medications to RxNorm): each statement carries RxNorm (and
    so does CMF's, a breast-cancer regimen a round's case named)."""
    assert find_regimen(name) is not None
    _, statements = _statements(name)
    assert [s["medicationCodeableConcept"]["text"] for s in statements] == drugs
    for s in statements:
        assert any(c["system"] == "http://www.nlm.nih.gov/research/umls/rxnorm"
                   for c in s["medicationCodeableConcept"]["coding"]), s["medicationCodeableConcept"]


def test_terms_search_shows_a_regimen_with_its_drugs():
    import json

    from click.testing import CliRunner

    from fhirconv.cli import cli

    table = CliRunner().invoke(cli, ["terms", "search", "FOLFOX"])
    assert table.exit_code == 0, table.output
    [row] = [line for line in table.output.splitlines() if line.startswith("regimen")]
    assert "FOLFOX (fluorouracil, leucovorin, oxaliplatin)" in row and "regimens.yaml" in row
    found = CliRunner().invoke(cli, ["terms", "search", "mFOLFOX6", "--format", "json"])
    assert found.exit_code == 0, found.output
    [regimen] = [r for r in json.loads(found.output) if r["match"] == "regimen"]
    assert regimen["term"] == "FOLFOX" and regimen["kind"] == "regimen"
    assert regimen["components"] == ["fluorouracil", "leucovorin", "oxaliplatin"]
    assert "10.1200/JCO.2004.05.113" in regimen["source"]


def test_terms_search_shows_no_regimen_for_other_words_or_kinds():
    from click.testing import CliRunner

    from fhirconv.cli import cli

    drug = CliRunner().invoke(cli, ["terms", "search", "oxaliplatin", "--format", "json"])
    assert drug.exit_code == 0 and '"regimen"' not in drug.output
    other_kind = CliRunner().invoke(cli, ["terms", "search", "FOLFOX", "--kind", "condition"])
    assert other_kind.exit_code == 1
    other_system = CliRunner().invoke(cli, ["terms", "search", "FOLFOX", "--system", "rxnorm"])
    assert other_system.exit_code == 1


@pytest.mark.parametrize("name", ["TC", "GC"])
def test_an_abbreviation_that_names_two_regimens_names_none(name: str) -> None:
    # "TC" is paclitaxel-carboplatin in gynaecology, docetaxel-cyclophosphamide in breast cancer;
    # "GC" gemcitabine with cisplatin or with carboplatin
    from fhirconv.terminology.regimens import find_regimen

    assert find_regimen(name) is None
