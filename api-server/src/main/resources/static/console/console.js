// Timeslice console: a small single-page app over the REST API (docs/api.md). The API key lives in
// this tab's sessionStorage and goes out only as the Authorization header, never in a URL. Views
// are chosen by the URL's fragment (#/jobs, #/jobs/<id>, #/modules, #/activity); all text from the
// API is written with textContent, never as HTML.
"use strict";

const KEY = "timeslice.apiKey";
const FINAL = new Set(["SUCCEEDED", "FAILED", "EXHAUSTED", "CANCELLED", "TIMED_OUT"]);
const SVG = "http://www.w3.org/2000/svg";
const $ = (id) => document.getElementById(id);

/** The current view's background work (streams, timers), stopped when the view changes. */
let stopView = () => {};

// ---- the API ------------------------------------------------------------------------------

class ApiError extends Error {
  constructor(status, title, detail) {
    super(detail ? `${title}: ${detail}` : title);
    this.status = status;
  }
}

async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    headers: { Accept: "application/json", Authorization: `Bearer ${sessionStorage.getItem(KEY)}`, ...(options.headers || {}) },
    cache: "no-store",
    credentials: "omit",
  });
  if (response.status === 401) {
    signOut("Your API key was not accepted; sign in again.");
    throw new ApiError(401, "Unauthorized");
  }
  if (!response.ok) {
    let problem = {};
    try { problem = await response.json(); } catch (e) { /* not problem+json */ }
    throw new ApiError(response.status, problem.title || `HTTP ${response.status}`, problem.detail);
  }
  return response.status === 204 ? null : response.json();
}

/**
 * Follows a server-sent event stream read with fetch (EventSource cannot send the Authorization
 * header), reconnecting with Last-Event-ID after the stream ends or fails, until stopped.
 * onEvent gets {id, event, data}; onState gets true while connected, false while reconnecting, and
 * "ended" once endsWhen said the stream is over.
 */
function follow(path, onEvent, onState, { endsWhen = () => false } = {}) {
  const controller = new AbortController();
  let lastId = null;
  let stopped = false;
  (async () => {
    let delay = 500;
    while (!stopped) {
      try {
        const headers = { Accept: "text/event-stream", Authorization: `Bearer ${sessionStorage.getItem(KEY)}` };
        if (lastId !== null) headers["Last-Event-ID"] = lastId;
        const response = await fetch(path, { headers, signal: controller.signal, cache: "no-store", credentials: "omit" });
        if (response.status === 401) { signOut("Your API key was not accepted; sign in again."); return; }
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        onState(true);
        delay = 500;
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value.replace(/\r\n?/g, "\n");
          let end;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const message = { id: null, event: "message", data: "" };
            for (const line of block.split("\n")) {
              const colon = line.indexOf(":");
              if (colon === 0) continue; // a comment: a heartbeat
              const field = colon < 0 ? line : line.slice(0, colon);
              const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
              if (field === "id") message.id = value;
              else if (field === "event") message.event = value;
              else if (field === "data") message.data += (message.data ? "\n" : "") + value;
            }
            if (message.id !== null) lastId = message.id;
            if (message.data) {
              const data = JSON.parse(message.data);
              onEvent({ ...message, data });
              if (endsWhen(data)) { stopped = true; }
            }
          }
        }
      } catch (e) {
        if (stopped || controller.signal.aborted) return;
      }
      if (stopped) { onState("ended"); return; }
      onState(false);
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 10000);
    }
  })();
  return () => { stopped = true; controller.abort(); };
}

// ---- formatting ---------------------------------------------------------------------------

const integer = new Intl.NumberFormat("en");
const fmtNumber = (n) => (n === null || n === undefined ? "–" : integer.format(n));
const fmtTime = (iso) => (iso ? new Date(iso).toLocaleString() : "–");
const fmtClock = (ms) => new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
function fmtDuration(ms) {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60000) return `${(ms / 1000).toFixed(ms < 10000 ? 2 : 1)} s`;
  return `${Math.floor(ms / 60000)} min ${Math.round((ms % 60000) / 1000)} s`;
}
function compact(n) {
  if (n >= 1e12) return `${(n / 1e12).toFixed(1)}T`;
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)}G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return String(Math.round(n));
}

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "text") node.textContent = v;
    else if (k === "class") node.className = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c);
  return node;
}

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function badge(node, status) {
  node.textContent = status;
  node.className = `badge ${status}`;
}

