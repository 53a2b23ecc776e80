// The statistics page: appeals received and closed per category, and per month of the period.
(function () {
  const data = JSON.parse(document.getElementById("appeal-chart-data").textContent);
  const bars = (el, labels, received, closed) => {
    const chart = echarts.init(el);
    chart.setOption({
      tooltip: {trigger: "axis"}, legend: {right: 10},
      grid: {left: 40, right: 20, top: 30, bottom: 40},
      xAxis: {type: "category", data: labels, axisLabel: {interval: 0, rotate: labels.length > 6 ? 30 : 0}},
      yAxis: {type: "value", minInterval: 1},
      series: [
        {name: "受理", type: "bar", data: received, itemStyle: {color: "#1a4f8b"}},
        {name: "办结", type: "bar", data: closed, itemStyle: {color: "#2e7d32"}},
      ],
    });
    window.addEventListener("resize", () => chart.resize());
  };
  const c = data.categories;
  bars(document.getElementById("by-category"), c.map(r => r.label), c.map(r => r.received), c.map(r => r.closed));
  const m = data.months;
  const monthEl = document.getElementById("by-month");
  if (m.length) {
    bars(monthEl, m.map(r => r.month.slice(5) + "月"), m.map(r => r.received), m.map(r => r.closed));
  } else {
    monthEl.parentElement.style.display = "none";
  }
})();
