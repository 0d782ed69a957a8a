"""Every code row names the artefact it came from, and the generated tables match their curation.

The tables built by ``tools/terminology/build.py`` take each code from an artefact that states it
with a display (see ``fhirconv/terminology/data/README.md``); these tests check the parts that can
be checked without the artefacts themselves: the source names a known artefact, and the shipped
rows are exactly what the curation files ask for (no hand edits that a rebuild would undo).
"""

import csv
from importlib import resources
from pathlib import Path

import pytest

from fhirconv.terminology import lookup

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(str(resources.files("fhirconv.terminology") / "data"))
CURATED = ROOT / "tools" / "terminology" / "curated"
GENERATED = sorted(p.name for p in CURATED.glob("*.csv"))
HAND_KEPT = sorted(p.name for p in DATA.glob("*.csv") if p.name not in GENERATED)

# The artefacts build.py reads, as its rows name them.
ARTEFACTS = (
    "Synthea (Apache-2.0) src/main/resources/modules/",
    "hl7.fhir.uv.ips@2.0.0 ",
    "hl7.fhir.us.mcode@4.0.0 ",
    "hl7.terminology.r4@7.0.1 ",
    "hl7.fhir.r4.examples@4.0.1 ",
    "canvas-medical/canvas-plugins canvas_sdk/value_set/",
    "nmdp-ig/cibmtr-reporting-ig (Apache-2.0) ",
    "onconova/fhir (MIT) ",
    "chicagopcdc/linkml-data-dictionary ",
    "HL7/PDDI-CDS (CC0-1.0) ",
    "ICD-10-CM via simple_icd_10_cm ",
    "cpicpgx/cpic-schema@97f9e3b drug.sql (CPIC, CC0-1.0)",
    "NLM RxNorm Current Prescribable Content 2025-10-06 (SAB=RXNORM, no licence restrictions; extract "
    "davidanderson3/rxnorm-ingredients) web/data/",
    "hl7.fhir.r5.expansions@5.0.0 ",
    "hl7.fhir.uv.genomics-reporting@3.0.0 ",
    "HL7/fhir-ichom-breast-cancer-ig (CC0-1.0) ",
    "hl7.fhir.us.core@3.1.1 (CC0, as kept by Synthea, Apache-2.0) src/test/resources/structureDefinitions/r4/uscore3/",
    "hl7-pt/terminologias (CC0-1.0) input/fsh/valueSets/",
    "hl7ch/ch-lab-order (CC0-1.0) input/fsh/",
    "hl7ch/ch-lab-report (CC0-1.0) input/fsh/",
    "hl7ch/ch-epreg (CC0-1.0) input/fsh/",
    "LHNCBC/flowsheet-lhc (NLM, BSD-style) src/stores/",
    "hl7-be/lab (CC0-1.0) input/fsh/",
    "medizininformatik-initiative/kerndatensatzmodul-PathologieBefund (CC0-1.0) input/fsh/",
    "PRESERVE-Coordinating-Center/preserve_codesets (LOINC licence) ",
    "ahdis/ch-elm (CC0-1.0) input/",
    "OHDSI/PhenotypeLibrary (Apache-2.0) inst/cohorts/",
    "HL7/fhir-ips (CC0-1.0; SNOMED IPS Terminology CC BY 4.0) input/fsh/",
    "Healthedata1/USCDI5-Sandbox (LOINC licence; MIT) input/data/",
    "HL7/US-Core (hl7.fhir.us.core 9.0.0, CC0-1.0) input/",
    "miracum/loinc-conversion (Apache-2.0; LOINC licence) data/conversion.tsv (the name of ",
)
# Hand-kept tables cite in prose; each citation must name at least one of these.
CITED = ("HL7", "FHIR", "mCODE", "Synthea", "simple_icd_10_cm", "simple-icd-10-cm", "RxNav", "RxClass",
         "NLM", "LOINC", "NCI", "CIBMTR", "NMDP", "OMOP", "IPS", "US Core", "MII", "CDC", "GA4GH", "KBV",
         "Pediatric Cancer Data Commons", "tx.fhir.org")


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_generated_tables_exist():
    assert {"conditions.csv", "findings.csv", "labs.csv", "medications.csv", "procedures.csv"} <= set(GENERATED)
    assert all((DATA / name).exists() for name in GENERATED)


