"""bench/coverage.py counts the right things, and the tables code what the samples and cases say."""

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from bench.coverage import DEFAULT_PATHS, case_files, concepts, main, measure, report

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = case_files([ROOT / "samples"])
CASES = case_files([ROOT / "tests" / "terminology" / "cases"])

# Samples below 95%, each with the concepts no openly published code was confirmed for (see
# samples/README.md). The floor is today's figure: a change that loses a code fails here.
BELOW_TARGET = {
    "takotsubo-with-coronary-disease.yaml": 88.4,  # OCT, InterTAK score, plaque morphology
    "breast-cancer-her2-pt1a.yaml": 93.5,  # subtype "luminal B-like", nuclear grade (not histologic grade)
    "type2-diabetes-sglt2-remission.yaml": 93.7,  # pancreatic beta-cell dysfunction
    "infant-dka-type1-diabetes.yaml": 93.3,  # Kussmaul breathing
    # Written from published cases without looking at the tables; no open artefact was found for:
    # stage summary "T2N1M0" (no named system: text by design), RTOG skin toxicity grade (T/N/M
    # categories without a stage type carry mCODE's SNOMED CT observables since the eighth round, the
    # vital-status observation NCI Thesaurus C25717 since the ninth).
    "breast-hypofractionated-radiotherapy.yaml": 91.6,
    # ingestion of unidentified tablets (ICD-10-CM codes all say poisoning), "clinical presentation"
    # (course and vital-status observation codes since the ninth round).
    "toddler-tablet-ingestion.yaml": 71.4,
    # S-1, biopsy of rectum, intersphincteric resection, stages without a named system (IIb,
    # ypT0N0) (the course and vital-status observation codes since the ninth round)
    "rectal-cancer-preoperative-chemoradiotherapy.yaml": 85.2,
}


def test_counts_coded_and_text_only_concepts():
    condition = {
        "resourceType": "Condition",
        "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-category",
                                  "code": "problem-list-item"}]}],
        "code": {"coding": [{"system": "http://snomed.info/sct", "code": "386661006"}], "text": "fever"},
        "bodySite": [{"text": "left wrist"}],
        "note": [{"text": "free text is not a concept"}],
    }
    found = [(c.path, c.coded) for c in concepts(condition)]
    assert found == [("Condition.code", True), ("Condition.bodySite[0]", False)]


def test_counts_medication_route_components_and_extensions():
    statement = {
        "resourceType": "MedicationStatement",
        "medicationCodeableConcept": {"text": "antipyretics"},
        "dosage": [{"route": {"coding": [{"system": "http://snomed.info/sct", "code": "26643006"}]}}],
        "extension": [{"url": "https://fhirconv.org/fhir/StructureDefinition/therapy-intent",
                       "valueCodeableConcept": {"text": "induction"}},
                      {"url": "https://fhirconv.org/fhir/StructureDefinition/therapy-line", "valuePositiveInt": 1}],
    }
    r5 = {"resourceType": "MedicationStatement", "medication": {"concept": {"text": "insulin"}}}
    observation = {"resourceType": "Observation", "code": {"text": "blood pressure"},
                   "valueQuantity": {"value": 1, "unit": "mm[Hg]"},
                   "component": [{"code": {"coding": [{"system": "http://loinc.org", "code": "8480-6"}]},
                                  "valueCodeableConcept": {"text": "high"}}]}
    assert [(c.text, c.coded) for c in concepts(statement)] == [
        ("antipyretics", False), ("?", True), ("induction", False)]
    mcode = "http://hl7.org/fhir/us/mcode/StructureDefinition/"
    procedure = {"resourceType": "Procedure", "code": {"text": "mastectomy"},
                 "bodySite": [{"text": "breast", "extension": [
                     {"url": mcode + "mcode-laterality-qualifier", "valueCodeableConcept": {"text": "left"}}]}],
                 "extension": [{"url": mcode + "mcode-procedure-intent", "valueCodeableConcept": {"text": "curative"}}]}
    assert [(c.path, c.text) for c in concepts(procedure)] == [
        ("Procedure.code", "mastectomy"), ("Procedure.bodySite[0]", "breast"),
        ("Procedure.bodySite[0].extension[0]", "left"), ("Procedure.extension[0]", "curative")]
    assert [c.path for c in concepts(r5)] == ["MedicationStatement.medication.concept"]
    assert [(c.path, c.coded) for c in concepts(observation)] == [
        ("Observation.code", False), ("Observation.component[0].code", True),
        ("Observation.component[0].valueCodeableConcept", False)]


def test_default_paths_are_samples_and_cases():
    assert DEFAULT_PATHS == (ROOT / "samples", ROOT / "tests" / "terminology" / "cases")


def test_json_report(capsys):
    assert main([str(SAMPLES[0]), "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert '"overall"' in out and '"text_only"' in out


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])
def test_samples_are_coded(path):
    result = measure(path)
    assert result.error is None
    floor = BELOW_TARGET.get(path.name, 95.0)
    assert result.percent >= floor, [f"{c.path}: {c.text}" for c in result.concepts if not c.coded]


def test_below_target_list_names_samples():
    assert set(BELOW_TARGET) <= {p.name for p in SAMPLES}
    assert all(floor < 95.0 for floor in BELOW_TARGET.values())


def test_case_files_cite_their_publication():
    yaml = YAML(typ="safe")
    assert len(CASES) >= 10
    for path in CASES:
        source = yaml.load(path.read_text(encoding="utf-8"))["source"]
        assert source["title"] and source["authors"], path.name
        assert source.get("doi") or source.get("pmid") or source.get("url"), path.name


def test_case_files_overall_coverage():
    """The aim is 85%. The first eleven cases are at 109 of 127 (85.8%); seven more, written before
    the tables were looked at, went from 51 to 68 of 84 concepts (60.7% -> 81.0%) with generic rows; all
    eighteen were at 177 of 211 (83.9%); with insulin, corticosteroids, the resolved course value, CT
    and MRI procedures and cancers by organ they are at 180 of 209 (86.1%; first eleven 109 of 125,
    87.2%); with the US Core 3.1.1 RxNorm ingredients (potassium chloride) and HL7 Portugal's NIH stroke
    scale and modified Rankin scale at 186 of 211 (88.2%; first eleven 114 of 127, 89.7%); with
    cerebral angiography (SNOMED CT Cerebral arteriography) at 187 of 211 (88.6%; first eleven 115 of
    127, 90.6%). Six more written from published reports before any row was added for them (adrenal
    crisis, early HELLP syndrome, recurrent falls, bleeding duodenal ulcer, giant cell arteritis,
    bilateral pneumothorax) were at 73 of 96 (76.0%) and are at 83 of 96 (86.5%) with generic rows;
    all twenty-four at 270 of 307 (87.9%); with blood pH of an unstated blood specimen (LOINC
    11558-4, LHNCBC/flowsheet-lhc) at 274 of 307 (89.3%; first eleven 116 of 127, 91.3%), the floor
    until the missing codes are found (data README, gaps)."""
    unseen = (UNSEEN_ROUND | UNSEEN_ROUND2 | UNSEEN_ROUND3 | UNSEEN_ROUND4 | UNSEEN_ROUND5A | UNSEEN_ROUND5B
              | UNSEEN_ROUND6A | UNSEEN_ROUND6B | UNSEEN_ROUND7A | UNSEEN_ROUND7B
              | UNSEEN_ROUND8A | UNSEEN_ROUND8B | UNSEEN_ROUND9A | UNSEEN_ROUND9B | UNSEEN_ROUND10
              | UNSEEN_ROUND11 | UNSEEN_ROUND12 | UNSEEN_ROUND13 | UNSEEN_ROUND14
              | UNSEEN_ROUND15A | UNSEEN_ROUND16)
    data = report([measure(p) for p in CASES if p.name not in unseen])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["percent"] >= 91.2, data["overall"]  # 280 of 307 with IVIG (tenth round)
    first = [f for f in data["files"] if f["file"] in FIRST_CASES]
    assert len(first) == len(FIRST_CASES)
    assert 100.0 * sum(f["coded"] for f in first) / sum(f["total"] for f in first) >= 92.1  # 117 of 127


# Six cases written from published reports in specialties the case sets had not covered (psychiatry,
# haematology, ophthalmology, ENT, dermatology, rheumatology), before any row was added for them.
UNSEEN_ROUND = {"nms-olanzapine-schizoaffective.yaml", "ttp-plasmapheresis-older-woman.yaml",
                "central-retinal-artery-occlusion.yaml", "lemierre-syndrome-young-woman.yaml",
                "bullous-pemphigoid-dpp4-inhibitor.yaml", "lupus-nephritis-young-woman.yaml"}


def test_unseen_round_coverage():
    """Measured before any row was added: 87 of 143 concepts coded (60.8%), one of them wrong (8 % of
    eosinophils coded as the count Eosinophils [#/volume]). With generic rows (symptoms and signs of
    the Global Patient Set, ICD-10-CM for neuroleptic malignant syndrome, lupus nephritis and
    parapharyngeal abscess, drug classes, the blood smear, visual acuity, intraocular pressure by
    side) and the unit check that picks the test the unit measures: 107 of 143 (74.8%); with the
    course and vital-status observation codes (NCI Thesaurus) 113 of 143 (79.0%), the floor. Left as
    text: wordings narrower than any open code (sudden painless loss of vision, high fever, early
    cataracts) and concepts no open artefact states (Lemierre's syndrome, malar rash, cogwheel
    rigidity, plasmapheresis, renal biopsy, teneligliptin, anti-BP180)."""
    data = report([measure(p) for p in CASES if p.name in UNSEEN_ROUND])
    assert len(data["files"]) == len(UNSEEN_ROUND) and not [f["file"] for f in data["files"] if f["error"]]
    # 113 when measured; 116 with the leading and inner narrowing words read (mappers/qualifiers.py)
    assert data["overall"]["coded"] >= 119, data["overall"]


# Six cases written from published reports in specialties no case set had covered (pulmonology,
# imported malaria, hepatology, obstetrics, toxicology, paediatric neurology), before any row was
# added for them.
UNSEEN_ROUND2 = {"pulmonary-embolism-right-atrial-thrombus.yaml", "falciparum-malaria-returned-traveller.yaml",
                 "autoimmune-hepatitis-acute-liver-failure-man.yaml", "ruptured-tubal-ectopic-pregnancy-13-weeks.yaml",
                 "lithium-overdose-renal-replacement-neurotoxicity.yaml", "hsv2-encephalitis-teenage-girl.yaml"}


def test_unseen_round2_coverage():
    """Measured before any row was added: 72 of 108 concepts coded (66.7%), two of them wrong
    (slurred speech as the broader Dysarthria, renal replacement therapy as Dialysis procedure,
    which it is broader than). With the two fixed (slurred speech its own SNOMED CT finding, renal
    replacement therapy text) and generic rows by concept family (heart chambers, salpingectomy by
    side and approach, herpes simplex encephalitis and meningitis, malaria smear, parity, BhCG,
    hepatic function tests, cranial CT scan): 77 of 108 (71.3%), the floor; 78 with the drug-class
    row *anticoagulant* (SNOMED CT 81839001) that the drug-class probe adds. Left as
    text, no open artefact states them: artesunate, artemether/lumefantrine, antipyretics,
    intravenous fluids as a drug, anti-mitochondrial antibody, HSV-2 PCR and other CSF tests,
    salpingectomy and emergency laparotomy unqualified, lithium overdose
    (only the intentional one), massive pulmonary embolism, right atrial thrombus, right ventricular
    dysfunction, ruptured tubal pregnancy, free fluid, agitation (three concepts) and
    case-report phrases (catarrhal symptoms, behavioral changes, blood tests, inflammatory
    markers). CT pulmonary angiogram was coded later, by a procedure and study row (LOINC 36147-7
    *Pulmonary artery CT angiogram W contrast IV*), not for this case's wording. With the other
    rounds of the same session merged (everyday families; allergens, sides, neonatal and obstetric
    terms; the audit): 81 of 108 (75.0%), the floor."""
    data = report([measure(p) for p in CASES if p.name in UNSEEN_ROUND2])
    assert len(data["files"]) == len(UNSEEN_ROUND2) and not [f["file"] for f in data["files"] if f["error"]]
    # 81 when measured; 83 with the leading and inner narrowing words read (mappers/qualifiers.py)
    assert data["overall"]["coded"] >= 83, data["overall"]


# Eight cases written from published reports in the four specialties the project is judged on
# (cardiology, paediatrics, neurology, infectious disease; two each), before any row was added for
# them and before the tables were read.
UNSEEN_ROUND3 = {"myocarditis-troponin-unobstructed-coronaries.yaml", "type-b-aortic-dissection-thoracic-aneurysm.yaml",
                 "henoch-schonlein-purpura-girl.yaml", "infantile-hypertrophic-pyloric-stenosis.yaml",
                 "bilateral-bells-palsy-older-man.yaml", "idiopathic-intracranial-hypertension-young-woman.yaml",
                 "necrotizing-fasciitis-group-a-strep-arm.yaml", "lyme-erythema-migrans-tick-attached.yaml"}


def test_unseen_round3_coverage():
    """Measured before any row was added: 132 of 191 concepts coded (69.1%; per file myocarditis
    20/32, aortic dissection 12/23, Henoch-Schonlein purpura 13/15, pyloric stenosis 7/12, bilateral
    Bell's palsy 13/18, idiopathic intracranial hypertension 16/22, necrotizing fasciitis 39/51,
    erythema migrans 12/18), one of them wrong: "erythema migrans" took ICD-10-CM A26.0 *Cutaneous
    erysipeloid*, whose inclusion term it is (an old name; in case reports the rash of Lyme disease),
    now no key of the ICD-10-CM index. Every file converted in every shape (R4, R5, IPS, mCODE) with
    no error. With rows by concept family (retrosternal pain, projectile vomiting, frontal headache,
    numbness by site, injuries by joint, thoracic aortic aneurysm, peripheral nerve disease,
    Henoch-Schonlein purpura and infantile pyloric stenosis by their ICD-10-CM inclusion terms,
    pyloromyotomy, X-ray of the upper extremity, dermatoscopy, left ventricular ejection fraction,
    therapeutic intent, the abdomen; wordings of cardiac MRI, contrast-enhanced chest CT, fluid
    resuscitation): 147 of 191 (77.0%), the floor. Left as text, no open artefact states them
    exactly: the condition verification status observation, high-sensitivity troponin (I or T not
    said), type B aortic dissection, erythema migrans, widening of the mediastinum, acute chest pain,
    endovascular repair of aorta, fasciotomy, surgical debridement, Ramstedt pyloromyotomy, CSF
    opening pressure, cell count and Gram stain, CT venogram, Borrelia IgM immunoblot, mecobalamin,
    drug classes (antihypertensive, anti-inflammatory, broad-spectrum antibiotics), tick removal,
    and words narrower than any code (projectile non-bilious vomiting, bilateral facial palsy,
    severe global left ventricular hypokinesia)."""
    data = report([measure(p) for p in CASES if p.name in UNSEEN_ROUND3])
    assert len(data["files"]) == len(UNSEEN_ROUND3) and not [f["file"] for f in data["files"] if f["error"]]
    # 147 when measured; 159 with the leading and inner narrowing words read (mappers/qualifiers.py)
    assert data["overall"]["coded"] >= 160, data["overall"]  # with drug classes, GPS drugs


# Four cases written from published reports on topics no case set had covered (cardiology: a giant
# left atrial myxoma; paediatrics: Weil's disease in a child; infectious disease: scrub typhus with an
# eschar; neurology: non-alcoholic Wernicke's encephalopathy), measured before any row was added.
UNSEEN_ROUND4 = {"giant-left-atrial-myxoma-mitral-obstruction.yaml", "weil-disease-child-dengue-endemic.yaml",
                 "scrub-typhus-eschar-haemodialysis.yaml", "nonalcoholic-wernicke-encephalopathy-vomiting.yaml"}


