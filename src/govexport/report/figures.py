"""The book's figures, one function each, in the book's theme; and Table 2 as HTML."""

import textwrap

import matplotlib.pyplot as plt
import matplotlib.transforms as mtransforms
import pandas as pd
from matplotlib.lines import Line2D

from .theme import OKABE_ITO

SHORT_VISIT_LABELS = {
    '"Pearl of Peace" international law enforcement exchange and cooperation unit police practice '
    "training center": '"Pearl of Peace" police practice training centre',
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


def incidence_figure(matrix, ylabel, xlabel="Table 2 program (items it lists)", label_width=40):
    """A dot matrix of items (rows) by program (columns): a blue circle where one program lists the item,
    an orange square where two or more do (shape and colour both tell them apart)."""
    n_rows, n_cols = matrix.shape
    fig, ax = plt.subplots(figsize=(4.6, max(2.6, 0.36 * n_rows + 1.2)))
    shared = matrix.sum(axis=1) > 1 if n_rows else pd.Series(dtype=bool)
    for j in range(n_cols):
        for i in range(n_rows):
            if matrix.iat[i, j]:
                many = bool(shared.iloc[i])
                ax.scatter(
                    j,
                    i,
                    s=150,
                    marker="s" if many else "o",
                    zorder=3,
                    color=OKABE_ITO[1] if many else OKABE_ITO[0],
                    edgecolor="black",
                    linewidth=0.6,
                )
    ax.set_xticks(range(n_cols))
    ax.set_xticklabels(["\n".join(textwrap.wrap(str(c), 16)) + f"\n({int(matrix[c].sum())})" for c in matrix.columns])
    ax.set_yticks(range(n_rows))
    ax.set_yticklabels([short_label(str(r), label_width) for r in matrix.index], fontsize=10)
    ax.set_xlim(-0.5, n_cols - 0.5)
    ax.set_ylim(n_rows - 0.5 if n_rows else 0.5, -0.5)
    ax.grid(True, color="0.88")
    ax.set(xlabel=xlabel, ylabel=ylabel)
    if not n_rows:
        ax.text((n_cols - 1) / 2 if n_cols else 0, 0, "nothing listed", ha="center", va="center")
    handles = [
        Line2D(
            [],
            [],
            marker="o",
            linestyle="",
            markersize=10,
            color=OKABE_ITO[0],
            markeredgecolor="black",
            label="listed by one program",
        ),
        Line2D(
            [],
            [],
            marker="s",
            linestyle="",
            markersize=10,
            color=OKABE_ITO[1],
            markeredgecolor="black",
            label="listed by two or more",
        ),
    ]
    # below the x-axis label, a fixed distance in points whatever the figure's height
    below = mtransforms.offset_copy(ax.transAxes, fig=fig, y=-88, units="points")
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, 0),
        bbox_transform=below,
        frameon=False,
        ncol=2,
        fontsize=10,
        handletextpad=0.3,
        columnspacing=1.2,
    )
    return fig


