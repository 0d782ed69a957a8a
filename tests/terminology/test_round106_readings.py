"""Words of the case reports of rounds 106 onwards (specialties listed in the data README's "Unseen
published cases" sections), written by people who had not read the tables: the rows and readings
their review added. The narrowing words are tested with the others in test_round69_readings.py."""

from __future__ import annotations

import pytest

from tests.terminology.known import matched as codes
from tests.terminology.known import one_item


@pytest.mark.parametrize("kind,term,expected", [
    ("condition", "juvenile Huntington disease", ["230299004", "G10"]),
    ("condition", "juvenile-onset Huntington's disease", ["230299004", "G10"]),
    ("condition", "motor tics", ["F95.9"]),  # Tic NOS
    ("condition", "difficulty in speech", ["29164008", "R47.9"]),
    ("condition", "speech difficulty", ["29164008", "R47.9"]),
    ("condition", "disturbance of balance", ["387603000"]),
    ("condition", "hypoglossal nerve palsy", ["G52.3"]),
    ("condition", "malignant meningioma", ["C70.9"]),
    ("condition", "Shoshin beriberi", ["E51.12"]),  # an inclusion term of Wet beriberi
    ("condition", "Bitot spots", ["246871006"]),
    ("condition", "tunnel vision", ["1151008"]),
    ("condition", "lower limb paraesthesiae", ["429783005"]),
    ("condition", "hypertonia", ["56731001"]),  # Increased muscle tone
    ("condition", "tingling sensation", ["91019004"]),
    ("condition", "lightning injury", ["38577009", "T75.00XA"]),
    ("condition", "high altitude pulmonary oedema", ["T70.29XA"]),
    ("condition", "high altitude illness", ["T70.20XA"]),
    ("condition", "coxalgia", ["49218002"]),
    ("condition", "febrile episodes", ["386661006", "R50.9"]),
    ("condition", "TNF receptor-associated periodic syndrome", ["M04.1"]),
    ("condition", "dermatofibrosarcoma protuberans", ["C44.99"]),
    ("condition", "de Quervain's tenosynovitis", ["21794005", "M65.4"]),
    ("condition", "De Quervain's syndrome", ["21794005", "M65.4"]),  # not E34.51's old eponym
    ("condition", "flexor tenosynovitis of the finger", ["202912006"]),
    ("condition", "flexor tenosynovitis", ["67801009"]),
    ("condition", "colonic perforation", ["K63.1"]),
    ("condition", "minimal change nephrotic syndrome", ["N04.0"]),
    ("condition", "lactational mastitis", []),  # O91.23 says nonpurulent, which the words do not
    ("condition", "flexor spasms", []),  # an infant's epileptic spasms, not a muscle spasm
    ("condition", "mastalgia", ["53430007", "N64.4"]),
    ("condition", "breast mass", ["89164003"]),
    ("condition", "transfusional iron overload", ["E83.111"]),
    ("condition", "disseminated intravascular coagulopathy", ["67406007", "D65"]),
    ("condition", "HIV positivity", ["86406008"]),
    # rounds 108, 110 and 111
    ("condition", "skin metastases", ["C79.2"]),
    ("condition", "Charcot arthropathy", []),  # A52.16 is the tabetic one; a Charcot foot is as often diabetic
    ("condition", "floaters", ["162278001"]),
    ("condition", "speech impairment", ["29164008", "R47.9"]),
    ("condition", "Lambert-Eaton myasthenic syndrome", ["56989000", "G70.80"]),
    ("condition", "sixth cranial nerve paresis", ["398760006"]),
    ("condition", "heart palpitations", ["80313002", "R00.2"]),
    ("condition", "mental confusion", ["286933003"]),
    ("condition", "congenitally corrected transposition of the great arteries", ["Q20.5"]),
    ("condition", "left anterior superior hemiblock", ["37760005", "I44.4"]),
    ("medication", "actinomycin D", ["64127001", "3100"]),  # RxNorm dactinomycin
    ("observation", "pro-BNP", ["33762-6"]),
    # rounds 109 and 112
    ("condition", "hoarseness of voice", ["50219008", "R49.0"]),
    ("condition", "increased appetite", ["102608004"]),
    ("condition", "hypersexual behaviour", ["73744004"]),
    ("condition", "excessive sleep", ["77692006", "G47.10"]),
    ("condition", "impaired hearing", ["15188001", "H91.90"]),
    ("condition", "COVID pneumonitis", ["882784691000119100"]),
    ("condition", "eosinophilic pneumonia", []),  # no pneumonia of infection: not read as one
    ("observation", "Epworth Sleepiness Scale score", ["708735004"]),
    ("observation", "lactic acid dehydrogenase", ["2532-0"]),
    # rounds 113 and 114
    ("condition", "hypoglycaemic episodes", ["302866003", "E16.2"]),
    ("condition", "cervical lymph node enlargement", ["127086001"]),
    ("condition", "T-cell lymphoblastic lymphoma", ["C83.50"]),  # Lymphoblastic T-cell lymphoma
    ("condition", "tuberculous pleural effusion", ["A15.6"]),
    ("condition", "superior sagittal sinus thrombosis", ["192759008"]),
    ("condition", "cerebral venous thrombosis", []),  # a cortical vein's too: no sinus said
    ("condition", "laryngospasm", ["J38.5"]),
    ("condition", "agitation and restlessness", ["274647009", "R45.1"]),
    # round 115
    ("condition", "sacral pressure ulcer", ["225562005", "L89.159"]),
    ("condition", "unstageable pressure injury", ["L89.95"]),
    ("condition", "immobility", ["102491009"]),
    ("condition", "bedbound", []),  # bedridden is a status of its own (Z74.01)
    ("medication", "tricyclic antidepressant", ["33219003"]),
    ("medication", "chlorimipramine", ["2597"]),
    # round 116
    ("condition", "cranial nerve VII palsy", ["280816001"]),
    ("condition", "cranial nerve IX palsy", ["G52.1"]),
    ("condition", "cranial nerve X palsy", ["G52.2"]),
    ("condition", "oculomotor nerve palsy", ["H49.00"]),
    ("condition", "intracerebral abscess", ["60404007", "G06.0"]),
    ("condition", "amatoxin poisoning", ["T62.0X1A"]),
    ("condition", "jellyfish sting", ["T63.621A"]),
    ("observation", "glutamate-pyruvate transaminase", ["1742-6"]),
    ("observation", "glutamate-oxaloacetate transaminase", ["1920-8"]),
    # round 117
    ("condition", "passage of blood per rectum", ["12063002"]),
    ("condition", "solitary rectal ulcer syndrome", ["K62.6"]),  # Solitary ulcer of anus and rectum
    ("condition", "perforation of the transverse colon", ["K63.1"]),
    ("condition", "cryptogenic liver cirrhosis", ["89580002", "K74.69"]),
    ("condition", "distended abdomen", ["R14.0"]),
    ("procedure", "flexible sigmoidoscopy", ["24420007"]),
    ("procedure", "end ileostomy", ["173977007"]),
    ("medication", "ispaghula husk", ["8928"]),
    # rounds 118 and 119
    ("condition", "gait difficulty", ["22325002"]),
    ("condition", "pneumococcal pneumonia", ["J13"]),
    ("condition", "catheter-related blood stream infection", ["T80.211A"]),
    ("condition", "periprosthetic joint infection", ["213121005", "T84.50XA"]),
    ("condition", "surgical site infection", ["T81.40XA"]),
    ("condition", "triple vessel disease", ["233817007"]),
    ("condition", "cephalohematoma", ["P12.0"]),
    ("condition", "grade 1 germinal matrix hemorrhage", ["P52.0"]),  # Bleeding into germinal matrix
    ("condition", "chromoblastomycosis", ["B43.9"]),
    ("condition", "tuberculosis verrucosa cutis", ["A18.4"]),
    ("condition", "renal transplant recipient", ["Z94.0"]),
    ("finding", "Sporothrix schenckii", ["32662000"]),
    ("procedure", "fiberoptic bronchoscopy", ["10847001"]),
    # rounds 120 and 121
    ("condition", "influenza B virus infection", ["24662006"]),
    ("condition", "crusted scabies", ["128869009", "B86"]),
    ("condition", "cold sores", ["1475003", "B00.1"]),
    ("condition", "upper airway infection", ["54150009"]),
    ("condition", "lump in the neck", ["299703001"]),
    ("condition", "neck swelling", ["301777002", "R22.1"]),  # its own concept, not the mass of neck; R22.1 by the index
    ("condition", "polypnoea", ["271823003", "R06.82"]),
    ("condition", "intracranial abscess", ["G06.0"]),  # epidural and subdural too: not only the brain's
    ("observation", "CD4+ T lymphocyte count", ["24467-3"]),
    ("procedure", "Helicobacter pylori eradication therapy", ["281897000"]),
    ("procedure", "bone densitometry", ["241686001"]),
    # round 122
    ("observation", "International Prostate Symptom Score", ["428433009"]),
    ("procedure", "retropubic prostatectomy", ["176258007"]),  # Open prostatectomy
    ("procedure", "flexible cystoscopy", ["386745004"]),
    # rounds 123 and 124
    ("condition", "emaciation", ["371597004"]),
    ("condition", "major depressive episode", ["F32.9"]),
    ("condition", "elevated LFTs", ["166603001"]),
    ("condition", "impaired renal function", ["197663003"]),
    ("condition", "WHO grade 3 obesity", ["819948005", "E66.813"]),
    ("condition", "slurring of speech", ["289195008", "R47.81"]),
    ("condition", "facial drooping", ["R29.810"]),  # its inclusion term Facial droop
    ("condition", "migraine attack with aura", ["4473006"]),
    ("observation", "HBV DNA", ["29610-3"]),  # presence; in IU/mL or copies/mL its twins (test_unit_fit)
    ("procedure", "non-invasive positive pressure ventilation", ["40617009"]),
    ("procedure", "sleeve gastrectomy", []),  # the open code is the laparoscopic one only
    # rounds 125 and 126
    ("condition", "meningococcal septicaemia", ["4089001", "A39.4"]),
    ("condition", "spinal epidural abscess", ["1427008", "G06.1"]),
    ("condition", "streptococcal toxic shock syndrome", ["18504008", "A48.3"]),
    ("condition", "hypercarbic respiratory failure", ["J96.92"]),
    ("condition", "strep pharyngitis", ["43878008"]),
    ("condition", "icteric sclera", ["18165001", "R17"]),
    ("condition", "bipedal edema", ["102576009"]),
    ("condition", "gait problems", ["22325002"]),
    ("observation", "faecal elastase", ["25907-7"]),
    # ICD-10-CM's "and" read as "and/or" before a site (guideline I.A.14)
    ("condition", "iliac artery thrombosis", ["I74.5"]),
    ("condition", "occlusion of left carotid artery", ["I65.22"]),
    ("condition", "lung necrosis", ["J85.0"]),
    # rounds 127 and 128
    ("condition", "tubercular pericarditis", ["A18.84"]),  # "tubercular" is "tuberculous"
    ("condition", "ventricular septal rupture", ["3098007"]),
    ("condition", "false aneurysm", ["443089001"]),
    ("observation", "pain score visual analogue scale", ["38214-3"]),
    ("observation", "CSF India ink stain", ["666-8"]),
    ("medication", "pazopanib", ["714438"]),
    # rounds 129 and 130
    ("condition", "human herpes virus 6 infection", ["B10.81"]),
    ("condition", "cutaneous melanoma", ["93655004", "C43.9"]),
    ("condition", "extravaginal testicular torsion", ["N44.01"]),
    ("condition", "chlamydial proctitis", ["A56.3"]),
    ("condition", "parvovirus B19 infection", ["B34.3"]),
    ("condition", "ethanol intoxication", ["25702006"]),
    ("condition", "pituitary microadenoma", ["254956000"]),
    ("condition", "neonatal respiratory distress", ["P22.9"]),
    ("condition", "parental consanguinity", ["842009"]),
    ("observation", "heart sounds", ["10200-4"]),
    ("observation", "fundus examination", ["100223-7"]),
    ("observation", "past medical history", ["11348-0"]),
    ("observation", "pain intensity numeric rating scale", ["72514-3"]),
    ("finding", "corneal reflex", ["112219002"]),
    # rounds 131 and 132
    ("medication", "eltrombopag", ["711942"]),
    ("medication", "dipyrone", ["22165008"]),  # Metamizole sodium
    ("condition", "coffee ground emesis", ["40835002"]),
    ("condition", "graves thyrotoxicosis", ["353295004"]),
    ("condition", "mental retardation", ["110359009", "F79"]),  # ICD-10-CM: see Disability, intellectual
    ("condition", "moderate mental retardation", ["61152003", "F71"]),
    ("condition", "ventricular dilation", ["I51.7"]),  # "dilation" read as "dilatation"
    # rounds 133 to 136
    ("condition", "severe combined immunodeficiency", ["D81.9"]),  # its inclusion term, SCID NOS
    ("condition", "late postpartum eclampsia", ["15938005", "O15.2"]),
    ("condition", "cutaneous vasculitis", ["L95.9"]),
    ("condition", "C3 deficiency", ["D84.1"]),
    ("condition", "degenerative joint disease", ["396275006", "M19.90"]),
    ("condition", "volume overload", ["21639008", "E87.70"]),
    ("condition", "medullary cystic kidney disease", ["Q61.5"]),
    ("condition", "megaesophagus", ["K22.0"]),
    ("condition", "Zenker's diverticulum", ["K22.5"]),
    ("condition", "calciphylaxis", ["E83.59"]),
    ("condition", "tobacco dependence", ["F17.200"]),
    ("medication", "darbepoetin", ["283838"]),
    # rounds 137 and 138
    ("condition", "renal lupus", ["M32.14"]),
    ("condition", "circulatory shock", ["27942005", "R57.9"]),
    ("condition", "embolic stroke", ["371041009", "I63.40"]),
    ("condition", "nicotine use disorder", ["F17.200"]),
    ("procedure", "lower segment caesarean section", ["11466000"]),
    # rounds 139 and 140
    ("condition", "hiatus hernia", ["84089009"]),
    ("condition", "neurocardiogenic syncope", ["398665005"]),
    ("condition", "dyshidrotic eczema", ["L30.1"]),
    ("condition", "ductal carcinoma in situ of breast", ["D05.10"]),
    ("condition", "renal pelvic calculus", ["N20.0"]),
    ("condition", "retroperitoneal abscess", ["K68.19"]),
    ("medication", "tetrabenazine", ["10390"]),
    ("medication", "L-DOPA", ["6375", "15383004"]),
    ("observation", "handedness", ["57427004"]),
    ("observation", "hand dominance", ["57427004"]),
    ("observation", "AIMS score", ["273256000"]),
    ("observation", "bulbocavernosus reflex", ["246583001"]),
    ("observation", "Finkelstein test", ["4051006"]),
    ("observation", "mean cell volume", ["787-2"]),
    ("observation", "total white blood cell count", ["26464-8"]),
    ("procedure", "audiometry", ["21727005"]),
    ("procedure", "audiogram", ["21727005"]),
    ("procedure", "enucleation of the eye", ["172132001"]),
    ("procedure", "ureteral stent placement", ["428817001"]),
])
def test_round106_rows(kind: str, term: str, expected: list[str]) -> None:
    assert sorted(codes(kind, term)) == sorted(expected)


