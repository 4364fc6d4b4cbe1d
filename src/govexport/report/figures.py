"""The book's figures, one function each, in the book's theme; and Table 2 as HTML."""

import html
import textwrap

import matplotlib.pyplot as plt
import matplotlib.transforms as mtransforms
import pandas as pd
from matplotlib.lines import Line2D

from .theme import OKABE_ITO

SHORT_VISIT_LABELS = {
    '"Pearl of Peace" international law enforcement exchange and cooperation unit police practice '
    'training center': '"Pearl of Peace" police practice training centre',
    "Command center of the Shanghai Public Security Bureau": "Shanghai PSB command centre",
    "Shanghai the Bund and Yu Garden police station": "Bund and Yu Garden police station, Shanghai",
    'Shanghai "Safe China" Initiative constructions': '"Safe China" constructions, Shanghai',
    "Beijing Research Institute No.1 of the Ministry of Public Security": "MPS Research Institute No. 1, Beijing",
    "Beijing China Electronics Import and Export": "China Electronics Import and Export, Beijing",
    "Shanghai Public Security Bureau Anti-Drug Work Office": "Shanghai PSB Anti-Drug Work Office",
    "Various units in Shanghai and Wuhan.": "Various units in Shanghai and Wuhan",
}


def short_label(text, width=34):
    """A readable axis label: a hand-shortened name for Table 2's long visits, otherwise wrapped text."""
    label = SHORT_VISIT_LABELS.get(text, text.rstrip("."))
    return "\n".join(textwrap.wrap(label, width)) or label


def incidence_figure(matrix, title, ylabel, xlabel="Table 2 program (items it lists)", label_width=40):
    """A dot matrix of items (rows) by program (columns): a blue circle where one program lists the item,
    an orange square where two or more do (shape and colour both tell them apart)."""
    n_rows, n_cols = matrix.shape
    fig, ax = plt.subplots(figsize=(4.6, max(2.6, 0.36 * n_rows + 1.2)))
    shared = matrix.sum(axis=1) > 1 if n_rows else pd.Series(dtype=bool)
    for j in range(n_cols):
        for i in range(n_rows):
            if matrix.iat[i, j]:
                many = bool(shared.iloc[i])
                ax.scatter(j, i, s=150, marker="s" if many else "o", zorder=3,
                           color=OKABE_ITO[1] if many else OKABE_ITO[0], edgecolor="black", linewidth=0.6)
    ax.set_xticks(range(n_cols))
    ax.set_xticklabels(["\n".join(textwrap.wrap(str(c), 16)) + f"\n({int(matrix[c].sum())})"
                        for c in matrix.columns])
    ax.set_yticks(range(n_rows))
    ax.set_yticklabels([short_label(str(r), label_width) for r in matrix.index], fontsize=10)
    ax.set_xlim(-0.5, n_cols - 0.5)
    ax.set_ylim(n_rows - 0.5 if n_rows else 0.5, -0.5)
    ax.grid(True, color="0.88")
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    if not n_rows:
        ax.text((n_cols - 1) / 2 if n_cols else 0, 0, "nothing listed", ha="center", va="center")
    handles = [Line2D([], [], marker="o", linestyle="", markersize=10, color=OKABE_ITO[0], markeredgecolor="black",
                      label="listed by one program"),
               Line2D([], [], marker="s", linestyle="", markersize=10, color=OKABE_ITO[1], markeredgecolor="black",
                      label="listed by two or more")]
    # below the x-axis label, a fixed distance in points whatever the figure's height
    below = mtransforms.offset_copy(ax.transAxes, fig=fig, y=-88, units="points")
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0), bbox_transform=below, frameon=False,
              ncol=2, fontsize=10, handletextpad=0.3, columnspacing=1.2)
    return fig


