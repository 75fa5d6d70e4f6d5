"""Country names as printed in the lists → ISO 3166-1 alpha-2 codes.

pycountry carries the ISO 3166 table; the names the lists print that ISO does not (short forms,
old names, typos such as "Seycheles") live in `data/country_aliases.tsv`, a data table rather than
one-off code. An unknown name raises, so an import never guesses a country.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import cache
from pathlib import Path

import pycountry

_ALIASES = Path(__file__).with_name("data") / "country_aliases.tsv"


class UnknownCountry(KeyError):
    pass


def _fold(name: str) -> str:
    """Case, accents, punctuation and width folded away; letters of every script kept (Japanese names)."""
    decomposed = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    text = text.replace("&", " and ")
    return re.sub(r"[\W_]+", " ", text).strip()


@cache
def _index() -> dict[str, str]:
    index: dict[str, str] = {}
    for country in pycountry.countries:
        for attribute in ("name", "official_name", "common_name"):
            value = getattr(country, attribute, None)
            if value:
                index[_fold(value)] = country.alpha_2
        index[country.alpha_2.lower()] = country.alpha_2
        index[country.alpha_3.lower()] = country.alpha_2
    with open(_ALIASES, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader((line for line in handle if not line.startswith("#")), delimiter="\t"):
            index[_fold(row["name"])] = row["alpha2"]
    return index


def iso_code(name: str) -> str:
    """ISO 3166-1 alpha-2 code for a country name as printed in a list; raises UnknownCountry."""
    folded = _fold(name)
    if not folded:
        raise UnknownCountry(f"no ISO 3166 code known for country name {name!r}")
    try:
        return _index()[folded]
    except KeyError:
        raise UnknownCountry(f"no ISO 3166 code known for country name {name!r}") from None


def country_name(alpha2: str) -> str:
    country = pycountry.countries.get(alpha_2=alpha2.upper())
    if country is None:
        raise UnknownCountry(f"unknown ISO 3166 alpha-2 code {alpha2!r}")
    return getattr(country, "common_name", None) or country.name