function showError(e) {
  const box = $("error");
  if (!e) { box.hidden = true; return; }
  box.textContent = e.message || String(e);
  box.hidden = false;
}

function setLive(state, what) {
  const live = $("live");
  live.hidden = false;
  live.classList.toggle("on", state === true);
  live.textContent = state === true ? `live: ${what}` : state === "ended" ? `${what}: ended` : "reconnecting…";
}

// ---- views --------------------------------------------------------------------------------

function show(view, section) {
  for (const v of document.querySelectorAll(".view")) v.hidden = v.id !== `view-${view}`;
  for (const a of document.querySelectorAll("#nav a")) {
    if (a.dataset.section === section) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
}

function signOut(message) {
  sessionStorage.removeItem(KEY);
  stopView();
  stopView = () => {};
  $("sign-in-error").textContent = message || "";
  location.hash = "#/sign-in";
  route();
}

async function route() {
  stopView();
  stopView = () => {};
  showError(null);
  const signedIn = !!sessionStorage.getItem(KEY);
  $("nav").hidden = !signedIn;
  $("sign-out").hidden = !signedIn;
  $("live").hidden = true;
  const path = location.hash.replace(/^#/, "") || "/jobs";
  if (!signedIn) {
    show("sign-in", null);
    document.title = "Sign in · Timeslice";
    $("api-key").focus();
    return;
  }
  const job = path.match(/^\/jobs\/([0-9a-fA-F-]{36})$/);
  try {
    if (job) await jobView(job[1]);
    else if (path === "/modules") await modulesView();
    else if (path === "/activity") await activityView();
    else await jobsView();
  } catch (e) {
    if (e.status !== 401) showError(e);
  }
  $("main").focus({ preventScroll: true });
}

// ---- sign in ------------------------------------------------------------------------------

async function signIn(event) {
  event.preventDefault();
  const key = $("api-key").value.trim();
  $("sign-in-error").textContent = "";
  // Checked against the API before it is kept: a tenant's key may list its jobs.
  const response = await fetch("/jobs?limit=1", {
    headers: { Authorization: `Bearer ${key}`, Accept: "application/json" },
    cache: "no-store",
    credentials: "omit",
  });
  if (!response.ok) {
    let problem = {};
    try { problem = await response.json(); } catch (e) { /* not problem+json */ }
    $("sign-in-error").textContent = problem.detail || problem.title || `HTTP ${response.status}`;
    return;
  }
  sessionStorage.setItem(KEY, key);
  $("api-key").value = "";
  location.hash = "#/jobs";
  route();
}

// ---- jobs ---------------------------------------------------------------------------------

function jobRow(job) {
  const status = el("span");
  badge(status, job.status);
  // Ids are UUIDv7: their first half is a timestamp, their end tells jobs apart.
  const link = el("a", { href: `#/jobs/${job.id}`, class: "mono", text: `…${job.id.slice(-12)}` });
  link.setAttribute("aria-label", `Job ${job.id}`);
  const row = el(
    "tr",
    { "data-job": job.id, "data-status": job.status },
    el("td", {}, link),
    el("td", {}, status),
    el("td", { class: "entry mono", text: job.function || "WASI command" }),
    el("td", { class: "num", text: fmtNumber(job.fuelConsumed) }),
    el("td", { class: "num", text: fmtNumber(job.slices) }),
    el("td", { text: fmtTime(job.submittedAt) }),
  );
  return row;
}

async function jobsView() {
  show("jobs", "jobs");
  document.title = "Jobs · Timeslice";
  const filter = $("status-filter");
  const body = $("jobs-body");
  body.replaceChildren();
  let cursor = null;

  const load = async (more) => {
    const params = new URLSearchParams({ limit: "25" });
    if (filter.value) params.set("status", filter.value);
    if (more && cursor) params.set("cursor", cursor);
    const page = await api(`/jobs?${params}`);
    if (!more) body.replaceChildren();
    for (const job of page.jobs) body.append(jobRow(job));
    cursor = page.nextCursor;
    $("jobs-more").hidden = !cursor;
    $("jobs-empty").hidden = body.children.length > 0;
  };

  const refresh = async (id, flash) => {
    const job = await api(`/jobs/${id}`);
    const old = body.querySelector(`tr[data-job="${id}"]`);
    const matches = !filter.value || filter.value === job.status;
    if (!matches) { if (old) old.remove(); return; }
    const row = jobRow(job);
    if (flash) row.classList.add("changed");
    if (old) old.replaceWith(row);
    else body.prepend(row);
    $("jobs-empty").hidden = true;
  };

  // The tenant's event stream is opened before the first page is read: no change is missed.
  const stop = follow(
    "/jobs/events",
    (e) => refresh(e.data.id, true).catch(showError),
    (on) => setLive(on, "job status"),
  );
  filter.onchange = () => load(false).catch(showError);
  $("jobs-more").onclick = () => load(true).catch(showError);
  // Running jobs' fuel and slices grow between state changes (the service records them at each
  // lease renewal): read the running rows again every few seconds.
  const timer = setInterval(async () => {
    for (const row of body.querySelectorAll("tr[data-status='RUNNING']")) {
      await refresh(row.dataset.job, false).catch(showError);
    }
  }, 2000);
  stopView = () => { stop(); clearInterval(timer); filter.onchange = null; };
  await load(false);
}

// ---- one job ------------------------------------------------------------------------------

function fact(list, name, value, mono) {
  list.append(el("dt", { text: name }), el("dd", mono ? { class: "mono", text: value } : { text: value }));
}

function output(node, text, base64) {
  if (base64) text = `${text || ""}\n[not UTF-8; base64: ${base64}]`;
  node.textContent = text ? text : "(empty)";
  node.classList.toggle("empty", !text);
}

function renderJob(job) {
  $("job-id").textContent = job.id;
  badge($("job-status"), job.status);
  $("job-cancel").hidden = FINAL.has(job.status);
  const summary = $("job-summary");
  summary.replaceChildren();
  fact(summary, "Module", job.moduleId, true);
  fact(summary, "Entry", job.function || "_start (WASI command)", true);
  if (job.results) fact(summary, "Results", JSON.stringify(job.results), true);
  if (job.exitCode !== undefined && job.exitCode !== null) fact(summary, "Exit code", String(job.exitCode));
  fact(summary, "Slices", fmtNumber(job.slices));
  fact(summary, "Attempts", fmtNumber(job.attempts));
  if (job.resumedFromCheckpoint) fact(summary, "Resumed from checkpoint", fmtNumber(job.resumedFromCheckpoint));
  fact(summary, "Priority", String(job.priority));
  fact(summary, "Submitted", fmtTime(job.submittedAt));
  fact(summary, "Started", fmtTime(job.startedAt));
  fact(summary, "Finished", fmtTime(job.finishedAt));
  if (job.traceId) fact(summary, "Trace", job.traceId, true);

  $("job-fuel").textContent = fmtNumber(job.fuelConsumed);
  $("job-fuel-limit").textContent = fmtNumber(job.fuelLimit);
  const pct = job.fuelLimit ? Math.min(100, (100 * job.fuelConsumed) / job.fuelLimit) : 0;
  $("job-fuel-bar").style.width = `${Math.max(pct, job.fuelConsumed ? 0.5 : 0)}%`;
  $("job-fuel-meter").setAttribute("aria-valuenow", pct.toFixed(2));

  const failure = $("job-failure");
  failure.hidden = !job.failure;
  if (job.failure) {
    badge($("job-failure-kind"), job.failure.kind);
    $("job-failure-message").textContent = job.failure.message;
    $("job-trap").hidden = !job.trap;
    if (job.trap) $("job-trap-code").textContent = job.trap.code;
  }
  output($("job-stdout"), job.stdout, job.stdoutBase64);
  output($("job-stderr"), job.stderr, job.stderrBase64);
}

/**
 * The job's timeline: its phases (queued, running, ended) from its state changes, each change a
 * marker, and under them the fuel consumed as the service reported it (at every lease renewal and at
 * the end), so that the slope shows the job's pace.
 */
function renderTimeline(job, events, samples) {
  const box = $("job-timeline");
  const W = 560, H = 150, L = 12, R = 12, top = 18;
  // The state changes as the job's events recorded them; the job's own times until they arrive.
  const changes = events.length
    ? events.map((e) => ({ status: e.status, at: Date.parse(e.at) }))
    : [{ status: "QUEUED", at: Date.parse(job.submittedAt) },
       ...(job.startedAt ? [{ status: "RUNNING", at: Date.parse(job.startedAt) }] : []),
       ...(job.finishedAt ? [{ status: job.status, at: Date.parse(job.finishedAt) }] : [])];
  const ended = FINAL.has(job.status);
  const t0 = changes[0].at;
  const tEnd = ended ? changes[changes.length - 1].at : Math.max(Date.now(), changes[changes.length - 1].at);
  const span = Math.max(tEnd - t0, 1);
  const x = (t) => L + ((W - L - R) * (Math.min(Math.max(t, t0), tEnd) - t0)) / span;
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-labelledby": "job-timeline-caption" });
  chart.append(svg("text", { x: L, y: 12 }, "state"));
  changes.forEach((c, i) => {
    const next = i + 1 < changes.length ? changes[i + 1].at : tEnd;
    if (!FINAL.has(c.status)) {
      const cls = c.status === "QUEUED" ? "phase-queued"
        : !ended ? "phase-running" : job.status === "SUCCEEDED" ? "phase-ended" : "phase-failed";
      const phase = svg("rect", { x: x(c.at), y: top, width: Math.max(x(next) - x(c.at), 1), height: 18, class: cls });
      phase.append(svg("title", {}, `${c.status} ${fmtDuration(next - c.at)}`));
      chart.append(phase);
    }
    const marker = svg("line", { x1: x(c.at), x2: x(c.at), y1: top - 3, y2: top + 21, class: "marker" });
    marker.append(svg("title", {}, `${c.status} at ${new Date(c.at).toLocaleString()}`));
    chart.append(marker);
  });
  // Fuel over time: the values read while it ran (the service reports them at every lease
  // renewal), and its total at the end.
  const running = changes.find((c) => c.status === "RUNNING");
  const base = H - 22, height = 70;
  chart.append(svg("text", { x: L, y: base - height - 6 }, `fuel (${compact(job.fuelConsumed)})`));
  chart.append(svg("line", { x1: L, x2: W - R, y1: base, y2: base, class: "axis" }));
  if (running) {
    const points = [[running.at, 0], ...samples.filter((p) => p.at > running.at && p.at < tEnd).map((p) => [p.at, p.fuel])];
    points.push([tEnd, job.fuelConsumed]);
    const max = Math.max(job.fuelConsumed, 1);
    const d = points.map(([t, f], i) => `${i ? "L" : "M"}${x(t).toFixed(1)},${(base - (height * f) / max).toFixed(1)}`).join(" ");
    chart.append(svg("path", { d, class: "p50" }));
  }
  chart.append(svg("text", { x: L, y: H - 6 }, fmtClock(t0)));
  chart.append(svg("text", { x: W - R, y: H - 6, "text-anchor": "end" }, ended ? fmtClock(tEnd) : "now"));
  box.replaceChildren(chart);
  const queued = (running ? running.at : tEnd) - t0;
  const perSlice = job.slices ? Math.round(job.fuelConsumed / job.slices) : 0;
  const slices = `${fmtNumber(job.slices)} ${job.slices === 1 ? "slice" : "slices"}`;
  $("job-timeline-caption").textContent =
    `Queued ${fmtDuration(queued)}` +
    (running ? `, ran ${fmtDuration(tEnd - running.at)} in ${slices}` +
      (job.slices ? ` (${fmtNumber(perSlice)} fuel per slice on average)` : "") : "") +
    `; ${changes.length} state ${changes.length === 1 ? "change" : "changes"}` + (ended ? "." : " so far.");
}

async function jobView(id) {
  show("job", "jobs");
  document.title = `Job ${id.slice(0, 8)} · Timeslice`;
  const events = [];
  const samples = [];
  let job = await api(`/jobs/${id}`);
  const draw = () => { renderJob(job); renderTimeline(job, events, samples); };
  draw();
  let timer = null;
  const reload = async () => {
    job = await api(`/jobs/${id}`);
    if (!FINAL.has(job.status)) samples.push({ at: Date.now(), fuel: job.fuelConsumed });
    draw();
  };
  const stop = follow(
    `/jobs/${id}/events`,
    (e) => { events.push(e.data); reload().catch(showError); },
    (on) => setLive(on, "this job"),
    { endsWhen: (data) => FINAL.has(data.status) },
  );
  // While it runs, its fuel and slices grow between state changes: read them every second.
  timer = setInterval(() => { if (!FINAL.has(job.status)) reload().catch(showError); }, 1000);
  $("job-cancel").onclick = () => api(`/jobs/${id}/cancel`, { method: "POST" }).then(reload).catch(showError);
  stopView = () => { stop(); clearInterval(timer); };
}

// ---- modules ------------------------------------------------------------------------------

function signature(e) {
  if (e.kind !== "func") return e.kind;
  return `func (${(e.params || []).join(", ")}) → (${(e.results || []).join(", ")})`;
}

function externTable(caption, rows, withModule) {
  const head = el("tr", {}, ...(withModule ? [el("th", { scope: "col", text: "Module" })] : []),
    el("th", { scope: "col", text: "Name" }), el("th", { scope: "col", text: "Type" }));
  const body = el("tbody");
  for (const e of rows) {
    body.append(el("tr", {}, ...(withModule ? [el("td", { class: "mono", text: e.module })] : []),
      el("td", { class: "mono", text: e.name }), el("td", { class: "mono", text: signature(e) })));
  }
  return el("table", { class: "grid" }, el("caption", { class: "hint", text: caption }), el("thead", {}, head), body);
}

async function modulesView() {
  show("modules", "modules");
  document.title = "Modules · Timeslice";
  const { modules } = await api("/modules");
  const list = $("modules-list");
  list.replaceChildren();
  $("modules-empty").hidden = modules.length > 0;
  for (const m of modules) {
    const card = el("article", { class: "card module", "data-module": m.id },
      el("h2", {}, el("code", { text: m.id })),
      el("p", { class: "hint", text: `${fmtNumber(m.sizeBytes)} bytes · ${m.exports.length} exports · ${m.imports.length} imports` }),
      externTable(`Exports of ${m.id.slice(0, 12)}`, m.exports, false));
    if (m.imports.length) card.append(externTable(`Imports of ${m.id.slice(0, 12)}`, m.imports, true));
    list.append(card);
  }
}

// ---- activity -----------------------------------------------------------------------------

/** Fills the window's minutes (those without jobs are zero) from the API's minutes. */
function minutesOf(data, window) {
  const now = new Date();
  now.setSeconds(0, 0);
  const byMinute = new Map(data.map((m) => [Date.parse(m.minute), m]));
  const out = [];
  for (let i = window - 1; i >= 0; i--) {
    const t = now.getTime() - i * 60000;
    out.push(byMinute.get(t) ? { t, ...byMinute.get(t) } : { t, jobs: 0, fuel: 0, latencyP50Millis: null, latencyP95Millis: null });
  }
  return out;
}

function axes(chart, W, H, L, B, max, fmt) {
  for (const f of [0, 0.5, 1]) {
    const y = H - B - (H - B - 10) * f;
    chart.append(svg("line", { x1: L, x2: W - 6, y1: y, y2: y, class: f ? "gridline" : "axis" }));
    chart.append(svg("text", { x: L - 6, y: y + 4, "text-anchor": "end" }, fmt(max * f)));
  }
}

function timeLabels(chart, minutes, x, H) {
  const first = minutes[0].t, last = minutes[minutes.length - 1].t;
  chart.append(svg("text", { x: x(0), y: H - 4 }, fmtClock(first).slice(0, 5)));
  chart.append(svg("text", { x: x(minutes.length - 1), y: H - 4, "text-anchor": "end" }, fmtClock(last).slice(0, 5)));
}

function fuelChart(minutes) {
  const W = 520, H = 200, L = 48, B = 20;
  const max = Math.max(1, ...minutes.map((m) => m.fuel));
  const step = (W - L - 6) / minutes.length;
  const x = (i) => L + i * step;
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-labelledby": "fuel-chart-title" });
  axes(chart, W, H, L, B, max, compact);
  minutes.forEach((m, i) => {
    if (!m.fuel) return;
    const h = ((H - B - 10) * m.fuel) / max;
    const bar = svg("rect", { x: x(i) + step * 0.1, y: H - B - h, width: Math.max(step * 0.8, 1), height: h, class: "bar-fuel" });
    bar.append(svg("title", {}, `${fmtClock(m.t).slice(0, 5)}: ${fmtNumber(m.fuel)} fuel, ${m.jobs} jobs`));
    chart.append(bar);
  });
  timeLabels(chart, minutes, (i) => x(i) + step / 2, H);
  $("fuel-chart").replaceChildren(chart);
}

function latencyChart(minutes) {
  const W = 520, H = 200, L = 48, B = 20;
  const max = Math.max(1, ...minutes.map((m) => m.latencyP95Millis || 0));
  const step = (W - L - 6) / minutes.length;
  const x = (i) => L + i * step + step / 2;
  const y = (v) => H - B - ((H - B - 10) * v) / max;
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-labelledby": "latency-chart-title" });
  axes(chart, W, H, L, B, max, (v) => fmtDuration(v));
  for (const [key, cls] of [["latencyP50Millis", "p50"], ["latencyP95Millis", "p95"]]) {
    let d = "";
    let pen = "M";
    minutes.forEach((m, i) => {
      if (m[key] === null) { pen = "M"; return; }
      d += `${pen}${x(i).toFixed(1)},${y(m[key]).toFixed(1)} `;
      pen = "L";
      chart.append(svg("circle", { cx: x(i), cy: y(m[key]), r: 2.5, class: cls }));
    });
    if (d) chart.append(svg("path", { d, class: cls }));
  }
  timeLabels(chart, minutes, x, H);
  const legend = el("div", { class: "legend" },
    el("span", {}, el("i", { class: "legend-p50" }), "p50"),
    el("span", {}, el("i", { class: "legend-p95" }), "p95"));
  $("latency-chart").replaceChildren(chart, legend);
}

async function activityView() {
  show("activity", "activity");
  document.title = "Activity · Timeslice";
  const select = $("activity-window");
  const load = async () => {
    const window = Number(select.value);
    const { minutes } = await api(`/jobs/stats?minutes=${window}`);
    const filled = minutesOf(minutes, window);
    fuelChart(filled);
    latencyChart(filled);
    const body = $("activity-body");
    body.replaceChildren();
    for (const m of [...minutes].reverse()) {
      body.append(el("tr", {},
        el("td", { text: fmtTime(m.minute) }),
        el("td", { class: "num", text: fmtNumber(m.jobs) }),
        el("td", { class: "num", text: fmtNumber(m.fuel) }),
        el("td", { class: "num", text: fmtDuration(m.latencyP50Millis) }),
        el("td", { class: "num", text: fmtDuration(m.latencyP95Millis) }),
        el("td", { class: "num", text: fmtDuration(m.latencyMaxMillis) })));
    }
  };
  select.onchange = () => load().catch(showError);
  const timer = setInterval(() => load().catch(showError), 10000);
  stopView = () => { clearInterval(timer); select.onchange = null; };
  await load();
}

// ---- start --------------------------------------------------------------------------------

document.addEventListener("DOMContentLoaded", () => {
  $("sign-in-form").addEventListener("submit", (e) => signIn(e).catch((err) => { $("sign-in-error").textContent = err.message; }));
  $("sign-out").addEventListener("click", () => signOut());
  window.addEventListener("hashchange", route);
  route();
});
