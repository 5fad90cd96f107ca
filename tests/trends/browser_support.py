"""What the browser tests of the term chart share."""

# Pixel position of the point of trace `trace` at `month`, from plotly's own axis conversions.
POINT_JS = """([trace, month]) => {
  const gd = document.getElementById("chart");
  const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
  const data = gd.data[trace];
  const i = data.x.indexOf(month);
  const rect = gd.getBoundingClientRect();
  return [rect.left + xa._offset + xa.l2p(xa.d2l(month)),
          rect.top + ya._offset + ya.l2p(data.y[i])];
}"""
