#!/usr/bin/env python3
"""Generate Sources/Welfare/Resources/countries.json from Debian's iso-codes.

Reads /usr/share/iso-codes/json/iso_3166-1.json and the gettext catalogues
/usr/share/locale/{fr,de,nl}/LC_MESSAGES/iso_3166-1.mo (Debian packages
`iso-codes`), and writes a JSON array sorted by alpha_2:

    {"isocode": "BE", "iso3": "BEL",
     "name": {"en": "Belgium", "fr": "Belgique", "de": "Belgien", "nl": "België"}}

English uses `common_name` when present, else `name`.  Each translation
looks up that same msgid in the .mo catalogue; if it is missing there, the
translation of `name` is tried, and finally the English text is used.

Python 3 standard library only.  Usage:

    python3 scripts/gen_countries.py [--iso-json PATH] [--locale-dir DIR] [--output PATH]
"""

import argparse
import gettext
import json
import os
import sys

LANGUAGES = ("fr", "de", "nl")
DOMAIN = "iso_3166-1"

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
DEFAULT_OUTPUT = os.path.join(REPO, "Sources", "Welfare", "Resources", "countries.json")
DEFAULT_ISO_JSON = "/usr/share/iso-codes/json/iso_3166-1.json"
DEFAULT_LOCALE_DIR = "/usr/share/locale"


def load_catalogues(locale_dir):
    """Return {lang: GNUTranslations} for every language in LANGUAGES."""
    catalogues = {}
    for lang in LANGUAGES:
        path = os.path.join(locale_dir, lang, "LC_MESSAGES", DOMAIN + ".mo")
        with open(path, "rb") as fp:
            catalogues[lang] = gettext.GNUTranslations(fp)
    return catalogues


def translate(catalogue, msgid, fallback_msgid):
    """Translate msgid; fall back to fallback_msgid's translation, then msgid."""
    text = catalogue.gettext(msgid)
    if text != msgid:
        return text
    if fallback_msgid and fallback_msgid != msgid:
        alt = catalogue.gettext(fallback_msgid)
        if alt != fallback_msgid:
            return alt
    return msgid


def build(iso_json, locale_dir):
    with open(iso_json, encoding="utf-8") as fp:
        data = json.load(fp)
    entries = data["3166-1"]
    catalogues = load_catalogues(locale_dir)
    countries = []
    for entry in sorted(entries, key=lambda e: e["alpha_2"]):
        english = entry.get("common_name") or entry["name"]
        names = {"en": english}
        for lang in LANGUAGES:
            names[lang] = translate(catalogues[lang], english, entry["name"])
        countries.append({
            "isocode": entry["alpha_2"],
            "iso3": entry["alpha_3"],
            "name": names,
        })
    return countries


def dump(countries):
    """One country per line for readable diffs."""
    lines = [json.dumps(c, ensure_ascii=False, separators=(", ", ": ")) for c in countries]
    return "[\n" + ",\n".join("  " + line for line in lines) + "\n]\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iso-json", default=DEFAULT_ISO_JSON)
    parser.add_argument("--locale-dir", default=DEFAULT_LOCALE_DIR)
    parser.add_argument("--output", default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)

    countries = build(args.iso_json, args.locale_dir)
    os.makedirs(os.path.dirname(args.output), exist_ok=True)
    with open(args.output, "w", encoding="utf-8", newline="\n") as fp:
        fp.write(dump(countries))
    print("wrote %d countries to %s" % (len(countries), args.output), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