def timeline_figure(timeline, window_year, anniversary_year, label_window=True):
    """Security programs over time (x: start month), one row per match status. Shaded: September–December
    of `window_year`; dashed: December of `anniversary_year`. Programs in the same month and row are
    spread vertically; ids are printed for programs naming a topic and (if label_window) in the window."""
    statuses = sorted(timeline["status"].unique(), key=lambda s: (not s.startswith("names"), s))
    markers = ["D", "^", "o", "s", "v", "P", "X", "*"]
    fig, ax = plt.subplots(figsize=(7.2, 1.2 + 0.75 * max(len(statuses), 2)))
    ax.axvspan(window_year + 8 / 12, window_year + 1, color="0.87", zorder=0, label=f"September–December {window_year}")
    ax.axvline(
        anniversary_year + 11.5 / 12,
        color="black",
        linestyle="--",
        linewidth=1,
        label=f"40th anniversary of reform and opening up (Dec {anniversary_year})",
    )
    for i, status in enumerate(statuses):
        rows = timeline[timeline["status"] == status].sort_values(["when", "program_id"])
        lane = rows.groupby("when").cumcount()
        size = rows.groupby("when")["program_id"].transform("size")
        y = i + (lane - (size - 1) / 2) * 0.22
        ax.scatter(
            rows["when"],
            y,
            s=80,
            color=OKABE_ITO[i % len(OKABE_ITO)],
            marker=markers[i % len(markers)],
            edgecolor="black",
            linewidth=0.6,
            zorder=3,
        )
        in_window = rows["when"].between(window_year + 8 / 12, window_year + 1)
        for r, yy, w, k in zip(rows.itertuples(), y, in_window, lane):
            if status.startswith("names") or (label_window and w):
                ax.annotate(
                    r.program_id,
                    (r.when, yy),
                    xytext=(0, 7 if k % 2 == 0 else -15),
                    textcoords="offset points",
                    ha="center",
                    fontsize=9,
                )
    years = sorted(set(timeline["year"])) or [window_year]
    ax.set_xticks([y for y in range(min(years[0], window_year), max(years[-1], window_year) + 2)])
    ax.set_xticks([y + m / 12 for y in range(years[0], years[-1] + 1) for m in range(1, 12)], minor=True)
    ax.tick_params(axis="x", which="minor", length=3, bottom=True)
    right = max([window_year + 1] + timeline["when"].tolist())
    ax.set_xlim(min(years[0], window_year) - 0.05, right + 0.08)
    ax.set_yticks(range(len(statuses)))
    ax.set_yticklabels(["\n".join(textwrap.wrap(s.replace("names ", "names: "), 24)) for s in statuses])
    ax.set_ylim(len(statuses) - 0.4 if statuses else 0.5, -0.7)
    ax.set(xlabel="Month the program started (ticks: 1 January)", ylabel="Trainee vs Table 2 topics")
    below = mtransforms.offset_copy(ax.transAxes, fig=fig, y=-48, units="points")
    ax.legend(loc="upper left", bbox_to_anchor=(0, 0), bbox_transform=below, frameon=False, fontsize=10, ncol=1)
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
    fig, ax = plt.subplots(figsize=(8, 5))
    sns.heatmap(
        shown.astype(float),
        annot=True,
        fmt=",.0f",
        cmap="cividis",
        linewidths=0.5,
        linecolor="white",
        annot_kws={"fontsize": 11},
        cbar_kws={"label": "Estimated officials"},
        ax=ax,
    )
    rows, cols = list(shown.index), list(shown.columns)

    def frame(cell, **style):
        s, m = cell
        if s in rows and m in cols:
            ax.add_patch(Rectangle((cols.index(m), rows.index(s)), 1, 1, fill=False, edgecolor="#D55E00", **style))

    frame(run_cell, linewidth=3.5, label="this run")
    if paper_cell is not None and tuple(paper_cell) != tuple(run_cell):
        frame(paper_cell, linewidth=2.5, linestyle="--", label="the paper's assumptions")
    ax.set(xlabel="Officials per state in a multi-state program", ylabel="Officials in a single-state delegation")
    ax.tick_params(axis="y", rotation=0)
    if ax.patches:
        ax.legend(handles=ax.patches, loc="upper left", bbox_to_anchor=(0, -0.14), ncol=2, frameon=False)
    return fig


# --- chapter 1 -------------------------------------------------------------------------------------


def _integer_axis(axis):
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))


def programs_by_year_domain(yearly, partial_year=None):
    """Stacked bars: programs per year (x) and domain (colour); a partial year hatched."""
    from .theme import DOMAIN_COLOURS

    wide = yearly.pivot(index="year", columns="domain", values="programs").fillna(0)
    domains = [d for d in DOMAIN_COLOURS if d in wide.columns and wide[d].sum() > 0]
    fig, ax = plt.subplots(figsize=(8, 4.2))
    bottom = pd.Series(0.0, index=wide.index)
    for domain in domains:
        bars = ax.bar(wide.index, wide[domain], bottom=bottom, width=0.8, color=DOMAIN_COLOURS[domain], label=domain)
        if partial_year in wide.index:
            bars[list(wide.index).index(partial_year)].set_hatch("///")
        bottom += wide[domain]
    ax.set(xlabel="Year the program started", ylabel="Programs")
    ax.set_xticks(list(wide.index))
    ax.tick_params(axis="x", rotation=45)
    _integer_axis(ax.yaxis)
    if domains:
        ax.legend(title="Domain", frameon=False, loc="upper left")
    return fig


# --- chapter 2 -------------------------------------------------------------------------------------


def programs_per_domain(split):
    """Bars: programs per domain in the run, each labelled with the paper's count."""
    from .theme import DOMAIN_COLOURS

    fig, ax = plt.subplots(figsize=(7, 4))
    bars = ax.bar(split["domain"], split["programs"], color=[DOMAIN_COLOURS[d] for d in split["domain"]])
    ax.bar_label(bars, labels=[f"{n}\n(paper: {p})" for n, p in zip(split["programs"], split["paper"])], padding=3)
    top = max(int(split["programs"].max()), int(split["paper"].max()), 1)
    ax.set(xlabel="Domain", ylabel="Programs", ylim=(0, top * 1.3))
    _integer_axis(ax.yaxis)
    return fig


