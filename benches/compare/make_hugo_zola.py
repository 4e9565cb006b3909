#!/usr/bin/env python3
"""Writes the Hugo and Zola sources equivalent to rungs' report pages.

usage: make_hugo_zola.py DATA_DIR SET_DIR OUT_DIR

DATA_DIR is the `data/` folder of a rungs build of SET_DIR (results.json,
benchmarks.json, model.json). For every published assessment (every record
of results.json) it writes one Markdown page whose front matter holds the
numbers a rungs report shows: overall score and level, the 4 dimension
scores and the 18 capability scores, each with the median of the report's
peer cohort (as rungs picks it: `peer_cohort` of the record, looked up in
benchmarks.json). The page body is the assessment's Markdown `summary`.
OUT_DIR/hugo and OUT_DIR/zola get the same pages (YAML front matter for
Hugo, TOML for Zola), a config and templates that render a report page
with a table of the 18 capabilities and an inline SVG of 18 bars computed in
the template, and one list page of all reports (/organizations/).

No statistic is computed in the templates: they lay out finished numbers,
as the lessons of docs/performance.md advise.
"""

import json
import os
import re
import shutil
import sys


def r(x, nd=4):
    return None if x is None else round(x, nd)


def toml_str(s):
    return json.dumps(s, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def yaml_str(s):
    return json.dumps(s, ensure_ascii=False)  # and a valid YAML double-quoted scalar


def load_summaries(set_dir):
    """(organization, period) -> summary Markdown, read from the YAML files."""
    summaries = {}
    org_re = re.compile(r'^  id: (.*)$', re.M)
    period_re = re.compile(r'^period: (.*)$', re.M)
    summary_re = re.compile(r'^summary: (.*)$', re.M)
    root = os.path.join(set_dir, "content", "assessments")
    for dirpath, _, names in os.walk(root):
        for name in names:
            if not name.endswith(".yaml"):
                continue
            text = open(os.path.join(dirpath, name), encoding="utf-8").read()
            org, period, summary = (org_re.search(text), period_re.search(text), summary_re.search(text))
            if org and period and summary:
                key = (json.loads(org.group(1)), json.loads(period.group(1)))
                summaries[key] = json.loads(summary.group(1))
    return summaries


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    data_dir, set_dir, out_dir = sys.argv[1:]
    results = json.load(open(os.path.join(data_dir, "results.json"), encoding="utf-8"))["assessments"]
    benchmarks = json.load(open(os.path.join(data_dir, "benchmarks.json"), encoding="utf-8"))["cohorts"]
    model = json.load(open(os.path.join(data_dir, "model.json"), encoding="utf-8"))
    base_url = "https://example.org/bench/"
    level_names = {lv["number"]: lv["name"] for lv in model["levels"]}
    dims = [(d["id"], d["name"], [(c["id"], c["name"]) for c in d["capabilities"]]) for d in model["dimensions"]]
    cohorts = {(c["period"], c["attribute"], c["value"]): c for c in benchmarks}
    summaries = load_summaries(set_dir)

    pages = []
    for a in results:
        peer = a["peer_cohort"]
        cohort = cohorts.get((a["period"], peer["attribute"], peer["value"]), {})
        peer_label = f'{peer["attribute"]} {peer["value"]}' if peer["attribute"] else "all"
        dimensions = []
        capabilities = []
        for did, dname, caps in dims:
            ds = a["dimensions"].get(did)
            dmed = (cohort.get("dimensions") or {}).get(did) or {}
            dimensions.append({
                "id": did, "name": dname,
                "assessed": ds is not None,
                "score": r(ds["score"]) if ds else 0.0,
                "level": ds["level"] if ds else 0,
                "median": r(dmed.get("median")) if dmed.get("median") is not None else 0.0,
                "has_median": dmed.get("median") is not None,
            })
            for cid, cname in caps:
                cs = a["capabilities"].get(cid)
                cmed = (cohort.get("capabilities") or {}).get(cid) or {}
                capabilities.append({
                    "id": cid, "name": cname, "dimension": dname,
                    "assessed": cs is not None,
                    "score": r(cs["score"]) if cs else 0.0,
                    "level": cs["level"] if cs else 0,
                    "median": r(cmed.get("median")) if cmed.get("median") is not None else 0.0,
                    "has_median": cmed.get("median") is not None,
                })
        pages.append({
            "slug": f'{a["organization"]}-{a["period"]}',
            "title": f'{a["name"]} {a["period"]}',
            "organization": a["organization"], "name": a["name"], "period": a["period"],
            "score": r(a["score"]), "level": a["level"], "level_name": level_names.get(a["level"], ""),
            "percentile": r(a["percentile"], 1) if a.get("percentile") is not None else 0.0,
            "peer": peer_label,
            "summary": summaries.get((a["organization"], a["period"]), ""),
            "dimensions": dimensions, "capabilities": capabilities,
        })

    for tool in ("hugo", "zola"):
        root = os.path.join(out_dir, tool)
        if os.path.exists(root):
            shutil.rmtree(root)
    write_hugo(os.path.join(out_dir, "hugo"), pages, base_url)
    write_zola(os.path.join(out_dir, "zola"), pages, base_url)
    print(f"{len(pages)} report pages each into {out_dir}/hugo and {out_dir}/zola")


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def fm_items(p, scalar):
    keys = ("organization", "name", "period", "score", "level", "level_name", "percentile", "peer")
    return [(k, scalar(p[k])) for k in keys]


def yaml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return yaml_str(v)
    return repr(v)


def toml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return toml_str(v)
    return repr(v)


def write_hugo(root, pages, base_url):
    write(os.path.join(root, "config.yaml"), f"""baseURL: {base_url}
languageCode: en
title: rungs benchmark (Hugo)
disableKinds: [taxonomy, term, RSS]
""")
    write(os.path.join(root, "content", "_index.md"), "---\ntitle: Reports\n---\n")
    write(os.path.join(root, "content", "organizations", "_index.md"), "---\ntitle: Organisations\n---\n")
    write(os.path.join(root, "static", "style.css"), STYLE)
    write(os.path.join(root, "layouts", "index.html"), HUGO_INDEX)
    write(os.path.join(root, "layouts", "_default", "list.html"), HUGO_LIST)
    write(os.path.join(root, "layouts", "_default", "single.html"), HUGO_SINGLE)
    for p in pages:
        lines = ["---", f"title: {yaml_str(p['title'])}"]
        lines += [f"{k}: {v}" for k, v in fm_items(p, yaml_value)]
        for group in ("dimensions", "capabilities"):
            lines.append(f"{group}:")
            for item in p[group]:
                lines.append("  - {" + ", ".join(f"{k}: {yaml_value(v)}" for k, v in item.items()) + "}")
        lines += ["---", p["summary"], ""]
        write(os.path.join(root, "content", "organizations", p["slug"] + ".md"), "\n".join(lines))


def write_zola(root, pages, base_url):
    write(os.path.join(root, "config.toml"), f"""base_url = "{base_url}"
title = "rungs benchmark (Zola)"
compile_sass = false
build_search_index = false
generate_feeds = false
""")
    write(os.path.join(root, "content", "_index.md"), "+++\ntitle = \"Reports\"\n+++\n")
    write(os.path.join(root, "content", "organizations", "_index.md"),
          "+++\ntitle = \"Organisations\"\nsort_by = \"title\"\ntemplate = \"organizations.html\"\n+++\n")
    write(os.path.join(root, "static", "style.css"), STYLE)
    write(os.path.join(root, "templates", "index.html"), ZOLA_INDEX)
    write(os.path.join(root, "templates", "organizations.html"), ZOLA_LIST)
    write(os.path.join(root, "templates", "page.html"), ZOLA_PAGE)
    for p in pages:
        lines = ["+++", f"title = {toml_str(p['title'])}", "[extra]"]
        lines += [f"{k} = {v}" for k, v in fm_items(p, toml_value)]
        for group in ("dimensions", "capabilities"):
            for item in p[group]:
                lines.append(f"[[extra.{group}]]")
                lines += [f"{k} = {toml_value(v)}" for k, v in item.items()]
        lines += ["+++", p["summary"], ""]
        write(os.path.join(root, "content", "organizations", p["slug"] + ".md"), "\n".join(lines))


STYLE = """body{font-family:sans-serif;max-width:60rem;margin:auto;padding:1rem}
table{border-collapse:collapse}td,th{padding:.2rem .5rem;border-bottom:1px solid #ccc;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}svg{max-width:640px;height:auto}
"""

# Both report templates lay out the same thing: heading, overall score,
# level, percentile and peer group, the summary (Markdown), a table of the 4
# dimensions, an SVG of 18 bars (score bar and peer-median tick, on a 0-5
# scale of 80 px per unit, positions computed in the template) and a table
# of the 18 capabilities.

HUGO_SINGLE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title>
<link rel="stylesheet" href="{{ "style.css" | relURL }}"></head>
<body>
<p><a href="{{ "organizations/" | relURL }}">All organisations</a></p>
<h1>{{ .Params.name }} <small>{{ .Params.period }}</small></h1>
<p>Level <strong>{{ .Params.level }}</strong> ({{ .Params.level_name }}), score <strong>{{ printf "%.2f" .Params.score }}</strong>,
percentile {{ printf "%.0f" .Params.percentile }} among peers ({{ .Params.peer }}).</p>
{{ .Content }}
<h2>Dimensions</h2>
<table><thead><tr><th>Dimension</th><th>Level</th><th>Score</th><th>Peer median</th></tr></thead><tbody>
{{- range .Params.dimensions }}
<tr><td>{{ .name }}</td>{{ if .assessed }}<td class="n">{{ .level }}</td><td class="n">{{ printf "%.2f" .score }}</td>{{ else }}<td colspan="2">not assessed</td>{{ end }}<td class="n">{{ if .has_median }}{{ printf "%.2f" .median }}{{ else }}-{{ end }}</td></tr>
{{- end }}
</tbody></table>
<h2>Capabilities</h2>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 {{ add 30 (mul 18 (len .Params.capabilities)) }}" role="img" font-family="sans-serif" font-size="11">
<title>{{ .Params.name }}: capability scores</title>
{{- range $i, $c := .Params.capabilities }}
{{- $y := add 10 (mul $i 18) }}
<text x="206" y="{{ add $y 9 }}" text-anchor="end">{{ $c.name }}</text>
{{- if $c.assessed }}
<rect x="214" y="{{ $y }}" width="{{ printf "%.1f" (mul $c.score 80.0) }}" height="12" fill="#0072B2"/>
{{- end }}
{{- if $c.has_median }}
<polyline fill="none" stroke="#D55E00" stroke-width="3" points="{{ printf "%.1f" (add 214.0 (mul $c.median 80.0)) }},{{ sub $y 2 }} {{ printf "%.1f" (add 214.0 (mul $c.median 80.0)) }},{{ add $y 14 }}"/>
{{- end }}
{{- end }}
</svg>
<table><thead><tr><th>Capability</th><th>Dimension</th><th>Level</th><th>Score</th><th>Peer median</th></tr></thead><tbody>
{{- range .Params.capabilities }}
<tr><td>{{ .name }}</td><td>{{ .dimension }}</td>{{ if .assessed }}<td class="n">{{ .level }}</td><td class="n">{{ printf "%.2f" .score }}</td>{{ else }}<td colspan="2">not assessed</td>{{ end }}<td class="n">{{ if .has_median }}{{ printf "%.2f" .median }}{{ else }}-{{ end }}</td></tr>
{{- end }}
</tbody></table>
</body></html>
"""

HUGO_LIST = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title>
<link rel="stylesheet" href="{{ "style.css" | relURL }}"></head>
<body><h1>{{ .Title }}</h1>
<table><thead><tr><th>Organisation</th><th>Period</th><th>Level</th><th>Score</th></tr></thead><tbody>
{{- range .Pages.ByTitle }}
<tr><td><a href="{{ .RelPermalink }}">{{ .Params.name }}</a></td><td>{{ .Params.period }}</td><td class="n">{{ .Params.level }}</td><td class="n">{{ printf "%.2f" .Params.score }}</td></tr>
{{- end }}
</tbody></table></body></html>
"""

HUGO_INDEX = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Site.Title }}</title></head>
<body><h1>{{ .Site.Title }}</h1><p><a href="{{ "organizations/" | relURL }}">All organisations</a></p></body></html>
"""

ZOLA_PAGE = """{%- set e = page.extra -%}
{%- set n = e.capabilities | length -%}
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ page.title }}</title>
<link rel="stylesheet" href="{{ get_url(path='style.css') }}"></head>
<body>
<p><a href="{{ get_url(path='@/organizations/_index.md') }}">All organisations</a></p>
<h1>{{ e.name }} <small>{{ e.period }}</small></h1>
<p>Level <strong>{{ e.level }}</strong> ({{ e.level_name }}), score <strong>{{ e.score | round(precision=2) }}</strong>,
percentile {{ e.percentile | round }} among peers ({{ e.peer }}).</p>
{{ page.content | safe }}
<h2>Dimensions</h2>
<table><thead><tr><th>Dimension</th><th>Level</th><th>Score</th><th>Peer median</th></tr></thead><tbody>
{%- for d in e.dimensions %}
<tr><td>{{ d.name }}</td>{% if d.assessed %}<td class="n">{{ d.level }}</td><td class="n">{{ d.score | round(precision=2) }}</td>{% else %}<td colspan="2">not assessed</td>{% endif %}<td class="n">{% if d.has_median %}{{ d.median | round(precision=2) }}{% else %}-{% endif %}</td></tr>
{%- endfor %}
</tbody></table>
<h2>Capabilities</h2>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 {{ 30 + 18 * n }}" role="img" font-family="sans-serif" font-size="11">
<title>{{ e.name }}: capability scores</title>
{%- for c in e.capabilities %}
{%- set y = 10 + loop.index0 * 18 %}
<text x="206" y="{{ y + 9 }}" text-anchor="end">{{ c.name }}</text>
{%- if c.assessed %}
{%- set w = c.score * 80.0 %}
<rect x="214" y="{{ y }}" width="{{ w | round(precision=1) }}" height="12" fill="#0072B2"/>
{%- endif %}
{%- if c.has_median %}
{%- set x = 214.0 + c.median * 80.0 %}
<polyline fill="none" stroke="#D55E00" stroke-width="3" points="{{ x | round(precision=1) }},{{ y - 2 }} {{ x | round(precision=1) }},{{ y + 14 }}"/>
{%- endif %}
{%- endfor %}
</svg>
<table><thead><tr><th>Capability</th><th>Dimension</th><th>Level</th><th>Score</th><th>Peer median</th></tr></thead><tbody>
{%- for c in e.capabilities %}
<tr><td>{{ c.name }}</td><td>{{ c.dimension }}</td>{% if c.assessed %}<td class="n">{{ c.level }}</td><td class="n">{{ c.score | round(precision=2) }}</td>{% else %}<td colspan="2">not assessed</td>{% endif %}<td class="n">{% if c.has_median %}{{ c.median | round(precision=2) }}{% else %}-{% endif %}</td></tr>
{%- endfor %}
</tbody></table>
</body></html>
"""

ZOLA_LIST = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ section.title }}</title>
<link rel="stylesheet" href="{{ get_url(path='style.css') }}"></head>
<body><h1>{{ section.title }}</h1>
<table><thead><tr><th>Organisation</th><th>Period</th><th>Level</th><th>Score</th></tr></thead><tbody>
{%- for p in section.pages %}
<tr><td><a href="{{ p.permalink | safe }}">{{ p.extra.name }}</a></td><td>{{ p.extra.period }}</td><td class="n">{{ p.extra.level }}</td><td class="n">{{ p.extra.score | round(precision=2) }}</td></tr>
{%- endfor %}
</tbody></table></body></html>
"""

ZOLA_INDEX = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ config.title }}</title></head>
<body><h1>{{ config.title }}</h1><p><a href="{{ get_url(path='@/organizations/_index.md') }}">All organisations</a></p></body></html>
"""

if __name__ == "__main__":
    main()
