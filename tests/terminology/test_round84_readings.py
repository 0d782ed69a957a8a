"""Words of the case reports of rounds 84 to 105 (specialties the earlier rounds had not covered,
listed in the data README's "Unseen published cases" sections), written by people who had not read
the tables: the rows their review added. The narrowing words these rounds added are tested with the
others in test_round69_readings.py, the cancer sites in test_neoplasm_sites.py."""

from __future__ import annotations

import pytest

from tests.terminology.known import matched as codes
from tests.terminology.known import one_item


@pytest.mark.parametrize("kind,term,expected", [
    ("condition", "cataplexy", ["46263000"]),  # not narcolepsy with cataplexy: the words say less
    ("condition", "macrocytosis", ["397073000"]),
    ("condition", "anaemia of chronic disease", ["234347009"]),
    ("condition", "hydatid cyst", ["74942003", "B67.90"]),
    ("condition", "hydatid cyst of liver", ["B67.8"]),
    ("condition", "neurocysticercosis", ["B69.0"]),
    ("condition", "cytokine release syndrome", ["D89.839"]),  # grade unspecified
    ("condition", "malignant mesothelioma", ["C45.9"]),
    ("condition", "obstruction of the common bile duct", ["K83.1"]),
    ("condition", "biliary fistula", ["K83.3"]),
    ("condition", "acute acalculous cholecystitis", ["K81.0"]),
    ("condition", "asbestos exposure", ["699373005", "Z77.090"]),
    ("condition", "gaze palsy", ["1534008", "H51.0"]),
    ("condition", "gait instability", ["22631008"]),
    # adjectives of a sign said of the patient
    ("condition", "jaundiced", ["18165001", "R17"]),
    ("condition", "icteric", ["18165001", "R17"]),
    ("condition", "anaemic", ["271737000", "D64.9"]),
    ("condition", "cyanotic", ["3415004", "R23.0"]),
    ("condition", "dyspnoeic", ["267036007", "R06.00"]),
    ("condition", "cachectic", ["238108007", "R64"]),
    ("condition", "nauseated", ["422587007", "R11.0"]),
    ("condition", "dehydrated", ["34095006", "E86.0"]),
    ("observation", "arterial partial pressure of oxygen", ["2703-7"]),
    ("observation", "arterial partial pressure of carbon dioxide", ["2019-8"]),
    ("observation", "pain severity score", ["38208-5"]),
    ("observation", "factor VIII assay", ["3209-4"]),
    ("observation", "RBC folic acid", ["2283-0"]),
    ("observation", "GH", ["2963-7"]),
    ("observation", "Chlamydia trachomatis PCR on first-pass urine", ["6357-8"]),
    ("observation", "Neisseria gonorrhoeae PCR on first-pass urine", ["21416-3"]),
    ("observation", "C. difficile toxin PCR", ["54067-4"]),  # the toxin genes, by NAA
    ("observation", "mean pulmonary artery pressure", ["8414-5"]),
    ("observation", "PCWP", ["8587-8"]),
    ("observation", "mumps IgG", ["22415-4"]),
    ("observation", "osmotic fragility test", ["4667-2"]),
    ("observation", "ristocetin cofactor activity", ["6014-5"]),
    ("observation", "vitamin C", ["1903-4"]),
    ("observation", "number of term births", ["11639-2"]),
    ("observation", "number of preterm births", ["11637-6"]),
    ("observation", "number of abortions", ["11612-9"]),
    ("observation", "number of living children", ["11638-4"]),
    ("procedure", "pleuroscopy", ["14671001"]),
    # rounds 86 and 87
    ("condition", "ocular myasthenia gravis", ["230684008"]),
    ("condition", "Lynch syndrome", ["315058005"]),
    ("condition", "Ludwig's angina", ["K12.2"]),  # *Cellulitis of mouth (floor)*, K12.2's inclusion term
    ("condition", "medication-related osteonecrosis of the jaw", ["M87.180"]),
    ("condition", "cotton wool spots", ["H35.81"]),  # *Retinal cotton wool spots*, H35.81's inclusion term
    ("condition", "immunocompromised state", ["D84.9"]),
    ("condition", "vestibular neuritis", ["H81.20"]),
    ("procedure", "TAH-BSO", ["116144002"]),
    ("procedure", "radical vulvectomy", ["287966005"]),
    ("procedure", "total radical vulvectomy", ["236826000"]),
    ("procedure", "breast MRI", ["30794-2"]),
    ("observation", "CD4+ cell count", ["24467-3"]),
    ("observation", "urine glucose by dipstick", ["25428-4"]),
    # rounds 88 and 89
    ("condition", "delirium tremens", ["8635005"]),
    ("condition", "Mirizzi syndrome", ["4283007"]),
    ("condition", "bilateral blindness", ["193699007"]),
    ("condition", "sigmoid diverticulitis", ["427910000"]),
    ("condition", "chikungunya fever", ["A92.0"]),
    ("condition", "retinoblastoma", ["C69.20"]),
    ("condition", "chylothorax", ["J94.0"]),
    ("condition", "thrombopenia", ["302215000", "D69.6"]),
    ("observation", "pleural fluid triglyceride", ["9619-8"]),
    ("observation", "pleural fluid cholesterol", ["9618-0"]),
    ("observation", "anti-thyroglobulin antibody", ["8098-6"]),
    ("observation", "serum glutamic oxaloacetic transaminase", ["1920-8"]),
    ("observation", "serum glutamic pyruvate transaminase", ["1742-6"]),
    ("procedure", "esophagogram", ["24678-5"]),
    # rounds 90 and 91
    ("condition", "Sweet's syndrome", ["L98.2"]),
    ("condition", "biliary atresia", ["77480004", "Q44.2"]),
    ("condition", "ileocolic Crohn's disease", ["K50.80"]),  # of both small and large intestine
    ("condition", "status post CABG", ["Z95.1"]),
    ("condition", "nasal MRSA colonization", ["Z22.322"]),
    ("observation", "complement 3", ["4485-9"]),
    ("procedure", "VP shunt placement", ["47020004"]),
    ("procedure", "left ventriculography", ["252426003"]),
    ("procedure", "transverse colostomy", ["35535008"]),
    ("procedure", "revision total hip arthroplasty", ["112727005"]),
    ("medication", "pegylated interferon alfa-2a", ["120608"]),
    ("medication", "peginterferon alfa-2b", ["253453"]),
    # rounds 92 and 93
    ("condition", "muscle cramping", ["55300003"]),
    ("condition", "swallowing dysfunction", ["40739000", "R13.10"]),
    ("condition", "adrenocortical carcinoma", ["C74.00"]),
    ("condition", "vocal cord paralysis", ["J38.00"]),
    ("condition", "unilateral vocal fold paralysis", ["J38.01"]),
    ("condition", "bilateral vocal cord paralysis", ["J38.02"]),
    ("condition", "cord prolapse", ["O69.0XX0"]),
    # rounds 94 and 95
    ("condition", "CIDP", ["128209004", "G61.81"]),
    ("condition", "chronic inflammatory demyelinating polyneuropathy", ["128209004", "G61.81"]),
    ("condition", "tularemic pneumonia", ["A21.2"]),
    ("procedure", "gastropexy", ["36889006"]),
    ("medication", "PEG 3350", ["221147"]),
    # rounds 96 and 97
    ("condition", "May-Thurner syndrome", ["I87.1"]),
    ("condition", "fibromuscular dysplasia of the renal artery", ["I77.3"]),  # an inclusion term of I77.3
    ("condition", "fat embolism syndrome", ["T79.1XXA"]),
    ("condition", "posterior urethral valves", ["Q64.2"]),
    ("condition", "transposition of the great arteries", ["26146002", "Q20.3"]),
    ("condition", "TAPVD", ["111323005", "Q26.2"]),
    ("condition", "ALCAPA", ["Q24.5"]),
    ("condition", "myocardial contusion", ["17414004"]),
    ("condition", "autoimmune polyglandular syndrome type 2", ["E31.0"]),
    ("condition", "pulmonary atelectasis", ["46621007", "J98.11"]),
    ("medication", "PGE2", ["3478", "44798001"]),  # dinoprostone
    ("procedure", "VCUG", ["43559-4"]),
    # rounds 98 and 99
    ("condition", "Charles Bonnet syndrome", ["193756007"]),
    ("condition", "Glanzmann's thrombasthenia", ["D69.1"]),  # *Glanzmann's disease*, D69.1's inclusion term
    ("condition", "congenital factor VII deficiency", ["D68.2"]),
    ("condition", "dementia with Lewy bodies", ["G31.83"]),  # *Lewy body dementia*, its inclusion term
    ("condition", "Mycoplasma pneumonia", ["46970008", "J15.7"]),
    # rounds 100 and 101
    ("condition", "pemphigus foliaceus", ["L10.2"]),
    ("condition", "foodborne botulism", ["A05.1"]),
    ("condition", "intrahepatic cholangiocarcinoma", ["C22.1"]),
    ("condition", "infectious endocarditis", ["233850007"]),
    ("condition", "whiplash injury", ["39848009"]),
    # rounds 102 and 103
    ("condition", "avascular necrosis of femoral head", ["203476003"]),
    ("condition", "HSV-1 encephalitis", ["B00.4"]),
    ("condition", "belching", ["68711006", "R14.2"]),
    # rounds 104 and 105
    ("condition", "esophageal atresia with tracheoesophageal fistula", ["Q39.1"]),
    ("condition", "oesophageal atresia", ["26179002", "Q39.0"]),  # *Atresia of esophagus NOS*, Q39.0's
    ("condition", "sympathetic ophthalmia", ["H44.139"]),
    ("condition", "jejunal atresia", ["Q41.1"]),
    ("condition", "iris neovascularization", ["51995000"]),
    ("condition", "Pseudomonas aeruginosa septicaemia", ["A41.52"]),
])
def test_round84_rows(kind: str, term: str, expected: list[str]) -> None:
    assert codes(kind, term) == expected


@pytest.mark.parametrize("name,value,unit,code", [
    ("beta-hydroxybutyrate", 5.1, "mmol/L", "6873-4"),
    ("vitamin C", 5, "umol/L", "14622-5"),
])
def test_a_value_in_moles_takes_the_molar_code(name: str, value: float, unit: str, code: str) -> None:
    obs, _ = one_item("Observation", "observations", {"observation": name, "value": value, "unit": unit})
    assert [c["code"] for c in obs["code"]["coding"]] == [code]
