"""The products the simulated seller's offers are built from: a catalog CSV (see ``plugin.catalog_csv``) or a
built-in catalog of Polish products."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from plugin.catalog_csv import Product, read_catalog

__all__ = ["BUILTIN_CATALOG", "Product", "catalog_from"]

_BUILTIN: tuple[tuple[str, str, int, str], ...] = (
    ("KUB-001", "Kubek ceramiczny „Kraków” 350 ml", 120, "29.99"),
    ("KUB-002", "Kubek termiczny stalowy 450 ml, czarny", 80, "59.90"),
    ("HER-010", "Herbata liściasta Earl Grey 100 g", 200, "18.50"),
    ("KAW-020", "Kawa ziarnista 100% arabika 1 kg", 150, "89.00"),
    ("CZK-030", "Czekolada gorzka 70% kakao, 100 g", 300, "7.49"),
    ("KRÓ-040", "Krówki ciągutki domowe 500 g", 90, "24.99"),
    ("MIÓD-050", "Miód wielokwiatowy z pasieki pod Zakopanem 1 kg", 60, "54.00"),
    ("PŁA-060", "Płaszcz przeciwdeszczowy damski, rozmiar M", 25, "199.00"),
    ("SZA-070", "Szalik wełniany w kratę, zielony", 40, "79.99"),
    ("RĘK-080", "Rękawiczki skórzane męskie, rozmiar L", 35, "119.00"),
    ("BUT-090", "Buty trekkingowe „Tatry” rozmiar 42", 18, "349.00"),
    ("PLE-100", "Plecak miejski 25 l, grafitowy", 55, "149.90"),
    ("ŁÓŻ-110", "Pościel bawełniana 160×200 w jodełkę", 30, "139.00"),
    ("RĘC-120", "Ręcznik kąpielowy frotte 70×140, błękitny", 140, "39.99"),
    ("ŚWI-130", "Świeca sojowa zapachowa „Jabłko z cynamonem”", 75, "34.50"),
    ("GRZ-140", "Grzybobranie – kosz wiklinowy z uchwytem", 20, "64.00"),
    ("ŻEL-150", "Żelazko parowe 2400 W z powłoką ceramiczną", 22, "229.99"),
    ("CZA-160", "Czajnik elektryczny szklany 1,7 l", 45, "119.99"),
    ("DŹW-170", "Głośnik bezprzewodowy Bluetooth 20 W", 33, "189.00"),
    ("ŁAD-180", "Ładowarka USB-C 65 W GaN", 110, "99.00"),
    ("KAB-190", "Kabel USB-C – USB-C 2 m, oplot", 400, "24.90"),
    ("KSI-200", "Książka „Pan Tadeusz” – wydanie ilustrowane", 50, "69.90"),
    ("GRA-210", "Gra planszowa „Wsiąść do pociągu: Polska”", 28, "159.99"),
    ("KLO-220", "Klocki konstrukcyjne 500 elementów", 64, "129.00"),
    ("ZAB-230", "Zabawka drewniana – pociąg z wagonikami", 38, "89.99"),
    ("OŁÓ-240", "Ołówki kolorowe 24 szt. w metalowym etui", 210, "32.00"),
    ("NOT-250", "Notes w kropki A5, 192 strony", 180, "27.50"),
    ("DOM-260", "Doniczka ceramiczna ręcznie malowana, Bolesławiec", 42, "74.99"),
    ("ZES-270", "Zestaw prezentowy: kawa + kubek + czekolada", 26, "119.00"),
    ("OLE-280", "Olej lniany tłoczony na zimno 500 ml", 95, "22.99"),
)

BUILTIN_CATALOG: tuple[Product, ...] = tuple(Product(c, n, s, Decimal(p)) for c, n, s, p in _BUILTIN)


def catalog_from(products: Path | list | tuple | None) -> tuple[Product, ...]:
    """What ``start_simulator(products=…)`` accepts: a CSV path, a list of ``Product`` or tuples, or None."""
    if products is None:
        return BUILTIN_CATALOG
    if isinstance(products, Path | str):
        return read_catalog(Path(products))
    return tuple(
        p if isinstance(p, Product) else Product(str(p[0]), str(p[1]), int(p[2]), Decimal(str(p[3]))) for p in products
    )