def domains_by_ruleset(comparison, rulesets):
    """Grouped bars: programs per domain under each rule set (`rulesets`: the columns of `comparison`, named as
    readers know them)."""
    import numpy as np

    from .theme import OKABE_ITO

    x = np.arange(len(comparison))
    width = 0.8 / max(len(rulesets), 1)
    colours = OKABE_ITO[4:] + OKABE_ITO[:4]
    fig, ax = plt.subplots(figsize=(8, 4))
    for i, name in enumerate(rulesets):
        bars = ax.bar(
            x + (i - (len(rulesets) - 1) / 2) * width,
            comparison[name],
            width,
            label=f"{name} rule set",
            color=colours[i % len(colours)],
            edgecolor="white",
        )
        ax.bar_label(bars, padding=2)
    ax.set_xticks(x, comparison["domain"])
    top = max(int(comparison[list(rulesets)].to_numpy().max()), 1)
    ax.set(xlabel="Domain", ylabel="Programs", ylim=(0, top * 1.18))
    _integer_axis(ax.yaxis)
    ax.legend(frameon=False)
    return fig


# --- chapter 3 -------------------------------------------------------------------------------------


def officials_by_state(states):
    """Horizontal stacked bars: estimated officials per state, from single- and multi-state programs."""
    import numpy as np

    from .theme import OKABE_ITO

    order = states.iloc[::-1]
    fig, ax = plt.subplots(figsize=(8, 0.5 * len(order) + 1.6))
    left = np.zeros(len(order))
    for column, colour in zip(["from single-state programs", "from multi-state programs"], OKABE_ITO):
        ax.barh(order["state"], order[column], left=left, color=colour, label=column)
        left += order[column].to_numpy(dtype=float)
    for y, total in enumerate(order["officials"]):
        ax.text(total, y, f" {total:,.0f}", va="center")
    ax.set(xlabel="Estimated officials", ylabel="", xlim=(0, max(left.max(), 1) * 1.18))
    ax.legend(frameon=False, loc="lower right")
    return fig


def officials_vs_reported(rows):
    """Paired bars per comparison: the table's estimate (whiskers: the band) and the reported figure."""
    import numpy as np

    from .theme import OKABE_ITO

    y = np.arange(len(rows))
    h = 0.36
    nan = float("nan")  # a comparison the run leaves empty gets no bar, and says so
    est = np.array([nan if r.get("empty") else r["estimate"] for r in rows], dtype=float)
    low = np.array([nan if r.get("empty") else r["low"] for r in rows], dtype=float)
    high = np.array([nan if r.get("empty") else r["high"] for r in rows], dtype=float)
    reported = np.array([r["reported"] for r in rows], dtype=float)
    fig, ax = plt.subplots(figsize=(8, 1.4 * len(rows) + 1.4))
    ax.barh(
        y - h / 2,
        est,
        h,
        color=OKABE_ITO[0],
        label="Table 1 estimate (whisker: the band)",
        xerr=[est - low, high - est],
        error_kw={"ecolor": "black", "capsize": 4},
    )
    bars = ax.barh(y + h / 2, reported, h, color=OKABE_ITO[1], label="reported elsewhere")
    for yi, (value, top) in enumerate(zip(est, high)):
        label = "  not compared in this run" if np.isnan(value) else f"  {value:,.0f}"
        ax.text(0 if np.isnan(value) else max(value, top), yi - h / 2, label, va="center")
    ax.bar_label(bars, labels=[f"{v:,.0f}" for v in reported], padding=3)

    def years(r):
        if not r["years"]:
            return "all years"
        first, last = r["years"]
        return str(first) if first == last else f"{first}–{last}"

    ax.set_yticks(y, [f"{r['demonym']} officials\n{years(r)}" for r in rows])
    ax.invert_yaxis()
    ax.set(xlabel="Officials", xlim=(0, max(np.nanmax(high, initial=0), reported.max(initial=0), 1) * 1.25))
    # below the axes, where no bar or label can be
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(0, -0.12), ncol=2)
    return fig


# --- chapter 4 -------------------------------------------------------------------------------------


