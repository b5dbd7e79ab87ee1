"""Finnish regions and municipalities from the shipped classification files."""

import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def read_rows(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_classification(Region, Municipality) -> tuple[int, int]:
    """Insert or update every region and municipality; returns the counts."""
    regions = read_rows("regions.csv")
    for row in regions:
        Region.objects.update_or_create(
            code=row["code"], defaults={k: row[k] for k in ("name_fi", "name_sv", "name_en")}
        )
    municipalities = read_rows("municipalities.csv")
    for row in municipalities:
        Municipality.objects.update_or_create(
            code=row["code"],
            defaults={"name_fi": row["name_fi"], "name_sv": row["name_sv"], "region_id": row["region_code"]},
        )
    return len(regions), len(municipalities)
