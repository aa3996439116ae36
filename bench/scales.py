"""The data sizes a benchmark run generates."""

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Scale:
    name: str
    municipalities: int
    families: int
    persons: int
    staff: int
    audit_events: int
    # Enrolled target children in the one large municipality whose participant list is timed.
    big_municipality_children: int
    audit_days: int = 730

    def as_dict(self) -> dict:
        return asdict(self)


SCALES = {
    "national": Scale(
        name="national",
        municipalities=98,
        families=30_000,
        persons=100_000,
        staff=1_500,
        audit_events=5_000_000,
        big_municipality_children=600,
    ),
    "small": Scale(
        name="small",
        municipalities=3,
        families=500,
        persons=1_650,
        staff=50,
        audit_events=50_000,
        big_municipality_children=150,
    ),
}