def test_unseen_round4_coverage():
    """Measured before any row was added: 104 of 134 concepts coded (77.6%; per file left atrial
    myxoma 15/21, Weil's disease 51/64, scrub typhus 26/32, Wernicke's encephalopathy 12/17), no
    wrong code found on reading every coding against its words. Every file converted in R4, R5 and
    IPS; with --profile mcode the myxoma case exited 1 (its vital signs have no date, which US Core's
    vital-sign profiles require, and a body height in m is outside us-core-body-height's unit
    binding): such Observations now claim only the US Core profile they fit (tests/profiles). Left
    as text: the condition verification status observation, significant weight loss,
    giant left atrial myxoma, severe functional mitral stenosis, mitral valve mean gradient,
    pulmonary artery systolic pressure, cardiac surgery, dengue hemorrhagic fever grade I,
    intravenous fluid, Coombs test, dengue NS1 antigen and IgM, hepatitis A and C virus antibodies,
    HBsAg, Leptospira IgM and microscopic agglutination test, metamyelocytes, chronic haemodialysis,
    MPO-ANCA, eschar and eschar biopsy, the right lower leg, Orientia tsutsugamushi PCR, gait
    instability, multiple nutritional deficiencies, electrolyte abnormalities, non-alcoholic
    Wernicke's encephalopathy. The floor is the measured figure."""
    data = report([measure(p) for p in CASES if p.name in UNSEEN_ROUND4])
    assert len(data["files"]) == len(UNSEEN_ROUND4) and not [f["file"] for f in data["files"] if f["error"]]
    # 104 when measured; 115 with the leading and inner narrowing words read (mappers/qualifiers.py)
    assert data["overall"]["coded"] >= 115, data["overall"]


# Four cases written from published reports in specialties the rounds had not covered
# (gastroenterology: Crohn's disease in an adolescent; non-malignant haematology: hyperhaemolysis in
# sickle cell disease; endocrinology: pheochromocytoma crisis at induction of anaesthesia;
# pulmonology: Löfgren's syndrome), measured before any row was added and before the tables were read.
UNSEEN_ROUND5A = {"crohns-disease-adolescent-methylprednisolone.yaml",
                  "hyperhemolysis-sickle-cell-child-pneumonia.yaml",
                  "pheochromocytoma-crisis-anaesthesia-induction.yaml", "lofgren-syndrome-young-woman.yaml"}


def test_unseen_round5a_coverage():
    """Measured before any row was added: 58 of 97 concepts coded (59.8%; per file Crohn's disease
    16/22, hyperhaemolysis 10/18, pheochromocytoma 17/28, Löfgren's syndrome 15/29). One wrong code
    on reading every coding against its words: "decreased appetite" (also reduced and poor
    appetite) was an alias of SNOMED CT 79890006 *Loss of appetite*, more than the words; the GPS
    states 64379006 *Decrease in appetite*, which those words now take (test_unseen_round5a_terms).
    "diaphoresis" on 415690000 *Sweating* is broader than the words, not more, and was kept. Every
    file converted in R4, R5, IPS and mCODE with exit 0: no converter bug. With rows by concept
    family (masses by organ, feeling feverish, neutrophilia and the British leuco- spelling, hilar
    lymphadenopathy, red cell and packed red cell transfusion, adrenalectomy by extent and approach,
    oxygen as the GPS product *Oxygen gas*, serum ACE, plasma and 24-hour urine catecholamines, the
    renal function panel, the pathology study for histopathological examinations): 69 of 97
    (71.1%; 17/22, 12/18, 20/28, 20/29), the floor. Left as text, no open artefact in reach states
    them exactly: the condition verification status observation (four), faecal calprotectin (only
    HL7 Portugal's CPAL file, which the tables do not read), inflammatory markers, gastrointestinal
    endoscopy, pangastritis and pancolitis (only ulcerative pancolitis), sickle cell disease (only
    Hb SS disease, and ICD-10-CM's D57.1 *without crisis*, wrong in a crisis), hyperhaemolytic
    crisis, increased work of breathing, consolidation of lung, intravenous fluids, reticulocyte
    count with no unit (percentage or count), induction of anaesthesia (only general), open
    adrenalectomy, phentolamine and phenoxybenzamine (only the substance and salts), urinary
    catecholamines without the 24-hour collection, vitamin D (25-hydroxy or 1,25-dihydroxy),
    Löfgren's syndrome, transbronchial biopsy, and words narrower than any code (intermittent dry
    cough, migrating arthralgias, bilateral hilar adenopathy)."""
    data = report([measure(p) for p in CASES if p.name in UNSEEN_ROUND5A])
    assert len(data["files"]) == len(UNSEEN_ROUND5A) and not [f["file"] for f in data["files"] if f["error"]]
    # 69 when measured; 77 with the leading and inner narrowing words read (mappers/qualifiers.py)
    assert data["overall"]["coded"] >= 79, data["overall"]  # with drug classes, GPS drugs



# Four cases written from published reports (obstetrics, toxicology, oncology with a stage, paediatric
# infection) before the tables were read or searched: the fifth round's set B.
UNSEEN_ROUND5B = {"peripartum-cardiomyopathy-seven-days-postpartum.yaml", "serotonin-syndrome-fluoxetine-tramadol.yaml",
                  "stage-iv-prostate-cancer-low-psa.yaml", "acute-osteomyelitis-proximal-femur-toddler.yaml"}


def test_unseen_round5b_coverage():
    """Measured before any row was added: 71 of 108 concepts coded (65.7%; per file peripartum
    cardiomyopathy 17/25, serotonin syndrome 14/22, stage IV prostate cancer 12/18, acute
    osteomyelitis 28/43). Every file converted with exit 0 in R4, R5, --profile ips and --profile
    mcode. Reading every coding against its words found one wrong code: a bare "hip" (the site of
    hip pain) was Hip joint structure, more than the words; a bare hip or knee is now the region
    (shoulder, elbow and wrist already were). The blood-count codes "by Automated count" (the words
    name no method) stay as the data README's audit left them, to decide. Two profile-claim bugs:
    with --profile mcode the differential diagnoses "malignancy" and "multiple myeloma" claimed
    PrimaryCancerCondition (and made the patient a CancerPatient) while the confirmed prostate
    carcinoma claimed nothing (no ICD-10-CM code); once cancers by organ carry their ICD-10-CM
    code, the rectal cancer sample's TNM categories (ypT0) lacked the category mCODE requires. Both
    fixed in fhirconv/profiles/mcode.py (tests/profiles). With rows by family (cancers by organ in
    ICD-10-CM, carcinoma of prostate, congestive heart failure, acute confusion, myoclonus, limping,
    lung crepitations, osteoporotic fracture, genetic test, PET scan, pelvis and hip X-ray, proximal
    femur; tests/terminology/test_unseen_round5b_terms.py): 80 of 108 (74.1%), the floor. Left as
    text: HELLP syndrome (ICD-10-CM names the trimester or puerperium, no SNOMED CT row yet), clonus,
    non-exertional heat hyperpyrexia, lytic lesions (the open concept is a lytic lesion on X-ray),
    inability to bear weight, a limited painful range of motion, orthopedic consultation, closed
    needle biopsy, gadolinium-enhanced MRI, the proximal femoral metaphysis, X-rays of "the pelvis
    and left hip" (the side inside the words), sedation written as a drug, stage IV without a named
    system (text by design), the condition verification status observation (data README), and
    words with a qualifier the tables do not split (acute, persistent, marked, severe, bilateral,
    witnessed, progressively worsening)."""
    data = report([measure(p) for p in CASES if p.name in UNSEEN_ROUND5B])
    assert len(data["files"]) == len(UNSEEN_ROUND5B) and not [f["file"] for f in data["files"] if f["error"]]
    # 80 when measured; 92 with the leading and inner narrowing words read (mappers/qualifiers.py)
    assert data["overall"]["coded"] >= 92, data["overall"]


# Four cases written from published reports in cardiology (spontaneous coronary artery dissection,
# obstructive hypertrophic cardiomyopathy with atrial fibrillation) and neurology (cerebral venous
# thrombosis, multiple sclerosis first taken for a brainstem stroke) before the tables were read or
# searched: the sixth round's set A.
UNSEEN_ROUND6A = {"scad-young-woman-mid-lad.yaml", "hypertrophic-obstructive-cardiomyopathy-af-syncope.yaml",
                  "cerebral-venous-thrombosis-obesity-head-trauma.yaml",
                  "multiple-sclerosis-mimicking-brainstem-stroke.yaml"}


def test_unseen_round6a_coverage():
    """Measured before anything was changed: 78 of 116 concepts coded (67.2%; per file SCAD 18/28,
    obstructive HCM 16/19, cerebral venous thrombosis 26/40, multiple sclerosis 18/29). Every file
    converted with exit 0 in R4, R5, --profile ips and --profile mcode (the case format's own errors
    while writing them: a verification_history entry needs a date, a planned procedure has no
    'intended' status, a comma in a {...} timeline text needs quotes; each told at its line). Reading
    every coding against its words found no wrong code, but one broader than it had to be: "severe
    retrosternal chest pain" was Chest pain, since the leading words were taken off all at once
    ("severe", then the narrowing "retrosternal") though "retrosternal chest pain" is a row; the
    longest known rest is now taken (Retrosternal pain; tests/core/test_condition_qualifiers.py; it
    also gives "intermittent dry cough" Dry cough and "bilateral facial palsy" Facial palsy in earlier
    rounds). A condition with a subtype ("spontaneous coronary artery dissection", subtype type 2) did
    not have its leading words read at all: it now does, keeping the subtype in the text. With rows
    by family (relapsing remitting and secondary progressive MS, head trauma, smoking, neck rigidity,
    visual field defect, the Holter study, MR venography and CT angiography by region, contrast MRI
    and CT of an unstated region; tests/terminology/test_unseen_round6a_terms.py) and the words
    "spontaneous" (a kind of the disorder), "dual" (dual antiplatelet therapy) and release forms after
    a drug (metoprolol XL is metoprolol; tests/core/test_head_words.py): 93 of 116 (80.2%; 22/28,
    17/19, 33/40, 21/29), the floor. Left as text: cerebral venous thrombosis (the open concept says
    the sinuses, ICD-10-CM I67.6 says nonpyogenic), the transverse sinus, brain stem stroke (only the
    brainstem stroke syndrome), demyelinating disease (the open concepts say of the central nervous
    system), intramural hematoma (a morphologic abnormality, not a disorder), intracoronary imaging,
    MOG antibodies, vasculitis screen, disease-modifying treatment, malignant arrhythmia, speech
    difficulty, the subtype "type 2" (no SCAD classification in the artefacts), vague words
    (laboratory workup, close monitoring), and words narrower than any code (crossed hemiparesis,
    reduced coarse touch sensation, paraesthesia of face and upper limb, left ear throbbing,
    bilateral painful eye movements, bilateral mastoid tenderness, family history of clotting
    disorders, the mid left anterior descending artery, ambulatory ECG monitoring using Holter)."""
    data = report([measure(p) for p in CASES if p.name in UNSEEN_ROUND6A])
    assert len(data["files"]) == len(UNSEEN_ROUND6A) and not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 93, data["overall"]

# Four cases written from published reports (paediatrics: nephrotic syndrome in a boy of seven,
# bacterial tracheitis in a boy of five; infectious disease in adults: spinal brucellosis in a
# slaughterhouse worker, multi-drug resistant Salmonella Typhi bacteremia in alcoholic cirrhosis)
# before the tables were read or searched: the sixth round's set B.
UNSEEN_ROUND6B = {"nephrotic-syndrome-child-anasarca.yaml", "bacterial-tracheitis-streptococcus-pyogenes-boy.yaml",
                  "spinal-brucellosis-slaughterhouse-worker.yaml", "mdr-salmonella-typhi-bacteremia-cirrhosis.yaml"}


def test_unseen_round6b_coverage():
    """Measured before any row was added: 97 of 138 concepts coded (70.3%; per file nephrotic
    syndrome 11/15, bacterial tracheitis 22/29, spinal brucellosis 19/30, Salmonella Typhi 45/64).
    Every file converted with exit 0 in R4, R5, --profile ips and --profile mcode: no converter bug.
    Reading every coding against its words found one wrong code: "urine protein" (also "protein in
    urine", "proteinuria" as a test) was LOINC 20454-5 *Protein [Presence] in Urine by Test strip*,
    a method the words do not say; it is now 2887-8 *Protein [Presence] in Urine* (FHIR R4 examples),
    the test strip code kept for dipstick wordings. The broader concepts of the information lines
    (bacterial tracheitis as Tracheitis, localized tenderness as Tenderness, severe respiratory
    acidosis as ICD-10-CM E87.29 by its inclusion term *Respiratory acidosis NOS*) are true of the
    patients. With rows by family (Salmonella Typhi and Paratyphi C, Brucella and its species, the
    Brucella antibody, agglutination, PCR and culture tests, white cell counts of ascitic and pleural
    fluid, vital signs, neck X-ray as a study and a procedure, fluid balance monitoring, levamisole,
    vertebral osteomyelitis, spinal metastases, impaired balance, difficulty walking;
    tests/terminology/test_unseen_round6b_terms.py) and a radiograph's view read as a leading word
    ("anteroposterior x-ray of the neck" is *XR Neck Views*): 103 of 138 (74.6%; 12/15, 24/29, 20/30,
    47/64), the floor. Left as text: frothy urine, asterixis, paracentesis, bag-valve-mask
    oxygenation, marked retractions, poor air entry, brucellar spondylodiscitis, metastatic disease
    to the spine (no open artefact read states them; imbalance is also electrolyte or fluid
    imbalance); Augmentin (no open artefact maps the brand); the intent "empiric"; susceptibilities
    to amikacin, ampicillin, ampicillin/sulbactam, gentamicin, tobramycin, cefepime, ertapenem,
    meropenem and trimethoprim/sulfamethoxazole (LOINC codes with the MIC method only: the method
    is not guessed); cultures of bronchial secretions (LOINC says aerobe) and ascitic fluid, the
    ascitic fluid cell count, the stool GI pathogen panel, gram-negative rod and multi-drug
    resistant Salmonella Typhi bacteremia, core needle bone biopsy, the vertebrae T8 and T9 and the
    mid-dorsal region as body sites, bowel and bladder dysfunction, weakness of the lower extremities,
    urine intake and output charting (the fluid balance row answers "intake and output charting")."""
    data = report([measure(p) for p in CASES if p.name in UNSEEN_ROUND6B])
    assert len(data["files"]) == len(UNSEEN_ROUND6B) and not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 103, data["overall"]


# Four cases written from published reports in cardiology (Brugada syndrome unmasked by fever,
# transthyretin cardiac amyloidosis with orthostatic hypotension) and infectious disease (tetanus
# after a leg wound, cryptococcal meningitis first treated as tuberculous) before the tables were
# read or searched: the seventh round's set A.
UNSEEN_ROUND7A = {"brugada-syndrome-unmasked-by-fever.yaml", "cardiac-amyloidosis-rare-ttr-mutation.yaml",
                  "tetanus-rusty-object-leg-wound.yaml", "cryptococcal-meningitis-carbamazepine-neutropenia.yaml"}


def test_unseen_round7a_coverage():
    """Measured before anything was changed: 85 of 128 concepts coded (66.4%; per file Brugada
    syndrome 9/16, cardiac amyloidosis 34/48, tetanus 25/37, cryptococcal meningitis 17/27). Every
    file converted with exit 0 in R4, R5, --profile ips and --profile mcode (the case format's own
    errors while writing them, each told at its line with a hint: an encounter class 'ambulatory',
    a relative 'elder brother', a 'date' on a medication, commas and a colon inside {...}). Reading
    every coding against its words found one wrong code: "bilateral upper and lower extremity
    paresthesia" was Paresthesia of lower extremity, with an information line calling it "the
    broader concept": the leading words were taken off up to the conjunction ("bilateral upper"),
    leaving "and lower extremity paresthesia". A word joined to its neighbour by and/or is no longer
    taken off alone (fhirconv/mappers/qualifiers.py, tests/core/test_condition_qualifiers.py); the
    words stay text. The other information lines (high fever as Fever, intractable nausea and
    vomiting as Nausea and vomiting, persistent orthostatic hypotension as Orthostatic hypotension)
    are true of the patients. With rows by family (syncopal episode and fainting spell, muscle spasm,
    renal failure in SNOMED CT and ICD-10-CM, tetanus toxoid-containing vaccine, jugular venous
    pressure, pulse oximetry saturation, physical examination as LOINC 29545-1;
    tests/terminology/test_unseen_round7a_terms.py): 95 of 128 (74.2%; 11/16, 36/48, 31/37, 17/27),
    the floor. Left as text: transthyretin cardiac amyloidosis (ICD-10-CM E85.82 is the wild type,
    and this one is hereditary), gastrointestinal amyloidosis, locked jaw (trismus, or tetanus
    itself as "lockjaw"), asystole, T wave inversion, pseudo-right bundle branch block, skipped
    beats, thumping in the chest, vision changes, focal neurological deficit, autonomic instability,
    fluctuating blood pressure, a family member's "fast irregular heart rhythm" (no open artefact
    read states them); persistent nausea (ICD-10-CM names "persistent nausea with vomiting", so the
    word is not read off); Legionella pneumophila pneumonia (the open concept names the genus);
    midodrine, amphotericin B, proton pump inhibitors, antituberculous treatment, intravenous fluids
    (no product or RxNorm ingredient in the artefacts read); the CSF white cell count and lymphocytes
    (LOINC's codes say by manual count), the CSF culture (LOINC 606-4 says bacteria, and it grew a
    yeast), India ink smear and cryptococcal antigen of the CSF; wound debridement, resuscitation
    (cardiopulmonary or fluid: the words do not say), serial ECGs, peripheral pulses; the intents
    empiric and symptomatic (as before)."""
    data = report([measure(p) for p in CASES if p.name in UNSEEN_ROUND7A])
    assert len(data["files"]) == len(UNSEEN_ROUND7A) and not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 98, data["overall"]  # with drug classes, GPS drugs