@pytest.mark.parametrize("name,ingredient", [
    ("haloperidol lactate", "5093"), ("haloperidol decanoate", "5093"),
    ("Solumedrol", "6902"),  # the brand Solu-Medrol without its hyphen
])
def test_a_drug_named_with_its_salt_or_a_squashed_brand(name: str, ingredient: str) -> None:
    med, _ = one_item("MedicationStatement", "medications", {"drug": name})
    assert med["medicationCodeableConcept"]["text"] == name
    assert ingredient in [c["code"] for c in med["medicationCodeableConcept"]["coding"]]


@pytest.mark.parametrize("name,code", [
    ("supraglottic carcinoma", "C32.1"), ("glottic carcinoma", "C32.0"),
    ("subglottic squamous cell carcinoma", "C32.2"),
    ("verrucous carcinoma of larynx", "C32.9"),  # the Index sends a verrucous carcinoma to the site
])
def test_a_laryngeal_cancer_by_its_site(name: str, code: str) -> None:
    cond, _ = one_item("Condition", "conditions", {"condition": name})
    assert cond["code"]["text"] == name
    assert code in [c["code"] for c in cond["code"]["coding"]]


@pytest.mark.parametrize("name,code", [
    ("dual-chamber pacemaker implantation", "307280005"),  # Implantation of cardiac pacemaker
    ("off-pump coronary artery bypass grafting", "232717009"),
    ("near-total thyroidectomy", "13619001"),
])
def test_a_procedure_named_with_how_it_is_done(name: str, code: str) -> None:
    proc, _ = one_item("Procedure", "procedures", {"procedure": name})
    assert [c["code"] for c in proc["code"]["coding"]] == [code]


