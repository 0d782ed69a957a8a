"""The code tables in fhirconv/terminology/data: well formed, checked, and covering the sample."""

import csv
from collections import defaultdict
from importlib import resources
from pathlib import Path

import pytest

from fhirconv.terminology import SYSTEMS, lookup, normalize
from fhirconv.terminology.checks import icd10cm_ok, loinc_ok, rxnorm_ok, snomed_id_ok, ucum_ok

HEADER = ["kind", "term", "aliases", "system", "code", "display", "unit", "source"]
KINDS = {
    "stage",
    "tnm-category",
    "condition",
    "subtype",
    "body-site",
    "laterality",
    "medication",
    "route",
    "procedure",
    "observation",
    "response",
    "intent",
    "severity",
    "finding",
    "vital-status",
    "substance",
    "immunostain",
}
SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
NCIT = "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl"
NCIM = "http://ncimeta.nci.nih.gov"
ALLOWED_SYSTEMS = {SNOMED, LOINC, ICD10CM, RXNORM, NCIT, NCIM}

# Tables kept to the strict style (lower-case terms); every table gets the other checks.
OWN_TABLES = {"myeloma.csv", "general.csv", "findings.csv", "symptoms.csv", "conditions.csv", "labs.csv",
              "medications.csv", "procedures.csv", "body-sites.csv", "substances.csv",
              "immunostains.csv"}
DATA = Path(str(resources.files("fhirconv.terminology") / "data"))
TABLES = sorted(DATA.glob("*.csv"))


def rows():
    for path in TABLES:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader)
            assert header == HEADER, f"{path.name}: header {header}"
            for line, values in enumerate(reader, start=2):
                if not values or values[0].startswith("#"):
                    continue
                assert len(values) == len(HEADER), f"{path.name}:{line}: {len(values)} columns"
                yield f"{path.name}:{line}", dict(zip(HEADER, values, strict=True))


ROWS = list(rows())


def test_tables_exist():
    names = {p.name for p in TABLES}
    assert {"myeloma.csv", "general.csv"} <= names
    assert len(ROWS) > 50


@pytest.mark.parametrize(("where", "row"), ROWS, ids=[w for w, _ in ROWS])
def test_row(where, row):
    for column in ("kind", "term", "system", "code", "display", "source"):
        assert row[column].strip(), f"{where}: empty {column}"
        assert row[column] == row[column].strip(), f"{where}: blanks around {column}"
    if row["unit"]:
        assert row["kind"] == "observation" and row["system"] == LOINC, f"{where}: units go on LOINC observations"
        assert ucum_ok(row["unit"]), f"{where}: {row['unit']!r} is not UCUM"
    assert row["kind"] in KINDS, where
    assert row["system"] in ALLOWED_SYSTEMS, where
    term = row["term"]
    assert term == " ".join(term.split()), f"{where}: blanks in term"
    if where.split(":")[0] in OWN_TABLES:
        assert term == term.lower(), f"{where}: term not lower case"
    aliases = [a for a in row["aliases"].split("|") if row["aliases"]]
    assert all(a.strip() == a and a for a in aliases), f"{where}: empty or padded alias"
    system, code, display = row["system"], row["code"], row["display"]
    if system == SNOMED:
        assert snomed_id_ok(code) == "concept", f"{where}: {code} is not a SNOMED CT concept id"
    elif system == LOINC:
        assert loinc_ok(code), f"{where}: {code} fails the LOINC check digit"
    elif system == ICD10CM:
        valid, description = icd10cm_ok(code)
        assert valid, f"{where}: {code} is not ICD-10-CM"
        assert "." in code or len(code) == 3, f"{where}: write ICD-10-CM codes with their dot"
        assert display == description, f"{where}: display should be {description!r}"
    elif system == RXNORM:
        assert rxnorm_ok(code), where
        assert display == display.lower() or " " in display, f"{where}: RxNorm ingredient names are lower case"
    elif system == NCIT:
        assert code[0] == "C" and code[1:].isdigit(), f"{where}: NCI Thesaurus codes look like C12345"


