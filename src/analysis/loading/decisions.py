"""Combine loaded parts: match duplicates in input order, write the report, keep the rows.

The combine step of loading. :func:`decide` needs only the parts' report rows, article
positions, signatures and column types -- not the texts -- so it also runs when workers
hold the articles (:func:`~.partitioned.load_to_dataset`); :func:`apply_decision` then
keeps, renumbers and types the articles of each part, and :func:`finish_load` does both
for parts held here. The result does not depend on where the input was cut.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .dedupe import Signatures, match_duplicates
from .options import LoadError, LoadOptions
from .records import REPAIR_COLUMNS, LoadedPart, concat_frames, empty_report, extra_dtypes
from .schema import ARTICLE_COLUMNS, STATUSES, validate_articles, validate_report

__all__ = [
    "LoadDecision",
    "apply_decision",
    "decide",
    "finish_load",
    "gather_extra_types",
    "raise_first_problem",
]


@dataclass
class LoadDecision:
    """What the driver decides once every part is loaded: which articles stay, and how.

    Attributes
    ----------
    report : pandas.DataFrame
        The final load report (validated, with its ``attrs``).
    keep : numpy.ndarray
        One boolean per loaded article (all parts, in order): False for duplicates.
    doc_ids : numpy.ndarray or None
        New ids of the kept articles when some had to be numbered (``-2``,
        ``-3`` ... without de-duplication), else None.
    dtypes : dict
        Column -> dtype of the articles frame, in column order: every part is
        conformed to it (:func:`apply_decision`), so the parts stack into one frame
        whatever their own columns.
    """

    report: pd.DataFrame
    keep: np.ndarray
    doc_ids: np.ndarray | None
    dtypes: dict[str, Any]


def raise_first_problem(parts: Iterable[LoadedPart]) -> None:
    """With ``strict=True``: raise the first problem in input order, if any."""
    for part in parts:
        if part.problem is not None:
            raise LoadError(part.problem)


def decide(parts: list[LoadedPart], options: LoadOptions) -> LoadDecision:
    """Match duplicates across all parts in input order and write the final report.

    Only the parts' reports, article positions, signatures and column types are
    needed, not the articles themselves, so this also works when workers hold the
    texts.
    """
    raise_first_problem(parts)
    offsets = np.cumsum([0] + [len(p.report) for p in parts])
    report = concat_frames([p.report for p in parts], empty_report, ignore_index=True)
    rows = (
        np.concatenate([p.rows + off for p, off in zip(parts, offsets, strict=False)])
        if parts
        else np.zeros(0, np.int64)
    )
    n = len(rows)
    ids = report["doc_id"].to_numpy(dtype=object)[rows] if n else np.zeros(0, dtype=object)
    keep = np.ones(n, dtype=bool)
    duplicate_of = np.full(len(report), None, dtype=object)
    similarity = np.full(len(report), np.nan)
    status = report["status"]
    reason = report["reason"]
    if options.dedupe and n > 1:
        sigs = Signatures.concat([p.signatures for p in parts])
        dups = match_duplicates(
            sigs, near=options.near_duplicates, threshold=options.near_threshold
        )
        pos = np.flatnonzero(dups["duplicate_of"].to_numpy() >= 0)
        if len(pos):
            kept = dups["duplicate_of"].to_numpy()[pos]
            sim = dups["similarity"].to_numpy()[pos]
            kinds = dups["kind"].to_numpy()[pos]
            dup_rows = rows[pos]
            origins = report["origin"].to_numpy(dtype=object)
            reasons = []
            for r, k, s, kind in zip(dup_rows, kept, sim, kinds, strict=True):
                if kind == "exact":
                    what, flag = "the same text as", "dedupe=False"
                else:
                    what, flag = f"a near-duplicate ({s:.0%} similar) of", "near_duplicates=False"
                reasons.append(
                    f"{origins[r]}: {what} {origins[rows[k]]} (doc_id {ids[k]}); the "
                    f"first copy is kept. Pass {flag} to keep both."
                )
            duplicate_of[dup_rows] = ids[kept]
            similarity[dup_rows] = sim
            status = status.copy()
            status.iloc[dup_rows] = "duplicate"
            reason = reason.copy()
            reason.iloc[dup_rows] = reasons
            keep[pos] = False
    new_ids = None
    kept_ids = pd.Index(ids[keep], dtype="str")
    if kept_ids.has_duplicates:
        # Only without de-duplication: identical articles get -2, -3 ... suffixes.
        idx = kept_ids.to_series()
        nth = idx.groupby(idx).cumcount()
        new_ids = np.array(
            [d if k == 0 else f"{d}-{k + 1}" for d, k in zip(idx, nth, strict=True)], dtype=object
        )
        doc_id = report["doc_id"].copy()
        doc_id.iloc[rows[keep]] = new_ids
        report = report.assign(doc_id=doc_id)
    report = report.assign(status=status, reason=reason)
    report.insert(4, "duplicate_of", pd.Series(duplicate_of, dtype="str"))
    report.insert(5, "similarity", pd.Series(similarity, dtype="float64"))
    n_ambiguous = sum(p.n_ambiguous_dates for p in parts)
    return LoadDecision(
        _final_report(report, n_ambiguous_dates=n_ambiguous), keep, new_ids, _layout(parts, keep)
    )


def _layout(parts: list[LoadedPart], keep: np.ndarray) -> dict[str, Any]:
    """Columns and dtypes of the articles frame that the kept rows of ``parts`` make."""
    from .schema import empty_articles

    metas, start = [], 0
    for p in parts:
        if keep[start : start + p.n_articles].any():
            metas.append(p.meta)
        start += p.n_articles
    meta = concat_frames(metas, empty_articles)
    dtypes = dict(meta.dtypes)
    types = gather_extra_types(parts)
    dtypes.update(extra_dtypes(types, dtypes))
    first = [c for c in ARTICLE_COLUMNS if c in dtypes]
    return {c: dtypes[c] for c in first + [c for c in dtypes if c not in ARTICLE_COLUMNS]}


def gather_extra_types(parts: Iterable[LoadedPart]) -> dict[str, list[Any]]:
    """Representative values of each extra column over all parts (None if missing)."""
    parts = list(parts)
    total = sum(p.n_articles for p in parts)
    types: dict[str, list[Any]] = {}
    rows: dict[str, int] = {}
    for p in parts:
        for k, reps in p.extra_types.items():
            types.setdefault(k, []).extend(reps)
            rows[k] = rows.get(k, 0) + p.extra_rows.get(k, 0)
    for k, n in rows.items():
        if n < total:  # some articles come from files without this column
            types[k].append(None)
    return types


def _final_report(report: pd.DataFrame, *, n_ambiguous_dates: int = 0) -> pd.DataFrame:
    report = validate_report(report)
    counts = report["status"].value_counts()
    report.attrs.update({f"n_{s}": int(counts.get(s, 0)) for s in STATUSES})
    report.attrs["n_records"] = len(report)
    report.attrs["n_repairs"] = int(
        report.loc[report["status"] == "loaded", list(REPAIR_COLUMNS)].sum().sum()
    )
    report.attrs["n_ambiguous_dates"] = int(n_ambiguous_dates)
    return report


def apply_decision(articles: pd.DataFrame, decision: LoadDecision, *, start: int = 0):
    """The kept rows of ``articles`` (articles ``start`` .. of all parts), conformed.

    Drops the duplicates, renumbers ids, and gives the frame the decided columns
    and dtypes (missing values of object columns are None); the same for a whole
    corpus or for one part of it, so parts conformed separately stack into the frame
    conformed at once.
    """
    stop = start + len(articles)
    keep = decision.keep[start:stop]
    if not keep.all():
        articles = articles[keep]
    if decision.doc_ids is not None:
        before = int(decision.keep[:start].sum())
        new = decision.doc_ids[before : before + len(articles)]
        articles = articles.set_axis(pd.Index(new, dtype="str", name="doc_id"))
    data = {}
    changed = list(articles.columns) != list(decision.dtypes)
    for c, dtype in decision.dtypes.items():
        if c not in articles.columns:
            col = pd.Series([None] * len(articles), index=articles.index, dtype=object)
            data[c] = col if pd.api.types.is_object_dtype(dtype) else col.astype(dtype)
            changed = True
            continue
        col = articles[c]
        if col.dtype != dtype:
            col = col.astype(dtype)
            changed = True
        if pd.api.types.is_object_dtype(dtype) and col.isna().any():
            values = col.to_numpy(dtype=object)
            col = pd.Series(np.where(col.isna(), None, values), index=col.index, dtype=object)
            changed = True
        data[c] = col
    if changed:
        articles = pd.DataFrame(data, index=articles.index)
    return articles


def finish_load(parts: list[LoadedPart], options: LoadOptions) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Combine loaded parts (in input order) into the articles frame and the report."""
    from .schema import empty_articles

    decision = decide(parts, options)
    kept = []
    start = 0
    for p in parts:
        if p.articles is not None and len(p.articles):
            frame = apply_decision(p.articles, decision, start=start)
            if len(frame):
                kept.append(frame)
        start += p.n_articles
        p.articles = None  # the kept rows are in `kept`: let the rest go
    articles = concat_frames(kept, empty_articles)
    return validate_articles(articles), decision.report
