// Sparklines of the cockpit's indicator cards: each panel arrives through htmx, so charts are
// drawn whenever new content is loaded, and resized with the window.
(function () {
  const charts = [];

  function draw(root) {
    root.querySelectorAll(".spark[data-spark]").forEach((el) => {
      if (el.dataset.drawn) return;
      el.dataset.drawn = "1";
      const spark = JSON.parse(el.dataset.spark);
      const chart = echarts.init(el, null, {renderer: "svg"});
      chart.setOption({
        animation: false,
        grid: {left: 4, right: 4, top: 8, bottom: 4},
        tooltip: {trigger: "axis", confine: true, valueFormatter: (v) => (v == null ? "—" : v)},
        xAxis: {type: "category", data: spark.months, show: false, boundaryGap: false},
        yAxis: {type: "value", show: false, scale: true},
        series: [{name: spark.label, type: "line", data: spark.values.map((v) => (v == null ? null : Number(v))),
                  symbol: "circle", symbolSize: 5, lineStyle: {width: 2, color: "#1a4f8b"},
                  itemStyle: {color: "#1a4f8b"}, areaStyle: {color: "rgba(26,79,139,0.08)"}}],
      });
      charts.push(chart);
    });
  }

  document.addEventListener("htmx:load", (event) => draw(event.detail.elt));
  window.addEventListener("resize", () => charts.forEach((chart) => chart.resize()));
})();