UNSEEN_ROUND7B = {"central-diabetes-insipidus-infant-nigeria.yaml", "early-onset-gbs-sepsis-term-neonate.yaml",
                  "anti-nmdar-encephalitis-ovarian-teratoma-girl.yaml", "covid-transverse-myelitis-man.yaml"}


def test_unseen_round7b_coverage():
    """Measured before any row was added: 58 of 81 concepts coded (71.6%; per file central diabetes
    insipidus in an infant 13/17, early-onset GBS sepsis 8/11, anti-NMDAR encephalitis with an ovarian
    teratoma 28/40, COVID-19 transverse myelitis 9/13). Every file converted with exit 0 in R4, R5,
    --profile ips and --profile mcode (the first drafts' unquoted commas were refused at their line,
    as the README says). Reading every coding against its words found no wrong code in the four
    cases; a wording beside them did: "dermoid cyst" and "epidermoid cyst" were ICD-10-CM K09.8
    *Other cysts of oral region*, "exostosis" and "fibrous dysplasia" M27.8 *Other specified diseases
    of jaws* (inclusion terms of one site's residual category), now no look-up keys. The information
    lines (central diabetes insipidus as Diabetes insipidus, early-onset neonatal GBS sepsis as
    P36.0, weakness in the lower extremities as Muscle weakness of limb) are true of the patients.
    With rows by family (neonatal sepsis by organism, GBS sepsis, benign ovarian teratoma, disorder
    of the autonomic nervous system, abnormal involuntary movement, behavioural change, limb
    weakness, ovarian cystectomy open and laparoscopic, ultrasonogram, blood sugar;
    tests/terminology/test_unseen_round7b_terms.py), a condition looked up with its body site
    ("mature cystic teratoma" on the ovary), a drug with its route ("immunoglobulin" given
    intravenously) and approach words before a procedure ("transabdominal"): 68 of 81 (84.0%; 14/17,
    9/11, 35/40, 10/13), the floor. Left as text: plasma and urine osmolality in mosm/L (the source's
    unit; LOINC's osmolality codes are per kg and no artefact read gives an osmolarity test), absent
    posterior pituitary bright spot, grunting, signs of infection (refuted), altered behavioral
    changes ("altered" is not read: it changes what a name means), anti-NMDAR encephalitis and its
    serum and CSF antibody tests, inhibin, T6-T7 sensory level, para-infectious transverse myelitis
    (ICD-10-CM G37.3 and SNOMED CT 230378004 say acute, and non-infective, which the words do not),
    physical rehabilitation (Rehabilitation therapy is broader than the words)."""
    data = report([measure(p) for p in CASES if p.name in UNSEEN_ROUND7B])
    assert len(data["files"]) == len(UNSEEN_ROUND7B) and not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 68, data["overall"]



UNSEEN_ROUND8A = {"rheumatic-mitral-stenosis-af-left-atrial-thrombi.yaml",
                  "severe-nutritional-rickets-african-girl.yaml"}


def test_unseen_round8a_coverage():
    """Measured before any row was added: 21 of 39 concepts coded (53.8%; per file rheumatic mitral
    stenosis with atrial fibrillation and left atrial thrombi 11/16, severe nutritional rickets in a
    girl 10/23). Every file converted with exit 0 in R4, R5, --profile ips and --profile mcode (the
    first drafts' `when_text` on conditions, class `ambulatory`, an age in years and months, a duplicate
    id were refused at their line). Reading every coding against its words found no wrong code; the
    information lines (severe mitral stenosis, moderate tricuspid insufficiency with their severity) are
    true of the patient. With a reading of a cause after the name ("mitral valve disease of rheumatic
    etiology" is "rheumatic mitral valve disease", fhirconv/terminology/matching.py), rows by family
    (thrombus of the left atrium, mural thrombus of the heart, atrial dilatation, bowing deformity of
    the lower limb, nutritional or vitamin D deficiency rickets as ICD-10-CM E55.0, rheumatic mitral
    valve disease I05.9 under its wordings, imaging; tests/terminology/test_unseen_round8a_terms.py) and
    "nutritional" read as a narrowing word: 25 of 39 (64.1%; 13/16, 12/23), the floor; left atrial
    enlargement is coded as Atrial dilatation with its information line. Left as text: rapid
    palpitations ("rapid" is not read: before "breathing" or "heart rate" it changes what a name means),
    thrombi on the roof of the left atrium (the name alone says no site, and no artefact read codes the
    roof), bone deformities, unstable gait (Abnormal gait is broader), refusal to walk due to pain,
    epiphyseal widening, wrists and ankles as one site, rachitic rosary, bowing of femur (Bowing
    deformity of lower limb is broader), parathyroid hormone (intact or a fragment: the words do not
    say), calcium as a drug (which salt), alfacalcidol (no product or RxNorm ingredient in the artefacts
    read), dietary changes."""
    data = report([measure(p) for p in CASES if p.name in UNSEEN_ROUND8A])
    assert len(data["files"]) == len(UNSEEN_ROUND8A) and not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 25, data["overall"]


# Two cases written from published reports in neurology and infectious disease (eighth round, set B),
# before any row was added for them.
UNSEEN_ROUND8B = {"pres-mimicking-meningoencephalitis-older-woman.yaml", "cat-scratch-inguinal-lymphadenitis-man.yaml"}


def test_unseen_round8b_coverage():
    """Measured before any change: 53 of 68 concepts coded (77.9%; per file posterior reversible encephalopathy
    syndrome taken for meningoencephalitis 38/48, cat-scratch disease with inguinal lymphadenitis
    15/20). Every file converted with exit 0 in R4, R5, --profile ips and --profile mcode. Two codes
    were wrong: "meningoencephalitis" was ICD-10-CM A69.22 *Other neurologic disorders in Lyme disease*
    (an inclusion term of any cause filed under one disease's code; so were cranial neuritis,
    polyneuropathy, gumma, syphiloma and trypanosomiasis, now no look-up keys), and the refuted
    "incarcerated inguinal hernia" was coded as the broader *Inguinal hernia*, which refuted says the
    patient had no hernia at all (a refuted name with narrowing words now stays text). With rows by
    family (anticonvulsants, lymphadenitis, inguinal lymphadenopathy;
    tests/terminology/test_unseen_round8b_terms.py), "anti-" joined to its word (anti-seizure =
    antiseizure) and "uncontrolled" and the nodes' region ("inguinal") read as narrowing words: 54 of 68
    (79.4%; 39/48, 15/20), the floor. Left as text: agitation (feeling agitated, psychomotor agitation
    or restlessness and agitation: ambiguous, as before), meningoencephalitis (no open code read for it
    alone), the CSF leukocyte count (the LOINC codes read say by manual count), the CSF culture (LOINC
    606-4 says bacteria, and the culture was negative), leukocytosis as a laboratory result without a
    unit, the refuted incarcerated inguinal hernia, opioids (no class code read), lymph node biopsy,
    exposure to a cat, the intent *empiric* (as before)."""
    data = report([measure(p) for p in CASES if p.name in UNSEEN_ROUND8B])
    assert len(data["files"]) == len(UNSEEN_ROUND8B) and not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 55, data["overall"]  # with drug classes, GPS drugs



UNSEEN_ROUND9B = {"severe-pertussis-infant-seizures.yaml", "multisystemic-melioidosis-diabetes-woman.yaml"}


def test_unseen_round9b_coverage():
    """Measured before any change: 33 of 45 concepts coded (73.3%; per file severe pertussis in an
    infant of two months 21/27, multi-systemic melioidosis with a brain abscess 12/18). Every file
    converted with exit 0 in R4, R5, --profile ips and --profile mcode; no code was wrong (read with
    tools/terminology/audit_codings.py). With "scattered" read as a narrowing word (scattered
    erythema is erythema; "reactive" is not read: reactive arthritis is a disease of its own) and
    the RSV antigen test added as a family (tests/terminology/test_unseen_round9b_terms.py): 34 of
    45 (75.6%; 21/27, 13/18), the floor. Left as text: reactive lymphocytosis, the RSV swab (antigen
    or PCR unstated), the Bordetella pertussis PCR and the pus culture (no LOINC code read for them),
    macrolide and bronchodilator as drugs (substance codes only, no product or class code read),
    vaccination, abscess resection, drainage (of what unstated), skin of limbs (upper or lower) and
    the frontal region as body sites."""
    data = report([measure(p) for p in CASES if p.name in UNSEEN_ROUND9B])
    assert len(data["files"]) == len(UNSEEN_ROUND9B) and not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 36, data["overall"]  # with drug classes, GPS drugs

# The cases of the first round; the later ones must not hide a loss in these.
FIRST_CASES = {"covid-pneumonia-asthma.yaml", "dka-abdominal-pain.yaml", "infant-dka-new-onset-t1dm.yaml",
               "meningitis-cerebellar-haemorrhage.yaml", "mi-young-woman-vf.yaml", "neonatal-kawasaki.yaml",
               "perforated-appendicitis-child.yaml", "pneumococcal-meningitis-normocellular.yaml",
               "rhabdomyolysis-workout.yaml", "stroke-wake-up-thrombolysis.yaml", "thyroid-storm-graves.yaml"}


GENERALITY = case_files([ROOT / "tests" / "generality" / "cases"])


def test_generality_cases_coverage():
    """Cases written from published reports by someone who had not seen the tables: 95 of 192
    concepts coded (49.5%) when first measured, 101 (52.6%) after the fourth round, 148 (77.1%) with
    generic rows from the same open artefacts and exam observations named by a sign, 150 (78.1%) with
    suicide attempt and brain injury from SNOMED CT's Global Patient Set, 152 (79.2%) with the
    serum paracetamol level (LOINC 3298-7, LHNCBC/flowsheet-lhc); the floor. Left as text (data
    README, gaps): brand-name vaccines, icotinib, class names (chemotherapy, antiviral),
    and the course, vital-status and verification-status
    observation codes no open artefact states."""
    data = report([measure(p) for p in GENERALITY])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 153, data["overall"]  # with the multivitamin class


# Two cases written from published reports in cardiology and neurology (ninth round, set A).
UNSEEN_ROUND9A = {"wpw-syncope-palpitations-woman.yaml",
                  "nmosd-cervical-myelitis-mimicking-stroke.yaml"}


def test_unseen_round9a_coverage():
    """Measured before any row was added: 27 of 41 concepts coded (65.9%; per file Wolff-Parkinson-White
    syndrome with palpitations and syncope in a woman 25/30, neuromyelitis optica spectrum disorder with
    cervical myelitis first taken for a stroke 2/11). Every file converted with exit 0 in R4, R5,
    --profile ips and --profile mcode (first drafts with `verification:` for `verification_status:`, a
    comma inside {...} text, a verification history without dates and the unit [U]/mL were refused at
    their line). Reading every coding against its words found no wrong code and no information line.
    With the CT of the brain wordings as Computed tomography of head (as "ct brain" already was;
    tests/terminology/test_unseen_round9a_terms.py): 28 of 41 (68.3%; 26/30, 2/11), the floor. Left as
    text: Valsalva maneuver (its code is a method), heart murmur and carotid artery bruit as absent
    examination findings, orthostatic blood pressure, acute upper and lower extremity weakness, right
    hemispheric stroke (refuted: a broader stroke would refute more than the source did), transverse
    myelitis (the codes read say acute, one non-infective), neuromyelitis optica spectrum disorder
    (ICD-10-CM G36.0 names NMO [Devic] only), MRI of the cervical spine (no code for the cervical spine
    as a procedure; "cervical" is not read as a narrowing word: before ectropion it names another
    organ), cerebrospinal fluid analysis, the anti-aquaporin-4 antibody titre, high-dose steroids
    (which steroid), plasmapheresis (as before)."""
    data = report([measure(p) for p in CASES if p.name in UNSEEN_ROUND9A])
    assert len(data["files"]) == len(UNSEEN_ROUND9A) and not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 28, data["overall"]


# Six cases written from published reports before any table was read (tenth round): two cardiology,
# one neurology, one paediatrics, one infectious disease, one dermatology.
UNSEEN_ROUND10 = {"atrial-flutter-aortic-coarctation-adult.yaml", "constrictive-pericarditis-retired-farmer.yaml",
                  "miller-fisher-syndrome-after-chest-infection.yaml", "dengue-returned-traveller-rash-melaena.yaml",
                  "dermatomyositis-flagellate-erythema-older-man.yaml", "necrotizing-cholecystitis-preschool-boy.yaml"}


def test_unseen_round10_coverage():
    """Measured before any change to tables or code: 121 of 157 concepts coded (77.1%; per file acute
    heart failure with 2:1 atrial flutter revealing aortic coarctation 25/34, constrictive pericarditis
    first taken for pneumonia and pulmonary embolism 23/26, Miller-Fisher syndrome after a chest
    infection 18/25, fever, rash and melaena in a traveller from Bangkok 27/31, dermatomyositis with
    flagellate erythema 17/25, necrotizing cholecystitis in a boy of 4 11/16). Every file converted
    with exit 0 in R4, R5, --profile ips and --profile mcode (first drafts with a comma inside {...}
    text were refused at their line). Reading every coding against its words found no wrong code.
    With rows by family (lower respiratory tract infection as "chest infection", the sixth and fourth
    cranial nerve palsies under their names and numbers, aortic root dilatation, periorbital oedema,
    perforation of the gallbladder, infection, polycystic kidney disease in ICD-10-CM, deflazacort,
    the temperature sites, pericardiectomy and laparoscopy wordings), spelt numbers after
    type/stage/class ("type two diabetes") and words naming a kind of sign or procedure read as
    narrowing (bibasal, pitting, necrotizing, heliotrope, flagellate, violaceous, exploratory,
    multislice; tests/terminology/test_unseen_round10_terms.py): 140 of 157 (89.2%; 27/34, 26/26,
    20/25, 28/31, 24/25, 15/16), the floor. Left as text: multislice CT of the aorta (no open code
    for CT of the aorta), tachycardiomyopathy, left ventricular dysfunction (the open code says
    systolic), rib notching, peripheral pulses and their value "weak", aortic root diameter (LOINC's
    says by ultrasound, the case measured it by CT), areflexia, orthoptic assessment, pilocarpine (no
    open RxNorm row), visual field and anterior segment examination, eschar, symptomatic treatment,
    the tourniquet test, violaceous macular erythema ("macular" is not read: macular oedema is oedema
    of the macula), liver enzymes."""
    data = report([measure(p) for p in CASES if p.name in UNSEEN_ROUND10])
    assert len(data["files"]) == len(UNSEEN_ROUND10) and not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 140, data["overall"]


# Eight cases written from published reports in cardiology, neurology, paediatrics and infectious
# disease (eleventh round), before the tables, `terms search` or any miss list were looked at.
UNSEEN_ROUND11 = {"digoxin-toxicity-2-1-av-block-older-man.yaml",
                  "kounis-syndrome-amoxicillin-clavulanate-diabetic-man.yaml",
                  "nonketotic-hyperglycaemic-hemichorea-older-man.yaml",
                  "acute-rheumatic-fever-severe-carditis-boy.yaml",
                  "hus-multiple-organ-failure-girl.yaml",
                  "strongyloides-hyperinfection-loeffler-methotrexate-woman.yaml",
                  "ebv-splenic-rupture-emergency-splenectomy-boy.yaml"}


