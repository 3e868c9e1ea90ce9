// Draw each chart from the plotly.js figure written beside it as a JSON block: no inline script,
// so the pages' Content-Security-Policy can forbid every script but the site's own files.
document.querySelectorAll("script[type='application/json'][data-chart]").forEach(function (block) {
  var figure = JSON.parse(block.textContent);
  Plotly.newPlot(document.getElementById(block.dataset.chart), figure.data, figure.layout,
                 {displaylogo: false, responsive: true});
});
