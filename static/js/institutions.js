// The institutions page: offer only the years of the chosen conference (charts.js draws its
// charts from their data-figure attributes). Loaded with `defer`, so the page's elements exist.
(function () {
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
