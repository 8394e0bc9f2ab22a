"""Writes N synthetic incident rows in Beacon's CSV format to standard output (for benchmarks only)."""
import random
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
random.seed(7)
types = ["forced-labour", "sexual", "forced-criminality", "other"]
nats = ["LT", "RO", "PL", "BG", "LV", "GB"]
out = sys.stdout
out.write("id,date,source_country,destination_country,destination_latitude,destination_longitude,"
          "exploitation_type,victim_gender,victim_nationality,data_source,confidence\n")
for i in range(n):
    nat = random.choice(nats)
    out.write(f"gen-{i},20{random.randint(10, 24):02d}-{random.randint(1, 12):02d},{nat},GB,"
              f"{52.2 + random.random():.5f},{-0.5 + random.random() * 1.2:.5f},{random.choice(types)},"
              f"{random.choice(['female', 'male'])},{nat},police,{random.choice(['0.5', '0.8', '1'])}\n")
