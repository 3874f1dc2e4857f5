"""Inter-topic distance maps, as LDAvis: Jensen-Shannon divergence + classical MDS.

:func:`topic_map` places topics in two dimensions: the Jensen-Shannon divergence
between topic-term distributions (natural log, as LDAvis's ``jsPCA``) is embedded by
classical multidimensional scaling (principal coordinates: double-centred squared
distances, top two eigenvectors). Axis signs are fixed (the largest coordinate on each
axis is positive) so the map is deterministic. Circle sizes follow prevalence.

:func:`topic_map_html` returns an interactive map (SVG + a few lines of inline
JavaScript, no external files, no CDN) that renders in JupyterLab and inside an
offline HTML report. Hovering or clicking a topic lists its most relevant terms; a
slider moves LDAvis's lambda between 1 (frequent terms) and 0 (exclusive terms).
Without JavaScript the SVG still shows each topic's terms as a tooltip. All text is
HTML-escaped, and the embedded JSON cannot close its ``<script>`` element.
"""

from __future__ import annotations

import hashlib
import html
import itertools
import json

import numpy as np
import pandas as pd

from .._shim import renamed
from .relevance import topic_terms

__all__ = ["TopicMapHTML", "jensen_shannon", "topic_map", "topic_map_html"]

_counter = itertools.count()


def jensen_shannon(p: np.ndarray) -> np.ndarray:
    """Pairwise Jensen-Shannon divergence (natural log) between the rows of ``p``.

    Rows are scaled to sum to 1 first.

    Examples
    --------
    >>> jensen_shannon(np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]])).round(4)
    array([[0.    , 0.6931, 0.    ],
           [0.6931, 0.    , 0.6931],
           [0.    , 0.6931, 0.    ]])
    """
    p = np.asarray(p, dtype=np.float64)
    totals = p.sum(axis=1, keepdims=True)
    if (totals <= 0).any():
        raise ValueError("Every topic needs some positive term weight to be mapped.")
    p = p / totals
    k = p.shape[0]
    out = np.zeros((k, k))
    with np.errstate(divide="ignore", invalid="ignore"):
        logp = np.where(p > 0, np.log(p), 0.0)
        for i in range(k):
            m = 0.5 * (p[i] + p[i + 1 :])
            logm = np.where(m > 0, np.log(m), 0.0)
            kl_i = np.sum(np.where(p[i] > 0, p[i] * (logp[i] - logm), 0.0), axis=1)
            kl_j = np.sum(
                np.where(p[i + 1 :] > 0, p[i + 1 :] * (logp[i + 1 :] - logm), 0.0), axis=1
            )
            out[i, i + 1 :] = out[i + 1 :, i] = 0.5 * (kl_i + kl_j)
    return np.clip(out, 0.0, None)


def _classical_mds(dist: np.ndarray, n_dims: int = 2) -> np.ndarray:
    k = dist.shape[0]
    if k == 1:
        return np.zeros((1, n_dims))
    centre = np.eye(k) - np.full((k, k), 1.0 / k)
    b = -0.5 * centre @ (dist**2) @ centre
    values, vectors = np.linalg.eigh(b)
    order = np.argsort(values)[::-1][:n_dims]
    coords = vectors[:, order] * np.sqrt(np.clip(values[order], 0.0, None))
    if coords.shape[1] < n_dims:
        coords = np.hstack([coords, np.zeros((k, n_dims - coords.shape[1]))])
    for axis in range(n_dims):
        big = np.argmax(np.abs(coords[:, axis]))
        if coords[big, axis] < 0:
            coords[:, axis] = -coords[:, axis]
    return coords