def programs_per_year_trend(yearly, line, halves, partial_year=None):
    """Bars per year (complete years blue, a partial year hatched), the least-squares line and the mean per
    year in each half."""
    from .theme import OKABE_ITO

    fig, ax = plt.subplots(figsize=(8.5, 4.5))
    complete = yearly[yearly["year"] != partial_year]
    ax.bar(complete["year"], complete["programs"], width=0.75, color=OKABE_ITO[0], label="programs")
    if partial_year is not None and partial_year in set(yearly["year"]):
        last = yearly[yearly["year"] == partial_year]
        ax.bar(
            last["year"],
            last["programs"],
            width=0.75,
            color="white",
            edgecolor="grey",
            hatch="///",
            label="partial year",
        )
    if line is not None and len(line) > 1:
        ax.plot(line["year"], line["fitted"], ls="--", lw=2, color=OKABE_ITO[5], label="least-squares trend")
    for i, (lo, hi) in enumerate(halves):
        part = yearly[yearly["year"].between(lo, hi)]
        if len(part):
            ax.hlines(
                part["programs"].mean(),
                lo - 0.4,
                hi + 0.4,
                color=OKABE_ITO[1],
                lw=3,
                label="mean per year in each half" if i == 0 else None,
            )
    ax.set_xticks(yearly["year"])
    ax.tick_params(axis="x", rotation=45)
    ax.set(xlabel="Year the program started", ylabel="Programs")
    top = int(yearly["programs"].max()) if len(yearly) else 1
    ax.set_ylim(0, max(top * 1.3, top + 3))
    _integer_axis(ax.yaxis)
    ax.legend(frameon=False, loc="upper left")
    return fig


def scope_per_year(scope_yearly, complete, split=None):
    """Four panels, one scope measure each, year by year; a partial year hollow; the later half marked."""
    from .theme import OKABE_ITO

    panels = [
        ("trainers", "Distinct trainers", "institutions", True),
        ("domains", "Distinct domains", "domains", True),
        ("mean_states", "States per program (mean)", "states", False),
        ("median_duration", "Stated duration (median)", "days", False),
    ]
    fig, axes = plt.subplots(2, 2, figsize=(8, 6.2), sharex=True)
    is_complete = scope_yearly["year"].between(*complete)
    for ax, (column, title, unit, integer) in zip(axes.flat, panels):
        values = scope_yearly[column].astype(float).where(scope_yearly["programs"] > 0)
        ax.plot(scope_yearly["year"].where(is_complete), values.where(is_complete), marker="o", color=OKABE_ITO[0])
        if (~is_complete).any():
            ax.plot(
                scope_yearly["year"][~is_complete],
                values[~is_complete],
                ls="none",
                marker="o",
                mfc="white",
                color="grey",
            )
        if split is not None:
            ax.axvline(split - 0.5, ls=":", color="grey")
        ax.set_title(title, fontsize=11)
        ax.set_ylabel(unit)
        ax.set_ylim(bottom=0)
        if integer:
            _integer_axis(ax.yaxis)
    for ax in axes[1]:
        ax.set_xlabel("Year the program started")
        _integer_axis(ax.xaxis)  # whole years only (the shared axis otherwise ticks 2007.5)
    fig.tight_layout()
    return fig


SWARM_LIMIT = 150  # above this many points a swarm is unreadable and slow: boxes alone then


def durations_by_domain(stated, dur):
    """Stated durations by domain: boxes, and every program as a dot when there are few enough."""
    import seaborn as sns

    from .theme import DOMAIN_COLOURS

    order = list(dur["domain"])
    counts = dur.set_index("domain")
    fig, ax = plt.subplots(figsize=(8.5, 4.6))
    palette = {d: DOMAIN_COLOURS[d] for d in order}
    days = stated.assign(days=stated["duration_days"].astype(float))
    if len(days):
        sns.boxplot(
            data=days,
            x="domain",
            y="days",
            order=order,
            hue="domain",
            palette=palette,
            legend=False,
            showfliers=len(days) > SWARM_LIMIT,
            boxprops={"alpha": 0.35},
            ax=ax,
        )
        if len(days) <= SWARM_LIMIT:
            sns.swarmplot(
                data=days,
                x="domain",
                y="days",
                order=order,
                hue="domain",
                palette=palette,
                legend=False,
                size=7,
                edgecolor="black",
                linewidth=0.5,
                ax=ax,
            )  # a swarm: no random jitter
    ax.set_xticks(range(len(order)))
    ax.set_xticklabels(
        [f"{d}\n({counts.loc[d, 'with_duration']} of {counts.loc[d, 'programs']} stated)" for d in order]
    )
    ax.set(xlabel="Domain", ylabel="Stated duration (days)")
    ax.set_ylim(bottom=0)
    return fig


