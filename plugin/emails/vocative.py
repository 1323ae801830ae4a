"""The Polish vocative of a first name, for greetings ("Dzień dobry, Małgorzato,"), or None when unsure.

A wrong form reads worse than none, so the rules are deliberately narrow: feminine (and the few masculine) names
in ``-a`` follow regular endings; masculine names ending in a consonant come from a table of common Polish names
(their endings hide moving vowels: Paweł → Pawle, Marek → Marku, Kacper → Kacprze). Anything else (foreign
names, initials, double names) gets None, and the template greets neutrally.
"""

from __future__ import annotations

import re

# masculine names whose vocative is not the nominative plus a fixed ending; -i/-y names keep their nominative
_MASCULINE_TABLE = """
Adam Adamie|Adrian Adrianie|Albert Albercie|Aleksander Aleksandrze|Andrzej Andrzeju|Antoni Antoni|
Arkadiusz Arkadiuszu|Artur Arturze|Bartłomiej Bartłomieju|Bartosz Bartoszu|Błażej Błażeju|Bogdan Bogdanie|
Bogusław Bogusławie|Borys Borysie|Cezary Cezary|Czesław Czesławie|Damian Damianie|Daniel Danielu|
Dariusz Dariuszu|Dawid Dawidzie|Dominik Dominiku|Edward Edwardzie|Emil Emilu|Eryk Eryku|Eugeniusz Eugeniuszu|
Fabian Fabianie|Filip Filipie|Franciszek Franciszku|Gabriel Gabrielu|Grzegorz Grzegorzu|Henryk Henryku|
Hubert Hubercie|Igor Igorze|Ireneusz Ireneuszu|Jacek Jacku|Jakub Jakubie|Jan Janie|Janusz Januszu|
Jarosław Jarosławie|Jerzy Jerzy|Józef Józefie|Julian Julianie|Kacper Kacprze|Kamil Kamilu|Karol Karolu|
Kazimierz Kazimierzu|Konrad Konradzie|Krystian Krystianie|Krzysztof Krzysztofie|Leon Leonie|Leszek Leszku|
Łukasz Łukaszu|Maciej Macieju|Maksymilian Maksymilianie|Marcel Marcelu|Marcin Marcinie|Marek Marku|
Marian Marianie|Mariusz Mariuszu|Mateusz Mateuszu|Michał Michale|Mieczysław Mieczysławie|Mikołaj Mikołaju|
Miłosz Miłoszu|Mirosław Mirosławie|Nikodem Nikodemie|Norbert Norbercie|Oliwer Oliwerze|Oskar Oskarze|
Patryk Patryku|Paweł Pawle|Piotr Piotrze|Przemysław Przemysławie|Radosław Radosławie|Rafał Rafale|
Robert Robercie|Roman Romanie|Ryszard Ryszardzie|Sebastian Sebastianie|Stanisław Stanisławie|Stefan Stefanie|
Sławomir Sławomirze|Szymon Szymonie|Tadeusz Tadeuszu|Tomasz Tomaszu|Tymon Tymonie|Tymoteusz Tymoteuszu|
Waldemar Waldemarze|Wiesław Wiesławie|Wiktor Wiktorze|Witold Witoldzie|Władysław Władysławie|
Wojciech Wojciechu|Zbigniew Zbigniewie|Zdzisław Zdzisławie|Zenon Zenonie|Zygmunt Zygmuncie|
Ola Olu|Ela Elu|Ula Ulu|Hela Helu|Mela Melu|Jola Jolu|Marysia Marysiu
"""
#: name → vocative for the names no ending rule gets right (the last line: diminutives in -la/-sia take -u)
EXCEPTIONS: dict[str, str] = dict(pair.split() for pair in _MASCULINE_TABLE.replace("\n", "").split("|"))

_VOWELS = "aeiouyąęó"
#: (does the name match, how to form the vocative), the first match wins
ENDINGS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^[A-ZĄĆĘŁŃÓŚŹŻ][a-ząćęłńóśźż]{0,2}(si|zi|ci|ni|dzi)a$"), "u"),  # Kasia, Zosia, Ania → Kasiu
    (re.compile(rf"[^{_VOWELS}]a$"), "o"),  # Anna → Anno, Agnieszka → Agnieszko, Kuba → Kubo
    (re.compile(r"[ij]a$"), "o"),  # Maria → Mario, Julia → Julio, Patrycja → Patrycjo
)
_WORD = re.compile(r"^[A-ZĄĆĘŁŃÓŚŹŻ][a-ząćęłńóśźż]{2,}$")


def vocative(first_name: object) -> str | None:
    """``Małgorzata`` → ``Małgorzato``, ``Paweł`` → ``Pawle``, ``Kasia`` → ``Kasiu``; None when not sure."""
    name = first_name.strip() if isinstance(first_name, str) else ""
    if name.isupper() or name.islower():  # "MAŁGORZATA", "małgorzata": a name typed without care
        name = name.capitalize()
    if not _WORD.match(name):
        return None
    if name in EXCEPTIONS:
        return EXCEPTIONS[name]
    ending = next((ending for pattern, ending in ENDINGS if pattern.search(name)), None)
    return None if ending is None else name[:-1] + ending


def greeting_pl(first_name: object) -> str:
    """The opening line of a Polish email: ``Dzień dobry, Małgorzato,`` or, when unsure, ``Dzień dobry,``."""
    form = vocative(first_name)
    return f"Dzień dobry, {form}," if form else "Dzień dobry,"
