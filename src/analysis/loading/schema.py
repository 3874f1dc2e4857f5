"""Declared schemas (pandera) for the articles frame and the load report.

Every analysis can rely on :data:`ARTICLES_SCHEMA`: an index ``doc_id`` of unique
content hashes, string columns that may be missing (``title``, ``url`` ...), a
non-empty ``text``, ``published`` as a UTC timestamp, and non-negative ``n_words``.
Extra columns are allowed. :data:`REPORT_SCHEMA` describes the load report: one row
per input record with its ``status``.

Examples
--------
>>> import pandas as pd
>>> frame = empty_articles()
>>> validate_articles(frame).index.name
'doc_id'
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

__all__ = [
    "ARTICLES_SCHEMA",
    "ARTICLE_COLUMNS",
    "PUBLISHED_DTYPE",
    "REPORT_COLUMNS",
    "REPORT_SCHEMA",
    "STATUSES",
    "empty_articles",
    "validate_articles",
    "validate_report",
]

#: The dtype of ``published``.
PUBLISHED_DTYPE = pd.DatetimeTZDtype("ns", "UTC")
#: Columns every articles frame has, in this order (extra columns follow).
ARTICLE_COLUMNS = (
    "title",
    "text",
    "source",
    "url",
    "section",
    "published",
    "dateline",
    "author",
    "origin",
    "n_words",
    "repairs",
)
#: Values of the report's ``status`` column.
STATUSES = ("loaded", "duplicate", "empty", "not_article", "rejected")
#: Columns of the load report.
REPORT_COLUMNS = (
    "origin",
    "status",
    "reason",
    "doc_id",
    "duplicate_of",
    "similarity",
    "n_quote_repairs",
    "n_apostrophe_repairs",
    "n_encoding_fixes",
    "n_controls_removed",
    "n_boilerplate",
    "n_replacement_chars",
)

_opt = {"nullable": True}
ARTICLES_SCHEMA = pa.DataFrameSchema(
    {
        "title": pa.Column(str, **_opt),
        "text": pa.Column(str, pa.Check.str_length(min_value=1)),
        "source": pa.Column(str),
        "url": pa.Column(str, **_opt),
        "section": pa.Column(str, **_opt),
        "published": pa.Column(PUBLISHED_DTYPE, **_opt),
        "dateline": pa.Column(str, **_opt),
        "author": pa.Column(str, **_opt),
        "origin": pa.Column(str),
        "n_words": pa.Column("int64", pa.Check.ge(0)),
        "repairs": pa.Column("int64", pa.Check.ge(0)),
    },
    index=pa.Index(str, name="doc_id", unique=True),
    strict=False,
    ordered=False,
    name="articles",
)

REPORT_SCHEMA = pa.DataFrameSchema(
    {
        "origin": pa.Column(str),
        "status": pa.Column(str, pa.Check.isin(STATUSES)),
        "reason": pa.Column(str),
        "doc_id": pa.Column(str, **_opt),
        "duplicate_of": pa.Column(str, **_opt),
        "similarity": pa.Column(float, pa.Check.in_range(0, 1), **_opt),
        "n_quote_repairs": pa.Column("int64", pa.Check.ge(0)),
        "n_apostrophe_repairs": pa.Column("int64", pa.Check.ge(0)),
        "n_encoding_fixes": pa.Column("int64", pa.Check.ge(0)),
        "n_controls_removed": pa.Column("int64", pa.Check.ge(0)),
        "n_boilerplate": pa.Column("int64", pa.Check.ge(0)),
        "n_replacement_chars": pa.Column("int64", pa.Check.ge(0)),
    },
    checks=[
        pa.Check(
            lambda df: df["doc_id"].notna() | ~df["status"].isin(["loaded", "duplicate"]),
            error="loaded and duplicate records must have a doc_id",
        ),
        pa.Check(
            lambda df: df["duplicate_of"].notna() == (df["status"] == "duplicate"),
            error="exactly the duplicate records have duplicate_of",
        ),
    ],
    strict=False,
    name="load report",
)


def validate_articles(frame: pd.DataFrame) -> pd.DataFrame:
    """Validate an articles frame against :data:`ARTICLES_SCHEMA` and return it.

    Raises
    ------
    pandera.errors.SchemaError
        Naming the column and the failing rows.
    """
    return ARTICLES_SCHEMA.validate(frame)


def validate_report(report: pd.DataFrame) -> pd.DataFrame:
    """Validate a load report against :data:`REPORT_SCHEMA` and return it."""
    return REPORT_SCHEMA.validate(report)


def empty_articles() -> pd.DataFrame:
    """An articles frame with no rows and the declared dtypes."""
    data = {c: pd.Series([], dtype="str") for c in ARTICLE_COLUMNS}
    data["published"] = pd.Series([], dtype=PUBLISHED_DTYPE)
    data["n_words"] = pd.Series([], dtype="int64")
    data["repairs"] = pd.Series([], dtype="int64")
    return pd.DataFrame(data, index=pd.Index([], dtype="str", name="doc_id"))
