// An indicator's year-so-far series for one region: the figure (bars) and 同比 (line).
(function () {
  const el = document.getElementById("series-chart");
  if (!el || !window.echarts) return;
  const data = JSON.parse(el.dataset.series);
  const series = [];
  data.series.forEach(function (s) {
    series.push({ name: s.year + "", type: "bar", data: s.figure });
    series.push({ name: s.year + " 同比%", type: "line", yAxisIndex: 1, data: s.yoy, connectNulls: true });
  });
  const chart = echarts.init(el);
  chart.setOption({
    tooltip: { trigger: "axis" },
    legend: {},
    xAxis: { type: "category", data: data.labels },
    yAxis: [{ type: "value" }, { type: "value", axisLabel: { formatter: "{value}%" } }],
    series: series,
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
