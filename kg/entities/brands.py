"""Rule family: product and group-company prefixes of the bank (工银e生活, 融e借,
工银理财) and the e- prefix (e支付)."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from kg.banks import Bank, banks, lookup
from kg.entities.context import DocContext, _Base
from kg.entities.family import Found, Proposal, Proposals, family
from kg.entities.text import (
    FUNCTION_CHARS,
    STRENGTH_PATTERN,
    STRENGTH_STRONG,
    _is_han,
    _is_name_char,
    _is_word,
)
from kg.grammar import cued_finditer
from kg.normalize import normalize_name


@lru_cache(maxsize=1)
def _ordinary_words() -> frozenset[str]:
    """Bank prefixes that are also ordinary words (平安, 民生)."""
    return frozenset(p for b in banks() for p in b.ordinary_prefixes)


class _Brands(_Base):
    """Names built on the bank's product and group prefixes."""

    def brand_name(self, s: int, e: int) -> tuple[int, int] | None:
        """A quoted name that starts with a product or group prefix is typed by it."""
        inner = self.text[s:e]
        for prefix in (*self.product_prefixes, *self.group_prefixes):
            if inner.startswith(prefix) and len(inner) > len(prefix):
                got = self.prefixed(s, prefix, limit=e, whole=True)
                if got:
                    return got
        if re.match(r"[eEi][\u4e00-\u9fff]", inner):
            self.add(s, e, "Product", inner, self.rules.brand.e_prefix_id, STRENGTH_STRONG)
            return s, e
        return None

    # -- prefixes ------------------------------------------------------------
    def prefixed(
        self, start: int, prefix: str, limit: int | None = None, whole: bool = False
    ) -> tuple[int, int] | None:
        """工银理财 (group), 工银e生活 (product), 工银理财节 (initiative)."""
        b = self.rules.brand
        text = self.text
        p_end = start + len(prefix)
        hard_end = limit if limit is not None else len(text)
        run_end = p_end
        while (
            run_end < hard_end
            and _is_name_char(text[run_end])
            and run_end - p_end < 12
            and (run_end == p_end or run_end not in self.t.blanks)
        ):
            run_end += 1
        run = text[p_end:run_end]
        if not run or any(run.startswith(w) for w in b.not_after):
            return None
        first = text[p_end : self.next_bound(p_end)]
        if len(first) > 1 and first in self.rules.boundary_words:
            return None  # 中银香港推出…: the prefix is the bank's name, a verb follows
        group = prefix in self.group_prefixes
        if group:
            word = next((w for w in b.subsidiary_words if run.startswith(w)), None)
            word = word or next((w for w in self.rules.jv_partners if run.startswith(w)), None)
            if word is None:
                m = self.rules.place_pattern.match(run)
                word = m.group(0) if m else None
            if word is not None:
                end = p_end + len(word)
                if word in self.rules.jv_partners:
                    # 交银施罗德基金: a joint venture's name goes on to its business word, but
                    # not where the word names what is sold (代销某某保险195亿元, 某某基金1096亿元)
                    more = next((w for w in b.subsidiary_words if text.startswith(w, end)), None)
                    after = text[end + len(more) : end + len(more) + 4].lstrip(" ") if more else ""
                    if (
                        more is not None
                        and not after[:1].isdigit()
                        and "代销" not in text[max(0, start - 4) : start]
                        and (end + len(more) >= run_end or self.t.boundary(end + len(more)))
                        and not text.startswith(("经理", "产品", "公司"), end + len(more))
                    ):
                        end += len(more)
                tail = text[end:run_end]
                ini = next((h for h in b.initiative_heads if tail.startswith(h)), None)
                if ini:
                    end += len(ini)
                    self.add(
                        start, end, "Initiative", text[start:end], b.initiative_id, STRENGTH_STRONG
                    )
                    return start, end
                if whole and end < hard_end:
                    return None
                kind, rule = "Subsidiary", b.subsidiary_id
                if prefix in self.doc.foreign_group_prefixes:
                    if prefix in _ordinary_words():
                        return None
                    kind, rule = "Organization", b.other_group_id
                self.add(start, end, kind, text[start:end], rule, STRENGTH_STRONG)
                return start, end
        if prefix not in self.product_prefixes:
            return None
        window = run[: b.window + (4 if not whole else 8)]
        for k in range(len(window)):
            if any(window.startswith(w, k) for w in ("为", "的", "和", "与", "等")):
                window = window[:k]
                break
        for head in b.initiative_heads:
            k = window.find(head)
            if k > 0 and not whole:
                end = p_end + k + len(head)
                if self.head_ends(end):
                    self.add(
                        start, end, "Initiative", text[start:end], b.initiative_id, STRENGTH_STRONG
                    )
                    return start, end
        if whole:
            end = hard_end
        else:
            found = self.product_end(p_end, run_end, b.window)
            if found is None:
                return None
            end = found
        if prefix in self.ordinary_prefixes and not (
            text[p_end : p_end + 1] in "eEi" or any(text[:end].endswith(t) for t in b.terminals)
        ):
            return None
        if prefix in self.ordinary_prefixes and self.common_product(p_end, end):
            return None  # 某某信用卡正卡: the bank's name before a product every bank has
        app = max(text.rfind(w, p_end, end) for w in ("APP", "App", "app"))
        if app >= p_end and app + 3 < end and _is_han(text[app + 3]):
            end = app + 3  # 某某App理财专区: the app, then a zone of it, two names
        self.add(start, end, "Product", text[start:end], b.product_id, STRENGTH_STRONG)
        return start, end

    def common_product(self, start: int, end: int) -> bool:
        """Whether a product of the lexicon opens ``text[start:end]`` (信用卡, 电子支付)."""
        for k in range(end, start + 1, -1):
            entry = self.rules.lexicon.get(normalize_name(self.text[start:k]))
            if entry is not None and entry.kind == "Product":
                return True
        return False

    def product_end(self, p_end: int, run_end: int, window: int) -> int | None:
        """Where a prefixed product name ends: its last product word within the window,
        else the first word after the prefix (and its e/i letter)."""
        b = self.rules.brand
        text = self.text
        words = self.rules.boundary_words
        stop = p_end
        while stop < run_end and stop - p_end < window + 1:
            tok_end = self.next_bound(stop)
            if text[stop:tok_end] in words and stop > p_end:
                break
            stop = tok_end if tok_end <= run_end else run_end
        stop = min(stop, p_end + window + 1, run_end)
        best = None
        for term in b.terminals:
            k = text.rfind(term, p_end, stop)
            if k >= p_end and _is_word(text[k : k + len(term) + 1]):
                continue  # 某行通讯: 通 opens the word 通讯, no product ends there
            if k >= p_end and (best is None or k + len(term) > best):
                best = k + len(term)
        if best is not None:
            while best < run_end and text[best].isascii() and text[best].isalpha():
                best += 1
            return best
        pos = p_end
        while pos < run_end and text[pos] in "eEi" and pos - p_end < 1:
            pos += 1
        if pos >= run_end:
            return None
        k = pos
        while (
            k < run_end
            and text[k] not in FUNCTION_CHARS
            and not any(text[k : k + n] in words and k in self.t.bounds for n in (2, 3, 4))
        ):
            k += 1
        w_end = self.next_bound(pos)
        if w_end - pos >= 2 and w_end <= run_end and _is_word(text[pos:w_end]):
            end = w_end  # 某行通讯: the word after the prefix, not more
        elif 0 < k - pos <= 3:
            end = k
        else:
            end = self.next_bound(pos)
            if end > run_end or end - p_end > 4:
                end = min(run_end, p_end + 4)
        while end < run_end and text[end].isascii() and text[end].isalpha():
            end += 1
        return end

    def prefix_names(self) -> None:
        """Names on the bank's product and group prefixes, longest prefix first (also
        what family.own_name_prefix runs, with the bank's short name as its prefix)."""
        text = self.text
        for prefix in sorted(
            set(self.product_prefixes + self.group_prefixes), key=len, reverse=True
        ):
            for m in re.finditer(re.escape(prefix), text):
                if self.t.boundary(m.start()) or not _is_word(text[m.end() - 1 : m.end() + 1]):
                    self.prefixed(m.start(), prefix)

    def prefixes(self) -> None:
        self.prefix_names()
        self.digital_self()
        text = self.text
        b = self.rules.brand
        for m in re.finditer(r"(?<![A-Za-z])[eE](?=[\u4e00-\u9fff])", text):
            s = m.start()
            run_end = s + 1
            while run_end < len(text) and _is_han(text[run_end]) and run_end - s < 8:
                run_end += 1
            end = None
            for k in range(s + 2, min(run_end, s + 6) + 1):
                if any(text[s + 1 : k].endswith(t) for t in b.terminals):
                    end = k
                    break
            if end is not None:
                for k in range(end + 2, min(run_end, end + 3) + 1):
                    chunk = text[end:k]
                    if any(chunk.endswith(t) for t in b.terminals) and self.head_ends(k):
                        end = k
            else:
                end = self.next_bound(s + 1)
                if end > run_end or end - s > 5:
                    continue
            if text[s + 1 : end] in self.rules.generic or text[s + 1 : end] in ("系列",):
                continue
            if text[end : end + 3].casefold() == "app":
                end += 3
            if self.head_ends(end) or text[end : end + 1].isascii():
                start = s
                if s > 0 and _is_han(text[s - 1]) and s not in self.t.blanks:
                    ts = self.t.token_start_before(s - 1)
                    glued = text[ts:s]
                    if (
                        1 <= len(glued) <= 2
                        and glued not in self.rules.boundary_words
                        and not any(ch in FUNCTION_CHARS for ch in glued)
                        and glued[-1:] not in self.rules.boundary_words
                    ):
                        start = ts
                self.add(start, end, "Product", text[start:end], b.e_prefix_id, STRENGTH_STRONG)

    def own_bank(self) -> Bank | None:
        """The document's bank as banks.yaml lists it (None for a bank it does not list)."""
        bank = lookup(self.doc.bank) if self.doc.bank else None
        return bank if bank is not None and bank.name == self.doc.bank else None

    def short_names(self) -> tuple[str, ...]:
        """The bank's own short names: two- or three-character aliases (工行), its product
        and group prefixes (中银), or the short name of a bank no table lists (星河)."""
        own = self.own_bank()
        forms = (*own.aliases, *own.product_prefixes, *own.group_prefixes) if own else ()
        names = {
            n
            for n in map(normalize_name, forms)
            if 2 <= len(n) <= 3 and all(_is_han(ch) for ch in n)
        }
        if self.doc.own_stem:
            names.add(self.doc.own_stem)
        return tuple(sorted(names, key=lambda n: (-len(n), n)))

    def digital_self(self) -> None:
        """数字工行(D-ICBC)建设: the bank's programme of becoming a digital bank; in Latin
        letters an e- or D- before its abbreviation, with a version (e-ICBC3.0发展战略)."""
        b = self.rules.brand
        text = self.text
        own = self.own_bank()
        latin = sorted(
            {
                a
                for a in (own.aliases if own else ())
                if a.isascii() and a.isalpha() and a.isupper()
            },
            key=lambda a: (-len(a), a),
        )
        if latin:
            pattern = re.compile(
                rf"(?<![A-Za-z0-9])[eEdD][-—–](?:{'|'.join(map(re.escape, latin))})"
                r"(?:\d+(?:\.\d+)?)?(?![A-Za-z0-9.])"
            )
            for m in pattern.finditer(text):
                s, e = m.span()
                if text[s - 1 : s] in ("(", "（"):
                    continue  # 数字工行(D-ICBC): the Chinese name's abbreviation, no name
                name = re.sub("[—–]", "-", text[s:e])
                self.add(s, e, "Strategy", name, b.digital_self_id, STRENGTH_PATTERN)
        shorts = self.short_names()
        if not shorts or not b.digital_words:
            return
        pattern = re.compile(
            f"(?:{'|'.join(map(re.escape, b.digital_words))})(?:{'|'.join(map(re.escape, shorts))})"
        )
        for m in pattern.finditer(text):
            s, e = m.span()
            if not (self.t.word_bound(s) and self.t.word_bound(e)):
                continue
            rest = text[e : e + 3].casefold()
            if any(rest.startswith(t.casefold()) for t in (*b.terminals, *b.not_after)):
                continue
            self.add(s, e, "Strategy", text[s:e], b.digital_self_id, STRENGTH_PATTERN)

    def document_brands(self) -> None:
        """某某卡、某某微贷通、某某自助通: a proper-noun word that opens several product
        names of the document is its brand, and each name it opens a Product (also where
        jieba glued a character before it: 持某某卡)."""
        rule = self.rules.document_brand
        text = self.text
        spans: dict[str, list[tuple[int, int]]] = {}
        clean: dict[str, set[str]] = {}
        for m in cued_finditer(rule.name, text):
            start = m.start()
            prefix, middle, end = m.group(1), m.group(2), m.end(3)
            if not self.head_ends(end) or any(ch in FUNCTION_CHARS for ch in middle):
                continue
            spans.setdefault(prefix, []).append((start, end))
            if (
                start in self.t.bounds
                and self.tags[start] in rule.prefix_tags
                and (start + 2 in self.t.bounds or (not middle and end in self.t.bounds))
            ):
                clean.setdefault(prefix, set()).add(text[start:end])
        for prefix, names in clean.items():
            if (
                len(names) < rule.min_products
                or prefix in self.rules.places
                or prefix in self.rules.boundary_words
                or prefix in self.rules.modifiers
                or prefix in self.rules.generic
            ):
                continue
            for s, e in spans[prefix]:
                self.add(s, e, "Product", text[s:e], rule.id, STRENGTH_PATTERN)


