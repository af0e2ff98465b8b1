"""Templates hold no inline script, style or event handler: the CSP would block them."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ["scheduler", "programmes", "attendance", "creche", "notifications"]
INLINE = [
    ("inline <script>",
     re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)),
    ("<style> element", re.compile(r"<style\b", re.I)),
    ("style attribute", re.compile(r"\sstyle=", re.I)),
    ("event handler attribute", re.compile(r"\son[a-z]+=", re.I)),
    ("javascript: URL", re.compile(r"javascript:", re.I)),
]


def inline_code(text: str) -> list[str]:
    return [name for name, pattern in INLINE if pattern.search(text)]


def test_no_template_needs_unsafe_inline():
    found = {str(path.relative_to(ROOT)): hits
             for app in APPS for path in (ROOT / app).rglob("templates/**/*.html")
             if (hits := inline_code(path.read_text()))}
    assert found == {}


def test_the_guard_sees_each_kind_of_inline_code():
    assert inline_code('<script src="/static/a.js"></script>') == []
    assert inline_code('<script type="application/json">{}</script>') == []
    assert inline_code("<script>alert(1)</script>") == ["inline <script>"]
    assert inline_code('<p style="color:red" onclick="x()">') == [
        "style attribute", "event handler attribute"]