# --- chapter 5 -------------------------------------------------------------------------------------


def programs_per_state(by_domain):
    """Horizontal stacked bars: programs per state by domain, the most-trained state on top."""
    from .theme import DOMAIN_COLOURS

    present = [d for d in DOMAIN_COLOURS if d in by_domain.columns and by_domain[d].sum() > 0]
    plot = by_domain.set_index("state")[present].iloc[::-1]
    fig, ax = plt.subplots(figsize=(8, 0.55 * len(plot) + 1.6))
    left = pd.Series(0.0, index=plot.index)
    for domain in present:
        ax.barh(plot.index, plot[domain], left=left, color=DOMAIN_COLOURS[domain], label=domain, height=0.75)
        left += plot[domain]
    ax.set(xlabel="Programs the state took part in", ylabel="")
    _integer_axis(ax.xaxis)
    if present:
        ax.legend(title="Domain", frameon=False, loc="lower right")
    return fig


def _count_heatmap(grid, ax, cbar_label="Programs", cbar=True):
    import seaborn as sns

    sns.heatmap(
        grid.where(grid > 0).astype(float),
        annot=True,
        fmt=".0f",
        cmap="Blues",
        vmin=0,
        linewidths=0.5,
        linecolor="white",
        cbar=cbar,
        cbar_kws={"label": cbar_label} if cbar else None,
        ax=ax,
    )
    ax.grid(False)


def participation_heatmap(grid, partial_year=None, partial_month=None):
    """Programs per state (rows) and year (columns); blank where none."""
    fig, ax = plt.subplots(figsize=(8.5, 0.6 * len(grid) + 1.8))
    _count_heatmap(grid, ax)
    labels = [f"{y}\n({partial_month[:3]}.\nonly)" if y == partial_year else str(y) for y in grid.columns]
    ax.set_xticks([i + 0.5 for i in range(len(labels))])
    ax.set_xticklabels(labels, rotation=0)
    ax.set(xlabel="Year the program started", ylabel="")
    ax.tick_params(axis="y", rotation=0)
    return fig


def trainer_by_state(tbs):
    """Programs by Chinese trainer (rows, with its total) and Central Asian state (columns)."""
    counts = tbs.drop(columns="total programs")
    counts.index = [f"{t} ({n})" for t, n in zip(tbs.index, tbs["total programs"])]
    fig, ax = plt.subplots(figsize=(7.4, 0.45 * len(counts) + 1.5))
    _count_heatmap(counts, ax, cbar=False)  # every cell carries its count: a colour bar would only add width
    ax.set(xlabel="Central Asian state trained", ylabel="Chinese trainer (programs in all)")
    ax.tick_params(axis="x", rotation=0)
    return fig


# --- chapter 7 and 8 ---------------------------------------------------------------------------------

VERDICT_HATCHES = {
    "reproduced": "",
    "approximately reproduced": "//",
    "not reproduced": "xx",
    "not testable with this data": "..",
    "not testable in this run": "--",
}
TALLY_HATCHES = {
    "reproduced, independent evidence": "",
    "reproduced, consistency check": "oo",
    "reproduced by construction": "\\\\",
    **{v: h for v, h in VERDICT_HATCHES.items() if v != "reproduced"},
}


def verdicts_by_chapter(counts):
    """Stacked horizontal bars: distinct claims per chapter (rows of `counts`) by headline tally (columns,
    claims.ledger.TALLIES), colour and hatch both telling them apart."""
    import numpy as np

    from .theme import TALLY_COLOURS

    fig, ax = plt.subplots(figsize=(7.5, 0.5 * len(counts) + 2.6))
    left = np.zeros(len(counts))
    for verdict in counts.columns:
        ax.barh(
            counts.index,
            counts[verdict],
            left=left,
            color=TALLY_COLOURS[verdict],
            hatch=TALLY_HATCHES[verdict],
            edgecolor="black",
            linewidth=0.5,
            label=verdict,
            height=0.7,
        )
        left += counts[verdict].to_numpy(dtype=float)
    ax.invert_yaxis()
    ax.set(xlabel="Claims", ylabel="")
    _integer_axis(ax.xaxis)
    # below the bars, so that the figure is no wider than the chapters' names and the bars
    ax.legend(title="Verdict", frameon=False, loc="upper left", bbox_to_anchor=(0, -0.12), ncol=2)
    return fig


