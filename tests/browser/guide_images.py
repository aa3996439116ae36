"""The user guide's pictures (docs/user-guide.md) come from the browser tests' screenshots.

With UPDATE_GUIDE_IMAGES=1 (`make guide-images`), every screenshot named below is also
written, cropped to its top and reduced to a small palette PNG, to docs/images/, where the
guide links it. Without the variable nothing outside test-artifacts/ changes.
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GUIDE_DIR = ROOT / "docs" / "images"
MAX_BYTES = 150_000

# screenshot file stem (name-width) -> the guide's picture, and how many CSS pixels of the
# page's top it keeps
GUIDE_IMAGES: dict[str, tuple[str, int]] = {
    # other tests' screenshots
    "daily-handover-read-1280": ("koordinator-overlevering.png", 900),
    "daily-core-team-home-phone-390": ("kerneteam-forside.png", 1300),
    "core-team-ics-board-390": ("kerneteam-ics-tavle.png", 1300),
    "core-team-weekly-meeting-1280": ("kerneteam-ugemoede.png", 900),
    "daily-partner-home-phone-390": ("partner-forside.png", 1300),
    "portal-familie-390": ("foraeldre-forside.png", 1300),
    "portal-familie-plan-390": ("foraeldre-plan.png", 1300),
    # tests/browser/test_role_days.py
    "guide-coordinator-home-phone-390": ("koordinator-forside.png", 1400),
    "guide-leader-home-phone-390": ("leder-forside.png", 1300),
    "guide-leader-dashboard-desktop-1280": ("leder-rapporter.png", 900),
    "guide-leader-compliance-desktop-1280": ("leder-kadence.png", 900),
    "guide-leader-core-team-phone-390": ("leder-kerneteam.png", 1300),
    "guide-leader-settings-phone-390": ("leder-opsaetning.png", 1300),
    "guide-leader-economics-desktop-1280": ("leder-oekonomi.png", 900),
    "guide-project-leader-participants-desktop-1280": ("projektleder-deltagerliste.png", 700),
    "guide-dpo-audit-search-phone-390": ("dpo-log.png", 1300),
    "guide-dpo-spot-check-desktop-1280": ("dpo-stikproever.png", 900),
    "guide-dpo-value-jumps-phone-390": ("dpo-vaerdispring.png", 1300),
    "guide-sysadmin-admin-desktop-1280": ("sysadmin-administration.png", 700),
}


def enabled() -> bool:
    return os.environ.get("UPDATE_GUIDE_IMAGES") == "1"


def update(screenshot: Path) -> Path | None:
    """Write the guide's copy of a screenshot, if the guide uses it and the variable is set."""
    if not enabled() or screenshot.stem not in GUIDE_IMAGES:
        return None
    from PIL import Image

    name, keep = GUIDE_IMAGES[screenshot.stem]
    GUIDE_DIR.mkdir(parents=True, exist_ok=True)
    target = GUIDE_DIR / name
    with Image.open(screenshot) as img:
        image = img.convert("RGB")
    image = image.crop((0, 0, image.width, min(image.height, keep)))
    if image.width > 1000:  # a desktop page: half size still reads in the guide
        image = image.resize((image.width * 3 // 4, image.height * 3 // 4), Image.LANCZOS)
    for colours in (64, 32, 16):
        image.quantize(colours).save(target, optimize=True)
        if target.stat().st_size <= MAX_BYTES:
            break
    return target
