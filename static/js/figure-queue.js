// drawFigure(chartId, dataId) for templates that still call it from an inline script:
// the call is queued and the deferred chart library is loaded once; charts.js draws the
// queue when it runs. Pages of ours use data-figure attributes instead (no inline script).
(() => {
  const me = document.currentScript;
  const queue = (window.pendingFigures = window.pendingFigures || []);
  function load(src) {
    if (document.querySelector(`script[src="${src}"]`)) return;
    const script = document.createElement("script");
    script.src = src;
    script.async = false; // keep the order: plotly first, then charts.js
    document.head.appendChild(script);
  }
  window.drawFigure = (chartId, dataId) => {
    queue.push([chartId, dataId]);
    load(me.dataset.plotly);
    load(me.dataset.charts);
  };
})();