def test_unseen_round11_coverage():
    """Cardiology (digoxin toxicity with 2:1 AV block, Kounis syndrome after amoxicillin/clavulanic
    acid), neurology (nonketotic hyperglycaemic hemichorea), paediatrics (acute rheumatic fever with
    severe carditis, haemolytic uraemic syndrome with multiple organ failure) and infectious disease
    (Strongyloides hyperinfection with Loeffler's syndrome on methotrexate, splenic rupture in
    infectious mononucleosis): written and measured on 2026-12-02 while the same session's general
    changes were being made elsewhere, none for these words. An eighth file (Miller Fisher syndrome)
    was written from the same report as the tenth round's and was dropped. At first sight, on the code
    of the session's start: 148 of 189 concepts (78.3%; per file 28/33, 20/25, 30/38, 12/16, 20/23,
    23/32, 15/22); after the session's general changes merged, none made for them: 149 of 189
    (78.8%; "tender erythematous rash" read by the tenth round's narrowing word); with rows by family
    for what they lacked (organomegaly written as "enlarged spleen"/"enlarged thyroid"/"enlarged lymph
    nodes", "general malaise", CVVHD): 152 of 189 (80.4%), and 151 (79.9%), the floor, once the
    wrong code below is no longer written. Every file converts with exit 0 in R4, R5,
    --profile ips and --profile mcode. Reading every coding against its words: "carditis" due to
    acute rheumatic fever was ICD-10-CM I51.89 *Other ill-defined heart diseases*, whose category
    excludes heart disease specified as rheumatic: such a code is no longer written (a condition due
    to another keeps no ICD-10-CM code whose Excludes notes name the cause; tests/core/
    test_due_to_excludes.py). Reviewed and kept as documented in the data
    README: "urine ketones" on LOINC 2514-8 *by Test strip* and the blood counts *by Automated count*
    (no method-free urine ketone code in any artefact; the blood-count codes are those receiving
    systems' value sets name, such as the CIBMTR reporting IG's priority variables), and "renal
    function tests" on the renal function panel 24362-6, as "liver function tests" are the hepatic
    function panel. Left as text: concepts no open artefact states (Kounis syndrome, hemichorea-
    hemiballismus, Strongyloides hyperinfection, Loeffler's syndrome, digoxin toxicity, 2:1 AV block,
    anaphylactic shock as SNOMED CT, plasmapheresis, IVC filter, penicillin G benzathine) and
    umbrella phrases (blood investigations, thyroid function tests, infectious and autoimmune panel)."""
    data = report([measure(p) for p in CASES if p.name in UNSEEN_ROUND11])
    assert len(data["files"]) == len(UNSEEN_ROUND11) and not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 151, data["overall"]


# Four cases written from published reports in cardiology and neurology on conditions no case file
# covered, before any row was looked at for them.
UNSEEN_ROUND12 = {"tricuspid-endocarditis-septic-emboli-drug-use-man.yaml",
                  "cardiac-tamponade-severe-hypothyroidism-woman.yaml",
                  "streptococcus-intermedius-brain-abscess-aphasia-older-woman.yaml",
                  "myasthenic-crisis-first-presentation-pneumonia-man.yaml"}


def test_unseen_round12_coverage():
    """Cardiology (tricuspid valve endocarditis with septic pulmonary emboli in a man who injected
    drugs, Elkattawy et al. 2022; cardiac tamponade as the first sign of severe hypothyroidism, Cohen
    et al. 2012) and neurology (Streptococcus intermedius brain abscess with expressive aphasia,
    Khaja et al. 2017; myasthenic crisis as the first presentation of myasthenia gravis, Payus et al.
    2021), written from the reports' abstracts on 2026-12-03. At first sight: 69 of 94 concepts
    (73.4%; per file 17/24, 22/26, 14/20, 16/24), no wrong code found reading every coding. With rows
    by family (intravenous drug use/IVDU, lung nodules as Multiple nodules of lung, brain abscess in
    SNOMED CT beside G06.0, lacunar stroke/infarct, vasogenic oedema as cerebral oedema, septic
    pulmonary emboli as I26.90, invasive mechanical ventilation, "anticholinesterase inhibitors",
    transthoracic and transoesophageal echocardiogram results, mitral and aortic valve vegetations)
    and narrowing words read (expressive/receptive aphasia, cavitating nodules, a stereotactic or
    frontal/temporal/parietal/occipital craniotomy): 80 of 94 (85.1%; per file 22/24, 22/26, 17/20,
    19/24); with main's reading of a culture named by its specimen ("abscess culture" as LOINC
    11475-1, merged while this round was made, not for it): 81 of 94 (86.2%; 18/20), the floor.
    Every file converts with exit 0 in R4, R5, --profile ips and --profile mcode.
    Left as text: concepts no open artefact states (tricuspid valve vegetation, muffled heart sounds,
    word-finding difficulty, failed extubation, plain pericardiocentesis, pericardial window,
    reintubation, repetitive nerve stimulation, AngioVAC, Streptococcus intermedius infection) and
    umbrella phrases (septic parameters, pericardial fluid volume). Audit 15 removed septic pulmonary
    emboli -> I26.90 (*without acute cor pulmonale*, an absence the words do not state): 80, not 81
    (the endocarditis file 21/24); round 20 took off LOINC 20427-1 *Acetylcholine receptor Ab
    [Moles/volume]* for a result said "positive" (an amount's code for a presence): 79, the floor."""
    data = report([measure(p) for p in CASES if p.name in UNSEEN_ROUND12])
    assert len(data["files"]) == len(UNSEEN_ROUND12) and not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 79, data["overall"]


# Four cases written from published reports in paediatrics and infectious disease on conditions no
# case file covered, before any row was looked at for them.
UNSEEN_ROUND13 = {"ileocaecal-intussusception-fever-diarrhoea-boy.yaml",
                  "pcp-pneumonia-hiv-mechanical-ventilation-man.yaml"}


def test_unseen_round13_coverage():
    """Paediatrics (ileocecal intussusception after fever and loose stools, Anjum and Mozaffari,
    EFSUMB Case of the Month 2021) and infectious disease (Pneumocystis jirovecii pneumonia needing
    ventilation in an HIV-infected man, Nethathe and Patel 2016), written on 2026-12-03. At first
    sight: 16 of 22 concepts (per file 4/10, 12/12), no wrong code found reading every coding. With
    rows by family (bloody stool(s)/blood in (the) stool(s) as Hematochezia, ileocolic/ileocecal/
    ileocaecal intussusception in SNOMED CT and as K56.1): 18 of 22, the floor. Two more files of the
    round were not kept: their published abstracts name no authors, and every case file cites them.
    Every file converts with exit 0 in R4, R5, --profile ips and --profile mcode."""
    data = report([measure(p) for p in CASES if p.name in UNSEEN_ROUND13])
    assert len(data["files"]) == len(UNSEEN_ROUND13) and not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 18, data["overall"]


# Five cases written from published reports in specialties the other rounds had covered little
# (endocrinology, toxicology, dermatology, haematology, gastroenterology), each written as the README
# teaches before the tables were looked at (fourteenth round).
UNSEEN_ROUND14 = {"myxedema-coma-levothyroxine-noncompliance-woman.yaml",
                  "carbon-monoxide-poisoning-normal-cohb-young-woman.yaml",
                  "dress-allopurinol-young-woman.yaml",
                  "spontaneous-hit-after-knee-replacement-man.yaml",
                  "hypertriglyceridaemia-pancreatitis-insulin-alone-man.yaml"}


def test_unseen_round14_coverage():
    """Measured at first sight: 65 of 80 concepts coded (81.3%; per file myxoedema coma after stopping
    levothyroxine 27/30, carbon monoxide poisoning with a normal carboxyhaemoglobin 3/7, DRESS after
    allopurinol 13/15, spontaneous heparin-induced thrombocytopenia after knee replacement 12/15,
    hypertriglyceridaemic pancreatitis 10/13); no wrong code. What they showed, fixed generally: an
    Excludes note naming a narrower kind of the cause dropped E03.5 from a myxoedema coma due to
    hypothyroidism (fixed in icd10cm_excludes); carbon monoxide poisoning and its wordings; words that
    say what a rash looks like, and "toxic", as kinds; "CT scan of ..." as the study of that site; an
    event dated from an undated event kept the source's relative words out of the notes (the
    generality test found it on the thrombocytopenia case). Every file converts with exit 0 in R4, R5,
    --profile ips and --profile mcode. Audit 15 found "toxic hepatitis" -> K75.9 (Hepatitis NOS) wrong:
    K75 excludes toxic liver disease (K71.-), so the floor is 69, not 70."""
    data = report([measure(p) for p in CASES if p.name in UNSEEN_ROUND14])
    assert len(data["files"]) == len(UNSEEN_ROUND14) and not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 69, data["overall"]


# Four cases from specialties the unseen rounds had touched little (urology, obstetrics, ophthalmology
# and ENT, nephrology), written from their published reports before the tables were looked at.
UNSEEN_ROUND15A = {"emphysematous-pyelonephritis-klebsiella-nephrectomy-man.yaml",
                   "postpartum-acute-fatty-liver-rash-young-woman.yaml",
                   "orbital-cellulitis-ethmoid-sinusitis-boy.yaml",
                   "anti-gbm-glomerulonephritis-mesangial-iga-man.yaml"}


def test_unseen_round15a_coverage():
    """Measured at first sight: 94 of 109 concepts coded (86.2%; per file emphysematous pyelonephritis
    with ureteral stones treated by radical nephrectomy 32/34, postpartum acute fatty liver of pregnancy
    14/17, orbital cellulitis from ethmoid sinusitis in a boy of 5 21/25, anti-GBM glomerulonephritis
    with mesangial IgA 27/33); no wrong code. What they showed, fixed generally: "emphysematous" as a
    kind of the inflammation after it (an emphysematous pyelonephritis is a pyelonephritis); rows for
    families with an open code: ureteric stones (ureteral calculi, ureterolithiasis), coagulopathy,
    IgA nephropathy, quadrant pain as "RUQ / right upper quadrant abdominal pain" (and LUQ, LLQ),
    anti-GBM antibody, sinus surgery; "functional" before a procedure as the aim that shapes it (a
    functional endoscopic sinus surgery is a sinus surgery). Now 101 of 109 (92.7%). Left as text, no
    open code: acute fatty liver of pregnancy, anti-GBM glomerulonephritis, coryza, drainage of the
    sinuses, the empiric intent, light microscopy, immunofluorescence; normocytic
    normochromic anaemia (only Normocytic anemia is open, and "normocytic" leads). Every file converts
    with exit 0 in R4, R5, --profile ips and --profile mcode."""
    data = report([measure(p) for p in CASES if p.name in UNSEEN_ROUND15A])
    assert len(data["files"]) == len(UNSEEN_ROUND15A) and not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 101, data["overall"]


# Six cases from specialties the unseen rounds had touched little (rheumatology, toxicology and
# neurology, endocrine surgery, vascular surgery, paediatric cardiology, ophthalmology), written from
# their published reports before the tables were looked at.
UNSEEN_ROUND16 = {"aosd-hyperferritinaemia-fatal-older-man.yaml", "valproate-hyperammonaemic-encephalopathy-man.yaml",
                  "hyperparathyroid-crisis-haemorrhagic-adenoma-man.yaml", "sma-embolism-atrial-fibrillation-man.yaml",
                  "incomplete-kawasaki-giant-aneurysms-infant.yaml",
                  "herpes-zoster-ophthalmicus-keratitis-older-man.yaml"}


def test_unseen_round16_coverage():
    """Measured at first sight (the tables at the start of the session): 123 of 166 concepts coded
    (74.1%; per file adult-onset Still's disease with a fatal course 21/28, valproate hyperammonaemic
    encephalopathy 32/41, hypercalcaemic crisis from a haemorrhagic parathyroid adenoma 17/28, acute
    mesenteric ischaemia from a superior mesenteric artery embolism 26/32, incomplete Kawasaki disease
    with coronary and systemic aneurysms in an infant 27/37); no wrong code. What they showed, fixed
    generally: common drugs without any code (denosumab, calcitonin, anticoagulants, carnitine) and
    drugs coded only as SNOMED CT products: the RxNorm ingredients of the OHDSI Phenotype Library's
    cohort definitions (385 new rows, 44 of them beside the product of the same term); tremor as a
    finding named with its site ("hand tremors"), muscle and the umbilical region as sites ("muscle
    biopsy", "periumbilical tenderness"); "incomplete" before a
    disorder and "two-dimensional", "plain", "selective" before a procedure as kinds of it; the
    parathyroid scans and FDG PET-CT. Now 136 of 169 (80.5%: the hand and the muscle are new body-site
    concepts). Left as text: asterixis, hypercalcaemic crisis, salmon-pink rash, acute mesenteric
    ischaemia and mesenteric embolism (ICD-10-CM states them only at a non-billable category),
    subclavian aneurysm, pamidronate and cinacalcet (no open code found), "parathyroid hormone"
    without "intact" (LOINC's codes differ by fragment), coronary artery diameters, panels and
    antibodies the open artefacts do not list (viral hepatitis panel, anti-smooth muscle antibody,
    carnitine levels), the brand Dilantin, and findings named by study. A sixth case, herpes zoster
    ophthalmicus in a man of 79, written after those rows were added, was at 26 of 41 at first sight
    (ophthalmic signs: keratic precipitates, anterior chamber flare, subepithelial infiltrates, visual
    acuity by eye have no open code read); a drug named with its form, strength or salt
    ("prednisolone acetate 1% eye drops", "Medrol Dosepak") now reads as its ingredient: 28 of 41.
    All six: 164 of 210 (78.1%); with a study named with "findings", "results" or "report" after it
    read as that study ("CT angiography findings"), 165 (78.6%). Every file converts with exit 0."""
    data = report([measure(p) for p in CASES if p.name in UNSEEN_ROUND16])
    assert len(data["files"]) == len(UNSEEN_ROUND16) and not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 165, data["overall"]


ROUND17 = case_files([ROOT / "tests" / "generality" / "round17"])


def test_unseen_round17_coverage():
    """Twenty-four cases written from published reports in four sets of six by people who had not
    read the tables (cardiology to transplantation, data README round 17); some values in them are
    as recalled from the reports, which their header comments say. At first sight 78.4%, 77.2%,
    90.0% and 81.4% coded; with the round's generic rules and rows, and the wrong codes removed, 1008
    of 1193 (84.5%); with ESRF and term newborn as aliases 1010 (84.7%); with round 18's rules 1013
    (84.9%); round 20 took off two residual ICD-10-CM codes of disorders due to a named cause (D69.6
    *Thrombocytopenia, unspecified* and K75.9 for a haemolytic uraemic syndrome's) and an amount's LOINC
    code for a result said "present": 1010 (84.7%), the floor."""
    assert len(ROUND17) == 24
    data = report([measure(p) for p in ROUND17])
    assert not [f["file"] for f in data["files"] if f["error"]]
    # 1010 before round 23; 1045 with its rules and rows and the result words coded as values
    assert data["overall"]["coded"] >= 1052, data["overall"]


ROUND18 = case_files([ROOT / "tests" / "generality" / "round18"])


def test_unseen_round18_coverage():
    """Twenty-four more cases from published reports in four sets of six (endocrinology to
    dermatology, general paediatrics and neonatology, infectious and tropical disease, neurology,
    psychiatry and cardiology; data README round 18), written by people who had not read the tables.
    At first sight 76.2%, 80.3%, 78.7% and 76.1% coded; with the round's generic rules and rows, and
    the wrong or doubtful codes removed (a residual ICD-10-CM category for a named cause, a D-dimer's
    FEU guessed), 697 of 859 (81.1%); with anion gap, rebound and tremor amplitude words and exam
    findings read through them, 702 (81.7%); with round 20's rules (extremities as limbs, signs of the
    Global Patient Set as exam findings) 703 of 860, the floor."""
    assert len(ROUND18) == 24
    data = report([measure(p) for p in ROUND18])
    assert not [f["file"] for f in data["files"] if f["error"]]
    # 703 before round 23; 764 with its rules and rows and the result words coded as values
    assert data["overall"]["coded"] >= 774, data["overall"]


ROUND19 = case_files([ROOT / "tests" / "generality" / "round19"])


def test_unseen_round19_coverage():
    """Twelve cases from published reports (nephrology, urology, haematology; gastroenterology,
    hepatology, ENT, ophthalmology), written after round 18's rules by people who had not read the
    tables, each from the report's abstract as found: at first sight 82.5% and 78.4% coded (307 of
    384); with subdural haematoma, sickle cell disease and diabetic nephropathy rows and *permanent*
    as a kind word, 311 (81.0%), the floor."""
    assert len(ROUND19) == 12
    data = report([measure(p) for p in ROUND19])
    assert not [f["file"] for f in data["files"] if f["error"]]
    # 311 before round 23; 315 with its rules and rows and the result words coded as values
    assert data["overall"]["coded"] >= 317, data["overall"]