def topic_map(model) -> pd.DataFrame:
    """2-D positions of topics from Jensen-Shannon distances (classical MDS, as LDAvis).

    Parameters
    ----------
    model : TopicModel

    Returns
    -------
    pandas.DataFrame
        Index ``topic`` (the model's numbering), columns ``x``, ``y``, ``prevalence``
        (mean document share, the circle size) and ``label``.

    Examples
    --------
    >>> import numpy as np, pandas as pd, scipy.sparse as sp
    >>> from analysis.terms import DocumentTermMatrix
    >>> from analysis.topics import fit_topics
    >>> counts = sp.csr_matrix(np.array([[3, 2, 0, 1], [2, 3, 0, 1], [0, 0, 2, 3], [0, 1, 3, 2]]))
    >>> dtm = DocumentTermMatrix(counts, np.array(["oil", "price", "goal", "match"]),
    ...                          pd.Index(list("abcd"), name="doc_id"))
    >>> topic_map(fit_topics(dtm, 2, min_df=1, max_df=1.0)).columns.tolist()
    ['x', 'y', 'prevalence', 'label']
    """
    dist = jensen_shannon(model.topic_terms_.to_numpy())
    coords = _classical_mds(dist)
    return pd.DataFrame(
        {
            "x": coords[:, 0],
            "y": coords[:, 1],
            "prevalence": model.prevalence_.to_numpy(),
            "label": model.labels_.to_numpy(),
        },
        index=model.topic_terms_.index,
    )


