"""Entity recognition: find the strategies, products, departments and the rest.

The rules follow how bank reports name things, so they carry over to banks and years
the builder has never seen (tables in kg/rules/entities.yaml, each row an id that
the Mention records):

- names in quotes, typed by the word after them (“…”战略, 「…」专项行动, 「…」品牌), by
  the cue before them (推出「…」, 获评《…》「…」) or by their own last word (「制造e贷」);
- names ending in a head word (…业务部, …分行, …客户, …战略) whose start is found by
  walking left over jieba tokens until a verb, preposition or punctuation, so
  一是加强分行 yields no branch;
- product and group-company prefixes of the bank (工银e生活, 融e借, 工银理财) and the
  e- prefix (e支付);
- enumerations whose members share their head's kind (上海、天津等分行);
- versions and editions (手机银行10.0, 手机银行县域版), appositions in brackets or
  after a dash, bylines (供稿：网络金融部);
- curated lexicons only for what text alone cannot decide (banks, well-known outside
  organisations, common product and customer-group words, national policy frames,
  regions), and generic phrases that are never names.

Every rule proposes spans; overlaps are settled longest first, then by rule strength.
Spans weak rules proposed but did not accept (an untyped quote, a product-like noun
with no cue) come back as Candidates: the review queue.

All matching runs on a compact copy of the normalised view with the blanks inside
Chinese text removed (PDF flattening prints 工银 e钱包, 工 商银行); offsets map back.

The package has one module per rule family (lexicon, quoted, brands, head_words with
cued, regions, lists, named, pages), the steps on the chosen spans (refine), the per-document
context and the helpers the families share (context), the compact text (text), the rule
tables (rules), the contract and registry of families and steps (family), and the pass
that runs them in the order entities.yaml gives (recognizer).
"""

from kg.entities.family import Found, Proposal, Proposals
from kg.entities.recognizer import load_rules, recognize
from kg.entities.rules import EntityRules, LexEntry, load_lexicon
from kg.entities.text import PUNCT
from kg.grammar import CLAUSE_END, QUOTE_CHARS, QUOTE_PAIRS, RuleTableError
from kg.segment import PosWords, compact, pos_words, tag_view

__all__ = [
    "CLAUSE_END",
    "PUNCT",
    "QUOTE_CHARS",
    "QUOTE_CLOSERS",
    "QUOTE_PAIRS",
    "EntityRules",
    "Found",
    "LexEntry",
    "PosWords",
    "Proposal",
    "Proposals",
    "RuleTableError",
    "compact",
    "load_lexicon",
    "load_rules",
    "pos_words",
    "recognize",
    "tag_view",
]