def table2_html(programs):
    """Table 2 as an HTML table readers can read in full: field visits one per line, nothing truncated."""
    head = "".join(f"<th>{h}</th>" for h in ("Topic", "Delegated trainer", "Training specifics", "Field visits"))
    body = []
    for p in programs:
        visits = "<br>".join(f"{i}. {html.escape(v)}" for i, v in enumerate(p["field_visits"], start=1))
        cells = [f"<b>{html.escape(p['topic'])}</b>", html.escape(p["delegated_trainer"]),
                 html.escape(p["training_specifics"]), visits]
        body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    # class "ledger": the book's stylesheet (book/_static/govexport.css) aligns its cells top-left
    widths = "".join(f'<col style="width:{w}%">' for w in (13, 15, 47, 25))
    return (f'<table class="ledger table2" border="0"><colgroup>{widths}</colgroup><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>")


def timeline_figure(timeline, window_year, anniversary_year, label_window=True):
    """Security programs over time (x: start month), one row per match status. Shaded: September–December
    of `window_year`; dashed: December of `anniversary_year`. Programs in the same month and row are
    spread vertically; ids are printed for programs naming a topic and (if label_window) in the window."""
    statuses = sorted(timeline["status"].unique(), key=lambda s: (not s.startswith("names"), s))
    markers = ["D", "^", "o", "s", "v", "P", "X", "*"]
    fig, ax = plt.subplots(figsize=(7.2, 1.2 + 0.75 * max(len(statuses), 2)))
    ax.axvspan(window_year + 8 / 12, window_year + 1, color="0.87", zorder=0,
               label=f"September–December {window_year}")
    ax.axvline(anniversary_year + 11.5 / 12, color="black", linestyle="--", linewidth=1,
               label=f"40th anniversary of reform and opening up (Dec {anniversary_year})")
    for i, status in enumerate(statuses):
        rows = timeline[timeline["status"] == status].sort_values(["when", "program_id"])
        lane = rows.groupby("when").cumcount()
        size = rows.groupby("when")["program_id"].transform("size")
        y = i + (lane - (size - 1) / 2) * 0.22
        ax.scatter(rows["when"], y, s=80, color=OKABE_ITO[i % len(OKABE_ITO)], marker=markers[i % len(markers)],
                   edgecolor="black", linewidth=0.6, zorder=3)
        in_window = rows["when"].between(window_year + 8 / 12, window_year + 1)
        for (r, yy, w, k) in zip(rows.itertuples(), y, in_window, lane):
            if status.startswith("names") or (label_window and w):
                ax.annotate(r.program_id, (r.when, yy), xytext=(0, 7 if k % 2 == 0 else -15),
                            textcoords="offset points", ha="center", fontsize=8)
    years = sorted(set(timeline["year"])) or [window_year]
    ax.set_xticks([y for y in range(min(years[0], window_year), max(years[-1], window_year) + 2)])
    ax.set_xticks([y + m / 12 for y in range(years[0], years[-1] + 1) for m in range(1, 12)], minor=True)
    ax.tick_params(axis="x", which="minor", length=3, bottom=True)
    right = max([window_year + 1] + timeline["when"].tolist())
    ax.set_xlim(min(years[0], window_year) - 0.05, right + 0.08)
    ax.set_yticks(range(len(statuses)))
    ax.set_yticklabels(["\n".join(textwrap.wrap(s.replace("names ", "names: "), 24)) for s in statuses])
    ax.set_ylim(len(statuses) - 0.4 if statuses else 0.5, -0.7)
    ax.set(xlabel="Month the program started (ticks: 1 January)", ylabel="Trainee vs Table 2 topics",
           title="Table 1 security programs and the Table 2 topics they could be")
    below = mtransforms.offset_copy(ax.transAxes, fig=fig, y=-48, units="points")
    ax.legend(loc="upper left", bbox_to_anchor=(0, 0), bbox_transform=below, frameon=False, fontsize=9, ncol=1)
    if timeline.empty:
        ax.text(0.5, 0.5, "no security programs in these years", transform=ax.transAxes, ha="center")
    return fig


def plot_sensitivity(grid, run_cell, paper_cell=None):
    """Heatmap of a sensitivity grid (largest single-state delegation on top), annotated, colour-blind-safe.

    The run's cell gets a solid frame; the paper's, when it differs and lies in the grid, a dashed one.
    Returns the figure.
    """
    import matplotlib.pyplot as plt
    import seaborn as sns
    from matplotlib.patches import Rectangle

    shown = grid.iloc[::-1]
    fig, ax = plt.subplots(figsize=(9, 5))
    sns.heatmap(shown.astype(float), annot=True, fmt=",.0f", cmap="cividis", linewidths=0.5, linecolor="white",
                annot_kws={"fontsize": 11}, cbar_kws={"label": "Estimated officials"}, ax=ax)
    rows, cols = list(shown.index), list(shown.columns)

    def frame(cell, **style):
        s, m = cell
        if s in rows and m in cols:
            ax.add_patch(Rectangle((cols.index(m), rows.index(s)), 1, 1, fill=False, edgecolor="#D55E00", **style))

    frame(run_cell, linewidth=3.5, label="this run")
    if paper_cell is not None and tuple(paper_cell) != tuple(run_cell):
        frame(paper_cell, linewidth=2.5, linestyle="--", label="the paper's assumptions")
    ax.set(xlabel="Officials per state in a multi-state program", ylabel="Officials in a single-state delegation",
           title="Estimated officials for each pair of average delegation sizes")
    ax.tick_params(axis="y", rotation=0)
    if ax.patches:
        ax.legend(handles=ax.patches, loc="upper left", bbox_to_anchor=(0, -0.14), ncol=2, frameon=False)
    return fig
