"""The convert command as a Unix tool: files or stdin in, files or stdout out, stable bytes."""

from __future__ import annotations

import json

from tests.conftest import MYELOMA, SAMPLES


def test_same_case_gives_identical_bytes(tmp_path, cli):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert cli("convert", str(MYELOMA), "-o", str(a)).returncode == 0
    assert cli("convert", str(MYELOMA), "-o", str(b)).returncode == 0
    assert a.read_bytes() == b.read_bytes()
    assert json.loads(a.read_text())["resourceType"] == "Bundle"


def test_stdin_to_stdout_equals_file_output(tmp_path, cli):
    out = tmp_path / "o.json"
    cli("convert", str(MYELOMA), "-o", str(out))
    proc = cli("convert", "-", input=MYELOMA.read_text(encoding="utf-8"))
    assert proc.returncode == 0, proc.stderr
    bundle = json.loads(proc.stdout)
    assert bundle["entry"] == json.loads(out.read_text())["entry"]


def test_json_case_file_converts_like_yaml(tmp_path, cli):
    from ruamel.yaml import YAML

    data = YAML(typ="safe").load(MYELOMA.read_text(encoding="utf-8"))
    data = json.loads(json.dumps(data, default=str))
    case = tmp_path / "mm.json"
    case.write_text(json.dumps(data, indent=1), encoding="utf-8")
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert cli("convert", str(case), "-o", str(a)).returncode == 0
    cli("convert", str(MYELOMA), "-o", str(b))
    assert a.read_bytes() == b.read_bytes()


def test_transaction_bundle_creates_conditionally(cli):
    proc = cli("convert", str(MYELOMA), "--bundle-type", "transaction")
    bundle = json.loads(proc.stdout)
    assert bundle["type"] == "transaction"
    for entry in bundle["entry"]:
        req = entry["request"]
        assert req["method"] == "POST" and req["url"] == entry["resource"]["resourceType"]
        assert req["ifNoneExist"].startswith("identifier=https://fhirconv.org/fhir/identifier|mm-sekiguchi-2012/")
        assert entry["fullUrl"] == f"urn:uuid:{entry['resource']['id']}"


def test_r5_uses_r5_elements(cli):
    bundle = json.loads(cli("convert", str(MYELOMA), "--fhir-version", "R5").stdout)
    resources = [e["resource"] for e in bundle["entry"]]
    ms = [r for r in resources if r["resourceType"] == "MedicationStatement"]
    assert all("medication" in r and "medicationCodeableConcept" not in r for r in ms)
    assert all(r["status"] == "recorded" for r in ms)
    procs = [r for r in resources if r["resourceType"] == "Procedure"]
    assert any("occurrencePeriod" in r or "occurrenceString" in r for r in procs)
    assert not any(k.startswith("performed") for r in procs for k in r)


def test_ndjson_directory_with_manifest(tmp_path, cli):
    out = tmp_path / "bulk"
    proc = cli("convert", str(SAMPLES), "-o", str(out), "--format", "ndjson", "-j", "1",
               env={"SOURCE_DATE_EPOCH": "0"})
    assert proc.returncode == 0, proc.stderr
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["transactionTime"] == "1970-01-01T00:00:00Z"
    for item in manifest["output"]:
        lines = (out / item["url"]).read_text().splitlines()
        assert len(lines) == item["count"]
        assert all(json.loads(line)["resourceType"] == item["type"] for line in lines)
    patients = (out / "Patient.ndjson").read_text().splitlines()
    assert len(patients) == len(list(SAMPLES.glob("*.yaml")))
    # NDJSON keeps relative references for $import.
    assert '"reference":"Patient/' in (out / "Condition.ndjson").read_text()
    served = tmp_path / "served"
    cli("convert", str(SAMPLES), "-o", str(served), "--format", "ndjson", "--base-url", "https://host/bulk/", "-q")
    urls = [o["url"] for o in json.loads((served / "manifest.json").read_text())["output"]]
    assert urls and all(u.startswith("https://host/bulk/") and u.endswith(".ndjson") for u in urls)


