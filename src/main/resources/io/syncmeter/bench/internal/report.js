// syncmeter benchmark report: draws the sections of report.html from the JSON block the page holds
// (ReportPage.Data: result.json as it is, and each site's and operation's intervals from the CSVs, as
// columns) with uPlot. ReportPage inlines this file; the page runs offline from file:// and loads
// nothing.
//
// The page is a list of sections (SECTIONS below); each draws from its part of the data and says so
// when that part is absent, so a run of PUT alone, or one without CSVs, still gives a page. A part
// added to result.json later (a sweep's knee) is one more entry there.
//
// What was drawn is told in window.syncmeterCharts ([{id, title, series, points, stroke}], an entry
// pushed once its chart exists) and window.syncmeterReport ({sections, errors}), so tests and
// curious people can check the page without reading pixels.
(function () {
  "use strict";

  const charts = [];
  const report = { sections: [], errors: [] };
  window.syncmeterCharts = charts;
  window.syncmeterReport = report;
  window.addEventListener("error", (e) => problem("script error: " + e.message));

  // an operation keeps its colour on every chart; the sites of a run differ by dash
  const OPERATIONS = ["put", "get", "head", "list", "delete", "multipart-put"];
  const OPERATION_STROKES = {
    put: "#2f81f7",
    get: "#1a7f37",
    head: "#bf8700",
    list: "#8250df",
    delete: "#cf222e",
    "multipart-put": "#1b7c83",
  };
  const FALLBACK_STROKE = "#57606a";
  const SITE_DASHES = [undefined, [8, 4], [2, 3], [10, 3, 2, 3]];
  const INTERVAL_PERCENTILES = [
    { key: "latencyP50", label: "p50", stroke: "#2f81f7" },
    { key: "latencyP99", label: "p99", stroke: "#bf8700" },
    { key: "latencyP999", label: "p99.9", stroke: "#cf222e" },
    { key: "latencyMax", label: "max", stroke: "#8c959f", dash: [4, 4] },
  ];
  const RUN_PERCENTILES = [
    { key: "p50", label: "p50" },
    { key: "p90", label: "p90" },
    { key: "p99", label: "p99" },
    { key: "p999", label: "p99.9" },
    { key: "max", label: "max" },
  ];
  const CHART_HEIGHT = 260;

  const SECTIONS = [
    { id: "run", title: "Run", draw: drawRun },
    { id: "summary", title: "Summary per site and operation", draw: drawSummary },
    { id: "throughput", title: "Throughput over time", draw: drawThroughput },
    { id: "latency", title: "Latency percentiles over time", draw: drawLatencyOverTime },
    { id: "percentiles", title: "Latency percentiles of the whole run", draw: drawRunPercentiles },
    { id: "replication", title: "Replication under load", draw: drawReplication },
  ];
  // one colour per direction (writer → target), in result.replication's order
  const DIRECTION_STROKES = ["#2f81f7", "#cf222e", "#1a7f37", "#8250df", "#bf8700", "#1b7c83"];

  const plots = [];
  let data;
  try {
    data = JSON.parse(document.getElementById("syncmeter-report-data").textContent);
  } catch (e) {
    problem("the page's figures cannot be read: " + e.message);
    return;
  }
  const result = data.result || {};
  const profile = result.profile || {};
  const intervals = data.intervals || {};

  document.title = "syncmeter report — " + (profile.name || "run");
  document.getElementById("profile-name").textContent = profile.name || "";
  document.getElementById("profile-description").textContent = profile.description || "";

  const main = document.getElementById("report");
  for (const s of SECTIONS) {
    const section = el("section", { class: "part", id: s.id, "aria-label": s.title });
    section.appendChild(el("h2", {}, s.title));
    main.appendChild(section);
    try {
      report.sections.push({ id: s.id, drawn: s.draw(section) !== false });
    } catch (e) {
      problem(s.title + " not drawn: " + e.message);
      report.sections.push({ id: s.id, drawn: false, error: e.message });
    }
  }
  window.addEventListener("resize", fitCharts);

  // --- sections -------------------------------------------------------------------------------

  function drawRun(section) {
    const facts = [
      ["profile", profile.name],
      ["started", instant(result.start)],
      ["ended", instant(result.end)],
      ["wall time", seconds((Date.parse(result.end) - Date.parse(result.start)) / 1000)],
      ["operations", mix(profile.operations)],
      ["object size", part(profile.objectSize, bytes)],
      ["load", part(profile.load)],
      ["stop", part(profile.stop)],
      ["warm-up", isoDuration(profile.warmUp)],
      ["auto-terminate", profile.autoTerminate ? part(profile.autoTerminate) : "off"],
      ["overrides", (result.overrides || []).length ? result.overrides.join("  ") : "none"],
      ["machine", machine(result.environment && result.environment.machine)],
      ["syncmeter", result.syncmeter],
    ];
    const dl = el("dl", { class: "facts" });
    for (const [name, value] of facts) {
      dl.appendChild(el("dt", {}, name));
      dl.appendChild(el("dd", { "data-fact": name }, value == null || value === "" ? "—" : String(value)));
    }
    section.appendChild(dl);

    const infos = new Map(((result.environment || {}).sites || []).map((s) => [s.name, s]));
    const table = tableOf(
      ["site", "endpoint", "bucket", "prefix", "ended", "measured", "warm-up operations", "exceptions"],
      sites().map((name) => {
        const info = infos.get(name) || {};
        const figures = (result.sites || {})[name] || {};
        return {
          attrs: { "data-site": name },
          cells: [
            [name],
            [info.endpoint],
            [info.bucket],
            [info.prefix],
            [figures.ended],
            [seconds(figures.seconds), "number"],
            [count(figures.warmUpOperations), "number"],
            [count(figures.exceptions), figures.exceptions > 0 ? "number bad" : "number"],
          ],
        };
      })
    );
    section.appendChild(table);

    const details = el("details");
    details.appendChild(el("summary", {}, "The profile as it ran (overrides applied)"));
    details.appendChild(el("pre", {}, JSON.stringify(profile, null, 2)));
    section.appendChild(details);
  }

  function drawSummary(section) {
    const rows = [];
    for (const site of sites()) {
      const ops = ((result.sites || {})[site] || {}).operations || {};
      for (const op of ordered(Object.keys(ops))) {
        const o = ops[op];
        const latency = o.latency || {};
        const firstByte = o.firstByte || {};
        rows.push({
          attrs: { "data-site": site, "data-operation": op },
          cells: [
            [site],
            [op],
            [rate(o.operationsPerSecond), "number", "operations-per-second", o.operationsPerSecond],
            [bytesPerSecond(o.bytesPerSecond), "number", "bytes-per-second", o.bytesPerSecond],
            [count(o.succeeded), "number", "succeeded", o.succeeded],
            [count(o.failed), o.failed > 0 ? "number bad" : "number", "failed", o.failed],
            [seconds(latency.p50), "number", "latency-p50", latency.p50],
            [seconds(latency.p99), "number", "latency-p99", latency.p99],
            [seconds(latency.p999), "number", "latency-p999", latency.p999],
            [seconds(latency.max), "number", "latency-max", latency.max],
            [o.firstByte ? seconds(firstByte.p50) : "—", "number", "first-byte-p50", firstByte.p50],
            [o.firstByte ? seconds(firstByte.p99) : "—", "number", "first-byte-p99", firstByte.p99],
            [errors(o.errors), "errors"],
          ],
        });
      }
    }
    if (rows.length === 0) {
      section.appendChild(el("p", { class: "note" }, "result.json holds no measured operation."));
      return false;
    }
    section.appendChild(
      tableOf(
        [
          "site",
          "operation",
          "operations/s",
          "bytes/s",
          "succeeded",
          "failed",
          "latency p50",
          "p99",
          "p99.9",
          "max",
          "first byte p50",
          "first byte p99",
          "errors by kind",
        ],
        rows
      )
    );
    section.appendChild(
      el(
        "p",
        { class: "note" },
        "Rates count successes and failures over the measured time. Latency is of successes, from each " +
          "operation's due time (an open loop's schedule, so queueing is in it) or its start (closed loop); " +
          "first byte is from the request's start, for operations that read a body."
      )
    );
  }

  function drawThroughput(section) {
    const series = [];
    for (const site of Object.keys(intervals)) {
      for (const op of ordered(Object.keys(intervals[site]))) {
        series.push({ site, op, columns: intervals[site][op], key: "operationsPerSecond" });
      }
    }
    if (series.length === 0) {
      section.appendChild(el("p", { class: "note" }, noIntervals()));
      return false;
    }
    const { xs, ys } = aligned(series);
    const box = el("div", { class: "chart" });
    section.appendChild(box);
    const lines = series.map((s, i) => ({
      label: s.site + " · " + s.op,
      stroke: strokeOf(s.op),
      dash: dashOf(s.site),
      values: ys[i],
    }));
    chart(box, "throughput", "operations/s per site and operation", xs, lines, { format: rate });
    section.appendChild(
      el(
        "p",
        { class: "note" },
        "Each point is one sampling interval, at its end; an operation absent from one of its site's " +
          "intervals made none in it."
      )
    );
  }

  function drawLatencyOverTime(section) {
    const grid = el("div", { class: "charts" });
    section.appendChild(grid); // on the page before its charts, which take its width
    let n = 0;
    for (const site of Object.keys(intervals)) {
      for (const op of ordered(Object.keys(intervals[site]))) {
        const columns = intervals[site][op];
        const box = el("div", { class: "chart", "data-site": site, "data-operation": op });
        box.appendChild(el("h3", {}, site + " · " + op));
        grid.appendChild(box);
        const series = INTERVAL_PERCENTILES.map((p) => ({
          label: p.label,
          stroke: p.stroke,
          dash: p.dash,
          // an interval without a success has no latency, not a latency of 0
          values: columns[p.key].map((v, i) => (columns.succeeded[i] > 0 ? v : null)),
        }));
        chart(box, "latency-" + n++, site + " · " + op + " latency", columns.end, series, { format: seconds });
      }
    }
    if (n === 0) {
      grid.remove();
      section.appendChild(el("p", { class: "note" }, noIntervals()));
      return false;
    }
  }

  function drawRunPercentiles(section) {
    const series = [];
    for (const site of sites()) {
      const ops = ((result.sites || {})[site] || {}).operations || {};
      for (const op of ordered(Object.keys(ops))) {
        const latency = ops[op].latency;
        if (latency && latency.count > 0) {
          series.push({
            label: site + " · " + op,
            stroke: strokeOf(op),
            dash: dashOf(site),
            // a log scale has no 0: a percentile below the histograms' 1 ns cannot be drawn
            values: RUN_PERCENTILES.map((p) => (latency[p.key] > 0 ? latency[p.key] : null)),
          });
        }
      }
    }
    if (series.length === 0) {
      section.appendChild(el("p", { class: "note" }, "result.json holds no successful operation: no latency."));
      return false;
    }
    percentileChart(section, "percentiles", "latency percentiles per site and operation", series);
    section.appendChild(
      el(
        "p",
        { class: "note" },
        "From result.json: the whole run's HdrHistograms of successful operations, on a log scale so the " +
          "tail shows beside the median."
      )
    );
  }

  // replication under load: a table per direction, the backlog over time, the lag percentiles.
  // A run that measured none says so; that is no problem of the page
  function drawReplication(section) {
    const directions = result.replication || [];
    if (directions.length === 0) {
      section.appendChild(el("p", { class: "note" }, "This run did not measure replication (replication.mode: none)."));
      return;
    }
    const name = (d) => d.writer + " → " + d.target;
    const strokeAt = (i) => DIRECTION_STROKES[i % DIRECTION_STROKES.length];
    section.appendChild(
      tableOf(
        ["direction", "written", "replicated", "missing", "lag p50", "p90", "p99", "p99.9", "max", "backlog at most", "drain"],
        directions.map((d) => {
          const lag = d.lag || {};
          return {
            attrs: { "data-writer": d.writer, "data-target": d.target },
            cells: [
              [name(d)],
              [count(d.written), "number", "written", d.written],
              [count(d.replicated), "number", "replicated", d.replicated],
              [count(d.missing), d.missing > 0 ? "number bad" : "number", "missing", d.missing],
              [seconds(lag.p50), "number", "lag-p50", lag.p50],
              [seconds(lag.p90), "number", "lag-p90", lag.p90],
              [seconds(lag.p99), "number", "lag-p99", lag.p99],
              [seconds(lag.p999), "number", "lag-p999", lag.p999],
              [seconds(lag.max), "number", "lag-max", lag.max],
              [count(d.maxBacklog), "number", "max-backlog", d.maxBacklog],
              [d.drained ? seconds(d.drainSeconds) + " after the load" : "not drained", d.drained ? "number" : "number bad",
                "drain", d.drained ? d.drainSeconds : null],
            ],
          };
        })
      )
    );
    // the backlog: each direction's samples on one time axis
    // (each its own "site" for aligned(): a time another direction sampled is a gap here, not a 0)
    const backlogSeries = directions.map((d, i) => ({
      site: "direction " + i,
      columns: { end: (d.backlog || []).map((b) => b.seconds), pending: (d.backlog || []).map((b) => b.pending) },
      key: "pending",
    }));
    if (backlogSeries.some((b) => b.columns.end.length > 0)) {
      const { xs, ys } = aligned(backlogSeries);
      const box = el("div", { class: "chart" });
      section.appendChild(box);
      chart(
        box,
        "backlog",
        "objects written and not yet seen at the target",
        xs,
        directions.map((d, i) => ({ label: name(d), stroke: strokeAt(i), values: ys[i] })),
        { format: count, xLabel: "seconds since the watch started" }
      );
    }
    // the lag over time, by write time: each direction's p99 solid and its p50 dashed (again each
    // direction its own "site": an interval in which it wrote nothing is a gap, not a lag of 0)
    const overTime = directions.filter((d) => (d.lagOverTime || []).length > 0);
    if (overTime.length > 0) {
      const lagSeries = overTime.flatMap((d, i) =>
        ["p99", "p50"].map((key) => ({
          site: "direction " + i,
          columns: {
            end: d.lagOverTime.map((p) => p.seconds),
            p50: d.lagOverTime.map((p) => p.p50),
            p99: d.lagOverTime.map((p) => p.p99),
          },
          key: key,
        }))
      );
      const { xs, ys } = aligned(lagSeries);
      const box = el("div", { class: "chart" });
      section.appendChild(box);
      chart(
        box,
        "lag-over-time",
        "replication lag of the objects written in each interval (p99 solid, p50 dashed)",
        xs,
        lagSeries.map((s, i) => {
          const d = overTime[Math.floor(i / 2)];
          return {
            label: name(d) + " " + s.key,
            stroke: strokeAt(directions.indexOf(d)),
            dash: s.key === "p50" ? [6, 4] : undefined,
            values: ys[i],
          };
        }),
        { format: seconds, xLabel: "written, seconds since the watch started" }
      );
    }
    const lagged = directions.filter((d) => d.lag && d.lag.count > 0);
    if (lagged.length > 0) {
      percentileChart(
        section,
        "replication-lag",
        "replication lag percentiles per direction",
        lagged.map((d) => ({
          label: name(d),
          stroke: strokeAt(directions.indexOf(d)),
          values: RUN_PERCENTILES.map((p) => (d.lag[p.key] > 0 ? d.lag[p.key] : null)),
        }))
      );
    }
    // the lag histogram: the bins double from 1 ms, so the x axis is logarithmic
    const binned = directions.filter((d) => (d.lagHistogram || []).some((b) => b.count > 0));
    if (binned.length > 0) {
      const bounds = [...new Set(binned.flatMap((d) => d.lagHistogram.map((b) => b.upToSeconds)))].sort((a, b) => a - b);
      const box = el("div", { class: "chart" });
      section.appendChild(box);
      chart(
        box,
        "lag-histogram",
        "objects per lag bin (each bin up to twice the one before)",
        bounds,
        binned.map((d) => {
          const at = new Map(d.lagHistogram.map((b) => [b.upToSeconds, b.count]));
          return {
            label: name(d),
            stroke: strokeAt(directions.indexOf(d)),
            values: bounds.map((x) => (at.has(x) ? at.get(x) : 0)),
          };
        }),
        {
          format: count,
          xLabel: "lag up to",
          xValue: (u, v) => (v == null ? "—" : seconds(v)),
          xScale: { time: false, distr: 3, log: 2 },
          xAxis: { values: (u, splits) => splits.map((v) => seconds(v)) },
          points: true,
        }
      );
    }
    drawSweep(section, directions, name, strokeAt);
    section.appendChild(
      el(
        "p",
        { class: "note" },
        "Lag: first seen intact at the target (listed with the PUT's ETag) minus the PUT's acknowledgement, " +
          "never early and late by at most one listing round; over time, by when the object was written " +
          "(objects never seen are not in it: see missing). Drain: from the load's end to the last object seen."
      )
    );
  }

  // a rate sweep: the knee per direction, a table of its steps, and each step's p99 lag against its
  // rate beside max-lag (a step with more than 1 % never seen has no p99: a gap)
  function drawSweep(section, directions, name, strokeAt) {
    const swept = directions.filter((d) => d.sweep && (d.sweep.steps || []).length > 0);
    if (swept.length === 0) {
      return;
    }
    section.appendChild(el("h3", {}, "Rate sweep: the knee per direction"));
    section.appendChild(
      tableOf(
        ["direction", "knee", "first step not kept up", "max-lag", "step length"],
        swept.map((d) => {
          const s = d.sweep;
          const knee =
            s.kneeRate == null
              ? "below " + rate(s.steps[0].rate)
              : rate(s.kneeRate) + (s.kneeAtLeast ? " or more" : "");
          return {
            attrs: { "data-writer": d.writer, "data-target": d.target, "data-sweep": "knee" },
            cells: [
              [name(d)],
              [knee, s.kneeRate == null ? "number bad" : "number", "knee", s.kneeRate],
              [s.firstMissedRate == null ? "none" : rate(s.firstMissedRate), "number", "first-missed", s.firstMissedRate],
              [seconds(s.maxLagSeconds), "number"],
              [seconds(s.stepSeconds), "number"],
            ],
          };
        })
      )
    );
    for (const d of swept) {
      section.appendChild(el("h4", {}, name(d) + ": steps"));
      section.appendChild(
        tableOf(
          ["rate", "written/s", "written", "missing", "lag p50", "p99", "backlog start", "middle", "end", "kept up"],
          d.sweep.steps.map((st) => ({
            attrs: { "data-writer": d.writer, "data-target": d.target, "data-rate": String(st.rate) },
            cells: [
              [rate(st.rate), "number", "rate", st.rate],
              [rate(st.writeRate), "number", "write-rate", st.writeRate],
              [count(st.written), "number", "written", st.written],
              [count(st.missing), st.missing > 0 ? "number bad" : "number", "missing", st.missing],
              [seconds((st.lag || {}).p50), "number", "lag-p50", (st.lag || {}).p50],
              [st.p99Seconds < 0 ? "endless" : seconds(st.p99Seconds), "number", "p99", st.p99Seconds],
              [count(st.backlogAtStart), "number"],
              [count(st.backlogAtMiddle), "number"],
              [count(st.backlogAtEnd), "number"],
              [st.keptUp ? "yes" : "no: " + st.reason, st.keptUp ? "" : "bad", "kept-up", st.keptUp],
            ],
          }))
        )
      );
    }
    const rates = [...new Set(swept.flatMap((d) => d.sweep.steps.map((st) => st.rate)))].sort((a, b) => a - b);
    const series = swept.map((d) => {
      const at = new Map(d.sweep.steps.map((st) => [st.rate, st.p99Seconds > 0 ? st.p99Seconds : null]));
      return { label: name(d) + " p99", stroke: strokeAt(directions.indexOf(d)), values: rates.map((r) => (at.has(r) ? at.get(r) : null)) };
    });
    series.push({
      label: "max-lag",
      stroke: "#6e7781",
      dash: [6, 4],
      values: rates.map(() => swept[0].sweep.maxLagSeconds),
    });
    const box = el("div", { class: "chart" });
    section.appendChild(box);
    chart(box, "sweep-lag", "p99 lag per step of the rate sweep", rates, series, {
      format: seconds,
      xLabel: "writes per second at the writer",
      xValue: (u, v) => (v == null ? "—" : rate(v)),
      yScale: { distr: 3, log: 10 },
      points: true,
    });
  }

  // --- charts ---------------------------------------------------------------------------------

  // series of RUN_PERCENTILES' values (seconds; null where not above 0), on a log scale
  function percentileChart(section, id, title, series) {
    const box = el("div", { class: "chart" });
    section.appendChild(box);
    const xs = RUN_PERCENTILES.map((p, i) => i);
    chart(box, id, title, xs, series, {
      format: seconds,
      xLabel: "percentile",
      xValue: (u, v) => (v == null ? "—" : RUN_PERCENTILES[v].label),
      xScale: { time: false, range: () => [-0.2, RUN_PERCENTILES.length - 0.8] },
      xAxis: {
        splits: () => xs,
        values: (u, splits) => splits.map((i) => (RUN_PERCENTILES[i] || {}).label || ""),
      },
      yScale: { distr: 3, log: 10 },
      points: true,
    });
  }

  function chart(box, id, title, xs, series, opts) {
    if (typeof uPlot === "undefined") {
      throw new Error("the chart library is missing from the page");
    }
    const y = opts.yScale || { range: (u, min, max) => [0, max > 0 ? max * 1.1 : 1] };
    const xLabel = opts.xLabel || "seconds since start";
    const u = new uPlot(
      {
        width: chartWidth(box),
        height: CHART_HEIGHT,
        scales: { x: opts.xScale || { time: false }, y: y },
        series: [{ label: xLabel, value: opts.xValue || ((u, v) => (v == null ? "—" : v.toFixed(1) + " s")) }].concat(
          series.map((s) => ({
            label: s.label,
            stroke: s.stroke,
            dash: s.dash,
            width: 1.5,
            spanGaps: true,
            points: { show: opts.points || xs.length < 40 },
            value: (u, v) => (v == null ? "—" : opts.format(v)),
          }))
        ),
        axes: [
          Object.assign({ label: xLabel }, opts.xAxis || {}),
          { size: 76, values: (u, vals) => vals.map(opts.format) },
        ],
      },
      [xs].concat(series.map((s) => s.values)),
      box
    );
    box.dataset.chart = id;
    plots.push({ box, u });
    charts.push({
      id,
      title,
      series: series.length,
      points: series.reduce((n, s) => n + s.values.filter((v) => v != null).length, 0),
      stroke: series.length ? series[0].stroke : null,
    });
  }

  // the union of the series' interval ends; a site's operation absent at one of that site's ends made
  // no operation then (0), at another site's end it has no point (null, the line goes across)
  function aligned(series) {
    const ends = new Set();
    const siteEnds = new Map();
    for (const s of series) {
      const own = siteEnds.get(s.site) || new Set();
      s.columns.end.forEach((e) => {
        ends.add(e);
        own.add(e);
      });
      siteEnds.set(s.site, own);
    }
    const xs = [...ends].sort((a, b) => a - b);
    const ys = series.map((s) => {
      const at = new Map(s.columns.end.map((e, i) => [e, s.columns[s.key][i]]));
      const own = siteEnds.get(s.site);
      return xs.map((x) => (at.has(x) ? at.get(x) : own.has(x) ? 0 : null));
    });
    return { xs, ys };
  }

  function chartWidth(box) {
    return Math.max(320, box.clientWidth || 600);
  }

  function fitCharts() {
    for (const { box, u } of plots) {
      const width = chartWidth(box);
      if (u.width !== width) {
        u.setSize({ width: width, height: CHART_HEIGHT });
      }
    }
  }

  // --- what the data holds ----------------------------------------------------------------------

  // every site named anywhere: the environment's first, in its order
  function sites() {
    const names = ((result.environment || {}).sites || []).map((s) => s.name);
    for (const name of Object.keys(result.sites || {}).concat(Object.keys(intervals))) {
      if (!names.includes(name)) {
        names.push(name);
      }
    }
    return names;
  }

  function ordered(ops) {
    const rank = (op) => (OPERATIONS.includes(op) ? OPERATIONS.indexOf(op) : OPERATIONS.length);
    return [...ops].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  }

  function strokeOf(op) {
    return OPERATION_STROKES[op] || FALLBACK_STROKE;
  }

  function dashOf(site) {
    return SITE_DASHES[Math.max(0, sites().indexOf(site)) % SITE_DASHES.length];
  }

  function noIntervals() {
    return "No interval CSVs in this run's directory: only the whole run's figures (above and below) are known.";
  }

  // --- formatting -------------------------------------------------------------------------------

  function finite(v) {
    return typeof v === "number" && Number.isFinite(v);
  }

  function seconds(v) {
    if (!finite(v)) return "—";
    const a = Math.abs(v);
    if (a === 0) return "0";
    if (a < 1e-3) return (v * 1e6).toPrecision(3) + " µs";
    if (a < 1) return (v * 1e3).toPrecision(3) + " ms";
    if (a < 120) return v.toPrecision(3) + " s";
    return (v / 60).toFixed(1) + " min";
  }

  function rate(v) {
    if (!finite(v)) return "—";
    if (v === 0) return "0";
    return (Math.abs(v) >= 100 ? Math.round(v).toLocaleString("en") : v.toPrecision(3)) + "/s";
  }

  function bytesPerSecond(v) {
    return finite(v) ? bytes(v) + "/s" : "—";
  }

  function bytes(v) {
    if (!finite(v)) return "—";
    const units = ["B", "KiB", "MiB", "GiB", "TiB"];
    let u = 0;
    while (Math.abs(v) >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return (u === 0 ? String(Math.round(v)) : v.toFixed(1)) + " " + units[u];
  }

  function count(v) {
    return finite(v) ? v.toLocaleString("en") : "—";
  }

  function errors(byKind) {
    const kinds = Object.entries(byKind || {});
    return kinds.length === 0 ? "none" : kinds.map(([k, n]) => k + " " + count(n)).join(", ");
  }

  function instant(text) {
    if (!text) return "—";
    const d = new Date(text);
    if (Number.isNaN(d.getTime())) return String(text);
    return d.toISOString().replace("T", " ").replace(/(\.\d+)?Z$/, " UTC");
  }

  // an either-or part of the profile (object size, load, stop): its form and its fields, numbers in
  // the part's unit when it has one (an object size's are bytes)
  function part(p, unit) {
    if (p == null) return "—";
    if (typeof p !== "object") return String(p);
    const value = (v) =>
      typeof v === "object" ? JSON.stringify(v) : typeof v === "number" && unit ? unit(v) : isoDuration(v);
    const fields = Object.entries(p)
      .filter(([k]) => k !== "form")
      .map(([k, v]) => k + " " + value(v));
    return (p.form ? p.form + (fields.length ? ": " : "") : "") + fields.join(", ");
  }

  // Jackson writes a Duration as ISO-8601 (PT1M30S); anything else is left as it is
  function isoDuration(v) {
    const m = typeof v === "string" && /^PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(v);
    if (!m) return v;
    const parts = [[m[1], "h"], [m[2], "min"], [m[3], "s"]].filter(([n]) => n !== undefined);
    return parts.length ? parts.map(([n, u]) => Number(n) + " " + u).join(" ") : "0 s";
  }

  function mix(m) {
    if (!m) return "—";
    return Object.entries(m)
      .filter(([, w]) => w > 0)
      .map(([op, w]) => op + " " + w)
      .join(", ");
  }

  function machine(m) {
    if (!m) return "—";
    return [
      m.os,
      "Java " + m.java,
      m.cores + " cores",
      "max heap " + bytes(m.maxHeapBytes),
      "generator CPU " + seconds(m.cpuSeconds),
    ].join(" · ");
  }

  // --- DOM --------------------------------------------------------------------------------------

  // every text goes in as text: names and descriptions come from configuration
  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      e.setAttribute(k, v);
    }
    if (text != null) {
      e.textContent = text;
    }
    return e;
  }

  // rows of {attrs, cells: [[text, class, measure, value]]}
  function tableOf(headings, rows) {
    const wrap = el("div", { class: "table-scroll" });
    const table = el("table");
    const head = el("tr");
    headings.forEach((h) => head.appendChild(el("th", {}, h)));
    table.appendChild(el("thead")).appendChild(head);
    const body = el("tbody");
    for (const row of rows) {
      const tr = el("tr", row.attrs);
      for (const [text, cls, measure, value] of row.cells) {
        const attrs = cls ? { class: cls } : {};
        if (measure) {
          attrs["data-measure"] = measure;
          attrs["data-value"] = value == null ? "" : String(value);
        }
        tr.appendChild(el("td", attrs, text == null || text === "" ? "—" : String(text)));
      }
      body.appendChild(tr);
    }
    table.appendChild(body);
    wrap.appendChild(table);
    return wrap;
  }

  function problem(message) {
    report.errors.push(message);
    const banner = document.getElementById("problems");
    if (banner) {
      banner.textContent = report.errors.join("\n");
      banner.hidden = false;
    }
  }
})();