def test_systems_match_loader_constants():
    for key in ("snomed", "icd10cm", "rxnorm", "loinc"):
        assert SYSTEMS[key] in ALLOWED_SYSTEMS


# (kind, normalised term or alias, system) keys that really mean several concepts, so that the
# look-up lists the candidates instead of picking one: "hs troponin" is troponin I or T.
DELIBERATELY_AMBIGUOUS: set[tuple[str, str, str]] = {
    ("observation", "hs troponin", LOINC),
    ("observation", "high sensitivity troponin", LOINC),
    ("observation", "hs trop", LOINC),
    # the percentage or the count: the value's unit says which (test_unit_fit)
    ("observation", "reticulocyte count", LOINC),
    ("observation", "reticulocyte", LOINC),
    # a protein fraction by electrophoresis: its mass concentration or its share of the total protein
    ("observation", "gamma globulin", LOINC),
    ("observation", "alpha 2 globulin", LOINC),
}


def test_one_code_per_concept_and_system():
    """No lookup key (kind + term or alias) leads to two codes of one system, unless listed above."""
    seen: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for _, row in ROWS:
        keys = [row["term"], *[a for a in row["aliases"].split("|") if a]]
        for key in keys:
            seen[(row["kind"], normalize(key), row["system"])].add(row["code"])
    clashes = {k: v for k, v in seen.items() if len(v) > 1 and k not in DELIBERATELY_AMBIGUOUS}
    assert not clashes
    assert all(len(seen[k]) > 1 for k in DELIBERATELY_AMBIGUOUS), "listed as ambiguous but is not"


def test_one_display_per_code():
    displays: dict[tuple[str, str], set[str]] = defaultdict(set)
    for _, row in ROWS:
        displays[(row["system"], row["code"])].add(row["display"])
    assert {k: v for k, v in displays.items() if len(v) > 1} == {}


def test_alias_is_not_another_term():
    """An alias must not shadow the canonical term of another concept of the same kind."""
    terms = defaultdict(set)
    for _, row in ROWS:
        terms[row["kind"]].add(row["term"])
    for where, row in ROWS:
        for alias in filter(None, row["aliases"].split("|")):
            other = normalize(alias)
            assert other == row["term"] or other not in terms[row["kind"]], f"{where}: {alias}"


@pytest.mark.parametrize(
    ("kind", "term", "system", "code"),
    [
        ("condition", "multiple myeloma", SNOMED, "109989006"),
        ("condition", "Multiple Myeloma", ICD10CM, "C90.00"),
        ("condition", "multiple myeloma in relapse", ICD10CM, "C90.02"),
        ("condition", "extramedullary plasmacytoma", ICD10CM, "C90.20"),
        ("condition", "extramedullary plasmacytoma in relapse", ICD10CM, "C90.22"),
        ("body-site", "orbit", SNOMED, "363654007"),
        ("laterality", "left", SNOMED, "7771000"),
        ("laterality", "right", SNOMED, "24028007"),
        ("laterality", "bilateral", SNOMED, "51440002"),
        ("medication", "bortezomib", RXNORM, "358258"),
        ("medication", "lenalidomide", RXNORM, "342369"),
        ("medication", "thalidomide", RXNORM, "10432"),
        ("medication", "Adriamycin", RXNORM, "3639"),
        ("procedure", "autologous peripheral blood stem cell transplant", SNOMED, "425983008"),
        ("procedure", "ASCT", SNOMED, "709115004"),
        ("procedure", "peripheral blood stem cell collection", SNOMED, "418576007"),
        ("procedure", "radiotherapy", SNOMED, "1287742003"),
        ("procedure", "radiation_therapy", SNOMED, "1287742003"),
        ("procedure", "chemotherapy", SNOMED, "367336001"),
        ("route", "oral", SNOMED, "26643006"),
        ("observation", "age", LOINC, "30525-0"),
        ("observation", "heart rate", LOINC, "8867-4"),
        ("observation", "hemoglobin", LOINC, "718-7"),
        ("observation", "blood glucose", LOINC, "2339-0"),
        ("observation", "serum glucose", LOINC, "2345-7"),
        ("observation", "response to treatment", LOINC, "88040-1"),
    ],
)
def test_reference_case_terms(kind, term, system, code):
    codings = lookup(kind, term)
    assert (system, code) in {(c.system, c.code) for c in codings}, codings


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("sCR", "C123614"),
        ("CR", "C4870"),
        ("VGPR", "C123618"),
        ("PR", "C18058"),
        ("MR", "C123598"),
        ("SD", "C18213"),
        ("PD", "C35571"),
        ("very good partial response", "C123618"),
        ("Stringent Complete Response", "C123614"),
    ],
)
def test_response_categories(value, code):
    """Every response value the case schema allows has an NCI Thesaurus code."""
    assert [(c.system, c.code) for c in lookup("response", value)] == [(NCIT, code)]


