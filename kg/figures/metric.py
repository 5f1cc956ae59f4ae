"""A figure's metric, unit and measure: the clause's words or the noun after the
quantity (「成立22家分行科技金融中心」), a unit implied by either when none is printed,
counts named for what they count, shares named for what they are a share of, verbs and
abbreviations dropped or spelled out, and whether the figure is a level or a change."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.figures.clause import MAX_METRIC, Clause, SentenceState
from kg.figures.quantities import Quantity
from kg.figures.rules import ObservationRules
from kg.figures.text import HAN, Mark, _ends_with, _is_item_char, _strip_prefix
from kg.units import point_symbols, role

MAX_NOUN = 12


def _noun_after(text: str, pos: int, rules: ObservationRules, skip_de: bool = False) -> str:
    """The noun a quantity counts, when it follows it: 「22家分行科技金融中心」."""
    if skip_de and text.startswith("的", pos):
        pos += 1
    out: list[str] = []
    i = pos
    while i < len(text) and len(out) < MAX_NOUN:
        ch = text[i]
        close = text.find("）", i, i + 6) if ch == "（" and out else -1
        if close > i + 1 and all(HAN.match(c) for c in text[i + 1 : close]):
            # 「2,100余个县（市）」: a short bracketed gloss belongs to the noun
            out.extend(text[i : close + 1])
            i = close + 1
            continue
        latin_digit = (
            ch.isdigit()
            and bool(out)
            and out[-1].isascii()
            and out[-1].isalpha()
            and text[i + 1 : i + 2].isascii()
            and text[i + 1 : i + 2].isalpha()
        )  # 「13个O2O线下体验店」, 「B2B平台」: a digit between letters is part of the name
        if not (HAN.match(ch) or (ch.isascii() and ch.isalpha()) or latin_digit):
            break
        whole = (
            next((w for w in rules.noun_wholes if text.startswith(w, i)), None)
            if text.startswith(rules.noun_wholes, i)  # one test in C: mostly none
            else None
        )
        if whole is not None:
            # 「45个国家和地区」: one noun, although a stop (和) stands inside it, and a
            # whole one (「45个国家和地区拥有400多家分支机构」: 拥有 is the next verb)
            out.extend(whole)
            break
        if text.startswith(rules.noun_stops, i):
            break
        out.append(ch)
        i += 1
    return "".join(out)


def _implied_unit(
    metric: str, rules: ObservationRules, noun: bool = False
) -> tuple[str, str] | None:
    """The unit a metric implies (余额 -> 元, 客户 -> 户): its ending, else the last
    telling word inside it; a ``noun`` after the quantity may end with a word of its own
    (捐赠人 -> 人)."""
    for hint in rules.implied_units:
        if hint.noun_only and not (noun and len(metric) > 2):
            continue  # 「4300多万个人和47万公司客户」: 个人 alone qualifies 客户
        if _ends_with(metric, hint.endings):
            return hint.unit, hint.id
    best: tuple[int, str, str] | None = None
    for hint in rules.implied_units:
        if hint.noun_only:
            continue
        for word in hint.endings:
            pos = metric.rfind(word)
            if pos >= 0 and len(word) > 1 and (best is None or pos + len(word) > best[0]):
                best = (pos + len(word), hint.unit, hint.id)
    return (best[1], best[2]) if best else None


AWARD_QUOTED = re.compile(r"[“「『\"]([^”」』\"]{2,30})[”」』\"]")


def _award_counted(
    text: str, end: int, noun: str, unit: str, rules: ObservationRules
) -> str | None:
    """「1家网点荣获2017年度某某服务百佳示范单位荣誉称号，4家网点获评某某五星级网点」: a
    count of the units that won an award is named for the award (其 quoted name, else the
    words after the verb, without the year and 称号), so two awards of one sentence are two
    figures: 某某服务百佳示范单位网点数, 某某五星级网点数."""
    awards = rules.award_counts
    if unit not in rules.count_units or not noun:
        return None
    rest = text[end : end + 60]
    verb = next((v for v in awards.verbs if rest.lstrip().startswith(v)), None)
    if verb is None:
        return None
    rest = rest.lstrip()[len(verb) :]
    phrase = re.split(r"[，。；、：！？\n（]", rest, maxsplit=1)[0]
    quoted = AWARD_QUOTED.search(phrase)
    if quoted is not None:
        phrase = quoted.group(1)
    else:
        phrase = awards.year.sub("", phrase)
        phrase, _ = _strip_suffix(phrase, awards.drop_after)
    phrase = re.sub(r"\s+", "", phrase)
    if len(phrase) < 2 or len(phrase) > MAX_NOUN * 3:
        return None
    counted = _count_metric(noun, unit, rules)
    if phrase.endswith(noun):
        return phrase + counted[len(noun) :]
    return phrase + counted


def _strip_suffix(word: str, endings: tuple[str, ...]) -> tuple[str, str | None]:
    for ending in endings:
        if word.endswith(ending) and len(word) > len(ending):
            return word[: -len(ending)], ending
    return word, None


def _count_metric(noun: str, unit: str, rules: ObservationRules) -> str:
    if unit in rules.count_units and not _ends_with(noun, rules.count_except):
        own = rules.count_names.get(unit)
        if own is not None:
            return noun if noun.endswith(own) else noun + own
        return noun + rules.count_suffix
    return noun


def _measure(unit: str, change: bool, metric: str) -> str:
    if unit in point_symbols():
        return "ppChange"
    if unit == "%" and re.search(r"(?:占比|比重|份额)$|^占|占.+比例$", metric):
        return "share"
    if change:
        return "growthRate" if unit == "%" else "change"
    if unit == "%" and "占比" in metric:
        return "share"
    return "level"


def _bare_measure(metric: str, rules: ObservationRules) -> str | None:
    """「承销规模」 -> 规模, 「占比」 -> 占比: a metric that names no thing measured."""
    bare = rules.bare_measures
    rest, _ = _strip_prefix(metric, bare.verbs)
    return rest if rest in bare.words or rest in bare.shares else None


@dataclass(frozen=True)
class Named:
    """A quantity's metric and unit, and how much text after it the metric used."""

    metric: str
    unit: str
    rule: str
    end: int


