"""A 30-document corpus for crash and idempotency tests: the 20 bundled examples plus 10 short articles.

The ten articles below continue the fictional storyline of ``kg/data/examples``
(see ``kg/data/EXAMPLES.md``); they were written for kg's tests. They reuse
the recurring actors under short names (so cross-document linking has work to
do) and add a few actors of their own (so pruning does too).
"""
from __future__ import annotations

import shutil
from pathlib import Path

from kg.resources import examples_dir

EXTRA_ARTICLES: dict[str, str] = {
    "2026-05-04-patrol-boat-seized": """date 2026-05-04
Militia fighters seize patrol boat near Bissau

BISSAU -- Fighters of the Black Mangrove Militia (BMM) seized a Guinea-Bissau navy patrol boat near the Cacheu estuary on Sunday, the navy said.

The Guinea-Bissau Navy accused the BMM of breaking the promise it made in Dakar. Nhaga denied the charge and said his men had stopped a boat that carried stolen fuel.
""",
    "2026-05-06-wacu-condemns-seizure": """date 2026-05-06
WACU condemns boat seizure and warns militia

DAKAR -- The West Atlantic Coastal Union (WACU) condemned the seizure of the patrol boat on Tuesday and warned the militia that the talks would end if the crew was not freed.

Kantoussan telephoned Nhaga and demanded the release of the sailors.
""",
    "2026-05-08-crew-released": """date 2026-05-08
Militia frees patrol boat crew

BISSAU -- The Black Mangrove Militia released the eleven sailors of the seized patrol boat on Thursday. The Guinea-Bissau Navy recovered the boat at the port of Cacheu.

Fidelis Nhaga thanked Senegal for its mediation.
""",
    "2026-05-11-spain-charges-serpa": """date 2026-05-11
Spanish prosecutors charge Serpa with trafficking

MADRID -- Spanish prosecutors charged Joaquim Serpa with drug trafficking and money laundering on Monday.

Elena Castrillo praised the prosecutors and thanked Cape Verde for its cooperation. Serpa's lawyer, Tomas Reboredo, rejected the charges.
""",
    "2026-05-13-port-audit-published": """date 2026-05-13
Port audit finds missing cargo records

PRAIA -- Auditors of the Praia Port Authority (PPA) published a report on Wednesday that found thousands of missing cargo records.

The report blamed Carlos Brito for the losses. Brito rejected the findings from his prison cell.
""",
    "2026-05-15-fishers-strike": """date 2026-05-15
Fishers strike over delayed community fund

MINDELO, Cape Verde -- Members of the National Fishers Union (NFU) blocked the harbour of Mindelo on Friday to protest delays in the community fund.

Domingos Lima accused the government of breaking its promise. Marta Lobato met the union leaders and promised payments in June.
""",
    "2026-05-18-cro-report-detentions": """date 2026-05-18
Rights group documents abuses in detention

LISBON -- The Coastal Rights Observatory (CRO) published testimony on Monday from fishermen who said guards beat them in detention in Praia.

Varandas urged Cape Verde to open an independent inquiry. The Interior Ministry rejected the testimony.
""",
    "2026-05-20-amsc-intercepts-freighter": """date 2026-05-20
Coast guard intercepts freighter off Sal

PRAIA -- The Atlantic Maritime Security Command (AMSC) intercepted a freighter carrying cocaine off the island of Sal on Wednesday.

Sequeira said the crew surrendered without resistance. The AMSC arrested nine men.
""",
    "2026-05-25-portugal-funds-radar": """date 2026-05-25
Portugal funds coastal radar network

LISBON -- Portugal pledged 40 million euros on Monday for a coastal radar network in Cape Verde and Guinea-Bissau.

The Portuguese defence minister, Helena Quaresma, signed the agreement with Lobato in Lisbon.
""",
    "2026-05-29-cartel-threatens-journalist": """date 2026-05-29
Cartel threatens news agency reporter

DAKAR -- The Corvina Cartel threatened a reporter of the Equinox News Agency on Friday after she published a story on its finances, the agency said.

The agency condemned the threat. Kantoussan promised protection for the reporter.
""",
}


def write_corpus(root: Path) -> Path:
    """Copy the bundled examples and write the ten extra articles into ``root``; returns it."""
    root.mkdir(parents=True, exist_ok=True)
    for path in sorted(examples_dir().glob("*.txt")):
        shutil.copy(path, root / path.name)
    for name, text in EXTRA_ARTICLES.items():
        (root / f"{name}.txt").write_text(text, encoding="utf-8")
    return root
