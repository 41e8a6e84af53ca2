"""The HTML report: one self-contained file an editor opens in any browser, or prints.

Inline CSS, no JavaScript, no external requests (a Content-Security-Policy in the page
forbids them), verdict colours from the config, an at-a-glance table of the claims and
their verdicts at the top, the annotated article (reviewed claims underlined in their
verdict's colour, flagged ones marked, headings, captions and credits in quiet grey), an
anchor per claim (``#claim-<id>``) and per piece of evidence (``#evidence-<n>``).  Local
paths and internal ids appear only in an ``internal`` report.  Rendered by jinja2 with
autoescaping on, so article, source and note text can never become markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from jinja2 import Environment, StrictUndefined, Template

from .gather import PUBLIC_KINDS, ArticleEntry, ClaimEntry, Report, web_link
from .markdown import shorten


@dataclass(frozen=True)
class Segment:
    """A stretch of the annotated article: plain text, a claim of the report (marked when
    reviewed or flagged), or a unit that is not a claim (a heading, caption or credit),
    shown quietly."""

    text: str
    claim: ClaimEntry | None
    quiet: bool = False


def annotate(entry: ArticleEntry) -> list[Segment]:
    """The article text cut into plain stretches, claims and quiet units, in order."""
    text = entry.article.text
    shown = {c.claim.id: c for c in entry.claims}
    segments = []
    position = 0
    for unit in sorted(entry.units, key=lambda u: u.start):
        claim = shown.get(unit.id)
        marked = claim is not None and (claim.reviewed or bool(claim.flags))
        quiet = claim is None and unit.kind not in PUBLIC_KINDS
        if not (marked or quiet) or unit.start < position or unit.end > len(text):
            continue
        segments.append(Segment(text[position : unit.start], None))
        segments.append(Segment(text[unit.start : unit.end], claim if marked else None, quiet))
        position = unit.end
    segments.append(Segment(text[position:], None))
    return [s for s in segments if s.text]


def ink(background: str) -> str:
    """Black or white, whichever reads better on ``background`` (``#rrggbb``)."""
    red, green, blue = (int(background[i : i + 2], 16) for i in (1, 3, 5))
    luminance = (0.299 * red + 0.587 * green + 0.114 * blue) / 255
    return "#000000" if luminance > 0.6 else "#ffffff"


_TEMPLATE = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="generator" content="{{ report.generator }}">
<title>Fact-check report: {{ title }}</title>
<style>
body { font: 16px/1.5 Georgia, "Times New Roman", serif; color: #1a1a1a; background: #fff;
  max-width: 52rem; margin: 2rem auto; padding: 0 1rem; }
h1, h2, h3, table, .meta, .badge, footer { font-family: system-ui, sans-serif; }
h1 { font-size: 1.7rem; margin-bottom: .3rem; } h2 { border-bottom: 1px solid #ddd; }
a { color: #1c5fb8; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; }
dl.facts dt { font-weight: bold; } dl.facts dd { margin: 0; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { border: 1px solid #ccc; padding: .25rem .6rem; text-align: left; vertical-align: top; }
td.n { text-align: right; }
.badge { display: inline-block; padding: 0 .45rem; border-radius: .3rem; font-size: .85em;
  font-weight: bold; white-space: nowrap; text-decoration: none;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.annotated { white-space: pre-wrap; border-left: 3px solid #ddd; padding-left: 1rem; }
.annotated .claim-text { border-bottom: 3px solid; }
.annotated .quiet { color: #777; font-size: .9em; }
.date, .badge { white-space: nowrap; }
table.glance td.text { max-width: 30rem; }
.claim { border-top: 1px solid #ddd; padding-top: .5rem; margin-top: 1rem; }
.claim blockquote, .evidence blockquote { margin: .4rem 0 .4rem 1rem; padding-left: .8rem;
  border-left: 3px solid #ccc; }
.note, .pre { white-space: pre-wrap; }
.meta { color: #555; font-size: .9rem; }
.flag { color: #a33; }
.disputed { background: #fff; color: #000; border: 1px solid #000; }
footer { color: #777; font-size: .8rem; margin-top: 3rem; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  a { color: inherit; text-decoration: none; }
  a.out::after { content: " <" attr(href) ">"; font-size: .8em; word-break: break-all; }
  .claim, .evidence li, table { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
}
</style>
</head>
<body>
{% macro badge(label, who=none) -%}
{%- set colour = report.colour(label) -%}
<span class="badge" style="background: {{ colour }}; color: {{ colour | ink }}">
{%- if who %}{{ who }}: {% endif %}{{ label }}</span>
{%- endmacro %}
{% macro refs(items) -%}
{%- for e in items %}<sup><a href="#evidence-{{ e.number }}">[{{ e.number }}]</a></sup>{% endfor -%}
{%- endmacro %}
{% macro outlink(url) -%}
{%- set link = url | web_link -%}
{%- if link %}<a class="out" href="{{ link }}">{{ link }}</a>{% elif url %}{{ url }}{% endif -%}
{%- endmacro %}
{% for entry in report.articles %}
{% set article = entry.article %}
<article id="article-{{ loop.index }}">
<h1>{{ article.title }}</h1>
<dl class="facts">
{% if report.internal and article.origin %}<dt>Origin</dt><dd>{{ article.origin }}</dd>{% endif %}
{% if article.url %}<dt>URL</dt><dd>{{ outlink(article.url) }}</dd>{% endif %}
{% if article.published %}<dt>Published</dt><dd class="date">{{ article.published }}</dd>{% endif %}
<dt>Reviewers</dt><dd>{{ entry.reviewers | join(", ") or "none yet" }}</dd>
{% if report.reviewer %}<dt>Only reviewer</dt><dd>{{ report.reviewer }}</dd>{% endif %}
<dt>Exported</dt><dd><span class="date">{{ report.exported_at[:10] }}</span> by {# -#}
{{ report.config.organisation.name }}</dd>
{% if report.internal %}<dt>Article id</dt><dd><code>{{ article.id }}</code></dd>{% endif %}
</dl>

<h2>Summary</h2>
{% if entry.claims %}
<table class="glance">
<thead><tr><th>#</th><th>Claim</th><th>Verdict</th><th>Flags</th></tr></thead>
<tbody>
{% for c in entry.claims %}
<tr><td class="n"><a href="#claim-{{ c.claim.id }}">{{ c.claim.ordinal }}</a></td>
<td class="text">{{ c.claim.text | shorten }}</td>
<td>{% if c.verdict %}{{ badge(c.verdict) }}
{%- elif c.disputed %}<span class="badge disputed">disputed</span>
{%- else %}<span class="meta">not reviewed</span>{% endif %}</td>
<td>{% for flag in c.flags %}<span class="flag">⚑ {{ flag.type }}</span> {% endfor %}</td></tr>
{% endfor %}
</tbody>
</table>
{% endif %}
<table class="summary">
<thead><tr><th>Verdict</th><th>Claims</th></tr></thead>
<tbody>
{% for label, count in report.verdict_counts(entry) %}
<tr><td>{{ badge(label) }}</td><td class="n">{{ count }}</td></tr>
{% endfor %}
{% if entry.disputed %}
<tr><td>Disputed (no adjudication)</td><td class="n">{{ entry.disputed }}</td></tr>
{% endif %}
</tbody>
</table>
<p>Claims reviewed: {{ entry.reviewed }} of {{ entry.total_claims }}.
{% if entry.other_reviewed %}Other units reviewed (headings, captions, credits; not counted
above): {{ entry.other_reviewed }}.
{% endif %}Flagged claims: {{ entry.flagged }}.
{% if entry.agreement %}{% set a = entry.agreement %}
Agreement between reviewers:
{% if a.claims_compared -%}
{{ "%.0f" | format(a.percent_agreement) }}% of {{ a.claims_compared }} claims compared
{%- if a.cohen_kappa is not none %}; Cohen's kappa {{ "%.2f" | format(a.cohen_kappa) }}{% endif %}
{%- if a.krippendorff_alpha is not none %}; Krippendorff's alpha {# -#}
{{ "%.2f" | format(a.krippendorff_alpha) }}{% endif %}.
{%- else %}no claim has verdicts from two reviewers yet.{% endif %}
{% endif %}</p>

<h2>Annotated article</h2>
<div class="annotated">
{%- for segment in annotate(entry) -%}
{%- if segment.claim -%}
{%- set c = segment.claim -%}
{%- set line = report.colour(c.verdict) if c.verdict else "#999999" -%}
<span class="claim-text" style="border-bottom-color: {{ line }}">{{ segment.text }}</span>
{%- if c.reviewed %} <a href="#claim-{{ c.claim.id }}">
{%- if c.verdict %}{{ badge(c.verdict) }}
{%- else %}{% for r in c.reviews if r.verdict %} {{ badge(r.verdict, r.reviewer) }}{% endfor %}
{%- endif -%}
</a>{{ refs(c.evidence) }}{% endif %}
{%- if c.flags %} <a class="flag" href="#claim-{{ c.claim.id }}" title="
{%- for flag in c.flags %}{{ flag.type }}: {{ flag.message }}{% if not loop.last %}; {% endif %}
{%- endfor %}">⚑</a>{% endif -%}
{%- elif segment.quiet -%}<span class="quiet">{{ segment.text }}</span>
{%- else -%}{{ segment.text }}{%- endif -%}
{%- endfor -%}
</div>

<h2>Claims</h2>
{% for c in entry.claims %}
{% set claim = c.claim %}
<section class="claim" id="claim-{{ claim.id }}">
<h3>Claim {{ claim.ordinal }}
{% if c.verdict %}{{ badge(c.verdict) }}
{%- elif c.disputed %}<span class="badge disputed">disputed</span>{% endif %}</h3>
<blockquote class="pre">{{ claim.text }}</blockquote>
{% if report.internal %}
<p class="meta">Kind: {{ claim.kind }} · worthiness {{ "%.2f" | format(claim.worthiness) }} · id
<code>{{ claim.id }}</code>
{%- if claim.signals.speaker is string %} · speaker: {{ claim.signals.speaker }}{% endif %}</p>
{% elif claim.signals.speaker is string %}
<p class="meta">Speaker: {{ claim.signals.speaker }}</p>
{% endif %}
{% if c.reused_from %}<p class="reused">As checked by {{ c.reused_from.by or "an earlier review" }}
{%- if c.reused_from.date %} on {{ c.reused_from.date }}{% endif %}</p>{% endif %}
{% if c.adjudication %}{% set adj = c.adjudication %}
<p>Adjudicated: {{ badge(adj.verdict) }} by {{ adj.adjudicator }},
<span class="date">{{ adj.at[:10] }}</span></p>
{% endif %}
{% if c.flags %}<ul class="flags">
{% for flag in c.flags %}<li class="flag"><code>{{ flag.type }}</code>: {{ flag.message }}</li>
{% endfor %}</ul>{% endif %}
{% if c.reviews %}
<table class="reviews">
<thead><tr><th>Reviewer</th><th>Verdict</th><th>Date</th><th>Note</th><th>Evidence</th></tr></thead>
<tbody>
{% for r in c.reviews %}
<tr><td>{{ r.reviewer }}</td>
<td>{% if r.verdict %}{{ badge(r.verdict) }}{% else %}none{% endif %}</td>
<td class="date">{{ r.verdict_at[:10] if r.verdict_at else "-" }}</td>
<td class="note">{{ r.note or "" }}</td><td>{{ refs(r.evidence) }}</td></tr>
{% endfor %}
</tbody>
</table>
{% else %}<p class="meta">Not reviewed.</p>{% endif %}
</section>
{% endfor %}
</article>
{% endfor %}

{% if report.evidence %}
<h2>Evidence</h2>
<ol class="evidence">
{% for e in report.evidence %}
<li id="evidence-{{ e.number }}" value="{{ e.number }}">
{% if e.text %}<blockquote class="pre">{{ e.text }}</blockquote>{% endif %}
<p class="meta">
{%- for part in e.details(internal=report.internal) -%}
{%- if not loop.first %}, {% endif %}{% if loop.first and e.source %}<cite>{{ part }}</cite>
{%- else %}{{ part }}{% endif %}{% endfor %}
{%- set address = e.url or (e.source.url if e.source else none) %}
{%- if address %}{% if e.details(internal=report.internal) %}, {% endif %}{{ outlink(address) }}
{%- endif %}</p>
<p class="meta">Cited for:
{% for c in cited_by[e.number] %} <a href="#claim-{{ c.claim.id }}">claim {{ c.claim.ordinal }}</a>
{%- if report.articles | length > 1 %} of {{ titles[c.claim.article_id] }}{% endif %}
{%- endfor %}</p>
</li>
{% endfor %}
</ol>
{% endif %}
{% set org = report.config.organisation %}
<footer>Exported {{ report.exported_at }} by {{ report.generator }}
for {{ org.name }}{% if org.url %} ({{ outlink(org.url) }}){% endif %}.</footer>
</body>
</html>
"""


@cache
def _template() -> Template:
    """The compiled page template; compiled on first use, so ``workbench`` starts fast."""
    environment = Environment(
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["ink"] = ink
    environment.filters["web_link"] = web_link
    environment.filters["shorten"] = shorten
    return environment.from_string(_TEMPLATE)


def render(report: Report) -> str:
    """The whole report as one HTML page."""
    if len(report.articles) == 1:
        title = report.articles[0].article.title
    else:
        title = f"{len(report.articles)} articles"
    titles = {a.article.id: a.article.title for a in report.articles}
    return _template().render(
        report=report, title=title, annotate=annotate, cited_by=cited_by(report), titles=titles
    )


def cited_by(report: Report) -> dict[int, list[ClaimEntry]]:
    """The claims each piece of evidence is cited for, so a reader can go back to them."""
    claims: dict[int, list[ClaimEntry]] = {e.number: [] for e in report.evidence}
    for article in report.articles:
        for entry in article.claims:
            for item in entry.evidence:
                claims[item.number].append(entry)
    return claims