ROUND20 = case_files([ROOT / "tests" / "generality" / "round20"])


def test_unseen_round20_coverage():
    """Eighteen cases from published reports in three sets of six (orthopaedics, geriatrics, vascular
    surgery, rheumatology; allergy, transplantation, toxicology, emergency medicine; pulmonology,
    endocrinology, cardiology; data README round 20), written by people who had not read the tables,
    each from the report's abstract or opening as found: at first sight 70.9%, 77.3% and 82.2% coded;
    with the round's generic rules and rows, and the doubtful codes removed (a blood pressure panel
    for one number, residual ICD-10-CM codes of disorders due to a named cause, an amount's LOINC code
    for a result said "positive"), 511 of 646 (79.1%), the floor (the one urine output is a rate, in
    mL/h, which LOINC 9187-6, a volume, is not)."""
    assert len(ROUND20) == 18
    data = report([measure(p) for p in ROUND20])
    assert not [f["file"] for f in data["files"] if f["error"]]
    # 511 before round 23; 534 with its rules and rows and the result words coded as values
    assert data["overall"]["coded"] >= 539, data["overall"]


ROUND21 = case_files([ROOT / "tests" / "generality" / "round21"])


def test_unseen_round21_coverage():
    """Eighteen cases from published reports in three sets of six (dermatology, nephrology,
    hepatology; obstetrics, neurology, solid-tumour oncology; infectious disease, haematology, inborn
    errors of metabolism, psychiatry; data README round 21), written by people who had not read the
    tables, each from the report's opening as found: at first sight 73.2%, 76.8% and 73.8% coded (459
    of 614); with the round's generic rules (combining forms, a cancer by its site, metastases with
    their primary, a stage before the name) and rows, and the doubtful codes removed (N10 for an
    acute tubulo-interstitial nephritis, D69.2 for a purpura, E72.20 for a hyperammonaemia, E06.9
    for a drug's thyroiditis), 485 of 614 (79.0%); with round 22's rules 489 (79.6%), the floor."""
    assert len(ROUND21) == 18
    data = report([measure(p) for p in ROUND21])
    assert not [f["file"] for f in data["files"] if f["error"]]
    # 489 before round 23; 524 with its rules and rows and the result words coded as values
    assert data["overall"]["coded"] >= 529, data["overall"]


ROUND22 = case_files([ROOT / "tests" / "generality" / "round22"])


def test_unseen_round22_coverage():
    """Eighteen cases from published reports in three sets of six (ophthalmology, ENT, oral surgery;
    urology, cardiology, vascular medicine; neonatology, rheumatology, endocrinology; data README
    round 22), written by people who had not read the tables, each from the report's opening as
    found: at first sight 74.5%, 75.5% and 68.3% coded (494 of 679); with the round's generic rules
    (an abbreviation in brackets, a gland as its organ, ECG intervals with a hyphen, kind words) and
    rows, an eye or ear disorder's ICD-10-CM code of its side and a biopsy's pathology study, 530 of
    679 (78.1%), the floor."""
    assert len(ROUND22) == 18
    data = report([measure(p) for p in ROUND22])
    assert not [f["file"] for f in data["files"] if f["error"]]
    # 530 before round 23; 548 with its rules and rows and the result words coded as values
    assert data["overall"]["coded"] >= 551, data["overall"]


ROUND23 = case_files([ROOT / "tests" / "generality" / "round23"])


def test_unseen_round23_coverage():
    """Eighteen cases from published reports in three sets of six (infectious disease,
    gastroenterology, pulmonology; emergency medicine and toxicology, general internal medicine,
    gynaecology and orthopaedics; cardiology, paediatrics, neurology; data README round 23), written
    by people who had not read the tables, each from the report's opening as found: at first sight
    71.8%, 73.4% and 83.6% coded (358 of 469); with the round's rules (ICD-10-CM's code beside a row
    whose title the words say, a titre or a presence result choosing the test's code, LOINC's
    Universal Lab Order Codes Value Set, laboratory result words as coded values) and rows, 394 of
    487 (80.9%; 370 of 463, 79.9%, without the result words now coded), the floor."""
    assert len(ROUND23) == 18
    data = report([measure(p) for p in ROUND23])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 396, data["overall"]


ROUND23D = case_files([ROOT / "tests" / "generality" / "round23d"])


def test_unseen_round23_fourth_set_coverage():
    """Six more cases of round 23 (cardiology, paediatrics, neurology; a second writer of the same
    specialties), reviewed when the round's rules were made: at first sight (the stop's starting
    head) 121 of 160 (75.6%); now 130 of 169 (76.9%; the same 121 of 160 without the result words),
    the floor; kept as cases the next rules are measured on."""
    assert len(ROUND23D) == 6
    data = report([measure(p) for p in ROUND23D])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 132, data["overall"]



ROUND24 = case_files([ROOT / "tests" / "generality" / "round24"])


def test_unseen_round24_coverage():
    """Eighteen cases from published reports in three sets of six (cardiology and adult infectious
    disease; paediatrics and neurology; endocrinology, nephrology, haematology, rheumatology,
    dermatology, psychiatry), written by people who had not read the tables: at first sight (the
    stop's starting head) 66.9%, 74.6% and 74.6% coded (326 of 451); with the round's ICD-10-CM keys
    (a category's inclusion terms, poisonings, ICD-10-CM's own abbreviations) and rows, 349 of 453
    (77.0%); 351 after round 25's review, the floor (data README round 24)."""
    assert len(ROUND24) == 18
    data = report([measure(p) for p in ROUND24])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 354, data["overall"]


ROUND25 = case_files([ROOT / "tests" / "generality" / "round25"])


def test_unseen_round25_coverage():
    """Seventeen cases from published reports (cardiology and neurology; paediatrics and infectious
    disease; emergency, intensive care, hepatology, obstetrics, surgery), written by people who had
    not read the tables, measured on the head they were added to before any change for them: 72.0%,
    74.3% and 78.9% coded (317 of 423; 303 of 409 without the result words); after their review (a
    sign recorded absent is its finding, the SNOMED CT products of the R5 value set read whole, rows)
    334 of 423 (79.0%), the floor (data README round 25)."""
    assert len(ROUND25) == 17
    data = report([measure(p) for p in ROUND25])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 335, data["overall"]


ROUND26 = case_files([ROOT / "tests" / "generality" / "round26"])


def test_unseen_round26_coverage():
    """Five cases from published reports (pulmonology, cardiology, neurology), written by someone
    who had not read the tables, measured on the head they were added to before any change for them:
    124 of 147 (84.4%); after their review (a lesion's "infarct" is the event's "infarction", rows)
    134 of 147 (91.2%), the floor (data README round 26)."""
    assert len(ROUND26) == 5
    data = report([measure(p) for p in ROUND26])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 134, data["overall"]


ROUND27 = case_files([ROOT / "tests" / "generality" / "round27"])


def test_unseen_round27_coverage():
    """Four cases from published reports (endocrinology, vascular surgery, nephrology and
    toxicology, haematology), written by someone who had not read the tables, measured on the head
    they were added to before any change for them: 83 of 110 (75.5%); after their review (rows:
    EVAR, proinsulin, PTH-related protein, insulin and the pH of a blood gas named plainly) 87 of 110
    (79.1%), the floor (data README round 27)."""
    assert len(ROUND27) == 4
    data = report([measure(p) for p in ROUND27])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 87, data["overall"]


ROUND28 = case_files([ROOT / "tests" / "generality" / "round28"])


def test_unseen_round28_coverage():
    """Four cases from published reports (endocrinology, obstetrics, nephrology, cardiology),
    written by someone who had not read the tables, measured on the head they were added to before
    any change for them: 69 of 98 (70.4%); after their review (British spellings of the pituitary
    hormones, "both" as a side, rows) 80 of 98 (81.6%), the floor (data README round 28)."""
    assert len(ROUND28) == 4
    data = report([measure(p) for p in ROUND28])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 80, data["overall"]


ROUND29 = case_files([ROOT / "tests" / "generality" / "round29"])


def test_unseen_round29_coverage():
    """Four cases from published reports (infectious disease, paediatrics, rheumatology), written by
    someone who had not read the tables, measured on the head they were added to before any change
    for them: 127 of 162 (78.4%); with two aliases of existing rows (the NIH stroke scale spelt out,
    MR angiography of the brain) 129 of 162 (79.6%); with round 30's rows (HLA-B27, subclavian steal)
    131 of 162 (80.9%), the floor (data README rounds 29 and 30)."""
    assert len(ROUND29) == 4
    data = report([measure(p) for p in ROUND29])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 131, data["overall"]


ROUND30 = case_files([ROOT / "tests" / "generality" / "round30"])


def test_unseen_round30_coverage():
    """Seven cases from published reports (hepatology, infectious disease, haematology, dermatology,
    thoracic surgery, vascular medicine), written by people who had not read the tables, measured on
    the head they were added to before any change for them: 221 of 269 (82.2%); after their review (a
    site's noun read as its adjective, a follow-up study as the study, a GPS finding at an examination,
    rows) 231 of 269 (85.9%), the floor (data README round 30)."""
    assert len(ROUND30) == 7
    data = report([measure(p) for p in ROUND30])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 231, data["overall"]


ROUND31 = case_files([ROOT / "tests" / "generality" / "round31"])


def test_unseen_round31_coverage():
    """Four cases from published reports (obstetrics, psychiatry, geriatrics, hepatology), written by
    someone who had not read the tables, measured on the head they were added to before any change
    for them: 111 of 138 (80.4%); after their review (rows: liver chemistries, JAK2 V617F, karyotype,
    cognitive deficits; a study of an unstated region and the bone marrow reports as LOINC studies)
    119 of 138 (86.2%), the floor (data README round 31)."""
    assert len(ROUND31) == 4
    data = report([measure(p) for p in ROUND31])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 119, data["overall"]


ROUND32 = case_files([ROOT / "tests" / "generality" / "round32"])


def test_unseen_round32_coverage():
    """Four cases from published reports (ophthalmology, otolaryngology, urology, dermatology),
    written by someone who had not read the tables, measured on the head they were added to before
    any change for them: 72 of 93 (77.4%); reviewed in the next stop (a cause in two words before the
    disorder: "herpes associated erythema multiforme"; "increased" before a symptom): 74 of 93 (79.6%),
    the floor; the rest has no open code (data README round 32)."""
    assert len(ROUND32) == 4
    data = report([measure(p) for p in ROUND32])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 74, data["overall"]


ROUND33 = case_files([ROOT / "tests" / "generality" / "round33"])


def test_unseen_round33_coverage():
    """Seven cases from published reports (haematology, nephrology, pulmonology, endocrinology,
    ophthalmology, dermatology, sarcoidosis), written by people who had not read the tables, measured
    on the head they were added to before any change for them: 199 of 258 (77.1%); after their review
    (an abbreviation with its words in brackets, "enhanced" CT and MR as contrast-enhanced; rows:
    Cushing's disease, bacterial and viral culture, ANCA, renal function; "exam" as examination, a
    dilated fundus examination as the fundus examination; modifiers of one head joined as one site
    each, which makes 259 concepts; rows: chest distress, flashes of light, double vision as a
    finding, the bronchoscopy study; a change said with a noun as with its participle, the pupillary
    light reflex) 215 of 259 (83.0%); with round 36's readings (a modifier kept in front of a turned
    title) 216, the floor (data README round 33)."""
    assert len(ROUND33) == 7
    data = report([measure(p) for p in ROUND33])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 216, data["overall"]


ROUND34 = case_files([ROOT / "tests" / "generality" / "round34"])


def test_unseen_round34_coverage():
    """Five cases from published paediatric reports (Kawasaki disease at 35 days, 6 months and 10
    years; congenital syphilis in a newborn; fatal measles with pulmonary embolism in a boy), written
    by people who had not read the tables, measured on the head they were added to before any change
    for them (c5f36eb): 171 of 224 (76.3%; 170 on the stop's starting head); after their review
    (rows: coronary aneurysm, thrombocytosis as a raised platelet count, macular rash, fissured lips,
    the 12-lead ECG, capillary refill, muscle tone, cranial ultrasound, the BCG vaccine's full name;
    a site joined once more, 223 concepts) 179 of 223 (80.3%), the floor (data README round 34)."""
    assert len(ROUND34) == 5
    data = report([measure(p) for p in ROUND34])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 179, data["overall"]


ROUND35 = case_files([ROOT / "tests" / "generality" / "round35"])


def test_unseen_round35_coverage():
    """Fifteen cases from published reports (pheochromocytoma at 14, 22 and 66 years; Tolosa-Hunt
    syndrome, MOG antibody disease, arrhythmogenic right ventricular cardiomyopathy, ALCAPA,
    catastrophic antiphospholipid syndrome, relapsing polychondritis; achalasia, acute colonic
    pseudo-obstruction, methyl salicylate and colchicine poisoning, uterine rupture and inversion),
    written by people who had not read the tables, measured on the head they were added to before
    any change for them (c5f36eb): 376 of 482 (78.0%; 372 on the stop's starting head); after a first
    review (rows: ARVC, MOG antibody disease, multiple organ dysfunction, chest constriction, the left
    ventricle's ejection fraction, alcohol use, plasma and 24-hour urine norepinephrine, myocardial
    bridge; "catastrophic" read as a kind) 387 of 482 (80.3%); with round 36's readings ("secondary
    to" as a cause) 388, the floor (data README round 35)."""
    assert len(ROUND35) == 15
    data = report([measure(p) for p in ROUND35])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 388, data["overall"]


ROUND36 = case_files([ROOT / "tests" / "generality" / "round36"])


def test_unseen_round36_coverage():
    """Fifteen cases from published reports (atypical HUS, PSC with autoimmune hepatitis, late hepatic
    Wilson disease; Guillain-Barré syndrome, anti-NMDA receptor encephalitis, AQP4-positive NMOSD;
    leptospirosis, severe vivax malaria, murine typhus; IgA vasculitis, diabetic ketoacidosis in a
    child, neonatal intussusception; takotsubo with outflow obstruction, chronic eosinophilic
    pneumonia, May-Thurner syndrome), written by people who had not read the tables, measured on the
    head they were added to before any change for them (cfc5219): 567 of 740 (76.6%); after their
    review (ICD-10-CM's code of the unsaid side and the side's sibling; a modifier kept in front of
    a turned title; "secondary to" as a cause; a history asked about as the GPS situation; leading
    words then another reading; "X bleeding" as "X hemorrhage"; more site adjectives; rows: GRBS,
    urine sugar and ketone bodies, urinalysis wordings, anti-smooth muscle antibody, tonsillar
    enlargement, locked-in syndrome, the cervical spinal cord) 592 of 740 (80.0%); with round 37's
    readings 595, the floor (data README round 36)."""
    assert len(ROUND36) == 15
    data = report([measure(p) for p in ROUND36])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 595, data["overall"]


ROUND37 = case_files([ROOT / "tests" / "generality" / "round37"])


def test_unseen_round37_coverage():
    """Fifteen cases from published reports and meeting abstracts (pituitary apoplexy with
    hyponatraemia, thyroid storm, vitamin D toxicity; adult-onset Still disease, biopsy-negative giant
    cell arteritis, Löfgren syndrome; EBV haemophagocytic lymphohistiocytosis, acute promyelocytic
    leukaemia, small cell lung cancer with ectopic Cushing's syndrome; Fournier gangrene, postpartum
    HELLP syndrome, emphysematous pyelonephritis; carbon monoxide poisoning, heat stroke, delirium
    after a hip fracture), written by people who had not read the tables, measured on the head they
    were added to before any change for them (bdd95ab): 607 of 773 (78.5%; the same on the stop's
    starting head, cfc5219); after their review (a blood gas analyte named with its panel, a
    hyphenated word joined, more words that name a kind, the words before a turned title's head kept
    in front; rows: the Leptospira antibody titre, the P. falciparum antigen test, low and high blood
    counts, ATRA, idarubicin, small cell lung cancer) 622 of 773 (80.5%); with round 39's readings (a
    history asked about by another name, a specialty's consultation) 625, the floor (data README
    round 37)."""
    assert len(ROUND37) == 15
    data = report([measure(p) for p in ROUND37])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 625, data["overall"]


ROUND38 = case_files([ROOT / "tests" / "generality" / "round38"])


