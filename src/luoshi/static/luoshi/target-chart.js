// Planned vs reached for each target of a node: one grid per target, months of the latest
// year with figures on the x axis. Cumulative targets plan a straight line to the annual value.
(function () {
  const el = document.getElementById("target-chart");
  const data = JSON.parse(document.getElementById("chart-data").textContent);
  const years = data.flatMap(t => Object.keys(t.reached).map(p => p.slice(0, 4)));
  const year = years.length ? years.sort().at(-1) : Object.keys(data[0].planned).sort()[0];
  const months = Array.from({length: 12}, (_, i) => `${year}-${String(i + 1).padStart(2, "0")}`);
  const height = 100 / data.length;
  const grids = [], xAxes = [], yAxes = [], series = [], titles = [];
  data.forEach((t, i) => {
    const annual = t.planned[year] !== undefined ? Number(t.planned[year]) : null;
    grids.push({top: `${i * height + 8}%`, height: `${height - 16}%`, left: 60, right: 20});
    xAxes.push({type: "category", gridIndex: i, data: months.map(m => m.slice(5) + "月")});
    yAxes.push({type: "value", gridIndex: i});
    titles.push({text: `${t.metric}（${t.unit}，${year}年）`, top: `${i * height}%`, left: 10, textStyle: {fontSize: 13}});
    series.push({name: "计划", type: "line", xAxisIndex: i, yAxisIndex: i, lineStyle: {type: "dashed"},
      data: annual === null ? [] : months.map((_, m) => t.accumulation === "level" ? annual
        : +(annual * (m + 1) / 12).toFixed(4))});
    series.push({name: "完成", type: "bar", xAxisIndex: i, yAxisIndex: i, itemStyle: {color: "#b71c1c"},
      data: months.map(m => t.reached[m] !== undefined ? Number(t.reached[m]) : null)});
  });
  const chart = echarts.init(el);
  chart.setOption({title: titles, tooltip: {trigger: "axis"}, legend: {right: 10}, grid: grids,
                   xAxis: xAxes, yAxis: yAxes, series: series});
  window.addEventListener("resize", () => chart.resize());
})();