@pytest.mark.parametrize("name,code", [
    ("adrenal metastasis", "94161006"),  # Secondary malignant neoplasm of adrenal gland
    ("metastases to the right adrenal gland", "94161006"),
    ("metastasis to the ovary", "94455000"),
])
def test_a_metastasis_named_by_its_site(name: str, code: str) -> None:
    cond, _ = one_item("Condition", "conditions", {"condition": name})
    assert cond["code"]["text"] == name
    assert code in [c["code"] for c in cond["code"]["coding"]]


@pytest.mark.parametrize("name", [
    "prostate metastases",  # as often from a prostate cancer as in the prostate
    "metastasis of the prostate",  # "of" may name where it came from
])
def test_a_metastasis_whose_words_may_name_the_primary_is_not_read_by_site(name: str) -> None:
    cond, _ = one_item("Condition", "conditions", {"condition": name})
    assert "coding" not in cond["code"]


@pytest.mark.parametrize("name,value,unit,code", [
    ("D-dimer", 2.1, "ug/mL{FEU}", "48065-7"),  # the annotation says which D-dimer: FEU
    ("tobacco smoking history", 30, "{pack-years}", "401201003"),  # the annotation says what was counted
])
def test_a_unit_annotation_says_what_was_measured(name: str, value: float, unit: str, code: str) -> None:
    obs, _ = one_item("Observation", "observations",
                      {"observation": name, "category": "laboratory", "value": value, "unit": unit})
    assert obs["code"]["text"] == name
    assert [c["code"] for c in obs["code"]["coding"]] == [code]


