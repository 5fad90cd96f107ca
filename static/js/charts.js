// Draw a plotly figure that the server rendered into a json_script element.
// (The figure JSON is itself a JSON string, hence the double parse.)
function drawFigure(chartId, dataId) {
  const source = document.getElementById(dataId);
  if (!source) return null;
  const figure = JSON.parse(JSON.parse(source.textContent));
  Plotly.newPlot(chartId, figure.data, figure.layout, {responsive: true, displaylogo: false});
  return document.getElementById(chartId);
}
