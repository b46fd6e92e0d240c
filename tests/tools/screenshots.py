"""Save screenshots of every page at desktop and phone widths: ``make screenshots``.

``--language fr`` takes the French pages of ``make html-all`` (``_build/html/fr``).

Pages are shown in light and dark mode, and on the phone with the menu drawer open.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).parent))
from browser import CHROMIUM, LAUNCH_ARGS
from serve import serve

PAGES = {
    "home": "index.html",
    "about": "about.html",
    "members": "members/index.html",
    "accessibility": "accessibility.html",
    "search": "search.html",
    "404": "404.html",
}
VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--language", default="en", help="en, or a folder of make html-all")
    parser.add_argument("--site", type=Path, default=Path("_build/html"))
    parser.add_argument("--out", type=Path, default=Path("_build/screenshots"))
    parser.add_argument("--full-page", action="store_true", help="capture the whole page")
    args = parser.parse_args()
    # Other languages are served from their folder in the site, as make html-all lays them
    # out: the 404 page's links start from the site's root.
    english = args.language == "en"
    folder = "" if english else f"{args.language}/"
    prefix = "" if english else f"{args.language}-"
    args.out.mkdir(parents=True, exist_ok=True)
    with serve(args.site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        for scheme in ("light", "dark"):
            for device, (width, height) in VIEWPORTS.items():
                page = browser.new_page(
                    viewport={"width": width, "height": height}, color_scheme=scheme
                )
                for name, path in PAGES.items():
                    page.goto(base + folder + path)
                    target = args.out / f"{prefix}{name}-{device}-{scheme}.png"
                    page.screenshot(path=target, full_page=args.full_page)
                    print(target)
                if device == "phone":
                    page.goto(base + folder + PAGES["home"])
                    page.click("label.nav-overlay-icon")
                    page.wait_for_timeout(400)
                    target = args.out / f"{prefix}home-phone-drawer-{scheme}.png"
                    page.screenshot(path=target)
                    print(target)
                page.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
