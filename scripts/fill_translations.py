"""Fill msgstr entries of .po files from a JSON dictionary {msgid: Dutch} and compile them.

Usage: python scripts/fill_translations.py translations.json src/wijkteam/<app> [...]
Used by engineers after `makemessages`; the test suite checks completeness.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polib


def main() -> None:
    table = json.loads(Path(sys.argv[1]).read_text())
    plurals = table.pop("__plural__", {})
    for app in sys.argv[2:]:
        po_path = Path(app) / "locale" / "nl" / "LC_MESSAGES" / "django.po"
        po = polib.pofile(str(po_path))
        for entry in po:
            if entry.msgid_plural and entry.msgid in plurals:
                entry.msgstr_plural = dict(enumerate(plurals[entry.msgid]))
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
            elif entry.msgid in table:
                entry.msgstr = table[entry.msgid]
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
        po.metadata_is_fuzzy = False
        po.metadata["Language"] = "nl"
        po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
        po.save()
        po.save_as_mofile(str(po_path.with_suffix(".mo")))
        missing = [e.msgid for e in po.untranslated_entries() + po.fuzzy_entries()]
        print(f"{app}: {len(po)} entries, {len(missing)} untranslated", *missing[:5], sep="\n  ")


if __name__ == "__main__":
    main()