def test_a_residual_category_is_no_code_for_an_infection_said_by_its_kind() -> None:
    # "pyogenic" is set aside to read "sacroiliitis"; M46.1 *Sacroiliitis, not elsewhere classified* is
    # the residual category, and ICD-10-CM files an infective sacroiliitis elsewhere
    cond, _ = one_item("Condition", "conditions", {"condition": "pyogenic sacroiliitis"})
    assert "M46.1" not in [c["code"] for c in cond["code"].get("coding", [])]


@pytest.mark.parametrize("name,dropped,kept", [
    ("secondary immune thrombocytopenic purpura", "D69.3", "2897005"),  # D69.3's inclusion is the idiopathic
    ("secondary hemophagocytic lymphohistiocytosis", "D76.1", None),
])
def test_a_secondary_disorder_takes_no_code_of_the_plain_form(name: str, dropped: str, kept: str | None) -> None:
    cond, _ = one_item("Condition", "conditions", {"condition": name})
    codes = [c["code"] for c in cond["code"].get("coding", [])]
    assert dropped not in codes
    assert kept is None or kept in codes


@pytest.mark.parametrize("name,code", [
    ("primary mediastinal large B-cell lymphoma", "C85.20"),  # "primary" keeps the plain code
    ("idiopathic chronic eosinophilic pneumonia", "J82.81"),
])
def test_a_primary_or_idiopathic_disorder_keeps_the_plain_code(name: str, code: str) -> None:
    cond, _ = one_item("Condition", "conditions", {"condition": name})
    assert code in [c["code"] for c in cond["code"].get("coding", [])]


