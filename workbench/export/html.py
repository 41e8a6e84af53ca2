"""The HTML report: one self-contained file an editor opens in any browser, or prints.

Inline CSS, no JavaScript, no external requests (a Content-Security-Policy in the page
forbids them), verdict colours from the config, a summary table, an anchor per claim
(``#claim-<id>``) and per piece of evidence (``#evidence-<n>``).  Rendered by jinja2 with
autoescaping on, so article, source and note text can never become markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from jinja2 import Environment, StrictUndefined, Template

from .gather import ArticleEntry, ClaimEntry, Report, web_link


@dataclass(frozen=True)
class Segment:
    """A stretch of the annotated article: plain text, or a reviewed claim's text."""

    text: str
    claim: ClaimEntry | None


def annotate(entry: ArticleEntry) -> list[Segment]:
    """The article text cut into plain stretches and reviewed claims, in order."""
    text = entry.article.text
    segments = []
    position = 0
    for claim in sorted(entry.claims, key=lambda c: c.claim.start):
        if not claim.reviewed or claim.claim.start < position:
            continue
        segments.append(Segment(text[position : claim.claim.start], None))
        segments.append(Segment(text[claim.claim.start : claim.claim.end], claim))
        position = claim.claim.end
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
<article id="article-{{ article.id }}">
<h1>{{ article.title }}</h1>
<dl class="facts">
{% if article.origin %}<dt>Origin</dt><dd>{{ article.origin }}</dd>{% endif %}
{% if article.url %}<dt>URL</dt><dd>{{ outlink(article.url) }}</dd>{% endif %}
{% if article.published %}<dt>Published</dt><dd>{{ article.published }}</dd>{% endif %}
<dt>Reviewers</dt><dd>{{ entry.reviewers | join(", ") or "none yet" }}</dd>
{% if report.reviewer %}<dt>Only reviewer</dt><dd>{{ report.reviewer }}</dd>{% endif %}
<dt>Exported</dt><dd>{{ report.exported_at[:10] }} by {{ report.config.organisation.name }}</dd>
<dt>Article id</dt><dd><code>{{ article.id }}</code></dd>
</dl>

<h2>Summary</h2>
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
Flagged claims: {{ entry.flagged }}.
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
{#- #} <a href="#claim-{{ c.claim.id }}">
{%- if c.verdict %}{{ badge(c.verdict) }}
{%- else %}{% for r in c.reviews if r.verdict %} {{ badge(r.verdict, r.reviewer) }}{% endfor %}
{%- endif -%}
</a>{{ refs(c.evidence) }}
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
<p class="meta">Kind: {{ claim.kind }} · worthiness {{ "%.2f" | format(claim.worthiness) }} · id
<code>{{ claim.id }}</code>
{%- if claim.signals.speaker is string %} · speaker: {{ claim.signals.speaker }}{% endif %}</p>
{% if c.reused_from %}<p class="reused">As checked by {{ c.reused_from.by or "an earlier review" }}
{%- if c.reused_from.date %} on {{ c.reused_from.date }}{% endif %}</p>{% endif %}
{% if c.adjudication %}{% set adj = c.adjudication %}
<p>Adjudicated: {{ badge(adj.verdict) }} by {{ adj.adjudicator }}, {{ adj.at[:10] }}</p>
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
<td>{{ r.verdict_at[:10] if r.verdict_at else "-" }}</td>
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
{%- if e.source %}<cite>{{ e.source.title }}</cite>
{%- for part in [e.source.publisher, e.source.published, e.source.origin] if part -%}
, {{ part }}{% endfor %}
{%- if e.source.url %}, {{ outlink(e.source.url) }}{% endif %}
{%- elif e.passage_id %}passage not in this database
{%- else %}{{ outlink(e.url) }}{% endif %}
{%- if e.passage_id %} · passage <code>{{ e.passage_id }}</code>{% endif %}</p>
<p class="meta">Cited for:
{% for c in cited_by[e.number] %} <a href="#claim-{{ c.claim.id }}">claim {{ c.claim.ordinal }}</a>
{%- if report.articles | length > 1 %} of {{ c.claim.article_id }}{% endif %}{% endfor %}</p>
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
    return environment.from_string(_TEMPLATE)


def render(report: Report) -> str:
    """The whole report as one HTML page."""
    if len(report.articles) == 1:
        title = report.articles[0].article.title
    else:
        title = f"{len(report.articles)} articles"
    return _template().render(
        report=report, title=title, annotate=annotate, cited_by=cited_by(report)
    )


def cited_by(report: Report) -> dict[int, list[ClaimEntry]]:
    """The claims each piece of evidence is cited for, so a reader can go back to them."""
    claims: dict[int, list[ClaimEntry]] = {e.number: [] for e in report.evidence}
    for article in report.articles:
        for entry in article.claims:
            for item in entry.evidence:
                claims[item.number].append(entry)
    return claims