@pytest.mark.parametrize("name", GENERATED)
def test_generated_sources_name_an_artefact(name):
    for i, row in enumerate(read(DATA / name), start=2):
        assert row["source"].startswith(ARTEFACTS), f"{name}:{i}: {row['source']!r}"
        assert "/" in row["source"] or ".json" in row["source"] or "simple_icd_10_cm" in row["source"], \
            f"{name}:{i}: the source names no file"


# Rows added with the first samples whose RxNorm ids were seen only in secondary code lists; they
# are listed as "to re-check" in the data README. Nothing may be added to this list.
LEGACY_UNCONFIRMED = {("dapagliflozin", "1488564"), ("metformin", "6809"), ("letrozole", "72965"),
                      ("trastuzumab", "224905"), ("pertuzumab", "1298944")}


@pytest.mark.parametrize("name", HAND_KEPT)
def test_hand_kept_sources_cite_something_known(name):
    for i, row in enumerate(read(DATA / name), start=2):
        if (row["term"], row["code"]) in LEGACY_UNCONFIRMED:
            continue
        source = row["source"].lower()
        assert any(word.lower() in source for word in (*CITED, *ARTEFACTS)), f"{name}:{i}: {source!r}"


def test_legacy_rows_still_there_to_recheck():
    """The exemption list only names rows that exist, so it cannot hide new ones."""
    present = {(r["term"], r["code"]) for name in HAND_KEPT for r in read(DATA / name)}
    assert present >= LEGACY_UNCONFIRMED


@pytest.mark.parametrize("name", GENERATED)
def test_generated_rows_match_curation(name):
    """Row for row, the shipped table is the curation file resolved: same kind, term, aliases, unit."""
    wanted = read(CURATED / name)
    shipped = read(DATA / name)
    assert len(shipped) == len(wanted), f"{name}: rebuild with tools/terminology/build.py"
    for spec, row in zip(wanted, shipped, strict=True):
        for column in ("kind", "term", "aliases", "unit"):
            assert spec[column] == row[column], f"{name}: {spec['term']}: {column}"
        if spec["code"]:
            assert spec["code"] == row["code"], f"{name}: {spec['term']}"


@pytest.mark.parametrize(
    ("kind", "term", "code"),
    [
        # the specimen is part of the test: blood, serum or plasma, urine
        ("observation", "blood glucose", "2339-0"),
        ("observation", "glucose", "2345-7"),
        ("observation", "serum glucose", "2345-7"),
        ("observation", "capillary blood glucose", "32016-8"),
        ("observation", "urine glucose", "25428-4"),
        ("observation", "creatinine", "2160-0"),
        ("observation", "urine creatinine", "2161-8"),
        ("observation", "bicarbonate", "1963-8"),
        ("observation", "arterial bicarbonate", "1960-4"),
        ("observation", "lactate", "32693-4"),
        ("observation", "folate", "2284-8"),
        ("observation", "red cell folate", "2283-0"),
        ("observation", "serum osmolality", "2692-2"),
        ("observation", "urine osmolality", "2695-5"),
    ],
)
def test_specimen_kept_apart(kind, term, code):
    assert [c.code for c in lookup(kind, term) if c.system == "http://loinc.org"] == [code]