def test_unseen_round38_coverage():
    """Fifteen cases from published reports and meeting abstracts (topiramate angle closure, malignant
    otitis externa, subperiosteal orbital abscess; lithium neurotoxicity, delirium tremens, PRES after
    transfusion; vancomycin DRESS, galactosaemia with E. coli sepsis, CMV disease after a kidney
    transplant; anterior compartment syndrome, Clostridium septicum necrotising fasciitis, appendiceal
    tie syndrome; severe hyponatraemia with osmotic demyelination, severe hypothermia, pulmonary
    embolism with presyncope), written by people who had not read the tables, measured on the head they
    were added to before any change for them (9df9353, with rounds 36 and 37's readings): 566 of 720
    (78.6%; 565 on the stop's starting head, cfc5219); after their review (a table row's code of the
    unsaid side takes its sibling; more words that name a kind; rows: external and malignant otitis
    externa, low fever, obstipation, chemosis, CMV disease, glycaemia) 575 of 720
    (79.9%), the floor (data README round 38)."""
    assert len(ROUND38) == 15
    data = report([measure(p) for p in ROUND38])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 575, data["overall"]


ROUND39 = case_files([ROOT / "tests" / "generality" / "round39"])


def test_unseen_round39_coverage():
    """Fifteen cases from published reports and meeting abstracts (acute on chronic mesenteric
    ischaemia, gallstone ileus, fulminant C. difficile colitis; Brugada pattern with fever, SCAD,
    postpartum E. faecium endocarditis; dengue in a traveller, disseminated histoplasmosis,
    Strongyloides hyperinfection; relapsing ADEM, button battery ingestion, Kawasaki shock syndrome;
    metformin-associated lactic acidosis, trimethoprim hyperkalaemia, hypermagnesaemia from
    laxatives), written by people who had not read the tables, measured on the head they were added
    to before any change for them (11d116d, with rounds 36 to 38's readings): 544 of 670 (81.2%; 543
    on the stop's starting head, cfc5219); after their review (KDIGO's "stage G3a"; "invasive" and
    "critical" as words that name a kind; the malaria smear said with "malarial"; a specialty's
    consultation) 550 of 670 (82.1%), the floor (data README round 39)."""
    assert len(ROUND39) == 15
    data = report([measure(p) for p in ROUND39])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 550, data["overall"]


ROUND40 = case_files([ROOT / "tests" / "generality" / "round40"])


def test_unseen_round40_coverage():
    """Fifteen cases from published reports and meeting abstracts (AGEP from hydroxychloroquine,
    hereditary angioedema, chlorhexidine anaphylaxis; placental abruption with DIC, ovarian
    hyperstimulation syndrome, a ruptured corpus luteum cyst with von Willebrand disease; acquired
    haemophilia A, rasburicase haemolysis in G6PD deficiency, an unprovoked pulmonary embolism;
    anti-MDA5 dermatomyositis with interstitial lung disease, a spontaneous pneumothorax, sarcoidosis
    with lung nodules; Q fever hepatitis, Lyme carditis, visceral leishmaniasis), written by people
    who had not read the tables, measured on the head they were added to before any change for them
    (b8a3b93): 599 of 767 (78.1%); after their review (a study without contrast or through the
    abdomen is the study; rows: C1 esterase inhibitor, AMH, normotensive, povidone iodine,
    subcutaneous haematoma, embryo transfer, oocyte retrieval, laminotomy, median laparotomy,
    pack-years; a disorder asked about as its row's SNOMED CT concept; family history, general
    appearance and mental status as observations) 612 of 767 (79.8%), the floor (data README round 40)."""
    assert len(ROUND40) == 15
    data = report([measure(p) for p in ROUND40])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 612, data["overall"]


ROUND41 = case_files([ROOT / "tests" / "generality" / "round41"])


def test_unseen_round41_coverage():
    """Nine cases from published reports (DKA with severe hypertriglyceridaemia, maple syrup urine
    disease with cerebral oedema, an adrenal crisis in a teenager; a giant ruptured abdominal aortic
    aneurysm, acute limb ischaemia from tumour emboli, an aortic intramural haematoma mimicking
    pulmonary embolism; aneurysmal subarachnoid haemorrhage with takotsubo, a spontaneous spinal
    epidural haematoma, a rapidly progressing glioblastoma), written by people who had not read the
    tables, measured on the head they were added to before any change for them (b8a3b93): 270 of 358
    (75.4%); after their review 276 of 358 (77.1%), the floor (data README round 41)."""
    assert len(ROUND41) == 9
    data = report([measure(p) for p in ROUND41])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 276, data["overall"]


ROUND42 = case_files([ROOT / "tests" / "generality" / "round42"])


def test_unseen_round42_coverage():
    """Eighteen cases from published reports and meeting abstracts in the specialties new users
    bring most (cardiology: tuberculous pericarditis, a stuck mechanical mitral valve, myocarditis
    after a vaccine; gastroenterology: a mesh fistula mimicking Crohn's disease, hypercalcaemic
    pancreatitis, a giant Klebsiella liver abscess; oncology: colon, lung and prostate cancer;
    infectious disease: right-sided endocarditis, tuberculous meningitis, cryptococcal meningitis;
    paediatrics: round pneumonia, diarrhoea with severe dehydration, nephrotic syndrome with
    COVID-19; neurology: stroke with carotid thrombosis, parkinsonism-hyperpyrexia, a myasthenia-like
    disorder from pembrolizumab), written by people who had not read the tables, measured on the head
    they were added to before any change for them (b8a3b93): 637 of 817 (78.0%); after their review
    (heart block by degree and Mobitz type; rigours; COVID-19 infection; feverish; bowel sounds and
    skin turgor as observations; the family history of a disorder by its other name) 648 of 817
    (79.3%), the floor (data README round 42)."""
    assert len(ROUND42) == 18
    data = report([measure(p) for p in ROUND42])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 648, data["overall"]


ROUND43 = case_files([ROOT / "tests" / "generality" / "round43"])


def test_unseen_round43_coverage():
    """Fifteen cases from published reports and meeting abstracts (amiodarone thyrotoxicosis,
    acromegaly with an invasive macroadenoma, hungry bone after a parathyroidectomy on dialysis;
    anti-GBM glomerulonephritis, emphysematous pyelonephritis, bilateral staghorn calculi; EGPA,
    statin-induced necrotising myopathy, axial gout; amlodipine overdose, a scorpion sting, a
    splenic rupture; Heyde syndrome, delirium from hypercalcaemia, transthyretin cardiac amyloidosis),
    written by people who had not read the tables, measured on the head they were added to before any
    change for them (f78d699, with rounds 40 to 42's readings): 615 of 822 (74.8%; 611 on the stop's
    starting head, b8a3b93); after their review (a disorder induced by a named drug as the
    drug-induced disorder; a scorpion's sting as the toxic effect of its venom; a site SNOMED CT names
    by its adjective; calcitriol; low libido) 622 of 822 (75.7%), the floor (data README round 43)."""
    assert len(ROUND43) == 15
    data = report([measure(p) for p in ROUND43])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 622, data["overall"]


ROUND44 = case_files([ROOT / "tests" / "generality" / "round44"])


def test_unseen_round44_coverage():
    """Fifteen cases from published reports and meeting abstracts (tricuspid endocarditis with septic
    emboli, WPW with atrial fibrillation, uncorrected tetralogy of Fallot; ocular syphilis, Pott's puffy
    tumour, a retropharyngeal abscess; DLBCL with hypercalcaemia, B-ALL with hepatitis, POEMS
    syndrome; G6PD deficiency jaundice, preeclampsia with PRES, early-onset E. coli sepsis; HSV
    encephalitis, serotonin syndrome, a pharyngeal-cervical-brachial Guillain-Barré variant), written
    by people who had not read the tables, measured on the head they were added to before any change
    for them (9fdf297, with rounds 40 to 43's readings): 591 of 779 (75.9%; 587 on the stop's
    starting head, b8a3b93); after their review ("profuse" and "copious" as words that say how much;
    1,25(OH)2D3) 593 of 779 (76.1%), the floor (data README round 44)."""
    assert len(ROUND44) == 15
    data = report([measure(p) for p in ROUND44])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 593, data["overall"]


ROUND45 = case_files([ROOT / "tests" / "generality" / "round45"])


def test_unseen_round45_coverage():
    """Fifteen cases from published reports and meeting abstracts (appendicitis with pinworms, an
    oesophageal button battery, a handlebar pancreatic injury; melioidosis lymphadenitis, scrub typhus,
    cerebral malaria; cutaneous anthrax, drug-associated leukocytoclastic vasculitis, a Marjolin
    ulcer; a saddle pulmonary embolism with tamponade after thrombectomy, post-influenza MSSA
    pneumonia, near-fatal asthma; paracetamol acute liver failure, cholangitis, coeliac crisis),
    written by people who had not read the tables, measured on the head they were added to before any
    change for them (d264ffe, with rounds 40 to 44's readings): 587 of 747 (78.6%; 584 on the stop's
    starting head, b8a3b93); after their review (rows: MSSA and methicillin-sensitive as susceptible,
    hypoxic respiratory failure, pericardial tamponade, genital herpes, the head of the pancreas) 595
    of 747 (79.7%), the floor (data README round 45)."""
    assert len(ROUND45) == 15
    data = report([measure(p) for p in ROUND45])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 595, data["overall"]


ROUND46 = case_files([ROOT / "tests" / "generality" / "round46"])


def test_unseen_round46_coverage():
    """Nine cases from published reports (a perforated prepyloric ulcer, reduction en masse of an
    inguinal hernia, small bowel obstruction from a congenital band; chronic idiopathic SIADH, a
    clarithromycin interaction with digoxin and warfarin, syncope from torsades de pointes; Kawasaki
    disease with a giant coronary aneurysm, PIMS-TS, Mycoplasma pneumonia with empyema), written by
    people who had not read the tables, measured on the head they were added to before any change for
    them (f877a83, with rounds 40 to 45's readings): 268 of 331 (81.0%; 265 on the stop's starting
    head, b8a3b93); after their review (rows: PIMS-TS, small bowel perforation, SARS-CoV-2 RNA in a
    respiratory specimen by PCR) 273 of 331 (82.5%), the floor (data README round 46)."""
    assert len(ROUND46) == 9
    data = report([measure(p) for p in ROUND46])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 273, data["overall"]


ROUND47 = case_files([ROOT / "tests" / "generality" / "round47"])


def test_unseen_round47_coverage():
    """Fifteen cases from published reports (fat embolism after femoral nailing, compartment syndrome
    of the forearm, herpes zoster ophthalmicus, scurvy, Charles Bonnet syndrome; Paget-Schroetter
    syndrome, cold agglutinin disease after Mycoplasma, hepatic hydrothorax, otomastoiditis with a
    facial palsy, a parapharyngeal abscess; ALCAPA in an infant, statin-induced necrotizing myopathy,
    tenecteplase for a middle cerebral artery occlusion, disseminated gonococcal infection, Kaposi
    sarcoma in HIV), written by people who had not read the tables, measured on the head they were
    added to before any change for them (dfe6752): 754 of 945 (79.8%); after their review (a
    condition's side from its body site, a finding asked about reached by a reading, cold agglutinin
    titre, serum electrolytes) 759 of 945 (80.3%), the floor (data README round 47)."""
    assert len(ROUND47) == 15
    data = report([measure(p) for p in ROUND47])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 759, data["overall"]


ROUND48 = case_files([ROOT / "tests" / "generality" / "round48"])


def test_unseen_round48_coverage():
    """Fifteen cases from published reports (Goodpasture syndrome, acute kidney injury from glomerular
    haematuria, a ureteral leiomyoma, bilateral adrenal haemorrhage, late hypocalcaemia after a
    thyroidectomy; early vitamin K deficiency bleeding, Wernicke encephalopathy in hyperemesis
    gravidarum, postpartum ovarian vein thrombosis, dapsone and amitriptyline overdoses; antisynthetase
    syndrome, pulmonary embolism in an adolescent, Takayasu arteritis, haemolytic anaemia evolving to
    lupus, toxic epidermal necrolysis), written by people who had not read the tables, measured on the
    head they were added to before any change for them (dc3d041): 665 of 820 (81.1%; 664 on the
    stop's starting head, dfe6752); after their review (British -paenia and naevi, macroscopic as
    gross; gastro-oesophageal reflux, obstetric ultrasound, pregnancy status) 671 of 820 (81.8%), the
    floor (data README round 48)."""
    assert len(ROUND48) == 15
    data = report([measure(p) for p in ROUND48])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 671, data["overall"]


ROUND49 = case_files([ROOT / "tests" / "generality" / "round49"])


def test_unseen_round49_coverage():
    """Fifteen cases from published reports (BRASH syndrome, prosthetic mitral valve thrombosis, high
    output heart failure from an arteriovenous fistula, obstructive hypertrophic cardiomyopathy, acute
    limb ischaemia; ileal Crohn disease with a fistula, autoimmune pancreatitis, leukopenic perforated
    appendicitis, gastric MANEC, metastatic pancreatic adenocarcinoma; babesiosis, disseminated
    histoplasmosis, Sydenham chorea, ADEM, psychogenic polydipsia), written by people who had not read
    the tables, measured on the head they were added to (b296af1): 507 of 643 (78.8%; the same on the
    stop's starting head, dfe6752); after their review (pulmonary valve disease, dyspnoea on effort,
    Sydenham chorea, septal myectomy, stress echocardiography, loop ileostomy, the intra-arterial
    route, the cardiac apex) 516 of 643 (80.2%), and 518 of 644 after round 52's, the floor (data
    README round 49)."""
    assert len(ROUND49) == 15
    data = report([measure(p) for p in ROUND49])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 518, data["overall"]


ROUND50 = case_files([ROOT / "tests" / "generality" / "round50"])


def test_unseen_round50_coverage():
    """Fifteen cases from published reports (biphasic anaphylaxis, sepsis after a dog bite, a 35 m
    fall, heat-induced acute liver failure, malignant hyperthermia; a Klebsiella liver abscess,
    peritoneal tuberculosis, vascular rejection of a kidney transplant, Kounis syndrome, common
    variable immunodeficiency; central precocious puberty, hypophosphataemic rickets, Meigs syndrome,
    imperforate hymen, osteomyelitis of the mandible), written by people who had not read the tables,
    measured on the stop's starting head before any change for them (09b2874): 430 of 597 (72.0%);
    after their review (a site said with a state's adjective, "swollen eyes"; spiking, cyclical and
    biphasic as narrowing words; rows) 451 of 599, and 452 after round 51's (data README round 50), the
    floor."""
    assert len(ROUND50) == 15
    data = report([measure(p) for p in ROUND50])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 452, data["overall"]


ROUND51 = case_files([ROOT / "tests" / "generality" / "round51"])


def test_unseen_round51_coverage():
    """Fifteen cases from published reports (pure motor Guillain-Barré syndrome, myasthenic crisis on
    pembrolizumab, multiple sclerosis with a hemicord lesion, varicella zoster encephalitis, choroidal
    neovascularisation after an intraocular foreign body; euglycaemic ketoacidosis on canagliflozin,
    Cushing disease, acute promyelocytic leukaemia with arterial thrombosis, non-secretory myeloma,
    atypical haemolytic uraemic syndrome; gastroschisis, a bleeding Meckel diverticulum, a Bezold
    abscess, childhood pustular psoriasis, bullous pemphigoid in an adolescent), written by people who
    had not read the tables, measured on the head they were added to before any change for them
    (17a9142): 512 of 687 (74.5%); after their review (a blood gas panel's components in its blood, a
    secondary cancer of a named bone, "-independent" and "frank" narrowing; rows) 529 of 687 (77.0%),
    the floor (data README round 51)."""
    assert len(ROUND51) == 15
    data = report([measure(p) for p in ROUND51])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 529, data["overall"]


ROUND52 = case_files([ROOT / "tests" / "generality" / "round52"])


def test_unseen_round52_coverage():
    """Fifteen cases from published reports (HELLP syndrome, delayed postpartum haemorrhage from a
    uterine artery pseudoaneurysm, testicular torsion, a ureteral calculus, urinary retention from a
    leiomyoma; severe asthma, a COPD exacerbation with pneumothorax, rheumatoid arthritis after
    COVID-19, lupus nephritis, microscopic polyangiitis; falciparum malaria, dengue, typhoid,
    leptospirosis, gastroenteritis in an infant), written by people who had not read the tables,
    measured on the head they were added to before any change for them (8b71f2c): 581 of 750 (77.5%);
    after their review (an examination's sign at a site, how a sign was found set aside, two drugs
    joined by "plus" or "with", protein fractions by their unit; rows) 597 of 750 (79.6%), the floor
    (data README round 52)."""
    assert len(ROUND52) == 15
    data = report([measure(p) for p in ROUND52])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 597, data["overall"]


