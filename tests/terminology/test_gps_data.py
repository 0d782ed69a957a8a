"""The SNOMED CT Global Patient Set look-up: the shipped index is what the builder makes from the
package, the matching step takes only whole names of a fitting semantic tag (or the same words in
turned order), never picks among several, and is read only when the tables miss."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from fhirconv.terminology import gps_data, gps_keys, matching
from fhirconv.terminology.tables import Table

SCT = "http://snomed.info/sct"
ICD = "http://hl7.org/fhir/sid/icd-10-cm"


@pytest.fixture(scope="module")
def source() -> Path:
    """The GPS value set of hl7.terminology.r4 7.0.1, installed as .ci/run installs it."""
    from fhirconv.packages.setup import ensure

    ensure((gps_data.PACKAGE,))
    path = gps_data.source_path()
    assert path.is_file()
    return path


@pytest.fixture
def gps_only(monkeypatch: pytest.MonkeyPatch):
    """Look-ups with empty tables, so every answer comes from the GPS step (or ICD-10-CM after it)."""
    monkeypatch.setattr(matching, "table", lambda: Table([]))
    matching._match.cache_clear()
    yield matching.match
    matching._match.cache_clear()


def test_shipped_file_is_what_the_builder_makes(source: Path, tmp_path: Path):
    made = gps_data.build(tmp_path / "index.txt.gz", source)
    # On failure: python -m fhirconv.terminology.gps_data
    assert gzip.decompress(gps_data.DATA.read_bytes()) == gzip.decompress(made.read_bytes())
    head = gps_data.header()
    assert head == {"package": f"{gps_data.PACKAGE} {gps_data.SOURCE_FILE}",
                    "sha256": hashlib.sha256(source.read_bytes()).hexdigest(),
                    "rules": gps_keys.rules_digest()}
    vs = json.loads(source.read_text(encoding="utf-8"))
    assert gps_data.index().count() == len(vs["compose"]["include"][0]["concept"]) > 26000


def test_names_lose_their_semantic_tag():
    assert gps_keys.fsn_parts("Pain in throat (finding)") == ("Pain in throat", "finding")
    assert gps_keys.fsn_parts("Tibia and fibula (combined site) (body structure)") == (
        "Tibia and fibula (combined site)", "body structure")
    concept = gps_data.index().concept("29857009")
    assert (concept.tag, concept.name) == ("finding", "Chest pain")


def test_exact_name_gives_the_concept_and_icd10cm_beside_it(gps_only):
    found = gps_only("condition", "Optic Neuritis")
    assert found.how == "SNOMED CT GPS exact + ICD-10-CM plain"
    assert [(c.system, c.code, c.display) for c in found.concept.codings] == [
        (SCT, "66760008", "Optic neuritis"), (ICD, "H46.9", "Unspecified optic neuritis")]
    assert found.concept.codings[0].source == "hl7.terminology.r4@7.0.1 ValueSet-snomed-intl-gps.json (SNOMED CT GPS)"
    assert found.concept.origin == "SNOMED CT GPS"


def test_words_in_turned_order(gps_only):
    for words, code in [("pain in chest", "29857009"), ("knee osteoarthritis", "239873007"),
                        ("femur fracture", "71620000"), ("neck of femur fracture", "5913000"),
                        # a word before the head kept in front: Closed fracture of shaft of femur
                        ("closed femur shaft fracture", "26442006")]:
        found = gps_only("condition", words)
        assert found.how.startswith("SNOMED CT GPS word order"), words
        assert found.concept.codings[0].code == code, words


def test_words_shuffled_otherwise_or_merely_swapped_are_not_taken():
    ix = gps_data.index()
    # The name's words, but not the name turned: "acute exacerbation of asthma" is A B C, not B A.
    assert ix.find("acute exacerbation of asthma", ("disorder",))[1][0].code == "708038006"
    assert ix.find("asthma acute exacerbation", ("disorder",)) == (1, [ix.concept("708038006")])
    assert ix.find("exacerbation acute asthma", ("disorder",)) == (-1, [])
    # the word before the head kept in front is English's order too
    assert ix.find("acute asthma exacerbation", ("disorder",)) == (1, [ix.concept("708038006")])
    # Two words swapped without "of", "in"... on either side.
    assert ix.find("chest pain", ("finding",))[1][0].code == "29857009"
    assert ix.find("pain chest", ("finding",)) == (-1, [])
    assert not gps_keys.turned("pain chest", "chest pain")
    assert gps_keys.turned("pain in chest", "chest pain")
    assert not gps_keys.turned("right to left shunt", "left to right shunt")
    assert gps_keys.turned("type 1 diabetes mellitus", "diabetes mellitus type 1")


def test_semantic_tags_fit_the_kind(gps_only):
    assert gps_only("procedure", "transfusion").concept.codings[0].code == "5447007"
    assert gps_only("condition", "transfusion").status == "none"
    assert gps_only("finding", "Escherichia coli").concept.codings[0].code == "112283007"  # an organism
    assert matching._gps_concepts("condition", "Escherichia coli")[1] == []  # (ICD-10-CM has a B96 code)
    assert gps_only("observation", "intraocular pressure").concept.codings[0].code == "41633001"
    assert gps_only("condition", "intraocular pressure").status == "none"
    assert gps_only("body-site", "parathyroid structure").concept.codings[0].code == "111002"
    assert gps_only("procedure", "parathyroid structure").status == "none"
    # A condition is a disorder or a finding: Edema (finding), not Edema (morphologic abnormality).
    assert [c.code for c in gps_only("condition", "oedema").concept.codings] == ["267038008", "R60.9"]
    assert gps_only("medication", "oedema").status == "none"  # no GPS step for medications


def test_a_body_site_is_found_as_its_structure(gps_only):
    assert gps_only("body-site", "parathyroid").concept.codings[0].display == "Parathyroid structure"
    assert gps_only("body-site", "superior cerebellar peduncle").concept.codings[0].code == "11089000"
    assert gps_only("condition", "parathyroid").status == "none"


def test_several_concepts_are_candidates_never_a_pick(gps_only):
    found = gps_only("finding", "abscess")  # Abscess (disorder) and Abscess (morphologic abnormality)
    assert found.status == "ambiguous" and found.concept is None
    assert sorted(c.codings[0].code for c in found.candidates) == ["128477000", "44132006"]
    assert found.how == "SNOMED CT GPS exact"


def test_the_tables_come_first():
    matching._match.cache_clear()
    # The tables' "murmur" is Heart murmur; the GPS has a broader Murmur (finding) of that name.
    assert [c.code for c in matching.match("condition", "murmur").concept.codings] == ["88610006"]


def test_stale_index_is_not_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, gps_only):
    text = gzip.decompress(gps_data.DATA.read_bytes()).decode("utf-8")
    lines = text.split("\n", 4)
    lines[3] = "rules\t" + "0" * 16
    stale = tmp_path / "stale.txt.gz"
    stale.write_bytes(gzip.compress("\n".join(lines).encode("utf-8"), mtime=0))
    assert not gps_data.current(stale) and gps_data.current()
    monkeypatch.setattr(gps_data, "DATA", stale)
    gps_data.index.cache_clear()
    try:
        assert gps_data.index() is None
        found = gps_only("condition", "Optic neuritis")  # ICD-10-CM alone, as without the GPS step
        assert [c.code for c in found.concept.codings] == ["H46.9"]
        assert gps_only("procedure", "transfusion").status == "none"
    finally:
        gps_data.index.cache_clear()


_PROBE = textwrap.dedent("""
    import json, sys
    from fhirconv.terminology import lookup
    first = [c.code for c in lookup("condition", sys.argv[1])]
    print(json.dumps([first, "fhirconv.terminology.gps_data" in sys.modules]))