VERDICT_MARKERS = {
    "reproduced": "o",
    "approximately reproduced": "s",
    "not reproduced": "X",
    "not testable in this run": ".",
}


def specification_curve(specs, value_label, panels, references=(), share=False):
    """A specification curve (Simonsohn, Simmons and Nelson 2020, drawn as R's specr draws it): above, the
    claim's value in every specification, in increasing order, marked by its verdict (colour and shape); below,
    one row per alternative of each choice, a tick where that specification makes it.

    `specs`: one row per specification, with `value`, `verdict`, `default` and one column per choice;
    `panels`: [(column, label, [alternative labels in order], default label)]; `references`: [(y, label)]
    lines across the upper panel (the criterion's thresholds on the value); `share` shows the value as a
    percentage.
    """
    import numpy as np
    import seaborn as sns
    from matplotlib.ticker import PercentFormatter

    from .theme import VERDICT_COLOURS

    specs = specs.sort_values("value", kind="stable").reset_index(drop=True)
    rows = [(column, alternative, label) for column, label, alternatives, _ in panels for alternative in alternatives]
    fig, (top, bottom) = plt.subplots(
        2,
        1,
        sharex=True,
        figsize=(6.2, 2.6 + 0.24 * len(rows) + 0.6),
        gridspec_kw={"height_ratios": [2.6, 0.24 * len(rows) + 0.6], "hspace": 0.06},
    )
    x = np.arange(len(specs))
    present = [v for v in VERDICT_MARKERS if v in set(specs["verdict"])]
    sns.scatterplot(
        x=x,
        y=specs["value"].to_numpy(dtype=float),
        hue=specs["verdict"].to_numpy(),
        style=specs["verdict"].to_numpy(),
        hue_order=present,
        style_order=present,
        palette={v: VERDICT_COLOURS[v] for v in present},
        markers={v: VERDICT_MARKERS[v] for v in present},
        s=26 if len(specs) < 200 else 12,
        linewidth=0.3,
        edgecolor="black",
        ax=top,
    )
    chosen = specs.index[specs["default"]].tolist()
    for k in chosen:
        top.axvline(k, color="#444444", linewidth=0.8, linestyle=":")
        top.annotate(
            "the book's\nspecification",
            (k, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(3, -3),
            textcoords="offset points",
            va="top",
            fontsize=10,
            color="#444444",
        )
    low, high = top.get_ylim()
    labelled = None
    for y, label in sorted(references):
        top.axhline(y, color="#666666", linewidth=0.8, linestyle="--")
        if low <= y <= high and (labelled is None or y - labelled > 0.05 * (high - low)):  # never on another
            top.annotate(
                label,
                (1.0, y),
                xycoords=("axes fraction", "data"),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                fontsize=10,
                color="#444444",
            )
            labelled = y
    top.set(ylabel="", xlabel="")
    if share:
        top.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    top.set_title(value_label, loc="left", fontsize=11, fontweight="normal")
    top.legend(
        title="Verdict",
        frameon=False,
        fontsize=10,
        title_fontsize=10,
        loc="upper left",
        bbox_to_anchor=(1.01 if not references else 1.16, 1),
    )
    names, ticks = [], []
    for i, (column, alternative, _label) in enumerate(rows):
        hit = (specs[column].astype(str) == alternative).to_numpy()
        bottom.scatter(x[hit], np.full(hit.sum(), i), marker="|", s=40, color="#222222", linewidth=1.1)
        names.append(f"{alternative}")
        ticks.append(i)
    bottom.set_yticks(ticks, [short_label(n, 34).replace("\n", " ") for n in names], fontsize=10)
    bottom.set_ylim(len(rows) - 0.5, -0.5)
    start = 0
    for _, label, alternatives, _ in panels:  # a label for each choice's block of rows, and a rule between blocks
        bottom.annotate(
            short_label(label, 18),
            (1.0, start + (len(alternatives) - 1) / 2),
            xycoords=("axes fraction", "data"),
            xytext=(6, 0),
            textcoords="offset points",
            va="center",
            fontsize=10,
        )
        start += len(alternatives)
        if start < len(rows):
            bottom.axhline(start - 0.5, color="#bbbbbb", linewidth=0.6)
    bottom.set_xlabel(f"Specifications, ordered by the value ({len(specs)})")
    bottom.grid(False, axis="y")
    bottom.set_xlim(-0.5 - 0.01 * len(specs), len(specs) - 0.5 + 0.01 * len(specs))
    _integer_axis(bottom.xaxis)
    return fig