@family(
    "family.brand_prefixes",
    reads=(
        "boundary_words",
        "brand",
        "generic_phrases.yaml:never",
        "lexicon.yaml:joint_venture_partners",
        "places.yaml:cities",
        "places.yaml:overseas",
        "places.yaml:provinces",
    ),
)
def brand_prefixes(doc: DocContext, found: Found) -> Proposals:
    """Names on the bank's product and group prefixes (工银e生活, 融e借) and the e- prefix."""
    return _Brands.propose(doc, found, _Brands.prefixes)


@family(
    "family.own_name_prefix",
    reads=(
        "boundary_words",
        "brand",
        "lexicon.yaml:joint_venture_partners",
        "places.yaml:cities",
        "places.yaml:overseas",
        "places.yaml:provinces",
    ),
)
def own_name_prefix(doc: DocContext, found: Found) -> Proposals:
    """A bank no table lists names its products and companies with its short name
    (星河银行: 星河证券, 星河全球通). The short name may be a word too, so it is read as
    平安 is (only a product word after it makes a product), and last: only where no other
    family named anything."""
    stem = doc.own_stem
    if stem is None:
        return Proposals()
    own = replace(
        doc,
        product_prefixes=(stem,),
        ordinary_prefixes=frozenset({stem}),
        group_prefixes=(stem,),
        foreign_group_prefixes=frozenset(),
    )
    b = doc.rules.brand
    ids = {b.product_id: b.own_product_id, b.subsidiary_id: b.own_subsidiary_id}
    taken = [*((p.start, p.end) for p in found.proposals), *found.consumed]

    def free(p: Proposal) -> bool:
        """No earlier name overlaps, nor a span for review read as another kind (a
        quoted company's whole name, “某某投资有限公司”)."""
        return not any(s < p.end and p.start < e for s, e in taken) and not any(
            r.start < p.end and p.start < r.end and r.kind != p.kind for r in found.review
        )

    return Proposals(
        tuple(
            replace(p, rule=ids[p.rule])
            for p in _Brands.propose(own, found, _Brands.prefix_names).proposals
            if p.rule in ids and free(p)
        )
    )


@family(
    "family.document_brands",
    reads=(
        "boundary_words",
        "document_brand",
        "generic_phrases.yaml:modifiers",
        "generic_phrases.yaml:never",
        "places.yaml:cities",
        "places.yaml:overseas",
        "places.yaml:provinces",
    ),
)
def document_brands(doc: DocContext, found: Found) -> Proposals:
    """Products on a brand the document itself shows (某某卡, 某某微贷通, 某某自助通)."""
    return _Brands.propose(doc, found, _Brands.document_brands)
