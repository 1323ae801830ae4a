"""Realistic Polish buyers, addresses, companies (with valid NIP numbers) and parcel lockers, from a seeded RNG."""

from __future__ import annotations

import random
from dataclasses import dataclass

FIRST_NAMES = (
    "Zofia",
    "Łucja",
    "Małgorzata",
    "Agnieszka",
    "Katarzyna",
    "Jolanta",
    "Bożena",
    "Grażyna",
    "Jan",
    "Paweł",
    "Łukasz",
    "Michał",
    "Krzysztof",
    "Wojciech",
    "Jędrzej",
    "Mieczysław",
    "Zdzisław",
)
LAST_NAMES = (
    "Kowalski",
    "Wiśniewski",
    "Wójcik",
    "Kamiński",
    "Lewandowski",
    "Zieliński",
    "Szymański",
    "Woźniak",
    "Dąbrowski",
    "Kozłowski",
    "Jankowski",
    "Mazur",
    "Krawczyk",
    "Grabowski",
    "Żak",
    "Gołębiowski",
)
CITIES = (
    ("Kraków", "30-0"),
    ("Łódź", "90-0"),
    ("Wrocław", "50-0"),
    ("Poznań", "60-1"),
    ("Gdańsk", "80-2"),
    ("Szczecin", "70-3"),
    ("Bydgoszcz", "85-0"),
    ("Białystok", "15-0"),
    ("Rzeszów", "35-0"),
    ("Zielona Góra", "65-0"),
    ("Częstochowa", "42-2"),
    ("Bielsko-Biała", "43-3"),
    ("Świnoujście", "72-6"),
)
STREETS = (
    "ul. Floriańska",
    "ul. Piotrkowska",
    "ul. Świdnicka",
    "ul. Półwiejska",
    "ul. Długa",
    "ul. Żeromskiego",
    "al. Jerozolimskie",
    "ul. Mickiewicza",
    "ul. Słowackiego",
    "ul. Kościuszki",
    "os. Złotego Wieku",
)
COMPANY_STEMS = (
    "Drewpol",
    "Ogrodnik",
    "Pszczółka",
    "Zakład Stolarski Łęcki",
    "Biuro Rachunkowe Żuraw",
    "Piekarnia Złoty Kłos",
    "Hurtownia Śnieżka",
    "Usługi Remontowe Gąsior",
)
COMPANY_FORMS = ("sp. z o.o.", "s.c.", "S.A.", "sp.j.", "")
MESSAGES = (
    "",
    "",
    "",
    "Proszę o staranne zapakowanie – to prezent!",
    "Dzwonić przed dostawą.",
    "Czy można wysłać jutro?",
    "<b>Pilne</b> – proszę o szybką wysyłkę",
)


@dataclass(frozen=True)
class Person:
    first_name: str
    last_name: str
    street: str
    city: str
    zip_code: str
    phone: str


def nip(rng: random.Random) -> str:
    """A 10-digit Polish tax id whose checksum is valid (weights 6,5,7,2,3,4,5,6,7; mod 11 ≠ 10)."""
    weights = (6, 5, 7, 2, 3, 4, 5, 6, 7)
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(8)]
        check = sum(w * d for w, d in zip(weights, digits, strict=True)) % 11
        if check != 10:
            return "".join(map(str, digits)) + str(check)


def person(rng: random.Random) -> Person:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    if first.endswith("a") and last.endswith("ski"):
        last = last[:-1] + "a"  # Kowalski → Kowalska
    city, zip_prefix = rng.choice(CITIES)
    return Person(
        first_name=first,
        last_name=last,
        street=f"{rng.choice(STREETS)} {rng.randint(1, 180)}"
        + (f"/{rng.randint(1, 40)}" if rng.random() < 0.6 else ""),
        city=city,
        zip_code=f"{zip_prefix}{rng.randint(0, 9)}{rng.randint(0, 9)}",
        phone=f"+48 {rng.randint(500, 899)} {rng.randint(100, 999)} {rng.randint(100, 999)}",
    )


def company_name(rng: random.Random) -> str:
    return f"{rng.choice(COMPANY_STEMS)} {rng.choice(COMPANY_FORMS)}".strip()


def masked_email(rng: random.Random) -> str:
    """Allegro hides the buyer's address behind a per-order alias."""
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
    return f"{''.join(rng.choices(alphabet, k=10))}+{''.join(rng.choices(alphabet, k=6))}@allegromail.pl"


def login(rng: random.Random, who: Person) -> str:
    return f"{who.first_name.lower()}_{who.last_name[:4].lower()}{rng.randint(1, 999)}"


def locker(rng: random.Random, city: str, zip_code: str) -> dict:
    code = f"{city[:3].upper()}{rng.randint(10, 999):02d}M"
    street = f"{rng.choice(STREETS)} {rng.randint(1, 120)}"
    return {
        "id": code,
        "name": f"Paczkomat {code}",
        "description": f"Przy sklepie Żabka, {street}",
        "address": {"street": street, "zipCode": zip_code, "city": city, "countryCode": "PL"},
    }
