// Dashboard charts: ECharts (self-hosted), data from the page's json_script; bars link to the ledgers.
(function () {
  const node = document.getElementById("qf-chart-data");
  if (!node || !window.echarts) return;
  const data = JSON.parse(node.textContent);
  const red = "#a4161a", grey = "#adb5bd", gold = "#e09f3e", blue = "#335c67";
  const charts = [];

  const units = document.getElementById("qf-chart-units");
  if (units) {
    const chart = echarts.init(units);
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 40, bottom: 50 },
      xAxis: { type: "category", data: data.units, axisLabel: { interval: 0, rotate: data.units.length > 6 ? 30 : 0 } },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: "受理线索（" + data.labels.now + "）", type: "bar", data: data.clues.now, itemStyle: { color: red }, linkKey: "clues_received" },
        { name: "受理线索（去年同期）", type: "bar", data: data.clues.before, itemStyle: { color: grey } },
        { name: "立案（" + data.labels.now + "）", type: "bar", data: data.cases.now, itemStyle: { color: blue }, linkKey: "cases_filed" },
        { name: "立案（去年同期）", type: "bar", data: data.cases.before, itemStyle: { color: "#c9d6df" } },
      ],
    });
    chart.on("click", (params) => {
      const key = params.seriesIndex === 0 ? "clues_received" : params.seriesIndex === 2 ? "cases_filed" : null;
      const url = key && data.links[key] && data.links[key][params.dataIndex];
      if (url) window.location.href = url;
    });
    charts.push(chart);
  }

  const forms = document.getElementById("qf-chart-forms");
  if (forms) {
    const chart = echarts.init(forms);
    const total = data.forms.reduce((sum, f) => sum + f.value, 0);
    const formColors = ["#f4a259", gold, red, "#5b0e12"];
    chart.setOption({
      tooltip: { trigger: "item", formatter: (p) => p.name + "：" + p.value + " 人次（" + p.data.pct.toFixed(1) + "%）" },
      legend: { bottom: 0, data: data.forms.map((f) => f.name) },
      color: formColors,
      title: total ? undefined : { text: "本期暂无数据", left: "center", top: "middle", textStyle: { color: "#6c757d", fontSize: 14 } },
      series: [
        {
          type: "pie",
          radius: ["38%", "66%"],
          center: ["50%", "45%"],
          // Each form keeps its colour; zero slices have no label; names are in the legend.
          data: total
            ? data.forms.map((f, i) => ({
                ...f,
                itemStyle: { color: formColors[i] },
                label: { show: f.value > 0 },
                labelLine: { show: f.value > 0 },
              }))
            : [],
          label: { formatter: (p) => p.value + " 人次\n" + p.data.pct.toFixed(1) + "%", lineHeight: 16 },
        },
      ],
    });
    chart.on("click", (params) => {
      if (params.data && params.data.link) window.location.href = params.data.link;
    });
    charts.push(chart);
  }
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
})();