ROUND53 = case_files([ROOT / "tests" / "generality" / "round53"])


def test_unseen_round53_coverage():
    """Fifteen cases from published reports (serotonin syndrome after an escitalopram overdose,
    neuroleptic malignant syndrome, bupropion and valproic acid overdoses, malignant catatonia; acute
    chest syndrome, acquired haemophilia A with lupus, immune thrombocytopenia after a vaccine, a
    bleeding duodenal varix, hepatitis E; a recurrent ventricular thrombus after STEMI, enterococcal
    endocarditis, myocarditis after a vaccine, anticholinergic delirium, unexplained falls), written by
    people who had not read the tables, measured on the head they were added to before any change for
    them (6323cef): 531 of 658 (80.7%); after their review (hepatitis A, Alzheimer's dementia,
    pulmonary thromboembolism, myalgia, elevated temperature) 536 of 658 (81.5%), the floor (data
    README round 53)."""
    assert len(ROUND53) == 15
    data = report([measure(p) for p in ROUND53])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 536, data["overall"]


ROUND54 = case_files([ROOT / "tests" / "generality" / "round54"])


def test_unseen_round54_coverage():
    """Fifteen cases from published reports (a subdural haematoma after spinal anaesthesia, shunt
    obstruction with proptosis, cauda equina syndrome, MRSA septic arthritis of the shoulder,
    exertional compartment syndrome; small cell lung cancer with SIADH, checkpoint-inhibitor
    hypophysitis, parameningeal rhabdomyosarcoma, renal lymphoblastic lymphoma, angiosarcoma of the
    scalp; carbon monoxide poisoning, a Ceylon krait bite, hypothermic cardiac arrest, PML and
    histoplasmosis with HLH in HIV), written by people who had not read the tables, measured on the
    head they were added to before any change for them (7172daf): 435 of 601 (72.4%); after their
    review (ICD-10-CM's "part unspecified" read as unsaid, "partial" and "end-expiratory" narrowing;
    rows) 445 of 601 (74.0%), the floor (data README round 54)."""
    assert len(ROUND54) == 15
    data = report([measure(p) for p in ROUND54])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 445, data["overall"]


ROUND55 = case_files([ROOT / "tests" / "generality" / "round55"])


def test_unseen_round55_coverage():
    """Fifteen cases from published reports (thyroid storm with a psoas abscess, hyperkalaemia from
    three drugs, a proinsulinoma, a phaeochromocytoma, rhabdomyolysis after an assault; a Dieulafoy
    lesion, a coeliac crisis, biliary ascariasis, rabies despite prophylaxis, acute Q fever; pyridoxine
    dependent epilepsy, OTC deficiency, kernicterus, Citrobacter koseri sepsis, alveolar capillary
    dysplasia), written by people who had not read the tables, measured on the head they were added to
    before any change for them (3b38c6a): 501 of 662 (75.7%); after their review (echography and USG
    as ultrasonography, "axial" and "clonic" narrowing; rows) 511 of 662 (77.2%), the floor (data
    README round 55)."""
    assert len(ROUND55) == 15
    data = report([measure(p) for p in ROUND55])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 511, data["overall"]


ROUND56 = case_files([ROOT / "tests" / "generality" / "round56"])


def test_unseen_round56_coverage():
    """Fifteen cases from published reports (a burn on an old burn scar, a hydrofluoric acid burn with
    cardiac arrest, Wernicke encephalopathy after a sleeve gastrectomy, malnutrition after a
    mini-gastric bypass, GPA masquerading as granulomatous mastitis; a delayed haemolytic transfusion
    reaction, a ruptured aortic aneurysm, cardiac tamponade, TACO, a type A dissection; Kawasaki
    disease, systemic JIA with tamponade, EBV-associated HLH, anorexia nervosa with SMA syndrome,
    cannabinoid hyperemesis), written by people who had not read the tables, measured on the head they
    were added to before any change for them (a433584): 490 of 659 (74.4%); after their review (a
    breast not said read as unsaid, white cells' shares paired with their counts; rows) 499 of 659
    (75.7%), the floor (data README round 56)."""
    assert len(ROUND56) == 15
    data = report([measure(p) for p in ROUND56])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 499, data["overall"]


ROUND57 = case_files([ROOT / "tests" / "generality" / "round57"])


def test_unseen_round57_coverage():
    """Fifteen cases from published reports (a ruptured ovarian pregnancy, ovarian torsion in
    pregnancy, a molar pregnancy with hyperthyroidism, HLA-B27 anterior uveitis, endogenous
    endophthalmitis; Vibrio necrotising fasciitis, Pasteurella meningitis, Acinetobacter pneumonia,
    H1N1 ARDS on ECMO, pneumococcal purpura fulminans; moyamoya disease, vertebral artery dissection,
    traumatic intracranial hypotension, postpartum cerebral angiopathy, NMOSD), written by people who
    had not read the tables, measured on the head they were added to before any change for them
    (50db588): 534 of 695 (76.8%); after their review ("arterial" narrowing; rows) 541 of 695 (77.8%),
    the floor (data README round 57)."""
    assert len(ROUND57) == 15
    data = report([measure(p) for p in ROUND57])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 541, data["overall"]


ROUND58 = case_files([ROOT / "tests" / "generality" / "round58"])


def test_unseen_round58_coverage():
    """Fifteen cases from published reports (thiazide hyponatraemia, hypokalaemic periodic paralysis,
    critical iron deficiency anaemia, idiopathic pulmonary arterial hypertension, Lyme carditis with
    heart block; intussusception from an inverted Meckel diverticulum, a button battery in the
    oesophagus, croup with SARS-CoV-2, bilateral peritonsillar abscesses, a parapharyngeal abscess;
    Stevens-Johnson syndrome without skin lesions, Lyme carditis with sinus bradycardia, herpes
    zoster, cat scratch disease, secondary syphilis), written by people who had not read the tables,
    measured on the head they were added to before any change for them (0d222a3): 365 of 497 (73.4%);
    after their review ("paroxysmal" narrowing; rows) 370 of 497 (74.4%), the floor (data README
    round 58)."""
    assert len(ROUND58) == 15
    data = report([measure(p) for p in ROUND58])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 370, data["overall"]


ROUND59 = case_files([ROOT / "tests" / "generality" / "round59"])


def test_unseen_round59_coverage():
    """Fifteen cases from published reports (Brugada syndrome with ventricular fibrillation, aortic
    valve endocarditis by Enterococcus casseliflavus, takotsubo cardiomyopathy, thyrotoxic heart
    failure with atrial fibrillation, torsades de pointes on methadone; Dravet syndrome after hypoxic
    ischaemic encephalopathy, tumefactive multiple sclerosis, Miller Fisher syndrome without ataxia,
    dyskinesia-hyperpyrexia syndrome, stiff-person syndrome; meningococcal meningitis with
    intraventricular pus, MSSA osteomyelitis of the tibia, Kawasaki disease shock syndrome, Mycoplasma
    necrotising pneumonia, pneumococcal empyema with haemolytic uraemic syndrome), written by people
    who had not read the tables, measured on the head they were added to before any change for them
    (139ab2a): 505 of 635 (79.5%); after their review ("non-epileptic" no narrowing word, rows) 521 of
    635 (82.0%), the floor (data README round 59)."""
    assert len(ROUND59) == 15
    data = report([measure(p) for p in ROUND59])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 521, data["overall"]


ROUND60 = case_files([ROOT / "tests" / "generality" / "round60"])


def test_unseen_round60_coverage():
    """Fourteen cases from published reports (necrotising pancreatitis with abdominal compartment
    syndrome, a caecal Dieulafoy lesion, Crohn's disease as an ileocaecal mass, acute severe
    ulcerative colitis; diabetic ketoacidosis with hypertriglyceridaemic pancreatitis, thyroid storm
    with chorea, adrenal crisis from bilateral adrenal haemorrhage, pituitary apoplexy, acromegaly;
    late intermediate syndrome after organophosphate poisoning, Kounis syndrome after bee stings,
    delayed haemopericardium after a stab wound, a floating knee with fat embolism, delayed
    haemothorax after rib fractures; a fifteenth, hepatic hydrothorax, repeated round 47's report and
    was left out), written by people who had not read the tables, measured on the head they were
    added to before any change for them (139ab2a): 463 of 613 (75.5%); after their review (rows,
    sited wounds) 473 of 613 (77.2%), the floor (data README round 60)."""
    assert len(ROUND60) == 14
    data = report([measure(p) for p in ROUND60])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 473, data["overall"]


ROUND61 = case_files([ROOT / "tests" / "generality" / "round61"])


def test_unseen_round61_coverage():
    """Fourteen cases from published reports (anti-GBM disease, membranous nephropathy with renal vein
    thrombosis, Gitelman syndrome with liquorice, aciclovir-induced acute kidney injury;
    pneumomediastinum in acute asthma, farmer's lung, massive pulmonary embolism with a right atrial
    thrombus, sarcoidosis, catamenial pneumothorax; ABO haemolytic disease of the newborn, RSV
    bronchiolitis, coarctation of the aorta in cardiogenic shock, neonatal Bartter syndrome, cystic
    fibrosis with failure to thrive; a fifteenth, hypermagnesaemia from milk of magnesia, repeated
    round 39's report and was left out), written by people who had not read the tables, measured on
    the head they were added to before any change for them (42e656f): 464 of 579 (80.1%); after
    their review (rows) 471 of 579 (81.3%), the floor (data README round 61)."""
    assert len(ROUND61) == 14
    data = report([measure(p) for p in ROUND61])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 471, data["overall"]


ROUND62 = case_files([ROOT / "tests" / "generality" / "round62"])


def test_unseen_round62_coverage():
    """Fifteen cases from published reports (thrombotic thrombocytopenic purpura as a stroke mimic,
    sickle cell disease with COVID-19 ARDS, acquired haemophilia A, acute promyelocytic leukaemia,
    acute myelomonocytic leukaemia with gum hypertrophy; pulmonary tuberculosis, progressive
    multifocal leukoencephalopathy, Candida auris fungaemia, severe babesiosis, hepatic cystic
    echinococcosis; DRESS, lupus with pulmonary embolism, granulomatosis with polyangiitis, pemphigus
    vulgaris, generalised pustular psoriasis), written by people who had not read the tables,
    measured on the head they were added to before any change for them (42e656f): 491 of 645
    (76.1%); after their review (electrolyte words narrow, rows) 499 of 645 (77.4%), the floor (data
    README round 62)."""
    assert len(ROUND62) == 15
    data = report([measure(p) for p in ROUND62])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 499, data["overall"]


ROUND63 = case_files([ROOT / "tests" / "generality" / "round63"])


def test_unseen_round63_coverage():
    """Fourteen cases from published reports (presumed tuberculous uveitis, fatal orbital cellulitis,
    masked mastoiditis with lateral sinus thrombosis, recurrent sudden hearing loss, bilateral optic
    neuritis; previable eclampsia, postpartum pre-eclampsia with pulmonary oedema, a uterine artery
    pseudoaneurysm, bilateral dermoid torsion in pregnancy; a complex febrile seizure, MERS with a
    splenial lesion, viral myocarditis in shock, long QT syndrome type 3, supraventricular
    tachycardia in a febrile infant; a fifteenth, a ruptured ovarian pregnancy, repeated round 57's
    report and was left out), written by people who had not read the tables, measured on the head
    they were added to before any change for them (4381efa): 478 of 622 (76.8%); after their review
    (rows, routes) 486 of 622 (78.1%), the floor (data README round 63)."""
    assert len(ROUND63) == 14
    data = report([measure(p) for p in ROUND63])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 486, data["overall"]


ROUND64 = case_files([ROOT / "tests" / "generality" / "round64"])


def test_unseen_round64_coverage():
    """Fifteen cases from published reports (cefepime neurotoxicity, a sternal fracture after a fall,
    serotonin syndrome from sertraline and linezolid, hyponatraemia of 98 mmol/L with adrenal crisis,
    syncope from infra-His block; fatal pyonephrosis, fornix rupture from a ureteral stone, a
    lymphocele and a renal artery stenosis after kidney transplantation, testicular torsion; dengue
    encephalitis, severe falciparum malaria with acute kidney injury, typhoid fever, Weil's disease,
    scrub typhus), written by people who had not read the tables, measured on the head they were
    added to before any change for them (4381efa): 580 of 735 (78.9%); after their review (rows,
    travel history) 589 of 735 (80.1%), the floor (data README round 64)."""
    assert len(ROUND64) == 15
    data = report([measure(p) for p in ROUND64])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 589, data["overall"]


ROUND65 = case_files([ROOT / "tests" / "generality" / "round65"])


def test_unseen_round65_coverage():
    """Fourteen cases from published reports (purulent pericarditis with tamponade, aortic dissection
    presenting as a stroke, rheumatic mitral stenosis, coarctation with a bicuspid valve, a secundum
    atrial septal defect; Miller Fisher syndrome with hyponatraemia, ocular myasthenia after
    thymectomy, herpes simplex encephalitis, spontaneous intracranial hypotension; pertussis with
    pulmonary hypertension, meningococcaemia, a renal abscess, measles encephalitis, an
    intussuscepted Meckel diverticulum; a fifteenth, a stroke treated by thrombolysis and
    thromboaspiration, repeated round 42's report and was left out), written by people who had not
    read the tables, measured on the head they were added to before any change for them (d365245):
    501 of 656 (76.4%), one code withdrawn in review ("problems with walking" read as *Problem*);
    after their review 511 of 656 (77.9%), the floor (data README round 65)."""
    assert len(ROUND65) == 14
    data = report([measure(p) for p in ROUND65])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 511, data["overall"]


ROUND66 = case_files([ROOT / "tests" / "generality" / "round66"])


def test_unseen_round66_coverage():
    """Fourteen cases from published reports (Enterococcus hirae endocarditis, chronic meningococcal
    meningitis, necrotising fasciitis, brucellar discitis, peroneal palsies after COVID-19; late
    pembrolizumab pneumonitis, colon cancer found by iron deficiency, lymphoma with HLH, spontaneous
    tumour lysis, small-cell lung cancer with hypercalcaemia; H1N1 ARDS on ECMO, malignant
    hyperthermia, rocuronium anaphylaxis, NORSE; a fifteenth repeated a report of round 57 and was
    left out), written by people who had not read the tables, measured on the head they were added to
    before any change for them (d365245): 483 of 613 (78.8%), one code withdrawn in review (a
    "progressive disease" response as *Disease*); after their review 482 of 613 (78.6%), the floor
    (data README round 66)."""
    assert len(ROUND66) == 14
    data = report([measure(p) for p in ROUND66])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 482, data["overall"]


ROUND67 = case_files([ROOT / "tests" / "generality" / "round67"])


def test_unseen_round67_coverage():
    """Fifteen cases from published reports (Stevens-Johnson syndrome with Mycoplasma, Aeromonas
    cellulitis, disseminated zoster on methotrexate, urticaria with COVID-19 pneumonia, Merkel cell
    carcinoma; paracetamol hepatotoxicity in a toddler, lithium heart block, catatonia in lupus,
    neuroleptic malignant syndrome on clozapine, NMS or malignant catatonia on haloperidol; pyloric
    stenosis in a toddler, a hepatic abscess from appendicitis, late-onset necrotising enterocolitis,
    duodenal atresia, Hirschsprung disease), written by people who had not read the tables, measured
    on the head they were added to before any change for them (01930b4): 426 of 554 (76.9%), one of
    them an observation's body site cut to its first site ("trunk" of "trunk and extremities", a
    fault since mended: Observation.bodySite takes one site, so joined sites stay whole words); after
    their review 425 of 554, the floor (data README round 67)."""
    assert len(ROUND67) == 15
    data = report([measure(p) for p in ROUND67])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 425, data["overall"]


ROUND68 = case_files([ROOT / "tests" / "generality" / "round68"])


