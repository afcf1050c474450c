// The lobby display in a browser: /api/state, then WS /api/events?since=SEQ; reconnects by itself
// and fetches the whole state again after every reconnection, like the Qt display (client/events.py).
// No silent gaps: each event's `prev` is the seq of the event sent before it on this connection; one
// that is not the last seq this page has means an event was lost, and the page fetches the whole state
// again (a "resync") without showing itself offline. So does a new office day. <body data-resync-gap,
// data-resync-reconnect, data-resync-day> count them, for a technician and the tests.
"use strict";

const params = new URLSearchParams(location.search);
const TOKEN = params.get("token") || "";
const TIMEOUT_MS = 5000;
const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 10000;
const RECENT_MAX = 10;

const WORDS = {
  vi: {
    call: "Mời công dân có số", recent: "Số vừa gọi", counter: "Quầy", waiting: "chờ", minutes: "phút", noWait: "không chờ",
    about: "khoảng", under: "dưới", next: "sắp đến lượt", maybeNot: "có thể không kịp hôm nay",
    atLeast: (m) => `ít nhất ${m} phút`,
    closed: { lunch: "Nghỉ trưa đến {until}", not_open_yet: "Làm việc từ {until}", closed_today: "Hết giờ làm việc" },
    states: { signed_out: "Đóng", idle: "Sẵn sàng", calling: "Đang gọi", serving: "Đang phục vụ", paused: "Tạm dừng" },
    online: "Đã kết nối", offline: "Mất kết nối — đang thử lại", connecting: "Đang kết nối…",
    badToken: "Mã truy cập không hợp lệ: mở /display?token=MÃ", other: "English", locale: "vi-VN",
    days: ["Chủ nhật", "Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy"],
  },
  en: {
    call: "Now calling", recent: "Recent calls", counter: "Counter", waiting: "waiting", minutes: "min", noWait: "no wait",
    about: "about", under: "under", next: "you are next", maybeNot: "may not be called today",
    atLeast: (m) => `at least ${m} min`,
    closed: { lunch: "Lunch break until {until}", not_open_yet: "Opens at {until}", closed_today: "Closed for today" },
    states: { signed_out: "Closed", idle: "Ready", calling: "Calling", serving: "Serving", paused: "Paused" },
    online: "Connected", offline: "Connection lost — retrying", connecting: "Connecting…",
    badToken: "This device's token is not accepted: open /display?token=TOKEN", other: "Tiếng Việt", locale: "en-GB",
    days: ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
  },
};

const office = {
  lang: params.get("lang") === "en" ? "en" : "vi",
  settings: null, state: null, seq: 0, counters: new Map(), recent: [], queues: {},
  connection: "connecting", badToken: false, freshUntil: 0, freshCounter: null,
};
let socket = null;
let retryMs = FIRST_RETRY_MS;
let retryTimer = null;
let loaded = false;  // a state was loaded once: every later load is a resync
let held = null;  // events that came while a changed configuration is fetched (null: none is)
const resyncs = { gap: 0, reconnect: 0, day: 0, configured: 0 };

const $ = (id) => document.getElementById(id);
const words = () => WORDS[office.lang];

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

async function api(path) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    const response = await fetch(path, { headers: { Authorization: `Bearer ${TOKEN}` }, signal: controller.signal, cache: "no-store" });
    if (response.status === 401) office.badToken = true;
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    office.badToken = false;
    return await response.json();
  } finally {
    clearTimeout(timer);
  }
}

function setConnection(state) {
  office.connection = state;
  renderStatus();
}

function scheduleRetry() {
  if (retryTimer !== null) return;
  setConnection("offline");
  retryTimer = setTimeout(() => { retryTimer = null; connect(); }, retryMs);
  retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
}

function countResync(reason) {
  resyncs[reason] += 1;
  document.body.dataset[`resync${reason[0].toUpperCase()}${reason.slice(1)}`] = String(resyncs[reason]);
}