def test_a_code_of_the_newborn_is_not_written_for_an_adult() -> None:
    # P74.421 *Hyperchloremia of newborn* holds the inclusion term "Hyperchloremic metabolic acidosis"
    import json

    from fhirconv.api import convert_text

    def codes(age: dict, name: str) -> list[str]:
        case = {"fhirconv": "1", "id": "perinatal", "patient": {"sex": "female", "age": {**age, "at": "seen"}},
                "timeline": {"seen": {"date": "2024-03-01"}},
                "conditions": [{"id": "c", "condition": name}]}
        bundle = convert_text(json.dumps(case)).bundle
        cond = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Condition")
        return [c["code"] for c in cond["code"].get("coding", [])]

    assert "P74.421" not in codes({"years": 38}, "hyperchloremic metabolic acidosis")
    assert "P74.421" in codes({"days": 5}, "hyperchloremic metabolic acidosis")
    assert "P91.60" in codes({"years": 6}, "hypoxic ischemic encephalopathy")  # the code names no newborn


@pytest.mark.parametrize("name,ingredient", [
    ("metoprolol extended release", "6918"), ("metoprolol succinate extended-release", "6918"),
    ("nifedipine sustained release", "7417"), ("aspirin enteric-coated", "1191"),
    # said before the drug, as prescriptions often do
    ("controlled-release morphine", "7052"), ("extended-release metformin", "6809"),
    ("enteric-coated aspirin", "1191"),
])
def test_a_drug_named_with_its_release_form_written_out(name: str, ingredient: str) -> None:
    med, issues = one_item("MedicationStatement", "medications", {"drug": name})
    assert med["medicationCodeableConcept"]["text"] == name
    assert ingredient in [c["code"] for c in med["medicationCodeableConcept"]["coding"]]
    assert any("release form" in i for i in issues)


def test_an_injury_of_no_region_is_no_reading_of_a_named_injury() -> None:
    # "axonal" and "diffuse" set aside leave "injury": T14.90XA says nothing the words did
    cond, _ = one_item("Condition", "conditions", {"condition": "severe diffuse axonal injury"})
    assert "T14.90XA" not in [c["code"] for c in cond["code"].get("coding", [])]