""")


def _probe(term: str, cache: str) -> list:
    env = {**os.environ, "FHIRCONV_CACHE_DIR": cache}
    out = subprocess.run([sys.executable, "-c", _PROBE, term], capture_output=True, text=True, check=True,
                         env=env).stdout
    return json.loads(out)


def test_read_only_when_the_tables_miss(tmp_path: Path):
    cache = tmp_path / "cache"
    assert _probe("multiple myeloma", str(cache)) == [["109989006", "C90.00"], False]  # a table row
    assert not list(cache.glob("snomed-gps-*"))
    assert _probe("osteoarthritis of knee", str(cache)) == [["239873007", "M17.9"], True]
    [copy] = cache.glob("snomed-gps-shipped-*.txt")  # unpacked once, then mapped
    assert copy.read_bytes() == gzip.decompress(gps_data.DATA.read_bytes())
    assert _probe("osteoarthritis of knee", "off") == [["239873007", "M17.9"], True]


def test_a_code_the_tables_know_keeps_their_display(monkeypatch: pytest.MonkeyPatch):
    from fhirconv.terminology.tables import Coding, KnownConcept

    row = KnownConcept("condition", "gbs", (Coding(SCT, "40956001", "Guillain-Barre syndrome", "test"),))
    monkeypatch.setattr(matching, "table", lambda: Table([row]))
    matching._match.cache_clear()
    try:  # the GPS name is "Guillain-Barré syndrome"; one display per code across the tables
        found = matching.match("finding", "Guillain-Barré syndrome")
        assert found.how.startswith("SNOMED CT GPS exact")
        assert found.concept.codings[0].display == "Guillain-Barre syndrome"
    finally:
        matching._match.cache_clear()


def test_terms_search_and_show_see_the_gps():
    from tests.conftest import run_cli

    rows = json.loads(run_cli("terms", "search", "ankle osteoarthritis", "--kind", "condition", "--format",
                              "json").stdout)
    assert (rows[0]["match"], rows[0]["code"], rows[0]["display"]) == (
        "SNOMED CT GPS word order", "239874001", "Osteoarthritis of ankle")
    assert rows[0]["source"] == gps_data.SOURCE
    proc = run_cli("terms", "show", "snomed", "239874001", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    shown = json.loads(proc.stdout)
    assert shown["display"] == "Osteoarthritis of ankle"
    assert shown["gps"] == {"name": "Osteoarthritis of ankle", "semantic_tag": "disorder", "source": gps_data.SOURCE}
    assert run_cli("terms", "show", "snomed", "1234567008").returncode == 1  # well formed, in no table nor the GPS
    hints = json.loads(run_cli("terms", "search", "osteoarthritis of the ankle joint", "--kind", "condition",
                               "--format", "json").stdout)
    assert {"match": "words", "code": "239874001", "display": "Osteoarthritis of ankle", "origin": "SNOMED CT GPS"
            } in [{k: r[k] for k in ("match", "code", "display", "origin")} for r in hints]


def test_word_hints_share_the_most_words_and_fit_the_kind():
    ix = gps_data.index()
    found = ix.overlap({"osteoarthritis", "knee"}, ("disorder",), 3)
    assert [(c.code, shared, n) for c, shared, n in found][0] == ("239873007", 2, 2)  # Osteoarthritis of knee
    assert all(shared == 2 and c.tag == "disorder" for c, shared, _ in found)
    assert ix.overlap({"osteoarthritis"}, ("body structure",), 3) == []


def test_a_converted_case_gets_the_snomed_ct_code_beside_icd10cm(tmp_path: Path):
    """Through convert (terms no table row has; the tables are checked first, so rows added later for
    these words would be taken instead, and this test would say so)."""
    from fhirconv.api import convert_file

    case = tmp_path / "case.yaml"
    case.write_text('fhirconv: "1"\nid: gps\npatient: {sex: male}\n'
                    "conditions:\n  - {id: colic, condition: renal colic}\n"
                    "  - {id: oa, condition: ankle osteoarthritis}\n", encoding="utf-8")
    for term in ("renal colic", "ankle osteoarthritis"):
        assert matching.match_tables("condition", term).concept is None, term
    conv = convert_file(str(case))
    codes = {r["code"]["text"]: [(c["system"], c["code"], c["display"]) for c in r["code"].get("coding", [])]
             for r in conv.resources if r["resourceType"] == "Condition"}
    assert codes == {"renal colic": [(SCT, "7093002", "Renal colic"), (ICD, "N23", "Unspecified renal colic")],
                     "ankle osteoarthritis": [(SCT, "239874001", "Osteoarthritis of ankle")]}


def test_a_sided_body_site_is_precoordinated_only_from_a_table_row(tmp_path: Path):
    """The GPS has *Left breast structure*, but a sided site keeps the table's site with a laterality
    extension (as before the GPS step); a site no table row has takes its GPS structure."""
    from fhirconv.api import convert_file

    case = tmp_path / "case.yaml"
    case.write_text('fhirconv: "1"\nid: sites\npatient: {sex: female}\nconditions:\n'
                    "  - {id: a, condition: renal colic, body_site: {site: breast, laterality: left}}\n"
                    "  - {id: b, condition: renal colic, body_site: {site: superior cerebellar peduncle}}\n",
                    encoding="utf-8")
    assert gps_data.index().find("left breast", ("body structure",))[1][0].code == "80248007"
    conv = convert_file(str(case))
    sites = [r["bodySite"][0] for r in conv.resources if r["resourceType"] == "Condition"]
    assert [c["code"] for c in sites[0]["coding"]] == ["76752008"]  # Breast structure (a table row)
    assert sites[0]["extension"][0]["valueCodeableConcept"]["coding"][0]["code"] == "7771000"  # Left
    assert [(c["code"], c["display"]) for c in sites[1]["coding"]] == [
        ("11089000", "Structure of superior cerebellar peduncle")]