def _safe_json(value) -> str:
    text = json.dumps(value, ensure_ascii=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class TopicMapHTML:
    """A self-contained interactive topic map; displays itself in Jupyter.

    Attributes
    ----------
    html : str
        The HTML fragment (``<div>`` with inline SVG, CSS and JavaScript).
    """

    def __init__(self, fragment: str):
        self.html = fragment

    def _repr_html_(self) -> str:
        return self.html

    def __str__(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"TopicMapHTML({len(self.html)} characters)"

    def save(self, path) -> None:
        """Write a standalone HTML page (atomically)."""
        from analysis._io import atomic_write_text

        page = (
            "<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>Topic map</title>"
            f"</head><body>{self.html}</body></html>\n"
        )
        atomic_write_text(path, page)


@renamed(n_terms="n")
def topic_map_html(
    model,
    *,
    n: int = 10,
    lambdas=(1.0, 0.8, 0.6, 0.4, 0.2, 0.0),
    width: int = 420,
    height: int = 420,
) -> TopicMapHTML:
    """Interactive inter-topic distance map with an LDAvis relevance slider.

    Parameters
    ----------
    model : TopicModel
    n : int, default 10
        Terms listed per topic.
    lambdas : sequence of float
        Relevance lambdas offered by the slider (precomputed; first is the default).
    width, height : int
        Size of the map in pixels.

    Returns
    -------
    TopicMapHTML
        Displays itself in JupyterLab (``_repr_html_``); ``.html`` for reports,
        ``.save(path)`` for a standalone page. No network access is needed.

    Examples
    --------
    >>> import numpy as np, pandas as pd, scipy.sparse as sp
    >>> from analysis.terms import DocumentTermMatrix
    >>> from analysis.topics import fit_topics
    >>> counts = sp.csr_matrix(np.array([[3, 2, 0, 1], [2, 3, 0, 1], [0, 0, 2, 3], [0, 1, 3, 2]]))
    >>> dtm = DocumentTermMatrix(counts, np.array(["oil", "price", "<b>", "match"]),
    ...                          pd.Index(list("abcd"), name="doc_id"))
    >>> widget = topic_map_html(fit_topics(dtm, 2, min_df=1, max_df=1.0))
    >>> "<b>" in widget.html, "&lt;b&gt;" in widget.html, "http" in widget.html
    (False, True, False)
    """
    positions = topic_map(model)
    lambdas = [float(v) for v in lambdas]
    terms = {}
    for lam in lambdas:
        table = topic_terms(model, n=n, relevance_lambda=lam)
        terms[f"{lam:.2f}"] = table.groupby("topic")["term"].apply(list).tolist()
    digest = hashlib.sha1(_safe_json(terms).encode()).hexdigest()[:8]
    uid = f"topicmap-{digest}-{next(_counter)}"
    pad = 40
    xs, ys = positions["x"].to_numpy(), positions["y"].to_numpy()
    span = max(np.ptp(xs), np.ptp(ys), 1e-9)
    cx = (xs - (xs.min() + xs.max()) / 2) / span * (width - 2 * pad) + width / 2
    cy = height / 2 - (ys - (ys.min() + ys.max()) / 2) / span * (height - 2 * pad)
    prev = positions["prevalence"].to_numpy()
    radius = 6 + 28 * np.sqrt(prev / max(prev.max(), 1e-12))
    default = terms[f"{lambdas[0]:.2f}"]
    circles = []
    for topic in range(len(positions)):
        label = html.escape(str(positions["label"].iloc[topic]))
        tip = html.escape(f"Topic {topic} ({prev[topic]:.1%}): " + ", ".join(default[topic]))
        circles.append(
            f'<g class="tm-topic" data-topic="{topic}" tabindex="0">'
            f'<circle cx="{cx[topic]:.1f}" cy="{cy[topic]:.1f}" r="{radius[topic]:.1f}">'
            f"<title>{tip}</title></circle>"
            f'<text x="{cx[topic]:.1f}" y="{cy[topic] + 4:.1f}">{topic}</text>'
            f'<text class="tm-label" x="{cx[topic]:.1f}" y="{cy[topic] + radius[topic] + 12:.1f}">'
            f"{label}</text></g>"
        )
    data = {
        "terms": terms,
        "lambdas": [f"{v:.2f}" for v in lambdas],
        "labels": [str(v) for v in positions["label"]],
        "prevalence": [float(v) for v in prev],
    }
    fragment = f"""<div id="{uid}" class="topic-map" style="font-family:sans-serif;display:flex;gap:16px;flex-wrap:wrap">
<style>
#{uid} circle {{fill:#4878a8;fill-opacity:.35;stroke:#2b4a6b;stroke-width:1;cursor:pointer}}
#{uid} .tm-topic.tm-on circle {{fill:#d9534f;fill-opacity:.6}}
#{uid} text {{font-size:11px;text-anchor:middle;pointer-events:none;fill:#222}}
#{uid} .tm-label {{font-size:9px;fill:#555}}
#{uid} ol {{margin:4px 0;padding-left:22px;font-size:13px}}
</style>
<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label="Inter-topic distance map">
<rect x="0" y="0" width="{width}" height="{height}" fill="none" stroke="#ccc"/>
<line x1="{width / 2}" y1="0" x2="{width / 2}" y2="{height}" stroke="#eee"/>
<line x1="0" y1="{height / 2}" x2="{width}" y2="{height / 2}" stroke="#eee"/>
{"".join(circles)}
</svg>
<div style="min-width:220px">
<div><b class="tm-title">Hover or click a topic</b></div>
<label style="font-size:12px">relevance &lambda; = <span class="tm-lambda">{html.escape(data["lambdas"][0])}</span><br>
<input class="tm-slider" type="range" min="0" max="{len(lambdas) - 1}" step="1" value="0"></label>
<ol class="tm-terms"></ol>
<div style="font-size:11px;color:#666">Distances: Jensen-Shannon divergence, classical MDS. Size: prevalence.</div>
</div>
<script type="application/json" class="tm-data">{_safe_json(data)}</script>
<script>
(function() {{
  var root = document.getElementById("{uid}");
  if (!root || root.dataset.ready) return;
  root.dataset.ready = "1";
  var data = JSON.parse(root.querySelector(".tm-data").textContent);
  var current = 0, level = 0;
  var title = root.querySelector(".tm-title"), list = root.querySelector(".tm-terms");
  var slider = root.querySelector(".tm-slider"), lam = root.querySelector(".tm-lambda");
  var groups = root.querySelectorAll(".tm-topic");
  function show(topic) {{
    current = topic;
    var key = data.lambdas[level];
    title.textContent = "Topic " + topic + " (" + (100 * data.prevalence[topic]).toFixed(1) + "%): " + data.labels[topic];
    while (list.firstChild) list.removeChild(list.firstChild);
    data.terms[key][topic].forEach(function(term) {{
      var li = document.createElement("li"); li.textContent = term; list.appendChild(li);
    }});
    groups.forEach(function(g) {{ g.classList.toggle("tm-on", +g.dataset.topic === topic); }});
  }}
  groups.forEach(function(g) {{
    var t = +g.dataset.topic;
    g.addEventListener("mouseenter", function() {{ show(t); }});
    g.addEventListener("click", function() {{ show(t); }});
    g.addEventListener("focus", function() {{ show(t); }});
  }});
  slider.addEventListener("input", function() {{
    level = +slider.value; lam.textContent = data.lambdas[level]; show(current);
  }});
  show(0);
}})();
</script>
</div>"""
    return TopicMapHTML(fragment)
