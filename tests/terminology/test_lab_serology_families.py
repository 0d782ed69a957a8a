"""Laboratory families of case reports from the Swiss electronic laboratory report IG (ahdis/ch-elm)
and PEDSnet's OMOP code sets (PRESERVE preserve_codesets): serology and antigen tests, nucleic-acid
tests, blood-film cells, CSF Gram stain, acid-fast smears, treponemal tests, high-sensitivity
troponin. Each family
member is reached in the words clinicians write, with the specimen its LOINC name states; plain
"hs-troponin" lists troponin I and T instead of picking one; a value with a unit takes the
quantitative twin of a presence test; and the words no open artefact codes stay text (data README,
Known gaps)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from fhirconv.terminology import lookup
from fhirconv.terminology.matching import match, match_with_unit

LOINC = "http://loinc.org"
DATA = Path(__file__).resolve().parents[2] / "fhirconv" / "terminology" / "data"


def _loinc(term: str) -> dict[str, str]:
    """code -> display of the LOINC codings ``term`` gets as an observation."""
    return {c.code: c.display for c in lookup("observation", term) if c.system == LOINC}


@pytest.mark.parametrize(("term", "code", "specimen"), [
    # hepatitis A, B and C
    ("HAV IgM", "22314-9", "in Serum"),
    ("IgM anti-HAV", "22314-9", "in Serum"),
    ("HBsAg", "5195-3", "in Serum"),
    ("hepatitis B surface antigen", "5195-3", "in Serum"),
    ("HBeAg", "31844-4", "in Serum"),
    ("IgM anti-HBc", "31204-1", "in Serum"),
    ("anti-HBc IgM", "31204-1", "in Serum"),
    ("HBV DNA PCR", "29610-3", "in Serum or Plasma"),
    ("HCV RNA", "11259-9", "in Serum or Plasma"),
    ("hepatitis C PCR", "11259-9", "in Serum or Plasma"),
    ("HCV viral load", "11011-4", "in Serum or Plasma"),
    # HIV
    ("HIV 1/2 antibody", "7918-6", "in Serum"),
    ("anti-HIV", "7918-6", "in Serum"),
    ("p24 antigen", "9821-0", "in Serum"),
    # dengue, malaria, measles, rubella
    ("dengue IgM", "25338-5", "in Serum"),
    ("dengue IgM antibody", "25338-5", "in Serum"),
    ("dengue antigen", "31798-2", "in Serum"),
    ("malaria PCR", "47085-6", "in Blood"),
    ("P. falciparum PCR", "41447-4", "in Blood"),
    ("Plasmodium vivax PCR", "41450-8", "in Blood"),
    ("malaria RDT", "50687-3", "in Blood"),
    ("malaria rapid diagnostic test", "50687-3", "in Blood"),
    ("measles IgM", "21503-8", "in Serum"),
    ("rubella IgM antibody", "31616-6", "in Serum"),
    # respiratory specimens
    ("COVID rapid antigen test", "96119-3", "in Upper respiratory specimen"),
    ("hMPV PCR", "92134-6", "in Respiratory system specimen"),
    ("rhinovirus PCR", "92130-4", "in Respiratory system specimen"),
    # cardiac
    ("hs-TnT", "67151-1", "in Serum or Plasma"),
    ("high-sensitivity troponin T", "67151-1", "in Serum or Plasma"),
    # blood film
    ("metamyelocytes", "28541-1", "in Blood"),
    ("myelocytes", "26498-6", "in Blood"),
    ("promyelocytes", "26524-9", "in Blood"),
    ("band forms", "26508-2", "in Blood"),
    ("bands", "26508-2", "in Blood"),
    # CSF
    ("CSF Gram stain", "14357-8", "in Cerebral spinal fluid"),
    ("Gram stain of cerebrospinal fluid", "14357-8", "in Cerebral spinal fluid"),
    # microbiology
    ("Legionella urinary antigen", "31870-9", "in Urine"),
    ("pneumococcal antigen in CSF", "20489-1", "in Cerebral spinal fluid"),
    ("AFB smear", "11545-1", "in Specimen"),
    ("sputum AFB", "11477-7", "in Sputum"),
    ("CSF acid-fast stain", "32188-5", "in Cerebral spinal fluid"),
    ("TB PCR", "38379-4", "in Specimen"),
    ("chlamydia NAAT", "21613-5", "in Specimen"),
    ("urine chlamydia PCR", "6357-8", "in Urine"),
    ("gonorrhoea PCR", "24111-7", "in Specimen"),
    ("urine gonorrhea NAAT", "21416-3", "in Urine"),
    # syphilis, toxoplasma, ANCA
    ("TPHA", "8041-6", "in Serum"),
    ("Treponema pallidum antibodies", "22587-0", "in Serum"),
    ("RPR titre", "31147-2", "in Serum"),
    ("VDRL titer", "50690-7", "in Serum"),
    ("toxoplasma serology", "22577-1", "in Serum"),
    ("myeloperoxidase antineutrophil cytoplasmic antibodies", "6969-0", "in Serum"),
    ("proteinase 3 ANCA", "6968-2", "in Serum"),
])
def test_family_member_reaches_its_code_and_specimen(term, code, specimen):
    found = _loinc(term)
    assert list(found) == [code], (term, found)
    assert specimen in found[code], (term, found[code])


def test_plain_hs_troponin_lists_troponin_i_and_t():
    """High-sensitivity troponin I and T are two tests: the words that name neither get no code, and
    the warning lists both."""
    for words in ("hs-troponin", "high-sensitivity troponin", "hs trop"):
        found = match("observation", words)
        assert found.status == "ambiguous" and found.concept is None, words
        codes = {c.code for cand in found.candidates for c in cand.codings if c.system == LOINC}
        assert codes == {"89579-7", "67151-1"}, (words, codes)
        assert lookup("observation", words) == ()
    assert set(_loinc("hs-TnI")) == {"89579-7"}


def test_a_viral_load_value_takes_the_quantitative_twin():
    """HCV RNA given as a number in IU/mL is the viral load test, not the presence test; given as
    detected it stays the presence test; a presence test has no twin for a unit it cannot carry."""
    measured = match_with_unit("observation", "HCV RNA", "[IU]/mL")
    assert measured.concept is not None
    assert [c.code for c in measured.concept.codings] == ["11011-4"]
    assert measured.concept.unit == "[IU]/mL"
    plain = match_with_unit("observation", "HCV RNA", None)
    assert plain.concept is not None and [c.code for c in plain.concept.codings] == ["11259-9"]
    hbsag = match_with_unit("observation", "HBsAg", "[IU]/mL")
    assert hbsag.concept is None and hbsag.unit_mismatch is not None
    assert [c.code for c in hbsag.unit_mismatch.codings] == ["5195-3"]


def test_counts_in_percent_fit_and_a_count_per_volume_does_not():
    assert match_with_unit("observation", "metamyelocytes", "%").concept is not None
    rejected = match_with_unit("observation", "band neutrophils", "10*3/uL")
    assert rejected.concept is None and rejected.unit_mismatch is not None


@pytest.mark.parametrize("term", [
    "dengue NS1 antigen",  # LOINC codes NS1 apart from the dengue antigen; no NS1 code was read
    "hepatitis A virus antibody",  # total antibody: no code in the artefacts read
    "Leptospira IgM antibody",
    "Borrelia burgdorferi IgM antibody",
    "Orientia tsutsugamushi PCR",
    "HSV-2 DNA PCR in CSF",
    "CSF white cell count",  # only the manual-count code
    "CSF opening pressure",
    "Coombs test",  # direct or indirect: the words do not say
    "RPR",  # presence or titre: the words do not say
    "anti-CCP",  # the open codes say IgG or a method ("by Immunoassay"); the words neither
    "CMV viral load",  # whole blood or plasma: the words do not say
])
def test_words_no_open_artefact_codes_stay_text(term):
    assert not lookup("observation", term), lookup("observation", term)


def test_new_rows_cite_the_new_artefacts_with_their_licence():
    with (DATA / "labs.csv").open(encoding="utf-8", newline="") as fh:
        sources = {row["code"]: row["source"] for row in csv.DictReader(fh)}
    assert sources["5195-3"].startswith("ahdis/ch-elm (CC0-1.0) input/resources/")
    assert sources["67151-1"].startswith("PRESERVE-Coordinating-Center/preserve_codesets (LOINC licence) lab_meas/")


def _tool(name: str):
    """A script of tools/terminology (not a package), loaded under a name nothing else uses."""
    import importlib.util
    import sys

    path = Path(__file__).resolve().parents[2] / "tools" / "terminology" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"fhirconv_tools_{name}_families", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_omop_code_sets_give_loinc_rows_only(tmp_path):
    """PEDSnet's CSV code sets: columns in any order, a byte-order mark, lines ended by a bare carriage
    return; only LOINC codes of the LOINC vocabulary are read (not LOINC parts, not SNOMED CT rows), and
    a file without a vocabulary column is skipped."""
    import subprocess

    repo = tmp_path / "codesets"
    (repo / "lab_meas").mkdir(parents=True)
    (repo / "lab_meas" / "troponin.csv").write_bytes(
        "\ufeffconcept_id,concept_name,concept_code,vocabulary_id\r"
        "3033745,Troponin T.cardiac [Mass/volume] in Serum or Plasma by High sensitivity method,67151-1,LOINC\r"
        "4010039,Troponin measurement,102683006,SNOMED\r"
        "36205652,Troponin | Serum or Plasma,LP257999-5,LOINC\r".encode())
    (repo / "lab_meas" / "ferritin.csv").write_text(
        "concept_code,concept_id,vocabulary_id,concept_name\n2276-4,3001122,LOINC,"
        "\"Ferritin [Mass/volume] in Serum or Plasma\"\n", encoding="utf-8")
    (repo / "lab_meas" / "names_only.csv").write_text("concept_id,concept_name\n1,Something\n", encoding="utf-8")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "code sets"], check=True)
    seen = sorted((s.code, s.display, s.source) for s in
                  _tool("sources").omop_concept_csvs(repo, ("lab_meas",), "codesets (LOINC licence)"))
    assert seen == [
        ("2276-4", "Ferritin [Mass/volume] in Serum or Plasma", "codesets (LOINC licence) lab_meas/ferritin.csv"),
        ("67151-1", "Troponin T.cardiac [Mass/volume] in Serum or Plasma by High sensitivity method",
         "codesets (LOINC licence) lab_meas/troponin.csv")]


def test_artefacts_added_later_do_not_take_over_the_source_of_a_row():
    """A code several artefacts state cites the one preferred before the new artefacts came, so a
    rebuild with them changes no row built earlier."""
    build = _tool("build")
    ranked = sorted(["PRESERVE-Coordinating-Center/preserve_codesets (LOINC licence) lab_meas/x.csv",
                     "ahdis/ch-elm (CC0-1.0) input/resources/y.json", "hl7ch/ch-lab-order (CC0-1.0) input/fsh/z.fsh",
                     "LHNCBC/flowsheet-lhc (NLM, BSD-style) src/stores/h17.js"], key=lambda s: (build._rank(s), s))
    assert [s.split()[0] for s in ranked] == ["LHNCBC/flowsheet-lhc", "hl7ch/ch-lab-order",
                                              "PRESERVE-Coordinating-Center/preserve_codesets", "ahdis/ch-elm"]