@pytest.mark.parametrize(
    ("kind", "term", "system", "code"),
    [
        ("condition", "fever", "http://snomed.info/sct", "386661006"),
        ("finding", "fever", "http://snomed.info/sct", "386661006"),
        ("condition", "MI", "http://snomed.info/sct", "22298006"),
        ("condition", "CHF", "http://snomed.info/sct", "84114007"),
        ("condition", "hypertension", "http://snomed.info/sct", "38341003"),
        ("condition", "COVID-19", "http://hl7.org/fhir/sid/icd-10-cm", "U07.1"),
        ("medication", "ASA", "http://www.nlm.nih.gov/research/umls/rxnorm", "1191"),
        ("medication", "paracetamol", "http://www.nlm.nih.gov/research/umls/rxnorm", "161"),
        ("medication", "Lasix", "http://www.nlm.nih.gov/research/umls/rxnorm", "4603"),
        ("observation", "CRP", "http://loinc.org", "1988-5"),
        ("observation", "INR", "http://loinc.org", "6301-6"),
        ("procedure", "appendicectomy", "http://snomed.info/sct", "80146002"),
        ("procedure", "CT head", "http://snomed.info/sct", "303653007"),
        ("intent", "palliative", "http://snomed.info/sct", "363676003"),
        ("intent", "maintenance", "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl", "C15688"),
        ("stage", "IIB", "http://snomed.info/sct", "1222769001"),
        ("body-site", "kidney", "http://snomed.info/sct", "64033007"),
        ("medication", "glimepiride", "http://www.nlm.nih.gov/research/umls/rxnorm", "25789"),
        ("medication", "ondansetron", "http://www.nlm.nih.gov/research/umls/rxnorm", "26225"),
        ("medication", "sodium valproate", "http://www.nlm.nih.gov/research/umls/rxnorm", "11118"),
        ("vital-status", "alive", "http://snomed.info/sct", "438949009"),
        ("vital-status", "deceased", "http://snomed.info/sct", "419099009"),
        ("response", "recovered", "http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl", "C85257"),
        ("observation", "clinical primary tumor category", "http://loinc.org", "21905-5"),
        ("observation", "pathological distant metastases category", "http://loinc.org", "21901-4"),
        ("condition", "GERD", "http://snomed.info/sct", "235595009"),
        ("condition", "cerebral edema", "http://hl7.org/fhir/sid/icd-10-cm", "G93.6"),
        ("observation", "CMP", "http://loinc.org", "24323-8"),
        ("medication", "vancomycin", "http://snomed.info/sct", "42082003"),
        ("medication", "adrenaline", "http://snomed.info/sct", "65502005"),
        ("procedure", "MRI", "http://snomed.info/sct", "113091000"),
        # generic rows of the sixth round (data README, gaps), as clinicians write them
        ("condition", "Giant cell arteritis", "http://snomed.info/sct", "400130008"),
        ("condition", "H. pylori infection", "http://snomed.info/sct", "307759003"),
        ("condition", "duodenal ulcers", "http://snomed.info/sct", "51868009"),
        ("condition", "pleuritic chest pain", "http://snomed.info/sct", "2237002"),
        ("condition", "recurrent falls", "http://snomed.info/sct", "279992002"),  # its own concept, not Falls
        ("condition", "neck pain", "http://snomed.info/sct", "81680005"),
        ("condition", "epigastric discomfort", "http://snomed.info/sct", "119416008"),
        ("condition", "attempted suicide", "http://snomed.info/sct", "82313006"),
        ("condition", "brain injury", "http://snomed.info/sct", "127294003"),
        ("condition", "traumatic brain injury", "http://snomed.info/sct", "127295002"),
        ("observation", "ABG", "http://loinc.org", "24336-0"),
        ("observation", "venous blood gas", "http://loinc.org", "24339-4"),
        ("procedure", "arterial blood gas", "http://loinc.org", "24336-0"),
        ("procedure", "IOL implantation", "http://snomed.info/sct", "69724002"),
        ("procedure", "rehabilitation", "http://snomed.info/sct", "52052004"),
        ("condition", "COPD exacerbation", "http://snomed.info/sct", "195951007"),
        ("condition", "asthma attack", "http://snomed.info/sct", "281239006"),
        ("condition", "SIADH", "http://snomed.info/sct", "55004003"),
        ("condition", "phaeochromocytoma", "http://snomed.info/sct", "302835009"),
        ("condition", "goitre", "http://snomed.info/sct", "3716002"),
        ("condition", "postural hypotension", "http://snomed.info/sct", "28651003"),
        ("condition", "swollen joints", "http://snomed.info/sct", "271771009"),
        ("procedure", "induction of labour", "http://snomed.info/sct", "236958009"),
        ("procedure", "TIPS", "http://snomed.info/sct", "233445008"),
        ("procedure", "DEXA scan", "http://snomed.info/sct", "241686001"),
        ("medication", "vitamin D", "http://www.nlm.nih.gov/research/umls/rxnorm", "11253"),
        # common laboratory tests of case reports, as clinicians write them
        ("observation", "ESR", "http://loinc.org", "30341-2"),
        ("observation", "sed rate", "http://loinc.org", "30341-2"),
        ("observation", "serum amylase", "http://loinc.org", "1798-8"),
        ("observation", "lipase", "http://loinc.org", "3040-3"),
        ("observation", "serum cortisol", "http://loinc.org", "2143-6"),
        ("observation", "ammonia", "http://loinc.org", "16362-6"),
        ("observation", "prolactin", "http://loinc.org", "2842-3"),
        ("observation", "B12", "http://loinc.org", "2132-9"),
        ("observation", "fibrinogen", "http://loinc.org", "3255-7"),
        ("observation", "ACTH", "http://loinc.org", "2141-0"),
        ("medication", "vitamin B12", "http://www.nlm.nih.gov/research/umls/rxnorm", "11248"),
        # eighth round: a T, N or M category without a stage type is mCODE's SNOMED CT observable,
        # with a type still the LOINC code
        ("observation", "primary tumor category", "http://snomed.info/sct", "78873005"),
        ("observation", "regional lymph nodes category", "http://snomed.info/sct", "277206009"),
        ("observation", "distant metastases category", "http://snomed.info/sct", "277208005"),
        ("observation", "clinical T category", "http://loinc.org", "21905-5"),
        ("intent", "neo-adjuvant", "http://snomed.info/sct", "373847000"),
        ("observation", "histological type", "http://snomed.info/sct", "371441004"),
        ("observation", "blood pH", "http://loinc.org", "11558-4"),
        ("observation", "serum paracetamol level", "http://loinc.org", "3298-7"),
        ("observation", "vancomycin trough", "http://loinc.org", "4092-3"),
        ("observation", "CSF protein", "http://loinc.org", "2880-3"),
        ("observation", "ECOG", "http://loinc.org", "89247-1"),
        ("observation", "knee X-ray", "http://loinc.org", "28565-0"),
        ("observation", "abdominal ultrasound", "http://loinc.org", "24558-9"),
        ("condition", "chickenpox", "http://snomed.info/sct", "38907003"),
        ("condition", "claudication", "http://snomed.info/sct", "63491006"),
        ("procedure", "renal transplant", "http://snomed.info/sct", "70536003"),
        ("body-site", "lower back", "http://snomed.info/sct", "52612000"),
        ("medication", "iron supplement", "http://www.nlm.nih.gov/research/umls/rxnorm", "90176"),
    ],
)
def test_common_terms(kind, term, system, code):
    assert (system, code) in {(c.system, c.code) for c in lookup(kind, term)}