def test_directory_of_cases_gives_one_bundle_per_case(tmp_path, cli):
    out = tmp_path / "out"
    proc = cli("convert", str(SAMPLES), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert len(list(out.glob("*.json"))) == len(list(SAMPLES.glob("*.yaml")))
    assert "case(s) converted, 0 failed" in proc.stderr


def test_schema_command_prints_the_case_schema(cli):
    schema = json.loads(cli("schema").stdout)
    assert schema["title"] == "fhirconv case file"
    assert "medications" in schema["properties"]


def test_every_sample_converts_without_errors(tmp_path, cli):
    for case in sorted(SAMPLES.glob("*.yaml")):
        proc = cli("convert", str(case), "-o", str(tmp_path / (case.stem + ".json")))
        assert proc.returncode == 0, f"{case.name}: {proc.stderr}"


def test_nothing_silently_dropped_unused_event_warns_and_case_notes_land(tmp_path, cli):
    text = MYELOMA.read_text(encoding="utf-8").replace(
        "timeline:\n", "notes: [Only the abstract was available.]\ntimeline:\n  admission: {date: 2011-06-20}\n")
    case = tmp_path / "c.yaml"
    case.write_text(text, encoding="utf-8")
    proc = cli("convert", str(case), "-o", str(tmp_path / "o.json"))
    assert proc.returncode == 0, proc.stderr
    assert "timeline event 'admission' is not used by any item" in proc.stderr
    bundle = json.loads((tmp_path / "o.json").read_text())
    patient = bundle["entry"][0]["resource"]
    assert "Only the abstract was available." in patient["text"]["div"]
    assert "CC BY 4.0" in patient["text"]["div"]


def test_convert_refuses_to_write_output_that_fails_validation(tmp_path, cli):
    # A well-formed case whose FHIR would be wrong: an onset in the future.
    case = tmp_path / "future.yaml"
    case.write_text(MYELOMA.read_text(encoding="utf-8").replace("date: 2011-06, text", "date: 2099-06, text"),
                    encoding="utf-8")
    out = tmp_path / "o.json"
    proc = cli("convert", str(case), "-o", str(out))
    assert proc.returncode == 1
    assert "future" in proc.stderr and ": error: " in proc.stderr
    assert not out.exists()
    proc = cli("convert", str(case), "-o", str(out), "--no-validate")
    assert proc.returncode == 0 and out.exists()


def test_the_readme_case_example_converts(tmp_path, cli):
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = readme.split("```yaml\n", 1)[1].split("```", 1)[0]
    case = tmp_path / "readme.yaml"
    case.write_text(example, encoding="utf-8")
    out = tmp_path / "readme.json"
    proc = cli("convert", str(case), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    entries = json.loads(out.read_text())["entry"]
    assert sum(e["resource"]["resourceType"] == "MedicationStatement" for e in entries) == 4  # VAD x3 + lenalidomide


def test_set_date_pins_an_undated_event_and_marks_what_rests_on_it(tmp_path, cli):
    out = tmp_path / "o.json"
    proc = cli("convert", str(MYELOMA), "--set-date", "second-asct=2011-10", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "date of 'second-asct' set to 2011-10 (--set-date)" in proc.stderr
    resources = {r["identifier"][0]["value"].split("/", 1)[1]: r
                 for r in (e["resource"] for e in json.loads(out.read_text())["entry"])}
    asct, vgpr = resources["second-asct"], resources["vgpr"]
    assert asct["performedDateTime"] == "2011-10"
    assert vgpr["effectiveDateTime"] == "2012-01"  # 3 months after the pinned transplant
    assert any("assumed" in n["text"] and "--set-date" in n["text"] for n in vgpr["note"])
    assert "effectiveDateTime" not in resources["scr"]  # still rests on an undated step: stays undated


def test_set_date_refuses_to_override_the_source_or_guess(tmp_path, cli):
    proc = cli("convert", str(MYELOMA), "--set-date", "relapse-5=2011-07")
    assert proc.returncode == 1 and "the case already dates it" in proc.stderr
    proc = cli("convert", str(MYELOMA), "--set-date", "second-ascct=2011-10")
    assert proc.returncode == 1 and "did you mean 'second-asct'" in proc.stderr
    proc = cli("convert", str(MYELOMA), "--set-date", "second-asct=2011-13")
    assert proc.returncode == 1 and "month 13 does not exist" in proc.stderr
    proc = cli("convert", str(MYELOMA), "--set-date", "second-asct")
    assert proc.returncode == 2 and "expected ID=DATE" in proc.stderr


def test_yaml_merge_keys_share_fields_between_items(tmp_path, cli):
    case = tmp_path / "merge.yaml"
    case.write_text("""id: merge-1
patient: {sex: male}
conditions:
  - {id: mm, condition: multiple myeloma, clinical_status: active}
medications:
  - &len {id: m1, drug: lenalidomide, dose: {value: 5, unit: mg}, route: oral, reason: mm}
  - <<: *len
    id: m2
    dose: {value: 10, unit: mg}
""", encoding="utf-8")
    proc = cli("convert", str(case), "-q")
    assert proc.returncode == 0, proc.stderr
    resources = [e["resource"] for e in json.loads(proc.stdout)["entry"]]
    ms = [r for r in resources if r["resourceType"] == "MedicationStatement"]
    assert [m["dosage"][0]["doseAndRate"][0]["doseQuantity"]["value"] for m in ms] == [5, 10]
    assert all(m["dosage"][0]["route"]["text"] == "oral" for m in ms)


def test_decimals_keep_the_digits_they_were_written_with(tmp_path, cli):
    case = tmp_path / "n.yaml"
    case.write_text("""id: num-1
patient: {sex: male}
observations:
  - {id: o1, observation: hemoglobin, value: 12.50, unit: g/dL, date: 2011}
  - {id: o2, observation: hemoglobin, value: 0.1234567890123456789, unit: g/dL, date: 2011}
medications:
  - {id: m, drug: lenalidomide, dose: {value: 2.50, unit: mg}}
""", encoding="utf-8")
    bundle_text = cli("convert", str(case), "-q").stdout
    ndjson_text = cli("convert", str(case), "--format", "ndjson", "-q").stdout
    for text in (bundle_text, ndjson_text):
        assert '12.50' in text and '0.1234567890123456789' in text and '2.50' in text
        assert '12.5,' not in text and '12.5\n' not in text
    as_json = tmp_path / "n.json"
    as_json.write_text('{"id": "num-1", "patient": {"sex": "male"}, "observations": [{"id": "o1", '
                       '"observation": "hemoglobin", "value": 12.50, "unit": "g/dL", "date": "2011"}]}',
                       encoding="utf-8")
    assert '"value": 12.50' in cli("convert", str(as_json), "-q").stdout
