"""`yusuan pages`: the analysts' pictures, a static site generated from the views — a page per unit
(its budget over the years, by class (类), basic (基本支出) against project (项目支出), 三公, and the
data quality of each disclosure), a page per place (its units, and class totals by year), and an
index — served on 127.0.0.1 by Python's own http.server, or written to a folder.

One module per step: `read` queries the views (schemas/views.yaml) once each; `charts` turns rows
into figures; `render` writes the HTML and its assets; `serve` serves the folder.

Why plotly: the machines are offline, so the charting JavaScript must come from a package, never a
CDN. plotly's wheel (MIT, ~10 MB) carries plotly.js (MIT, 4.8 MB), which is written once into the
site's assets/ and draws each chart in the browser from a small JSON figure, so writing a page
costs milliseconds even for 30,000 disclosures. Vega-Lite (Altair) renders offline only through
vl-convert-python, which embeds a JavaScript runtime and renders each chart by a call into it:
a larger package, and a cost per chart at build time. The figures are plain plotly.js JSON, not
plotly's Python figure objects, whose validation would cost more than the rest of a page.

Numbers are printed from the DECIMAL values the views give (万元, as the documents print them):
only a chart's bar heights are floats, and its labels are the printed decimals.
"""

from yusuan.pages.render import write_site

__all__ = ["write_site"]
