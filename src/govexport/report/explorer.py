"""The multiverse explorer: a reader picks each choice and sees every claim's value and verdict under it.

A Vega-Lite view built with Altair (validated against Vega-Lite's schema when it is made), its data read from
the precomputed multiverse and factored: one row per claim and distinct combination of the choices that bear
on it (a choice that changes nothing for a claim is left out of its rows), choices as numbers, values and
verdicts as indexes into lists held once. The page runs it with vega, vega-lite and vega-embed from the
book's own static files (package-lock.json pins them; the build copies them in): nothing is fetched, so
it works from file:// with the network off. The choices are native select menus (keyboard-operable, each
with its label); the spec travels as JSON in a script element that is never executed.
"""

import functools
import hashlib
import html
import json

import pandas as pd

from .text import MD

SCRIPTS = ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js")  # in _static/vega/, in this order
# The npm packages and the files of them the book ships (publish copies them into _static/vega/).
PACKAGES = {
    "vega.min.js": ("vega", "build/vega.min.js"),
    "vega-lite.min.js": ("vega-lite", "build/vega-lite.min.js"),
    "vega-embed.min.js": ("vega-embed", "build/vega-embed.min.js"),
}
STATIC = "../_static/vega/"  # from a chapter's page (notebooks/NN_name.html)


def shipped_files(root):
    """{path under the book's sources: file in node_modules/} of the scripts and their licences."""
    out = {}
    for name, (package, file) in PACKAGES.items():
        out[f"_static/vega/{name}"] = root / "node_modules" / package / file
        out[f"_static/vega/LICENSE-{package}.txt"] = root / "node_modules" / package / "LICENSE"
    return out


ROW_HEIGHT = 19
CHANGED = "≠"  # marks a verdict that differs from the one the book's own choices give


def factored(multiverse, claims):
    """The explorer's data: (rows, values, verdicts). `claims` are the claim ids shown, in order.

    rows: one dict per claim and distinct combination of the choices that bear on it: `k` the claim's
    number, `c<j>` the index of choice j's alternative (absent when choice j does not bear on the claim),
    `v` and `r` indexes into `values` and `verdicts`, `d` the index of the verdict at the book's defaults."""
    table, summary = multiverse.table, multiverse.summary.set_index("claim_id")
    choices = multiverse.choices
    values, verdicts, rows = {}, {}, []
    for k, claim_id in enumerate(claims):
        mine = table[table["claim_id"] == claim_id]
        bearing = [c for c in choices if c["id"] in str(summary.loc[claim_id, "bears_on"]).split("; ")]
        default = str(mine.loc[mine["default"], "verdict"].iloc[0])
        distinct = mine.drop_duplicates(subset=[c["id"] for c in bearing]) if bearing else mine.iloc[:1]
        codes = {c["id"]: _codes(distinct[c["id"]], c) for c in bearing}
        for n, (_, r) in enumerate(distinct.iterrows()):
            row = {"k": k, "v": values.setdefault(str(r["value"]), len(values))}
            row["r"] = verdicts.setdefault(str(r["verdict"]), len(verdicts))
            row["d"] = verdicts.setdefault(default, len(verdicts))
            for j, c in enumerate(choices):
                if c["id"] in codes:
                    row[f"c{j}"] = int(codes[c["id"]][n])
            rows.append(row)
    return rows, list(values), list(verdicts)


def _codes(column, choice):
    """Alternative indexes of a column of labels (or numbers, for numeric choices)."""
    if choice["numeric"]:
        index = {float(v): i for i, v in enumerate(choice["values"])}
        return [index[float(v)] for v in column]
    index = {a["label"]: i for i, a in enumerate(choice["alternatives"])}
    return [index[str(v)] for v in column]


