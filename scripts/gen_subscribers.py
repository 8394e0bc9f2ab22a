#!/usr/bin/env python3
"""Writes a synthetic subscriber CSV for Beacon's import benchmark to standard output.

    gen_subscribers.py ROWS [SEED]

Addresses at example.org (reserved for examples), languages and zones in the Fenland campaign's mix,
consent given through partners in 2025-2026, and points scattered over the Fenland districts (each becomes
a resolution-7 cell on import). Deterministic for a given seed.
"""

import random
import sys

rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 7)
languages = [("en", "Europe/London", 40), ("lt", "Europe/Vilnius", 25), ("pl", "Europe/Warsaw", 15),
             ("ro", "Europe/Bucharest", 12), ("bg", "Europe/Sofia", 8)]
weights = [w for _, _, w in languages]
out = sys.stdout
out.write("email,locale,time_zone,consent_source,consent_at,consent_version,latitude,longitude\n")
buf = []
for i in range(rows):
    locale, zone, _ = rng.choices(languages, weights)[0]
    source = ("partner", "import", "form")[i % 3]
    month = 1 + i % 12
    day = 1 + i % 28
    year = 2025 if month > 6 else 2026
    lat = 52.45 + rng.random() * 0.55
    lon = -0.25 + rng.random() * 0.55
    buf.append("member%07d@example.org,%s,%s,%s,%04d-%02d-%02dT10:00:00Z,partner-form-1,%.5f,%.5f\n"
               % (i, locale, zone, source, year, month, day, lat, lon))
    if len(buf) >= 10000:
        out.write("".join(buf))
        buf = []
out.write("".join(buf))