def _name(text: str, q: Quantity, clause: Clause, rules: ObservationRules) -> Named | None:
    """Metric and unit of a quantity: the clause's words, or the noun after it
    (「成立22家分行科技金融中心」), with a unit implied by either when none is printed."""
    noun = _noun_after(text, q.end, rules, skip_de=clause.object_verb == "以")
    if clause.object_verb == "以" and not text.startswith("的", q.end):
        noun = ""  # 「以4070亿美元排名第二」: an amount the subject ranks by, no noun counted
    metric = clause.metric
    rule_id = "obs.quantity"
    noun_end = None
    use_noun = bool(noun) and (
        clause.object_verb is not None or not metric or (clause.conjunction and q.unit is not None)
    )
    if (
        not use_noun
        and q.unit in rules.count_units
        and len(noun) >= 2
        and _ends_with(metric, rules.count_except) is None
    ):
        # 「服务全球超60个国家」, 「遍布全省19个市县」: the noun after a count is what it
        # counts (国家数, 市县数); the words before it are a verb and where it reaches, not
        # the metric (not 服务全球数, nor 遍布全省市县数)
        use_noun, noun_end = True, _noun_end(text, q.end, noun)
    if (
        not use_noun
        and metric
        and clause.object_verb
        and rules.nominal_verbs.pattern.fullmatch(clause.object_verb)
    ):
        # 「全年科技投入66.5亿元」: nothing follows for 投入 to take, so it ends the noun
        metric = (metric + clause.object_verb)[-MAX_METRIC:]
        rule_id = rules.nominal_verbs.id
    if (
        not use_noun
        and metric
        and q.unit is not None
        and noun in rules.money_nouns
        and not metric.endswith(noun)
    ):
        # 「累计为客户创造超1,000亿元收益」: the money the amount is of follows it
        metric = (metric + noun)[-MAX_METRIC:]
        noun_end = _noun_end(text, q.end, noun)
        rule_id = rules.money_nouns_id
    unit = q.unit
    if unit is None:
        if not q.scaled_by and not q.bare:
            return None
        hint = _implied_unit(noun, rules, noun=True) if noun else None
        use_noun = hint is not None
        if hint is None:
            hint = _implied_unit(metric, rules)
        if hint is None:
            return None
        unit, rule_id = hint
    if use_noun:
        end = noun_end if noun_end is not None else _noun_end(text, q.end, noun)
        award = _award_counted(text, end, noun, unit, rules)
        if award is not None:
            return Named(award, unit, rules.award_counts.id, end)
        return Named(
            _count_metric(noun, unit, rules),
            unit,
            "obs.metric.noun_after" if rule_id == "obs.quantity" else rule_id,
            noun_end if noun_end is not None else _noun_end(text, q.end, noun),
        )
    end = noun_end if noun_end is not None else q.end
    return Named(_count_metric(metric, unit, rules) if metric else "", unit, rule_id, end)


