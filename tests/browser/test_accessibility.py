"""axe-core on every view: every page in both languages, light and dark, two pages on a
phone; with the phone menu open, and with member cards that link to websites."""

from __future__ import annotations

import pytest
from browser_fixtures import EDITED_FOLDER, LANGUAGE_FOLDERS, VIEWS, violations


@pytest.mark.parametrize("view", VIEWS, ids=str)
def test_no_violations(look, view):
    assert look(view).violations == []


@pytest.mark.parametrize("language", sorted(LANGUAGE_FOLDERS))
def test_no_violations_with_the_phone_menu_open(tab, site_url, language):
    page = tab("phone")
    page.goto(site_url + LANGUAGE_FOLDERS[language] + "index.html")
    page.click("label.nav-overlay-icon")
    page.wait_for_function(
        "document.querySelector('.sidebar-drawer').getBoundingClientRect().left >= 0"
    )
    assert violations(page) == []


def test_no_violations_with_member_links(tab, site_url):
    page = tab("desktop")
    page.goto(site_url + EDITED_FOLDER + "members/index.html")
    assert page.locator(".icjc-member-card a[href^='http']").count() > 0
    assert violations(page) == []
