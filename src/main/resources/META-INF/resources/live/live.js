// syncmeter live page: polls the JSON API every few seconds and draws, per direction, the lag
// percentiles of the recent report intervals (uPlot), the outcomes, pending probes and resolution,
// and per objective and series the SLA compliance and error budget left.
//
// Its state is window.syncmeterLive (what it last drew, when it last succeeded, what failed), so
// tests and curious people can read what the page shows without scraping it.
(function () {
  "use strict";

  const params = new URLSearchParams(location.search);
  const POLL_SECONDS = clamp(Number(params.get("refresh")) || 5, 1, 60);
  const FETCH_TIMEOUT_MS = Math.min(4000, POLL_SECONDS * 1000);
  const OUTCOMES = ["replicated", "late", "missing", "corrupt", "duplicate"];
  const BAD_OUTCOMES = new Set(["late", "missing", "corrupt"]);
  const SERIES = [
    { key: "p50", label: "p50", stroke: "#2f81f7" },
    { key: "p90", label: "p90", stroke: "#1a7f37" },
    { key: "p99", label: "p99", stroke: "#bf8700" },
    { key: "max", label: "max", stroke: "#8c959f", dash: [4, 4] },
  ];

  const model = {
    pollSeconds: POLL_SECONDS,
    polls: 0,
    minutes: null,
    lastSuccess: null,
    failing: false,
    failures: [],
    directions: {},
    objectives: [],
  };
  window.syncmeterLive = model;

  const charts = new Map();
  const minutesSelect = document.getElementById("minutes");
  const banner = document.getElementById("error-banner");
  if (params.get("minutes")) {
    minutesSelect.value = params.get("minutes");
  }
  document.getElementById("poll-seconds").textContent = String(POLL_SECONDS);
  minutesSelect.addEventListener("change", () => poll());

  let timer = null;

  async function poll() {
    clearTimeout(timer);
    const minutes = minutesSelect.value;
    const calls = [
      { what: "GET /api/status", url: "/api/status" },
      { what: "GET /api/status/history", url: "/api/status/history?minutes=" + encodeURIComponent(minutes) },
      { what: "GET /api/sla", url: "/api/sla" },
    ];
    const results = await Promise.allSettled(calls.map((c) => getJson(c.url)));
    const now = new Date();
    const failures = [];
    results.forEach((r, i) => {
      if (r.status === "rejected") {
        failures.push({ what: calls[i].what, detail: r.reason.message, at: now.toISOString() });
      }
    });
    const [status, history, sla] = results.map((r) => (r.status === "fulfilled" ? r.value : null));
    try {
      if (status && history) {
        model.minutes = history.minutes;
        renderSummary(status);
        renderDirections(status, history);
      }
      if (sla) {
        renderSla(sla);
      }
    } catch (e) {
      failures.push({ what: "drawing the page", detail: e.message, at: now.toISOString() });
    }
    model.polls++;
    model.failures = failures;
    model.failing = failures.length > 0;
    if (!model.failing) {
      model.lastSuccess = now.toISOString();
      document.getElementById("updated").textContent = "updated " + clock(now);
    }
    renderBanner(now);
    timer = setTimeout(poll, POLL_SECONDS * 1000);
  }

  async function getJson(url) {
    const abort = new AbortController();
    const timeout = setTimeout(() => abort.abort(), FETCH_TIMEOUT_MS);
    let response;
    try {
      response = await fetch(url, { cache: "no-store", signal: abort.signal, headers: { Accept: "application/json" } });
    } catch (e) {
      throw new Error(e.name === "AbortError" ? "no answer within " + FETCH_TIMEOUT_MS / 1000 + " s" : "network error (" + e.message + ")");
    } finally {
      clearTimeout(timeout);
    }
    if (!response.ok) {
      let detail = "";
      try {
        const problem = await response.json();
        detail = problem.detail || problem.title || "";
      } catch (e) {
        // not a problem document: the status says enough
      }
      throw new Error("HTTP " + response.status + (detail ? ": " + detail : ""));
    }
    return response.json();
  }

  function renderBanner(now) {
    document.body.classList.toggle("stale", model.failing);
    if (!model.failing) {
      banner.hidden = true;
      banner.textContent = "";
      return;
    }
    const what = model.failures.map((f) => f.what + " failed: " + f.detail).join("; ");
    const last = model.lastSuccess
      ? "Last successful refresh " + clock(new Date(model.lastSuccess)) + ", figures below are from then"
      : "No successful refresh yet";
    banner.textContent = what + " (at " + clock(now) + "). " + last + "; retrying every " + POLL_SECONDS + " s.";
    banner.hidden = false;
  }

  function renderSummary(status) {
    const p = status.profile;
    document.getElementById("summary").textContent = [
      "sites " + status.sites.join(", "),
      "profile " + p.name + " (" + p.ratePerSecond + "/s per site, late after " + duration(p.lateSeconds) +
        ", missing after " + duration(p.giveUpSeconds) + ")",
      "report interval " + duration(status.reportIntervalSeconds),
      status.collectorEnabled ? "collector on" : "collector off here",
    ].join(" · ");
  }

  function renderDirections(status, history) {
    const container = document.getElementById("directions");
    const intervalsByKey = new Map(history.directions.map((d) => [key(d), d.intervals]));
    const seen = new Set();
    for (const d of status.directions) {
      const k = key(d);
      seen.add(k);
      const intervals = intervalsByKey.get(k) || [];
      let card = container.querySelector('[data-direction="' + CSS.escape(k) + '"]');
      if (!card) {
        card = directionCard(k, d);
        container.appendChild(card);
      }
      const samples = intervals.reduce((n, i) => n + i.count, 0);
      card.dataset.samples = String(samples);
      card.querySelector(".samples").textContent =
        samples + " samples in the last " + history.minutes + " min (" + intervals.length +
        (intervals.length === 1 ? " interval)" : " intervals)");
      drawChart(k, card.querySelector(".chart"), intervals, history.minutes);
      renderFigures(card.querySelector(".figures"), d);
      model.directions[k] = {
        sourceSite: d.sourceSite,
        targetSite: d.targetSite,
        samplesInWindow: samples,
        intervals: intervals.length,
        sinceStartCount: d.sinceStart.count,
        lastInterval: d.lastInterval,
        outcomes: d.outcomes,
        pending: d.pending,
        resolutionSeconds: d.resolutionSeconds,
      };
    }
    for (const card of [...container.querySelectorAll("[data-direction]")]) {
      if (!seen.has(card.dataset.direction)) {
        charts.get(card.dataset.direction)?.destroy();
        charts.delete(card.dataset.direction);
        delete model.directions[card.dataset.direction];
        card.remove();
      }
    }
    // a card added after a chart was drawn narrows the grid's columns
    fitCharts();
  }

  function directionCard(k, d) {
    const card = el("article", { class: "direction", "data-direction": k });
    const title = el("h2", {}, d.sourceSite + " → " + d.targetSite + " ");
    title.appendChild(el("span", { class: "samples" }));
    card.appendChild(title);
    card.appendChild(el("div", { class: "chart", "aria-label": "lag percentiles of " + d.sourceSite + " to " + d.targetSite }));
    card.appendChild(el("dl", { class: "figures" }));
    return card;
  }

  // the x axis spans the chosen window, whatever part of it has data
  let windowSeconds = [0, 1];

  function drawChart(k, box, intervals, minutes) {
    const now = Date.now() / 1000;
    windowSeconds = [now - minutes * 60, now];
    const data = [intervals.map((i) => Date.parse(i.end) / 1000)];
    for (const s of SERIES) {
      data.push(intervals.map((i) => (i.count > 0 ? i[s.key] : null)));
    }
    let chart = charts.get(k);
    if (!chart) {
      chart = new uPlot(
        {
          width: chartWidth(box),
          height: 240,
          scales: { x: { time: true, range: () => windowSeconds }, y: { range: (u, min, max) => [0, max > 0 ? max * 1.1 : 1] } },
          series: [{ label: "interval end" }].concat(
            SERIES.map((s) => ({ label: s.label, stroke: s.stroke, width: 1.5, dash: s.dash, points: { show: intervals.length < 60 }, value: (u, v) => (v == null ? "—" : seconds(v)) }))
          ),
          axes: [{}, { size: 64, values: (u, vals) => vals.map(seconds) }],
        },
        data,
        box
      );
      charts.set(k, chart);
    } else {
      chart.setData(data);
    }
  }

  function chartWidth(box) {
    return Math.max(300, box.clientWidth || 500);
  }

  function fitCharts() {
    for (const [k, chart] of charts) {
      const box = document.querySelector('[data-direction="' + CSS.escape(k) + '"] .chart');
      const width = chartWidth(box);
      if (chart.width !== width) {
        chart.setSize({ width: width, height: 240 });
      }
    }
  }

  window.addEventListener("resize", fitCharts);

  function renderFigures(dl, d) {
    const last = d.lastInterval;
    const since = d.sinceStart;
    const rows = [
      ["last interval p50", seconds(last.p50)],
      ["last interval p90", seconds(last.p90)],
      ["last interval p99", seconds(last.p99)],
      ["last interval max", seconds(last.max)],
      ["samples since start", String(since.count)],
      ["since start p99", seconds(since.p99)],
    ];
    for (const o of OUTCOMES) {
      rows.push([o, String(d.outcomes[o]), BAD_OUTCOMES.has(o) && d.outcomes[o] > 0]);
    }
    rows.push(["pending", String(d.pending)]);
    rows.push(["resolution", seconds(d.resolutionSeconds)]);
    dl.replaceChildren(
      ...rows.map(([name, value, bad]) => {
        const row = el("div", { "data-figure": name });
        row.appendChild(el("dt", {}, name));
        row.appendChild(el("dd", bad ? { class: "bad" } : {}, value));
        return row;
      })
    );
  }

  function renderSla(sla) {
    const body = document.querySelector("#sla tbody");
    const rows = [];
    model.objectives = [];
    for (const o of sla.objectives) {
      for (const s of o.series) {
        const series = s.site ? s.site : s.sourceSite + " → " + s.targetSite;
        const remaining = s.errorBudget ? s.errorBudget.remaining : null;
        model.objectives.push({ objective: o.name, series: series, status: s.status, compliance: s.compliance, budgetRemaining: remaining });
        const tr = el("tr", { "data-objective": o.name, "data-series": series });
        tr.appendChild(el("td", { title: o.description }, o.name));
        tr.appendChild(el("td", {}, series));
        tr.appendChild(el("td", { class: "status-" + s.status }, s.status));
        tr.appendChild(el("td", { class: "compliance", "data-value": s.compliance == null ? "" : String(s.compliance) }, percent(s.compliance)));
        tr.appendChild(el("td", {}, percent(o.target)));
        const budgetClass = remaining == null ? "" : remaining <= 0 ? "budget-spent" : remaining < 0.25 ? "budget-low" : "";
        tr.appendChild(el("td", { class: "budget " + budgetClass }, percent(remaining)));
        const burn = s.burnRates ? s.burnRates["1h"] : null;
        tr.appendChild(el("td", {}, burn == null ? "—" : burn.toFixed(2)));
        tr.appendChild(el("td", {}, s.goodEvents + " / " + s.totalEvents));
        tr.appendChild(el("td", {}, s.window && s.window.dataSince ? clock(new Date(s.window.dataSince)) : "—"));
        rows.push(tr);
      }
    }
    if (rows.length === 0) {
      const tr = el("tr");
      tr.appendChild(el("td", { colspan: "9" }, sla.enabled ? "no objectives" : "SLA evaluation is off in this instance"));
      rows.push(tr);
    }
    body.replaceChildren(...rows);
    document.getElementById("sla-note").textContent = sla.restored
      ? "Over every instance sharing the SLA state; periods are rolling windows of whole minutes."
      : "The SLA state written before this instance started is still being read back: figures cover less than the period.";
  }

  // formatting

  function seconds(v) {
    if (v == null || Number.isNaN(v)) {
      return "—";
    }
    if (Math.abs(v) < 1e-9) {
      return "0"; // an axis split of 0 may come out as 1e-17
    }
    if (v < 0.01) {
      return (v * 1000).toFixed(1) + " ms";
    }
    if (v < 1) {
      return Math.round(v * 1000) + " ms";
    }
    if (v < 60) {
      return v.toFixed(2) + " s";
    }
    return Math.floor(v / 60) + " min " + Math.round(v % 60) + " s";
  }

  function duration(s) {
    if (s >= 86400 && s % 86400 === 0) return s / 86400 + " d";
    if (s >= 3600 && s % 3600 === 0) return s / 3600 + " h";
    if (s >= 60 && s % 60 === 0) return s / 60 + " min";
    return s + " s";
  }

  function percent(v) {
    if (v == null) {
      return "—";
    }
    const p = v * 100;
    if (p === 100 || p === 0) {
      return p + " %";
    }
    // never round up to 100: 99.9996 shows 99.999
    return String(Math.floor(p * 1000) / 1000) + " %";
  }

  function clock(date) {
    return date.toLocaleTimeString([], { hour12: false });
  }

  function key(d) {
    return d.sourceSite + "->" + d.targetSite;
  }

  function clamp(v, lo, hi) {
    return Math.min(hi, Math.max(lo, v));
  }

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

  poll();
})();