# A LOINC property in the long common name and what its UCUM unit must measure.
PROPERTY_UNITS = {
    "[Mass/volume]": ("g/", "g{", "g/dL"),
    "[Moles/volume]": ("mol/",),
    "[#/volume]": ("10*", "/uL", "/mm3", "/L", "{copies}/mL"),
    # plasma renin activity is the angiotensin I it makes an hour: ng/mL/h
    "[Enzymatic activity/volume]": ("U/", "g/mL/h"),
    "[Units/volume]": ("U/", "[IU]/", "[arb'U]/"),
    "[Partial pressure]": ("mm[Hg]", "kPa"),
}


def test_units_fit_the_loinc_property():
    """A mass concentration is not given in mmol/L, a count not in g/dL: the unit matches the test."""
    checked = 0
    for path in sorted(DATA.glob("*.csv")):
        for row in read(path):
            if row["system"] != "http://loinc.org" or not row["unit"]:
                continue
            for prop, fits in PROPERTY_UNITS.items():
                if prop in row["display"]:
                    checked += 1
                    assert any(f in row["unit"] for f in fits), f"{path.name}: {row['term']}: {row['unit']}"
    assert checked > 40


def test_quantitative_labs_carry_a_unit():
    for path in sorted(DATA.glob("*.csv")):
        for row in read(path):
            if row["system"] == "http://loinc.org" and row["kind"] == "observation" \
                    and any(p in row["display"] for p in PROPERTY_UNITS) and "Presence" not in row["display"]:
                assert row["unit"], f"{path.name}: {row['term']} has no usual unit"
