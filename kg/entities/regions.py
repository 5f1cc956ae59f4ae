"""Rule family: regions (region breakdowns, areas, zones) and region rows of tables."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from kg.entities.context import DocContext, _Base
from kg.entities.family import Found, Proposals, family
from kg.entities.text import (
    STRENGTH_OVERRIDE,
    STRENGTH_PATTERN,
)
from kg.grammar import cued_finditer


class _Regions(_Base):
    """Region names."""

    def regions(self) -> None:
        """Regions a report breaks figures down by: a list of places after 分地区看 or of
        compass parts of a province (苏南、苏北), a place with 地区 (上海地区), and a
        region with its zone word (某某经济区)."""
        rules = self.rules
        text = self.text
        for m in cued_finditer(rules.region_list, text):
            s = m.start(1)
            members = []
            pos = s
            for part in re.split(r"(、|和|及|与)", m.group(1)):
                if part in ("、", "和", "及", "与"):
                    pos += len(part)
                    continue
                members.append((pos, pos + len(part)))
                pos += len(part)
            # the last member runs on into the sentence: keep its place only
            ls, le = members[-1]
            last = next(
                (k for k in range(min(le, ls + 4), ls + 1, -1) if self.is_area_place(text[ls:k])),
                None,
            )
            if last is None:
                continue
            members[-1] = (ls, last)
            names = [text[a:b] for a, b in members]
            if len(members) < 2 or not all(self.is_area_place(n) for n in names):
                continue
            cue = text[max(0, s - 8) : s]
            if not (
                any(c in cue for c in rules.region_cues)
                or all(rules.region_abbr.match(n) for n in names)
            ):
                continue
            for a, b in members:
                self.add(a, b, "Region", text[a:b], rules.region_list_id, STRENGTH_OVERRIDE)
        for m in cued_finditer(rules.region_area, text):
            name = m.group(1)
            if m.group(2) != "地区" or name not in rules.places or not self.t.boundary(m.start()):
                continue
            if name in rules.regions:
                continue
            self.add(
                m.start(),
                m.end(),
                "Region",
                text[m.start() : m.end()],
                rules.region_area_id,
                STRENGTH_PATTERN,
            )
        for p in list(self.props):
            if p.kind != "Region":
                continue
            for word in rules.region_zones:
                if text.startswith(word, p.end):
                    end = p.end + len(word)
                    self.add(
                        p.start,
                        end,
                        "Region",
                        text[p.start : end],
                        rules.region_zone_id,
                        STRENGTH_OVERRIDE,
                    )
                    break

    def region_rows(self) -> None:
        """A table flattened from a PDF prints its row labels one to a line: places that
        stand alone on their lines, several close together, are the regions its figures
        are broken down by."""
        rules = self.rules
        rows = []  # (line number, start, end)
        for n, (s, e) in enumerate(self.lines):
            name = self.text[s:e].strip(" \t\u3000")
            if name in rules.places or rules.admin_suffix.fullmatch(name):
                k = self.text.index(name, s)
                rows.append((n, k, k + len(name)))
            else:
                rows.extend((n, a, b) for a, b in self.side_by_side(s, e))
        w = rules.region_row_min
        for i, (n, s, e) in enumerate(rows):
            near = [
                r
                for r in rows[max(0, i - w) : i + w + 1]
                if abs(r[0] - n) <= rules.region_row_window
            ]
            if len(near) >= rules.region_row_min:
                self.add(s, e, "Region", self.text[s:e], rules.region_row_id, STRENGTH_PATTERN)

    def side_by_side(self, s: int, e: int) -> list[tuple[int, int]]:
        """A wide table's line that prints its rows side by side, each a place, a blank
        and its figures (「北京  2,269  福建  1,214」): the places right before a blank and
        a number that open a cell. Only the blanks before a number are looked at."""
        rules, text, blanks = self.rules, self.text, self.t.sorted_blanks
        view, original = self.doc.ctx.view, self.doc.ctx.document.text
        longest = _longest(rules.places)

        def opens(k: int) -> bool:
            # the line's start (in the view, or in the original where the view joined the
            # rows of a table into one line), after a blank, or after the row's last figure
            return (
                k == s
                or k in self.t.blanks
                or text[k - 1].isdigit()
                or original[max(0, view.src_start[self.t.view_pos[k]] - 1)] == "\n"
            )

        out = []
        for b in blanks[bisect.bisect_left(blanks, s + 2) : bisect.bisect_left(blanks, e)]:
            if not text[b].isdigit():
                continue
            for k in range(max(s, b - longest), b - 1):  # the longest place first
                if text[k:b] in rules.places and opens(k):
                    out.append((k, b))
                    break
        return out


@lru_cache(maxsize=4)
def _longest(names: frozenset[str]) -> int:
    """The length of the longest of ``names``: once per table of places, not per line."""
    return max(map(len, names), default=0)


@family(
    "family.regions",
    reads=(
        "places.yaml:cities",
        "places.yaml:overseas",
        "places.yaml:provinces",
        "places.yaml:regions",
        "region_breakdown",
    ),
)
def regions(doc: DocContext, found: Found) -> Proposals:
    """Regions of a regional breakdown, areas and zones."""
    return _Regions.propose(doc, found, _Regions.regions)


@family(
    "family.region_rows",
    reads=(
        "branch_admin_words",
        "places.yaml:cities",
        "places.yaml:overseas",
        "places.yaml:provinces",
        "region_breakdown",
    ),
)
def region_rows(doc: DocContext, found: Found) -> Proposals:
    """Regions heading the rows of a regional table."""
    return _Regions.propose(doc, found, _Regions.region_rows)