// Fetch the whole state again and follow on from it, staying "online" meanwhile.
function resync(reason) {
  countResync(reason);
  const old = socket;
  socket = null;
  if (old) {
    old.onmessage = null;  // what it still brings comes again after the new state's seq
    old.onclose = null;
    old.close();
  }
  connect(true);
}

async function connect(quietly = false) {
  if (loaded && !quietly) countResync("reconnect");
  if (!quietly) setConnection("connecting");
  try {
    if (office.settings === null) applySettings(await api("/api/display"));
    loadState(await api("/api/state"));
    lobbyPlaylist.configure({ token: TOKEN, timezone: office.state.office.timezone, lang: office.lang });
    lobbyPlaylist.take(await api("/api/playlist"));
  } catch (error) {
    scheduleRetry();
    return;
  }
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const url = `${scheme}://${location.host}/api/events?since=${office.seq}&token=${encodeURIComponent(TOKEN)}`;
  socket = new WebSocket(url);
  socket.onmessage = (message) => onMessage(JSON.parse(message.data));
  socket.onclose = (event) => {
    socket = null;
    if (event.code === 4401) office.badToken = true;
    scheduleRetry();
  };
}

function onMessage(message) {
  if (held !== null && message.type !== "hello") {
    held.push(message);  // applied once the new configuration and state are in, in their order
    return;
  }
  if (message.type === "hello") {
    retryMs = FIRST_RETRY_MS;
    setConnection("online");
    return;
  }
  if (message.type === "estimates.updated") {
    // The wait estimator's latest figures: not stored and not numbered, applied as they come.
    if (message.queues) office.queues = message.queues;
    renderQueues();
    return;
  }
  if (typeof message.seq !== "number" || message.seq <= office.seq) return;
  // prev beyond this page's seq: an event meant for it was lost. prev before it (after a state fetched
  // while the stream ran on) only means the fetched state already holds what came between.
  if (typeof message.prev === "number" && message.prev > office.seq) {
    resync("gap");
    return;
  }
  office.seq = message.seq;
  if (message.type === "playlist.changed") lobbyPlaylist.take({ version: message.version, items: message.items });
  applyEvent(message);
  if (message.type === "day.started") resync("day");  // the new day's whole state
  if (message.type === "office.configured") reconfigure();
}

// A changed configuration (services, counters, notices, colours): the settings and the whole state anew,
// on the same event stream (a call made meanwhile is held, not lost, and the screen never blinks offline).
async function reconfigure() {
  countResync("configured");
  held = [];
  try {
    applySettings(await api("/api/display"));
    loadState(await api("/api/state"));
  } catch (error) {
    held = null;
    office.settings = null;
    resync("reconnect");  // the server did not answer: the whole way, as after a lost connection
    return;
  }
  const waiting = held;
  held = null;
  for (const message of waiting) onMessage(message);
}

function applySettings(settings) {
  office.settings = settings;
  const root = document.documentElement.style;
  for (const [name, value] of Object.entries(settings.colors)) root.setProperty(`--${name}`, value);
  $("logo").hidden = !settings.logo;
  if (settings.logo) $("logo").src = settings.logo;
}

function loadState(state) {
  loaded = true;
  office.state = state;
  office.seq = state.seq;
  office.counters = new Map(state.counters.map((c) => [c.number, c]));
  office.recent = state.recent_calls.slice(0, RECENT_MAX);
  office.queues = state.queues;
  render();
  document.body.dataset.seq = String(office.seq);
}

