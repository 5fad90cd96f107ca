"""Country names as affiliation strings write them, to ISO codes: the resolver uses the place
in a string ("MIT, Melbourne, Australia") to choose between homonyms in the registry.

Only the spellings that are not simply the country's English name need listing here;
`country_codes` also reads US states and cities from the string (via the registry's cities).
"""

from institutions.normalise import US_STATE_CODES

COUNTRIES = {
    "usa": "US", "us": "US", "u s a": "US", "united states": "US",
    "united states of america": "US", "america": "US",
    "uk": "GB", "u k": "GB", "united kingdom": "GB", "england": "GB", "scotland": "GB",
    "wales": "GB", "great britain": "GB", "northern ireland": "GB",
    "china": "CN", "p r china": "CN", "pr china": "CN", "prc": "CN",
    "people s republic of china": "CN", "peoples republic of china": "CN",
    "hong kong": "HK", "hong kong sar": "HK", "macau": "MO", "macao": "MO", "taiwan": "TW",
    "korea": "KR", "south korea": "KR", "republic of korea": "KR", "japan": "JP",
    "singapore": "SG", "india": "IN", "israel": "IL", "iran": "IR", "turkey": "TR",
    "canada": "CA", "mexico": "MX", "brazil": "BR", "chile": "CL", "argentina": "AR",
    "colombia": "CO", "peru": "PE", "germany": "DE", "deutschland": "DE", "france": "FR",
    "italy": "IT", "italia": "IT", "spain": "ES", "espana": "ES", "portugal": "PT",
    "netherlands": "NL", "the netherlands": "NL", "belgium": "BE", "switzerland": "CH",
    "austria": "AT", "denmark": "DK", "sweden": "SE", "norway": "NO", "finland": "FI",
    "iceland": "IS", "ireland": "IE", "poland": "PL", "czech republic": "CZ", "czechia": "CZ",
    "hungary": "HU", "greece": "GR", "romania": "RO", "russia": "RU",
    "russian federation": "RU", "ukraine": "UA", "estonia": "EE", "luxembourg": "LU",
    "australia": "AU", "new zealand": "NZ", "south africa": "ZA", "egypt": "EG",
    "saudi arabia": "SA", "uae": "AE", "united arab emirates": "AE", "qatar": "QA",
    "pakistan": "PK", "bangladesh": "BD", "vietnam": "VN", "viet nam": "VN",
    "thailand": "TH", "malaysia": "MY", "indonesia": "ID", "philippines": "PH",
    "slovenia": "SI", "croatia": "HR", "serbia": "RS", "slovakia": "SK", "cyprus": "CY",
}  # fmt: skip


def country_codes(places: list[str]) -> set[str]:
    """Countries named by location texts: country names, and US state codes (-> US)."""
    codes: set[str] = set()
    for place in places:
        if place in COUNTRIES:
            codes.add(COUNTRIES[place])
            continue
        words = place.split()
        for size in (3, 2, 1):
            for start in range(len(words) - size + 1):
                text = " ".join(words[start : start + size])
                if text in COUNTRIES:
                    codes.add(COUNTRIES[text])
        if any(w in US_STATE_CODES for w in words):
            codes.add("US")
    return codes