def test_unseen_round68_coverage():
    """Fifteen cases from published reports (thyroid storm with a perforated ulcer, a parathyroid
    adenoma with hypercalcaemic encephalopathy, phaeochromocytoma, a cortisol-secreting adrenal
    adenoma, hyponatraemia from a partially empty sella; liver injury from aloe vera, fulminant
    hepatitis A, cholangitis from a periampullary diverticulum, coeliac osteomalacia, a bleeding
    duodenal ulcer with coil migration; multifocal septic arthritis, sternoclavicular gout, calcaneal
    osteomyelitis, giant cell arteritis, ankylosing spondylitis), written by people who had not read
    the tables, measured on the head they were added to before any change for them (01930b4): 538 of
    707 (76.1%); after their review (rows, sited disorders) 540 of 707 (76.4%), the floor (data
    README round 68)."""
    assert len(ROUND68) == 15
    data = report([measure(p) for p in ROUND68])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert data["overall"]["coded"] >= 540, data["overall"]


# Rounds 69 onwards (stops 43 to 45): cases written by people who had not read the tables, each
# round measured on the head it was added to before any change made for it (first sight), then
# reviewed; the floor is the count after review. What each round's cases are and what its review
# added: the data README's "Unseen published cases, rounds ..." sections. Columns: round, cases, head,
# coded at first sight, concepts, floor.
UNSEEN_ROUNDS = [
    (69, 15, "68a32c6", 518, 648, 536),
    (70, 14, "68a32c6", 535, 682, 556),
    (71, 15, "31fba73", 486, 634, 493),
    (72, 15, "3d23565", 464, 591, 467),
    (73, 15, "3d23565", 426, 520, 433),
    (74, 15, "01ea91f", 468, 584, 468),
    (75, 15, "01ea91f", 364, 496, 365),
    (76, 15, "a8e3213", 404, 532, 409),
    (77, 15, "a8e3213", 456, 574, 459),
    (78, 15, "a9331d2", 562, 701, 569),
    (79, 15, "a9331d2", 496, 649, 500),
    (80, 15, "a36bfe4", 437, 575, 438),
    (81, 15, "a36bfe4", 371, 497, 374),
    (82, 15, "65da543", 413, 501, 417),
    (83, 15, "65da543", 434, 549, 435),
    (84, 15, "62ae762", 467, 629, 490),
    (85, 15, "62ae762", 416, 548, 430),
    (86, 15, "51fa5f7", 416, 553, 420),
    (87, 15, "51fa5f7", 392, 579, 404),
    (88, 15, "2e9fc40", 417, 569, 422),
    (89, 15, "2e9fc40", 474, 618, 483),
    (90, 15, "83cd2b8", 464, 620, 469),
    (91, 15, "83cd2b8", 482, 599, 487),
    (92, 15, "4e8bc17", 422, 555, 424),
    (93, 15, "4e8bc17", 506, 661, 509),
    (94, 15, "a0d31d4", 464, 577, 465),
    (95, 15, "a0d31d4", 373, 491, 374),
    (96, 15, "995f71c", 536, 709, 543),
    (97, 15, "995f71c", 415, 547, 423),
    (98, 15, "2bb31ac", 501, 642, 503),
    (99, 15, "2bb31ac", 448, 563, 449),
    (100, 15, "59b20c4", 422, 578, 425),
    (101, 15, "59b20c4", 417, 518, 419),
    (102, 15, "7459db4", 556, 726, 558),
    (103, 15, "7459db4", 437, 556, 438),
    (104, 14, "2f845ad", 517, 646, 520),
    (105, 11, "2f845ad", 294, 387, 296),
    (106, 15, "4276161", 356, 481, 372),
    (107, 15, "4276161", 437, 611, 451),
    (108, 15, "4276161", 455, 629, 471),
    (109, 15, "4276161", 302, 436, 318),
    (110, 15, "4276161", 504, 652, 518),
    (111, 15, "4276161", 522, 700, 526),
    (112, 15, "4276161", 492, 632, 499),
    (113, 15, "4276161", 441, 616, 448),
    (114, 15, "4276161", 476, 641, 482),
    (115, 15, "4276161", 388, 491, 397),
    (116, 15, "4276161", 520, 677, 535),
    (117, 15, "4276161", 445, 585, 457),
    (118, 15, "4276161", 415, 553, 422),
    (119, 15, "4276161", 394, 529, 404),
    (120, 15, "4276161", 502, 649, 512),
    (121, 15, "4276161", 401, 520, 407),  # 408 until a "secondary" disorder stopped taking the plain code
    (122, 15, "4276161", 367, 495, 370),
    (123, 15, "4276161", 424, 561, 444),
    (124, 10, "4276161", 369, 477, 372),
    (125, 25, "94d08ab", 722, 910, 729),
    (126, 20, "94d08ab", 742, 945, 753),
    (127, 20, "4dcc672", 511, 664, 518),
    (128, 20, "4dcc672", 598, 802, 607),
    (129, 20, "f68b27d", 662, 890, 670),
    (130, 20, "f68b27d", 572, 801, 577),
    (131, 20, "053c897", 642, 834, 648),
    (132, 20, "053c897", 648, 854, 654),
    (133, 20, "053c897", 646, 839, 647),
    (134, 20, "053c897", 675, 808, 680),
    (135, 20, "6e81138", 611, 778, 616),
    (136, 20, "6e81138", 615, 796, 619),
    (137, 19, "3317fe6", 660, 800, 663),
    (138, 20, "3317fe6", 586, 796, 590),
    (139, 20, "7613d5a", 625, 893, 627),
    (140, 20, "7613d5a", 532, 729, 536),
    (141, 40, "f7f1350", 1256, 1608, 1272),
    # measured with ICD-10-CM's alphabetic index in the working tree (f7f1350 gave 1172), not made for it
    (142, 40, "f7f1350+index", 1175, 1499, 1182),
    (143, 39, "352d583", 971, 1264, 972),
    (144, 40, "0dc4e98", 1155, 1517, 1157),
    (145, 40, "d4be5f8", 1136, 1475, 1136),
    (146, 40, "d4be5f8", 1206, 1584, 1206),
    (147, 40, "d4be5f8", 996, 1299, 996),
    (148, 40, "9d28abb", 867, 1179, 867),
    # 1,259 at first sight, two of them a cancer response's codes on aplastic anaemia, withdrawn as wrong
    (149, 40, "45f1366", 1257, 1628, 1263),
    (150, 39, "ddecaee", 1157, 1459, 1162),
    (151, 40, "25bf898", 983, 1321, 989),
    (152, 40, "b328c4f", 1041, 1352, 1055),
    (153, 40, "6061723", 1097, 1410, 1099),
    (154, 40, "31dd93d", 1474, 2018, 1487),
    (155, 40, "e1bd5de", 1821, 2575, 1841),
    (156, 40, "20537c6", 1392, 2030, 1423),
    (157, 40, "4a4bc69", 1654, 2407, 1681),
    (158, 40, "4a65aad", 1351, 1839, 1361),
    (159, 40, "5864eff", 1204, 1729, 1219),
    (160, 40, "445ae49", 1434, 1933, 1446),
    (161, 40, "eab29ee", 1256, 1778, 1293),
    (162, 40, "9ed2a91", 1230, 1727, 1238),
    (163, 40, "38bd376", 1231, 1732, 1248),
    (164, 40, "3394620", 1151, 1665, 1156),
    (165, 40, "59c0f3c", 1130, 1541, 1139),
    # 1,208 and 1,254 after their reviews; stop 51's audit of their codes withdrew five wrong ones (data
    # README, "A second reader's audit"), and the VSAC procedure table was withdrawn (three more)
    (166, 40, "5338804", 1194, 1722, 1205),
    (167, 40, "6df1ecf", 1247, 1777, 1251),
    (168, 35, "1ac5268", 1052, 1451, 1055),
    # first sight only (stop 51), no review yet: 1,128 at a664265 with the VSAC procedure table, 1,127
    # without it (withdrawn before any change made for the round)
    (169, 40, "a664265", 1127, 1619, 1127),
    # first sight at stop 52; its review's rows and readings, and the audit's mends, 1,101
    (170, 40, "487b3b2", 1090, 1578, 1103),
    # first sight at stop 52 (943 at aab0f3c); 956 of 1,410 after its audit
    (171, 40, "aab0f3c", 943, 1412, 956),
    # first sight at stop 52; its first readings (a newborn's disorder named plainly, sustained,
    # monomorphic, first-trimester, maintenance) and rows, 848
    (172, 38, "d928529", 842, 1249, 848),
    # first sight at stop 53, on 84c88b5; after the stop's readings (pathology studies, immune stains,
    # stenting and repair at a site) and its audit's mends (data README, rounds 173 to 175)
    (173, 40, "84c88b5", 1131, 1610, 1145),
    (174, 40, "84c88b5", 1017, 1566, 1033),
    (175, 30, "84c88b5", 962, 1339, 965),
    # first sight on c99d283 (stop 53) before any change made for it: 906; its audit withdrew three
    # wrong codes that were a concept's only code (I77.2 for a traumatic rupture, R58 twice for a bleeding
    # at a site), so 903 is first sight without them; then a cancer of a part named with its organ's
    # adjective ("pancreatic body") and the acoustic neurinoma
    (176, 33, "c99d283", 903, 1229, 905),
    # first sight on 03d26e8 (stop 53), before any change made for it; its audit's mends (a fungus in a
    # blood culture, an exclusion "with" another condition of the case) left it at 1,028
    (177, 40, "03d26e8", 1028, 1491, 1028),
    # first sight on bd662be (stop 54), before any change made for it; then a variant named by its
    # gene (genetic variant assessment with the gene studied) and the tumour size rows; its audit's
    # mends (no placental code for a choriocarcinoma of the kidney, the single metanephrine) and the
    # retroperitoneum and pulmonary trunk as body sites
    (178, 40, "bd662be", 1081, 1572, 1093),
    # first sight on 74a888a (stop 54), before any change made for it: 942 of 1,363; its audit withdrew
    # two wrong codes (M95.2 *acquired* deformity for a congenital syndrome's, F81.9 *developmental*
    # learning disorder for an adult's), so the first sight kept here is 940
    (179, 35, "74a888a", 940, 1363, 940),
    # first sight on 8b238c2 (stop 54), before any change made for them: round 180 794 of 1,087, round
    # 181 987 of 1,415. Round 180's audit withdrew three codes that were their concepts' only ones (N85.5
    # for a postpartum uterine inversion, R57.0 for an obstetric shock, Stevens-Johnson syndrome for
    # "SjS", Sjögren's), so its first sight kept here is 793; round 181 gained the drug levels and the
    # imaging and operative findings' rows
    # (stop 56: a newborn's birth weight and Apgar score on its mother's record are text, 792; stop 57:
    # K82.2, the nontraumatic perforation, not written for a gallbladder ruptured in a case of injury, 791)
    # (stop 57: "renal function" alone is no *Renal function 2000 panel*: three values of the round, 788)
    (180, 25, "8b238c2", 788, 1087, 788),
    (181, 35, "8b238c2", 987, 1415, 993),
    # first sight on 21b9035 (stop 54), before any change made for it: 960 of 1,386; its audit withdrew
    # C80.1 (of unstated site) from a "malignancy" of the left breast, its only code, so 959 here
    (182, 40, "21b9035", 959, 1386, 959),
    # first sight on 8c6071a (stop 55), before any change made for it: 1,011 of 1,374
    (183, 40, "8c6071a", 1011, 1374, 1041),
    # first sight on 8c6071a (stop 55), before any change made for it: 825 of 1,238
    # (stop 57: "renal function" alone is no *Renal function 2000 panel*, 835)
    (184, 35, "8c6071a", 825, 1238, 835),
    # first sight on 37ddee0 (stop 55), before any change made for them: 1,857 of 2,536 and 1,528 of 2,039;
    # round 186's audit mends withdrew three concepts' only codes (C83.30 and R10.829, each of an
    # unspecified site the case gives; *Unable to walk* for a man who walks with a stick), so 1,526 there
    # (stop 56: two newborns' birth weights on their mothers' records are text, 1,857 in round 185; a
    # breast swelling at a breast the case gives is no N63.0 *... unspecified breast*, 1,525 in 186)
    (185, 40, "37ddee0", 1857, 2536, 1857),
    (186, 40, "37ddee0", 1525, 2039, 1525),
    # first sight on 48ecb2d (stop 55), before any change made for it: 1,221 of 1,742; its audit's mends
    # (stop 56) withdrew eleven concepts' only codes: a newborn's birth weight and Apgar scores on the
    # mother's record, K66.0 beside the obstruction its band caused, K65.0 due to an appendicitis, N63.0
    # at a breast of a given side (twice), H05.9 for an inflammatory disease, R53.1 for a weakness of the
    # legs, R14.0 for a distension due to a small bowel obstruction: 1,210
    (187, 40, "48ecb2d", 1210, 1742, 1210),
    # first sight on 012ba5e (stop 56), before any change made for it: 945 of 1,271; the rows and
    # readings of round 187's audit (stop 56) and its audit's mend ("pseudotumor" alone is no G93.2)
    (188, 30, "012ba5e", 945, 1271, 949),
    # first sight on 269126a (stop 56), before any change made for it: 1,069 of 1,495; its audit's mends
    # withdrew five concepts' only codes (A01.00 for an enteric fever, I73.9 for a brain's microangiopathy,
    # a test of presence for a proteinuria "reduced", "worsened", "decreased"), and the molar twins coded
    # an ACTH and an aldosterone in pmol/L: 1,066
    # (stop 57: "renal function" alone is no *Renal function 2000 panel*, 1,065)
    (189, 40, "269126a", 1065, 1495, 1065),
    # first sight on a1380e6 (stop 56), before any change made for it: 1,118 of 1,613; then the kinds of
    # external beam radiotherapy and its audit's mends (no G44.53 *Primary* thunderclap headache; stop 57:
    # no I51.2 for a papillary muscle ruptured in a case of chest trauma)
    (190, 40, "a1380e6", 1118, 1613, 1121),
    # first sight on 5f80239 (stop 57), before any change made for it: 1,033 of 1,493
    (191, 40, "5f80239", 1033, 1493, 1033),
    # first sight on 20d2c48 (stop 57), before any change made for it: 976 of 1,329; its audit's mends
    # withdrew four concepts' only codes: the *Renal function 2000 panel* for "renal function" (twice),
    # C43.9 (skin) for a melanoma in the liver, J98.4 for a "metastatic lung disease": 972
    (192, 35, "20d2c48", 972, 1329, 972),
    # first sight on fb55145 (stop 57), before any change made for it: 1,043 of 1,456; then a modified
    # regimen read as its regimen ("mFOLFOX4": six more concepts) and its audit's mends (a lipid profile
    # is the Lipid 1996 panel; no N06.20 beside a nephrotic syndrome, no C79.51/C78.7 for a carcinoid's
    # metastases, no N32.1 for a newborn's fistula): 1,048 of 1,462
    (193, 40, "fb55145", 1043, 1456, 1048),
    # first sight on 1d8a242 (stop 58), before any change made for it: 1,114 of 1,537; then RxNorm's own
    # ingredient list (caspofungin, entecavir ...) and its audits' mends (no H02.529 for a blepharophimosis
    # due to an amniotic band syndrome, which withdrew that concept's only code): 1,114
    (194, 40, "1d8a242", 1114, 1537, 1114),
    # first sight on 9d0e72e (stop 58), before any change made for it: 1,029 of 1,461; then CMF read as
    # its three drugs, "microphthalmia" as the index's other spelling of Q11.2 and its audits' mends (no
    # I77.6 for an arteritis of the aortic arch, no C78.7 for a pancreatic NET's liver metastases): 1,034
    # of 1,464
    (195, 40, "9d0e72e", 1029, 1461, 1034),
    # first sight on b8f5eae (stop 58), before any change made for it: 490 of 665 (the cases of three
    # writers of eight; the others had not finished)
    (196, 15, "b8f5eae", 490, 665, 490),
    # first sight on 5543a84 (stop 58): 278 of 390, the ten cases of two writers of round 196 that
    # finished after it was measured
    (197, 10, "5543a84", 278, 390, 278),
]


@pytest.mark.parametrize("rnd,cases,head,first,total,floor", UNSEEN_ROUNDS,
                         ids=[f"round{r[0]}" for r in UNSEEN_ROUNDS])
def test_unseen_rounds_coverage(rnd: int, cases: int, head: str, first: int, total: int,
                                          floor: int) -> None:
    """Each round's files convert without error and keep at least the coverage their review reached
    (first sight at `head`: `first` of `total`)."""
    files = case_files([ROOT / "tests" / "generality" / f"round{rnd}"])
    assert len(files) == cases
    data = report([measure(p) for p in files])
    assert not [f["file"] for f in data["files"] if f["error"]]
    assert first <= floor <= data["overall"]["coded"], (head, total, data["overall"])