function applyEvent(event) {
  if (event.queues) office.queues = event.queues;
  if (event.counter) {
    office.counters.set(event.counter.number, event.counter);
  } else if (event.ticket) {
    // A ticket event without a counter (cancel, requeue) cannot leave it shown at one.
    for (const counter of office.counters.values()) {
      if (counter.ticket && counter.ticket.id === event.ticket.id && !["called", "serving"].includes(event.ticket.status)) {
        counter.ticket = null;
      }
    }
  }
  if (event.type === "ticket.called" || event.type === "ticket.recalled") {
    office.recent = [event, ...office.recent].slice(0, RECENT_MAX);
    const seconds = office.settings ? office.settings.highlight_s : 8;
    office.freshUntil = Date.now() + seconds * 1000;
    office.freshCounter = event.counter ? event.counter.number : null;
    setTimeout(renderCall, seconds * 1000 + 50);
    if (lobbyPlaylist.hasContent()) lobbyPlaylist.call(seconds);  // the call takes the content zone too
  }
  render();
  document.body.dataset.seq = String(office.seq);
}

function counterName(number) {
  const counter = office.counters.get(number);
  return counter ? counter.name : `${words().counter} ${number}`;
}

function render() {
  if (office.state === null) { renderStatus(); return; }
  const w = words();
  document.documentElement.lang = office.lang;
  $("office").textContent = office.state.office.name;
  $("call-title").textContent = w.call;
  $("recent-title").textContent = w.recent;
  $("lang").textContent = w.other;
  const notice = office.settings ? office.settings[`notice_${office.lang}`] : "";
  if ($("notice-text").textContent !== notice) $("notice-text").textContent = notice;
  renderCall();
  renderRecent();
  renderCounters();
  renderQueues();
  renderStatus();
  renderClock();
}

function renderCall() {
  const latest = office.recent[0];
  const fresh = latest !== undefined && Date.now() < office.freshUntil;
  $("call").classList.toggle("fresh", fresh);
  $("call-number").textContent = latest ? latest.ticket.number : "—";
  $("call-counter").textContent = latest && latest.counter ? `→ ${counterName(latest.counter.number)}` : "";
  $("zone-call-title").textContent = words().call;
  $("zone-call-number").textContent = $("call-number").textContent;
  $("zone-call-counter").textContent = $("call-counter").textContent;
  for (const tile of document.querySelectorAll(".counter")) {
    tile.classList.toggle("fresh", fresh && Number(tile.dataset.counter) === office.freshCounter);
  }
}

function renderRecent() {
  const limit = office.settings ? office.settings.recent_calls : 8;
  const list = $("recent");
  list.replaceChildren(...office.recent.slice(1, limit + 1).map((call) => {
    const item = el("li");
    item.append(el("span", "number", call.ticket.number), el("span", "where", call.counter ? counterName(call.counter.number) : ""));
    return item;
  }));
}

function gridShape(count, width, height) {
  // The column count that makes the biggest tiles of a pleasant shape (about 3:2).
  let best = { columns: 1, rows: count, size: 0 };
  for (let columns = 1; columns <= count; columns++) {
    const rows = Math.ceil(count / columns);
    const size = Math.min(width / columns / 1.5, height / rows);
    if (size > best.size) best = { columns, rows, size };
  }
  return best;
}

function renderCounters() {
  const box = $("counters");
  const counters = [...office.counters.values()].sort((a, b) => a.number - b.number);
  const shape = gridShape(counters.length, box.clientWidth || 1100, box.clientHeight || 700);
  box.style.gridTemplateColumns = `repeat(${shape.columns}, 1fr)`;
  box.style.gridTemplateRows = `repeat(${shape.rows}, 1fr)`;
  box.style.setProperty("--tile", `${Math.round(shape.size)}px`);
  const w = words();
  box.replaceChildren(...counters.map((counter) => {
    const tile = el("div", "counter");
    tile.dataset.counter = String(counter.number);
    tile.dataset.state = counter.state;
    const number = counter.ticket ? counter.ticket.number : "—";
    tile.append(el("div", "name", counter.name), el("div", "number", number), el("div", "state", w.states[counter.state] || counter.state));
    return tile;
  }));
  renderCall();
}

// The wait worded as the ticket words it (hardware/slip.py wait_text, wait_range_minutes, closed_text).
const SURELY_TODAY = 0.9;
const LIKELY_TODAY = 0.5;