def _share_of(
    text: str, start: int, q: Quantity, metric: str, rules: ObservationRules
) -> str | None:
    """The name of a share that says what it is a share of: 「县域存款占全行存款的42.5%」 ->
    县域存款占全行存款比例, 「占营业收入的比重为57.86%」 -> 占营业收入比重,
    「占香港市场份额逾三成」 -> 香港市场份额. None when the clause has no 占 phrase."""
    share = rules.share_of
    pos = -1
    for i in range(q.start - 1, start - 1, -1):
        if text[i] == "占" and not text.startswith("占比", i):
            pos = i
            break
    if pos < 0:
        return None
    of = re.sub(r"\s", "", text[pos + 1 : q.start])
    links = tuple(w for link in rules.links for w in link.words)
    changed = True
    while changed:
        changed = False
        for word in (*links, "的"):
            if of.endswith(word) and len(of) > len(word):
                of, changed = of[: -len(word)], True
                break
    printed = _ends_with(of, share.words) or _ends_with(of, share.held)
    if printed:
        of = of[: -len(printed)].rstrip("的")
    of, _ = _strip_prefix(of, share.drop)
    if not of or not all(_is_item_char(ch) or ch in "（）" for ch in of):
        return None
    before = metric[: metric.rfind("占")] if "占" in metric else ""
    if printed in share.held:
        return (before + of + printed)[-2 * MAX_METRIC :]
    return (before + "占" + of + (printed or share.default))[-2 * MAX_METRIC :]


def _drop_verbs(metric: str, unit: str, rules: ObservationRules) -> tuple[str, str | None]:
    """「投向制造业贷款余额」 -> 制造业贷款余额, 「苏州设立科技支行数」 -> 科技支行数:
    the verb that says how the thing came about goes, with everything before it;
    「投放」 of an amount of money -> 投放金额, 「贷款新发放」 -> 贷款新发放额."""
    verbs = rules.metric_verbs
    if verbs is None:
        return metric, None
    if metric in verbs.money_words and unit in rules.currencies | {role("money")}:
        return metric + verbs.money_suffix, verbs.money_id
    if (
        verbs.flow_suffix
        and unit in rules.currencies | {role("money")}
        and any(metric.endswith(v) and len(metric) > len(v) + 1 for v in verbs.flow_ends)
    ):
        # 「新能源汽车贷款新发放1,043亿元」 -> 新能源汽车贷款新发放额
        return metric + verbs.flow_suffix, verbs.money_id
    cut = max(
        (metric.rfind(w) + len(w) for w in verbs.words if w in metric),
        default=-1,
    )
    rest = metric[cut:]
    bare = (*rules.bare_measures.words, *rules.bare_measures.shares)
    if cut < 0 or len(HAN.findall(rest)) < verbs.min_rest or rest in bare:
        return metric, None  # 「存续规模」 is a measure of its own
    return metric[cut:], verbs.id


def _alias(metric: str, rules: ObservationRules) -> tuple[str, str | None]:
    """「大字版MAU数」 -> 月活跃用户数: an abbreviated metric spelled out."""
    for printed, full, rule in rules.metric_aliases:
        if metric.endswith(printed):
            return full, rule
    return metric, None


def _default_metric(unit: str, rules: ObservationRules) -> str:
    return (rules.default_metrics.get(unit) or rules.default_metrics["*"])[1]


@dataclass(frozen=True)
class Classified:
    metric: str
    measure: str
    basis: str | None
    direction: str | None
    change_rule: str | None


def _classify(
    text: str,
    named: Named,
    clause: Clause,
    clause_bases: list[Mark],
    state: SentenceState,
    rules: ObservationRules,
) -> Classified:
    """Level, change, growth rate, pp change or share; the metric a change carries over
    from the clause before it; the comparison basis in force. Updates ``state``."""
    metric = named.metric
    change = clause.change
    inherited = False
    if not metric:
        if state.metric and (change is not None or clause.conjunction or clause.level_link):
            # a change in 户 after 「客户数3.85亿户，市场占比30%，」 is one of 客户数
            same_unit = state.by_unit.get(named.unit) if change is not None else None
            metric, inherited = same_unit or state.metric, True
        else:
            metric = (rules.default_metrics.get(named.unit) or rules.default_metrics["*"])[1]
    if inherited and clause.conjunction and change is None:
        measure, direction, change_rule = state.measure, state.direction, state.change_rule
    else:
        is_change = change is not None or (
            not clause.level_link and _ends_with(metric, rules.change_nouns) is not None
        )
        measure = _measure(named.unit, is_change, metric)
        direction = change.direction if change else None
        change_rule = change.id if change else None
    if (
        measure == "growthRate"
        and not inherited
        and _ends_with(metric, rules.count_heads)
        and not metric.endswith(rules.count_suffix)
    ):
        metric += rules.count_suffix  # 「中型有贷户增长11.6%」: the count of them grew
    if clause_bases:
        last = clause_bases[-1]
        state.basis = last.rule.value or text[last.start : last.end]
    elif measure == "level" and not inherited:
        state.basis = None
    basis = state.basis if measure in ("change", "growthRate", "ppChange") else None
    state.metric, state.measure, state.direction = metric, measure, direction
    state.change_rule = change_rule
    if measure == "level" and named.unit != "%" and named.unit not in point_symbols():
        state.by_unit[named.unit] = metric
    return Classified(metric, measure, basis, direction, change_rule)


def _noun_end(text: str, pos: int, noun: str) -> int:
    return text.index(noun, pos) + len(noun) if noun and noun in text[pos:] else pos
