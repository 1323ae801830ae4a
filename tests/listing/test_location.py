"""The manifest's location as Allegro's offer location, and shop names as Allegro titles (properties)."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plugin.allegro.client import PROVINCES
from plugin.exceptions import ListingError
from plugin.manifest.model import Location
from plugin.resources import SCHEMA_PATH
from plugin.sync.listing import NAME_MAX, offer_location, offer_name, province_of

VOIVODESHIPS: list[str] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))["properties"]["location"]["properties"][
    "voivodeship"
]["enum"]


def test_the_provinces_are_exactly_those_of_allegros_spec(spec) -> None:
    description = spec.schemas["Location"]["properties"]["province"]["description"]
    listed = re.search(r"one of the following: ([A-Z_, ]+)\.", description)
    assert listed is not None
    assert set(PROVINCES) == {name.strip() for name in listed.group(1).split(",")}


def test_the_sixteen_voivodeships_map_one_to_one_onto_provinces() -> None:
    assert len(VOIVODESHIPS) == 16
    assert sorted(province_of(v) for v in VOIVODESHIPS) == sorted(PROVINCES)


@given(
    voivodeship=st.sampled_from(VOIVODESHIPS),
    case=st.sampled_from([str, str.upper, str.title]),
    pad=st.sampled_from(["", " ", "\t", "  "]),
    city=st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(str.strip),
    post=st.from_regex(r"\A[0-9]{2}-[0-9]{3}\Z"),
)
def test_any_voivodeship_written_by_hand_becomes_its_province(voivodeship, case, pad, city, post) -> None:
    location = offer_location(Location(city=city, postal_code=post, voivodeship=pad + case(voivodeship) + pad))
    province = location["province"]
    assert province == province_of(voivodeship) and province in PROVINCES
    assert province.isascii() and province == province.upper() and "-" not in province
    plain = unicodedata.normalize("NFKD", voivodeship.replace("ł", "l"))
    assert province.replace("_", "-") == "".join(c for c in plain if not unicodedata.combining(c)).upper()
    assert location["countryCode"] == "PL" and location["postCode"] == post
    assert location["city"] == " ".join(city.split())


@given(st.text(max_size=30))
def test_anything_else_is_refused_with_a_fix(text) -> None:
    try:
        province = province_of(text)
    except ListingError as exc:
        assert "voivodeship" in str(exc) and "małopolskie" in str(exc)
    else:
        assert province in PROVINCES


def test_a_city_too_long_for_allegro_is_refused() -> None:
    with pytest.raises(ListingError, match=r"location\.city"):
        offer_location(Location(city="Ł" * 51, postal_code="30-001", voivodeship="łódzkie"))


hostile = st.text(
    st.sampled_from(list("abcąćęłńóśźż ŁÓDŹ0123456789\r\n\t\x00\x0b\u200b\u202e\ufeff\u2028-„”")), max_size=200
)


@given(hostile)
def test_titles_are_one_clean_line_of_at_most_75_characters(name) -> None:
    title = offer_name(name)
    assert len(title) <= NAME_MAX
    assert title == title.strip() and "  " not in title
    assert not any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in title)
    words = " ".join(name.translate({ord(c): " " for c in "\r\n\t\x00\x0b\u200b\u202e\ufeff\u2028"}).split())
    if len(words) <= NAME_MAX:
        assert title == words  # short names are kept, only their whitespace is normalised
    else:
        assert words.startswith(title)  # long names are cut, never rewritten


def test_a_long_name_is_cut_at_a_word_boundary() -> None:
    title = offer_name("Zestaw prezentowy: kawa + kubek + czekolada " * 3)
    assert title == "Zestaw prezentowy: kawa + kubek + czekolada Zestaw prezentowy: kawa + kubek"
