"""Writes N synthetic incident rows in Beacon's CSV format to standard output (for benchmarks only).

16 columns, about 135 bytes a row: 1,000,000 rows make the 135 MB file of the import benchmark. With
`--bad-last`, the last row has a date in the future, so the whole file must be refused.
"""
import random
import sys

args = [a for a in sys.argv[1:] if not a.startswith("--")]
n = int(args[0]) if args else 1_000_000
bad_last = "--bad-last" in sys.argv
random.seed(7)
types = ["forced-labour", "sexual", "forced-criminality", "other"]
subtypes = ["agriculture", "food-processing", "construction", "car-wash", "prostitution", "other"]
methods = ["debt-bondage", "threats", "withholds-documents|threats", "takes-earnings|debt-bondage", "financial"]
ages = ["18-20", "21-23", "24-26", "27-29", "30-38", "39-47"]
nats = ["LT", "RO", "PL", "BG", "LV", "GB"]
out = sys.stdout
out.write("id,date,source_country,source_latitude,source_longitude,destination_country,destination_latitude,"
          "destination_longitude,exploitation_type,exploitation_subtype,control_methods,victim_age_band,"
          "victim_gender,victim_nationality,data_source,confidence\n")
for i in range(n):
    nat = random.choice(nats)
    year = 2099 if bad_last and i == n - 1 else random.randint(10, 24) + 2000
    out.write(f"gen-{i:07d},{year}-{random.randint(1, 12):02d}-{random.randint(1, 28):02d},{nat},"
              f"{54.0 + random.random() * 2:.6f},{23.0 + random.random() * 3:.6f},GB,{52.2 + random.random():.6f},"
              f"{-0.5 + random.random() * 1.2:.6f},"
              f"{random.choice(types)},{random.choice(subtypes)},{random.choice(methods)},{random.choice(ages)},"
              f"{random.choice(['female', 'male'])},{nat},police,{random.choice(['0.5', '0.8', '1'])}\n")
