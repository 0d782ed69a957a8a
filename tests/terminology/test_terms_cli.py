"""`fhirconv terms search|show` as a user runs it (a real process), and validate's text-only warnings."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import SHARED, run_cli

HEADER = "kind,term,aliases,system,code,display,unit,source\n"


def test_search_puts_what_convert_would_write_first():
    proc = run_cli("terms", "search", "Haemoglobin", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert rows[0]["match"] == "term" and rows[0]["code"] == "718-7" and rows[0]["system"] == "http://loinc.org"
    assert rows[0]["kind"] == "observation" and rows[0]["source"] and rows[0]["display"]
    assert all(r["match"] == "words" for r in rows[1:])
    assert len(rows) <= 11


def test_search_word_order_icd10cm_and_filters(tmp_path):
    path = tmp_path / "t.csv"  # a made-up term for a built-in code, so the test holds whatever the tables gain
    path.write_text(HEADER + "observation,bench haemoglobin sample,,http://loinc.org,718-7,"
                             "Hemoglobin [Mass/volume] in Blood,g/dL,test\n")
    proc = run_cli("terms", "search", "sample of bench haemoglobin", "--kind", "observation", "--limit", "3",
                   "--terms", str(path))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].split()[:4] == ["MATCH", "KIND", "SYSTEM", "CODE"]
    assert lines[1].startswith("word order") and "718-7" in lines[1] and "g/dL" in lines[1]
    assert 2 <= len(lines) <= 1 + 1 + 3  # header, the match, at most --limit hints
    icd = json.loads(run_cli("terms", "search", "Renal tubulo-interstitial disorders in diseases classified elsewhere",
                             "--system", "icd10cm", "--format", "json").stdout)
    assert icd[0]["match"] == "ICD-10-CM exact" and icd[0]["code"] == "N16"
    assert {r["system"] for r in icd} == {"http://hl7.org/fhir/sid/icd-10-cm"}


def test_search_sees_user_terms(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(HEADER + "condition,beta cell failure,,http://snomed.info/sct,44054006,"
                             "Diabetes mellitus type 2,,test\n")
    without = json.loads(run_cli("terms", "search", "beta cell failure", "--format", "json").stdout)
    assert {r["match"] for r in without} == {"words"}
    proc = run_cli("terms", "search", "beta-cell failure", "--terms", str(path), "--format", "json")
    rows = json.loads(proc.stdout)
    assert rows[0]["match"] == "term" and rows[0]["code"] == "44054006" and rows[0]["origin"] == f"{path}:2"


def test_search_nothing_found_and_bad_usage():
    none = run_cli("terms", "search", "qqqzzx wuxx")
    assert none.returncode == 1 and "nothing known" in none.stderr and not none.stdout
    bad = run_cli("terms", "search", "x", "--kind", "organ")
    assert bad.returncode == 2
    bad_system = run_cli("terms", "search", "x", "--system", "snowmed")
    assert bad_system.returncode == 2 and "unknown code system" in bad_system.stderr
    assert run_cli("terms", "search").returncode == 2
    assert "Traceback" not in none.stderr + bad.stderr + bad_system.stderr


def test_show_a_table_code_with_its_terms_and_source():
    proc = run_cli("terms", "show", "snomed", "109989006")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0] == "SNOMED CT 109989006: Multiple myeloma"
    assert "condition: multiple myeloma" in proc.stdout and "source:" in proc.stdout
    same = run_cli("terms", "show", "http://snomed.info/sct", "109989006")
    assert same.stdout == proc.stdout


def test_show_icd10cm_description_and_parents():
    proc = run_cli("terms", "show", "icd10cm", "I10", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["description"] == data["display"] == "Essential (primary) hypertension"
    assert data["billable"] is True and "high blood pressure" in data["inclusion_terms"]
    assert [p["code"] for p in data["parents"]][:1] == ["I10-I1A"]


def test_show_unknown_code_and_bad_usage():
    unknown = run_cli("terms", "show", "loinc", "718-8")
    assert unknown.returncode == 1 and "not a valid LOINC code" in unknown.stderr
    assert run_cli("terms", "show", "icd10cm", "Q99.999").returncode == 1
    bad = run_cli("terms", "show", "snowmed", "1")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_help_has_examples():
    for args in (["terms", "--help"], ["terms", "search", "--help"], ["terms", "show", "--help"]):
        proc = run_cli(*args)
        assert proc.returncode == 0 and "Examples:" in proc.stdout


def test_validate_warns_on_text_only_concepts_in_any_fhir_file(tmp_path):
    bundle = {"resourceType": "Bundle", "type": "collection", "entry": [
        {"fullUrl": "urn:uuid:5a2b4f3e-3d0e-4c8e-9a55-6f1b2a3c4d5e",
         "resource": {"resourceType": "Patient", "id": "5a2b4f3e-3d0e-4c8e-9a55-6f1b2a3c4d5e"}},
        {"fullUrl": "urn:uuid:6b3c5a4f-4e1f-4d9f-8b66-7a2c3b4d5e6f",
         "resource": {"resourceType": "Condition", "id": "6b3c5a4f-4e1f-4d9f-8b66-7a2c3b4d5e6f",
                      "code": {"text": "wandering spleen"},
                      "bodySite": [{"coding": [{"system": "http://snomed.info/sct", "code": "78961009",
                                                "display": "Splenic structure"}], "text": "spleen"}],
                      "subject": {"reference": "urn:uuid:5a2b4f3e-3d0e-4c8e-9a55-6f1b2a3c4d5e"}}}]}
    path = tmp_path / "b.json"
    path.write_text(json.dumps(bundle))
    proc = run_cli("validate", str(path), "--format", "json")
    assert proc.returncode == 0, proc.stdout
    issues = [i for i in json.loads(proc.stdout)["issue"] if "code-text-only" in i["details"]["text"]]
    assert [(i["severity"], i["expression"]) for i in issues] == [("warning", ["Bundle.entry[1].resource.code"])]
    text = issues[0]["details"]["text"]
    assert "wandering spleen" in text and "fhirconv terms search" in text
    strict = run_cli("validate", str(path), "--strict")
    assert strict.returncode == 1 and "code-text-only" in strict.stdout
    only = run_cli("validate", str(path), "--layer", "terminology")
    assert "Bundle.entry[1].resource.code " in only.stdout


def test_validate_text_only_in_an_official_example():
    example = SHARED / "fhir-examples" / "r4" / "Condition-example2.json"
    assert example.exists(), f"{example} is missing (the tests read ../shared beside the checkout)"
    assert json.loads(example.read_text())["code"] == {"text": "Asthma"}
    proc = run_cli("validate", str(example), "--layer", "terminology")
    assert proc.returncode == 0
    [row] = [line for line in proc.stdout.splitlines() if "code-text-only" in line]
    assert row.startswith("warning") and "Condition.code " in row and "'Asthma'" in row


def test_a_converted_case_reports_uncoded_terms_once_at_the_case_line(tmp_path):
    case = tmp_path / "case.yaml"
    case.write_text('fhirconv: "1"\nid: t-1\npatient: {sex: female}\nconditions:\n  - id: c1\n'
                    "    condition: cold-like symptoms\n")
    proc = run_cli("validate", str(case))
    assert proc.returncode == 0
    [row] = [line for line in proc.stdout.splitlines() if "cold-like symptoms" in line]
    assert f"{case}:6:5" in row and "no code known" in row
    assert "code-text-only" not in proc.stdout
    converted = run_cli("convert", str(case))
    assert len([line for line in converted.stderr.splitlines() if "cold-like symptoms" in line]) == 1
    assert "code-text-only" not in converted.stderr


def test_the_readme_terms_example_runs(tmp_path):
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Terms:", 1)[1]
    blocks = [b.split("```", 1)[0] for b in section.split("```bash\n")[1:3]]
    assert "cat > my-terms.csv" in blocks[1]
    (tmp_path / "samples").symlink_to(ROOT / "samples")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    for block in blocks:
        proc = subprocess.run(["bash", "-e", "-c", block], cwd=tmp_path, capture_output=True, text=True, env=env,
                              timeout=300)
        assert proc.returncode == 0, (block, proc.stderr)
        assert "Traceback" not in proc.stderr
    assert json.loads((tmp_path / "t2dm.json").read_text())["resourceType"] == "Bundle"


def test_search_shows_how_convert_reads_words_without_a_code(tmp_path):
    """Words with no code as they stand ("massive pulmonary embolism") are coded by convert as it
    reads them; the search shows that reading first, with the code convert writes for the same words."""
    case = tmp_path / "case.yaml"
    case.write_text("id: reading\npatient: {sex: female, birth_date: '1970-01-01'}\n"
                    "conditions:\n  - {id: pe, condition: massive pulmonary embolism, body_site: {site: left arm}}\n"
                    "  - {id: ha, condition: severe headache}\n"
                    "medications:\n  - {id: m, drug: metoprolol XL}\n"
                    "procedures:\n  - {id: p, procedure: emergency laparotomy}\n"
                    "observations:\n  - {id: o, observation: repeat troponin I, value: 2.3, unit: ng/mL}\n",
                    encoding="utf-8")
    out = tmp_path / "out.json"
    proc = run_cli("convert", str(case), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    written = {}
    for entry in json.loads(out.read_text(encoding="utf-8"))["entry"]:
        r = entry["resource"]
        cc = r.get("code") or r.get("medicationCodeableConcept")
        if cc and "coding" in cc:
            written[cc["text"]] = cc["coding"][0]["code"]
        for site in r.get("bodySite", []):
            written[site["text"]] = site["coding"][0]["code"]
    for words, kind, said in [("massive pulmonary embolism", "condition", "broader concept, 'massive'"),
                              ("severe headache", "condition", "severity 'severe'"),
                              ("metoprolol XL", "medication", "ingredient, 'XL'"),
                              ("emergency laparotomy", "procedure", "broader concept, 'emergency'"),
                              ("repeat troponin I", "observation", "the test itself, 'repeat'"),
                              ("left arm", "body-site", "the site, 'left' as its laterality")]:
        rows = json.loads(run_cli("terms", "search", words, "--kind", kind, "--format", "json").stdout)
        assert rows[0]["match"].startswith("read: ") and said in rows[0]["match"], (words, rows[0])
        assert rows[0]["code"] == written[words], (words, rows[0], written)
    # words that have a code as they stand are not read: the term itself comes first
    rows = json.loads(run_cli("terms", "search", "acute pulmonary embolism", "--kind", "condition",
                              "--format", "json").stdout)
    assert rows[0]["match"] == "term"