@pytest.mark.parametrize(
    ("kind", "term", "system", "code"),
    [
        ("medication", "insulin", SNOMED, "39487003"),
        ("medication", "corticosteroids", SNOMED, "79440004"),
        ("condition", "rectal cancer", SNOMED, "363351006"),
        ("condition", "malignant neoplasm of rectum", SNOMED, "363351006"),
        ("condition", "oesophageal cancer", SNOMED, "363402007"),
        ("procedure", "axillary lymph node dissection", SNOMED, "79544006"),
        ("procedure", "ALND", SNOMED, "79544006"),
        ("procedure", "low anterior resection", SNOMED, "314592008"),
        ("procedure", "magnetic resonance imaging of pelvis", SNOMED, "2690005"),
        ("procedure", "ileostomy", SNOMED, "173977007"),
        ("procedure", "computed tomography", SNOMED, "77477000"),
        ("procedure", "computed tomography of abdomen", LOINC, "41806-1"),
        ("response", "resolved", "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl", "C49498"),
    ],
)
def test_third_round_terms(kind, term, system, code):
    codings = lookup(kind, term)
    # cancers by organ also carry their ICD-10-CM code (fifth unseen round, set B), which mCODE reads
    also = {"363351006": [(ICD10CM, "C20")], "363402007": [(ICD10CM, "C15.9")]}.get(code, [])
    assert sorted((c.system, c.code) for c in codings) == sorted([(system, code), *also]), codings


def test_an_insulin_analogue_is_coded_as_itself_never_as_the_class_insulin():
    codings = lookup("medication", "insulin detemir")
    assert codings and all("detemir" in c.display.lower() for c in codings), codings


@pytest.mark.parametrize(("kind", "term"), [
    ("medication", "regular insulin"),  # 39487003 is "Insulin-containing product" in the current edition
    ("condition", "colorectal cancer"),  # not "large intestine": the words do not say which
])
def test_more_specific_words_get_no_broader_code(kind, term):
    assert not lookup(kind, term)


def test_a_loop_ileostomy_gets_its_own_code_not_the_ileostomy():
    codes = [c.code for c in lookup("procedure", "loop ileostomy")]
    assert codes == ["314594009"]  # *Creation of loop ileostomy*, never 173977007 *Creation of ileostomy*


def test_an_insulin_analogue_gets_its_own_ingredient_not_the_class():
    """insulin glargine has its RxNorm ingredient (US Core 3.1.1); never the class *insulin*."""
    codes = {(c.system, c.code) for c in lookup("medication", "insulin glargine")}
    assert codes == {("http://www.nlm.nih.gov/research/umls/rxnorm", "274783")}


def test_terms_search_offers_every_kind_of_the_tables():
    from fhirconv.commands.terms import KIND_CHOICES
    from fhirconv.terminology.tables import KINDS as TABLE_KINDS

    assert KIND_CHOICES == TABLE_KINDS
