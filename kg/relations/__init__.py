"""Relations: who serves which strategy, who runs what, who works with whom.

Three kinds of signal, all driven by the rule table ``kg/rules/relations.yaml``:

- trigger patterns: regular expressions over a *kind skeleton* of each sentence, in
  which every recognised mention is one placeholder character standing for its kind
  (quotes and spaces dropped), so a rule reads ``为…{obj:Strategy}…赋能`` and never
  names an entity. Where the sentence leaves the subject out, the rule says where to
  look for it (the clause that opens the sentence, the article's byline, the bank).
- document structure: a newsletter article closed by 「供稿：<部门>」 is that
  department's; a heading that names a strategy or a department frames its section.
- names: 手机银行10.0 is a version of 手机银行; 私人银行部 answers for 第一私人银行.

Relations only join the kinds ANNOTATION.md allows; negated (未/没有…) and planned
(将/计划/拟…) statements are left out.
"""

from __future__ import annotations

from kg.models import Mention, Relation, TextContext
from kg.relations.articles import find_articles, run_bylines
from kg.relations.evidence import Collector
from kg.relations.lists import run_list_items
from kg.relations.names import (
    consistent,
    of_base,
    run_acronyms,
    run_expansions,
    run_listed_frames,
    run_names,
)
from kg.relations.rules import RelationRules, RuleError, load_rules
from kg.relations.sections import find_sections, run_headings, run_labels, run_leads, run_topics
from kg.relations.skeleton import Skeleton, bank_mention, maximal
from kg.relations.triggers import run_trigger

__all__ = ["RelationRules", "RuleError", "extract", "load_rules"]


def extract(
    ctx: TextContext, mentions: tuple[Mention, ...], rules: RelationRules
) -> tuple[Relation, ...]:
    """The relations one document states between its mentions, each with its evidence.

    A link stated in several places comes back once per place (rdfmap makes one edge of
    them); the order is that of the rule table, then of the text.
    """
    doc = Skeleton(ctx, rules, maximal(ctx, mentions))
    doc.build()
    doc.bank = bank_mention(ctx, mentions)
    doc.articles = list(find_articles(doc))
    doc.sections = list(find_sections(doc))
    out = Collector(doc)
    for trigger in rules.triggers:
        run_trigger(doc, trigger, out)
    run_list_items(doc, out)
    run_names(doc, mentions, out)
    run_acronyms(doc, out)
    run_listed_frames(doc, out)
    run_expansions(doc, out)
    run_bylines(doc, out)
    run_headings(doc, out)
    run_topics(doc, out)
    run_leads(doc, out)
    run_labels(doc, out)
    return tuple(consistent(of_base(out.relations, rules), doc))