def spec(multiverse, claims, title, data=None):
    """The Vega-Lite specification (a dict), made and validated by Altair; `data` is `factored`'s, if made."""
    import altair as alt

    rows, values, verdicts = data or factored(multiverse, claims)
    choices = multiverse.choices
    params = [
        alt.param(
            name=f"p{j}",
            value=c["default"],
            bind=alt.binding_select(
                options=list(range(len(c["alternatives"]))),
                labels=[
                    a["label"] + (" (the book's)" if i == c["default"] else "") for i, a in enumerate(c["alternatives"])
                ],
                name=c["label"] + " ",
            ),
        )
        for j, c in enumerate(choices)
    ]
    chosen = " && ".join(f"(datum.c{j} == null || datum.c{j} == p{j})" for j in range(len(choices)))
    base = (
        alt.Chart(alt.Data(values=rows))
        .transform_filter(chosen)
        .transform_calculate(
            claim=f"{json.dumps(list(claims))}[datum.k]",
            value=f"{json.dumps(values)}[datum.v]",
            verdict=f"{json.dumps(verdicts)}[datum.r]",
            book=f"{json.dumps(verdicts)}[datum.d]",
            shown=f"(datum.r != datum.d ? '{CHANGED} ' : '') + {json.dumps(verdicts)}[datum.r]",
        )
        .properties(height=ROW_HEIGHT * len(claims))
    )
    y = alt.Y("claim:N", sort=list(claims), title=None, axis=alt.Axis(labelLimit=250, labelFontSize=12))
    hidden = alt.Y("claim:N", sort=list(claims), axis=None)

    def column(field, heading, width, axis):
        text = alt.Text(f"{field}:N", title=field.replace("shown", "verdict"))
        chart = base.mark_text(align="left", baseline="middle", fontSize=12, limit=width - 8, color="#1f2328")
        return chart.encode(y=axis, x=alt.value(4), text=text, tooltip=[alt.Tooltip("claim:N"), text]).properties(
            width=width, title=alt.TitleParams(heading, anchor="start", fontSize=12)
        )

    view = alt.hconcat(
        column("value", "value", 170, y),
        column("shown", "verdict under these choices", 200, hidden),
        spacing=4,
    ).add_params(*params)
    view = view.properties(
        description=f"{title}: for each of {len(claims)} claims, its value and its verdict under the choices "
        f"picked in the menus; a verdict marked {CHANGED} differs from the one the book's own choices give.",
        config=alt.Config(view=alt.ViewConfig(stroke=None), axis=alt.AxisConfig(grid=False, domain=False, ticks=False)),
    )
    return view.to_dict()


def _json_for_html(value):
    """JSON that cannot end the script element it sits in (no '<', '>' or '&' left as such)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class Explorer:
    """The explorer as a cell's output: the view in HTML, a note in print (the PDF cannot pick). The
    specification is made when the view is first shown."""

    def __init__(self, multiverse, claims, title, note):
        self.multiverse, self.claims, self.title, self.note = multiverse, list(claims), title, note
        self.data = factored(multiverse, self.claims)

    @property
    def rows(self):
        return len(self.data[0])

    def data_bytes(self):
        """The size of the data the page carries (rows, values and verdicts as JSON)."""
        return len(_json_for_html(list(self.data)).encode("utf-8"))

    @functools.cached_property
    def spec(self):
        return spec(self.multiverse, self.claims, self.title, self.data)

    @property
    def id(self):
        return "gx-mv-" + hashlib.sha256(json.dumps(self.spec, sort_keys=True).encode()).hexdigest()[:10]

    def payload_bytes(self):
        return len(_json_for_html(self.spec).encode("utf-8"))

    def _repr_html_(self):
        scripts = "".join(f'<script src="{STATIC}{name}"></script>' for name in SCRIPTS)
        start = (
            "(function(){var view=document.getElementById(" + json.dumps(self.id) + ");"
            "var spec=JSON.parse(document.getElementById(" + json.dumps(self.id + "-spec") + ").textContent);"
            "if(typeof vegaEmbed!=='function'){view.textContent='The explorer needs JavaScript and the book\\u2019s "
            "own _static/vega/ files.';return;}"
            "vegaEmbed(view,spec,{actions:false,renderer:'svg'}).catch(function(e){view.textContent="
            "'The explorer could not start: '+e;});})();"
        )
        return (
            f'<div class="gx-explorer gx-verdict-text">'
            f'<div id="{self.id}" class="gx-explorer-view gx-table-wrap"></div>'
            f'<script type="application/json" id="{self.id}-spec">{_json_for_html(self.spec)}</script>'
            f"{scripts}<script>{start}</script>"
            f"<noscript><p>{html.escape(str(self.note))}</p></noscript></div>"
        )

    def _repr_markdown_(self):
        return str(self.note)

    def __repr__(self):
        return str(self.note)


def explorer(multiverse, claims, title, note):
    return Explorer(multiverse, claims, title, MD(note))


def rows_as_frame(multiverse, claims):
    """The explorer's rows decoded (claim, choices, value, verdict): what the page shows, for the tests."""
    rows, values, verdicts = factored(multiverse, claims)
    frame = pd.DataFrame(rows)
    frame["claim"] = [claims[k] for k in frame["k"]]
    frame["value"] = [values[v] for v in frame["v"]]
    frame["verdict"] = [verdicts[r] for r in frame["r"]]
    return frame
