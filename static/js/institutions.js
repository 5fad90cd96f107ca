// The institutions page: draw its server-built figures and offer only the years of the
// chosen conference. Loaded with `defer`, so the page's elements exist when it runs.
(function () {
  drawFigure("industry-chart", "industry-figure");
  drawFigure("institution-chart", "institution-figure");
  const conference = document.getElementById("conference");
  const year = document.getElementById("year");
  function syncYears() {
    let firstVisible = null;
    for (const option of year.options) {
      option.hidden = option.dataset.conference !== conference.value;
      if (!option.hidden && !firstVisible) firstVisible = option;
    }
    if (year.selectedOptions[0]?.hidden && firstVisible) year.value = firstVisible.value;
  }
  if (conference && year) {
    conference.addEventListener("change", syncYears);
    syncYears();
  }
})();