function rounded(minutes) {
  const step = minutes < 15 ? 1 : minutes < 60 ? 5 : 10;
  return Math.floor(minutes / step + 0.5) * step;
}

function rangeMinutes(seconds, low, high) {
  if (low !== null && low !== undefined && high !== null && high !== undefined) {
    const lo = rounded(low / 60);
    return [lo, Math.max(lo, rounded(high / 60))];
  }
  const minutes = seconds / 60;
  if (minutes < 5) {
    const single = seconds > 0 ? Math.max(1, Math.round(minutes)) : 0;
    return [single, single];
  }
  const step = minutes < 30 ? 5 : minutes < 60 ? 10 : 15;
  const lo = Math.floor(minutes / step) * step;
  return [lo, lo + step];
}

function waitWords(queue) {
  const w = words();
  const [lo, hi] = rangeMinutes(queue.estimated_wait_s, queue.estimated_low_s, queue.estimated_high_s);
  const today = queue.estimated_called_today;
  if (today !== null && today !== undefined && today < SURELY_TODAY) {
    return today < LIKELY_TODAY || lo === 0 ? w.maybeNot : w.atLeast(lo);
  }
  if (hi === 0) return w.next;
  if (lo === 0) return `${w.under} ${hi} ${w.minutes}`;
  return `${lo === hi ? lo : `${lo}–${hi}`} ${w.minutes}`;  // as the Qt display: no "about" on a tile
}

function closedWords(closure) {
  if (!closure) return "";
  const until = closure.until ? closure.until.slice(11, 16) : "";  // the office's local HH:MM
  return words().closed[closure.kind].replace("{until}", until);
}

function waitText(queue) {
  const w = words();
  const closed = closedWords(queue && queue.closure);
  if (!queue || queue.waiting === 0) return closed || w.noWait;
  return `${queue.waiting} ${w.waiting} · ${closed || waitWords(queue)}`;
}

function renderQueues() {
  const box = $("queues");
  box.replaceChildren(...office.state.services.map((service) => {
    const tile = el("div", "queue");
    tile.dataset.service = service.code;
    const name = el("div", "service");
    name.append(el("b", "", service.code), document.createTextNode(service[`name_${office.lang}`]));
    tile.append(name, el("div", "figures", waitText(office.queues[service.code])));
    return tile;
  }));
  // Too long for one line (a lunch break's words): the count, and below it the rest, smaller (as the Qt display).
  for (const figures of box.querySelectorAll(".figures")) {
    const text = figures.textContent;
    if (figures.scrollWidth <= figures.clientWidth) continue;
    figures.classList.add("small");
    if (!text.includes(" · ")) continue;
    const [count, rest] = text.split(" · ");
    figures.replaceChildren(el("div", "", count), el("div", "", rest));
  }
}

function renderStatus() {
  const w = words();
  const status = $("status");
  status.dataset.state = office.connection;
  status.textContent = office.badToken ? w.badToken : w[office.connection];
}

function renderClock() {
  const now = new Date();
  const w = words();
  const zone = office.state ? office.state.office.timezone : undefined;
  const time = now.toLocaleTimeString(w.locale, { timeZone: zone, hour: "2-digit", minute: "2-digit", hour12: false });
  const date = now.toLocaleDateString("en-GB", { timeZone: zone, day: "2-digit", month: "2-digit", year: "numeric" });
  const weekday = new Date(now.toLocaleString("en-US", { timeZone: zone })).getDay();
  $("time").textContent = time;
  $("date").textContent = `${w.days[weekday]}, ${date}`;
}

function toggleLanguage() {
  office.lang = office.lang === "vi" ? "en" : "vi";
  lobbyPlaylist.setLanguage(office.lang);
  render();
}

$("lang").addEventListener("click", toggleLanguage);
document.addEventListener("keydown", (event) => { if (event.key === "l" || event.key === "L") toggleLanguage(); });
window.addEventListener("resize", () => { if (office.state) renderCounters(); });
setInterval(renderClock, 1000);
render();
connect();
