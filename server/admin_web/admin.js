// The admin page (GET /admin): sign in with username and PIN, then edit the live configuration, clerks and
// devices through the admin API. No framework: the DOM is built with textContent only (nothing is parsed as HTML).
"use strict";

const TIMEOUT_MS = 8000;
const T = {
  services: ["Lĩnh vực", "Services"],
  servicesHint: ["Thứ tự ở đây là thứ tự trên máy lấy số. Không xoá được lĩnh vực còn phiếu chờ hôm nay: hãy ẩn nó.",
    "The order here is the kiosk's. A service with tickets waiting today cannot be removed: hide it instead."],
  code: ["Mã", "Code"], nameVi: ["Tên (tiếng Việt)", "Name (Vietnamese)"], nameEn: ["Tên (tiếng Anh)", "Name (English)"],
  label: ["Định dạng số", "Number format"], mean: ["Phục vụ TB (phút)", "Mean service (min)"],
  target: ["Chờ tối đa (phút)", "Target wait (min)"], hidden: ["Ẩn khỏi máy lấy số", "Hidden from kiosk"],
  addService: ["+ Thêm lĩnh vực", "+ Add a service"], save: ["Lưu thay đổi", "Save changes"],
  discard: ["Huỷ thay đổi", "Discard changes"], remove: ["Xoá", "Remove"],
  counters: ["Quầy", "Counters"],
  countersHint: ["Mỗi quầy phục vụ các lĩnh vực theo thứ tự (mã, cách nhau bằng dấu phẩy, lĩnh vực chính trước).",
    "Each counter serves its services in order (codes separated by commas, the main one first)."],
  number: ["Số quầy", "Number"], name: ["Tên", "Name"], serves: ["Phục vụ lĩnh vực", "Serves"],
  addCounter: ["+ Thêm quầy", "+ Add a counter"],
  office: ["Văn phòng", "Office"], officeName: ["Tên văn phòng", "Office name"],
  alert: ["Cảnh báo khi chờ quá (phút)", "Alert when a wait exceeds (min)"],
  noticeVi: ["Thông báo trên màn hình sảnh (tiếng Việt)", "Lobby notice (Vietnamese)"],
  noticeEn: ["Thông báo trên màn hình sảnh (tiếng Anh)", "Lobby notice (English)"],
  strategy: ["Cách gọi ưu tiên", "Priority rule"], strict: ["Luôn gọi ưu tiên trước", "Priority always first"],
  interleave: ["Xen kẽ: 1 ưu tiên sau mỗi N lượt thường", "Interleave: 1 priority per N regular"],
  every: ["N (xen kẽ)", "N (interleave)"],
  colour: ["Màu nút", "Button colour"], auto: ["tự động", "automatic"], closed: ["Đóng quầy", "Closed"],
  priority: ["Ưu tiên và đánh giá", "Priority and rating"],
  priorityHint: ["Các nhóm được ưu tiên (máy lấy số hỏi công dân thuộc nhóm nào) và cách gọi phiếu ưu tiên.",
    "The priority groups (the kiosk asks which one a citizen belongs to) and how priority tickets are called."],
  groups: ["Nhóm ưu tiên", "Priority groups"], addGroup: ["+ Thêm nhóm", "+ Add a group"],
  rating: ["Phiếu đánh giá", "Rating form"],
  ratingHint: ["Các mức đánh giá, tốt nhất có giá trị cao nhất; mức đánh dấu 'không hài lòng' hỏi thêm lý do.",
    "The levels, best with the highest value; a level marked 'not satisfied' asks for reasons."],
  value: ["Giá trị", "Value"], negative: ["Không hài lòng", "Not satisfied"], addLevel: ["+ Thêm mức", "+ Add a level"],
  reasons: ["Lý do không hài lòng", "Reasons for 'not satisfied'"], addReason: ["+ Thêm lý do", "+ Add a reason"],
  showSeconds: ["Màn hình đánh giá hiện (giây)", "Rating screen shown for (s)"],
  hours: ["Giờ làm việc", "Opening hours"],
  hoursHint: ["Các buổi, ví dụ 07:30-11:30, 13:30-17:00; khoảng giữa hai buổi là giờ nghỉ trưa. Để trống: nghỉ.",
    "Sessions, e.g. 07:30-11:30, 13:30-17:00; the gap between two is the lunch break. Empty: closed."],
  closedDay: ["(nghỉ)", "(closed)"], weekdays: ["Thứ hai – thứ sáu", "Monday – Friday"], saturday: ["Thứ bảy", "Saturday"], sunday: ["Chủ nhật", "Sunday"],
  clerks: ["Cán bộ", "Clerks"],
  clerksHint: ["Không bao giờ xoá cán bộ: lịch sử giữ tên. Hãy khoá tài khoản khi cán bộ nghỉ.",
    "Clerks are never deleted (the history keeps their names): disable one who leaves."],
  username: ["Tên đăng nhập", "Username"], fullName: ["Họ tên", "Full name"], pin: ["Mã PIN", "PIN"],
  role: ["Vai trò", "Role"], state: ["Trạng thái", "State"], admin: ["Quản trị", "Administrator"],
  counterClerk: ["Cán bộ quầy", "Counter clerk"], active: ["Đang dùng", "Active"], disabled: ["Đã khoá", "Disabled"],
  addClerk: ["Thêm cán bộ", "Add a clerk"], rename: ["Đổi tên", "Rename"], setPin: ["Đặt PIN mới", "Set new PIN"],
  disable: ["Khoá", "Disable"], enable: ["Mở khoá", "Enable"], makeAdmin: ["Cho quyền quản trị", "Make admin"],
  unmakeAdmin: ["Bỏ quyền quản trị", "Remove admin"], newPin: ["PIN mới", "New PIN"],
  devices: ["Thiết bị", "Devices"],
  devicesHint: ["Thiết bị bị thu hồi ngừng hoạt động trong vòng 10 giây.", "A revoked device stops within 10 s."],
  device: ["Thiết bị", "Device"], counter: ["Quầy", "Counter"], lastSeen: ["Hoạt động lần cuối", "Last seen"],
  version: ["Phiên bản", "Version"], revoke: ["Thu hồi", "Revoke"], revoked: ["Đã thu hồi", "Revoked"],
  never: ["chưa hoạt động", "never seen"],
  pendingTitle: ["Thiết bị mới đang chờ duyệt", "New devices waiting for approval"],
  pendingHint: ["Thiết bị mới hiện một mã 6 số trên màn hình. Kiểm tra mã, chọn loại, tên và quầy rồi bấm Duyệt.",
    "A new device shows a 6-digit code on its screen. Check the code, choose its role, name and counter, then Approve."],
  noPending: ["Không có thiết bị nào đang chờ.", "No device is waiting."],
  pairCode: ["Mã trên thiết bị", "Code on the device"], kind: ["Thiết bị tự báo", "It says it is"],
  host: ["Tên máy", "Host name"], approve: ["Duyệt", "Approve"], refuse: ["Từ chối", "Refuse"],
  refresh: ["Làm mới", "Refresh"],
  procedures: ["Thủ tục hành chính", "Administrative procedures"],
  proceduresHint: ["Sửa một thủ tục; cả danh mục được nhập bằng 'onestop procedures import'. Để trống nếu chưa công bố.",
    "Edit one procedure; the whole catalogue is imported with 'onestop procedures import'. Leave empty what is not published."],
  procedure: ["Thủ tục", "Procedure"], field: ["Lĩnh vực (như công bố)", "Field (as published)"],
  fieldEn: ["Lĩnh vực (tiếng Anh)", "Field (English)"], service: ["Lấy số vào lĩnh vực", "Queue (service)"],
  level: ["Cấp giải quyết", "Level"], fee: ["Phí, lệ phí", "Fee"], time: ["Thời hạn giải quyết", "Processing time"],
  resultAt: ["Nơi trả kết quả", "Results returned at"], legal: ["Căn cứ pháp lý", "Legal basis"],
  portal: ["Liên kết Cổng DVC", "Portal link"], note: ["Ghi chú", "Note"], papers: ["Thành phần hồ sơ", "Papers to bring"],
  paper: ["Giấy tờ", "Paper"], copies: ["Số bản (0 = xuất trình)", "Copies (0 = shown)"], original: ["Bản chính", "Original"],
  addPaper: ["+ Thêm giấy tờ", "+ Add a paper"], none: ["(không)", "(none)"],
  saved: ["Đã lưu: cấu hình phiên bản %s. Mọi màn hình cập nhật trong 2 giây.",
    "Saved: configuration version %s. Every screen shows it within 2 s."],
  done: ["Đã thực hiện.", "Done."], confirmRevoke: ["Thu hồi thiết bị %s?", "Revoke device %s?"],
  configVersion: ["Cấu hình phiên bản %s", "Configuration version %s"],
  offline: ["Không kết nối được máy chủ. Vui lòng thử lại.", "The server cannot be reached. Please try again."],
  roleNames: ["kiosk: máy lấy số · counter: quầy · rating: đánh giá · display: màn hình · supervisor: lãnh đạo · sync: đồng bộ", ""],
};

let lang = "vi";
let session = JSON.parse(sessionStorage.getItem("onestop-admin") || "null");
let config = null;   // {version, document} as the server last answered
let draft = null;    // the document being edited
let tab = "services";

const $ = (id) => document.getElementById(id);
const t = (key, arg) => T[key][lang === "vi" ? 0 : 1].replace("%s", arg ?? "");

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "className") node.className = value;
    else if (value === true) node.setAttribute(key, "");
    else if (value !== false && value !== null && value !== undefined) node.setAttribute(key, value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

async function call(method, path, body) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  const headers = { "Content-Type": "application/json" };
  if (session) headers.Authorization = `Bearer ${session.token}`;
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      signal: controller.signal, cache: "no-store" });
  } catch (error) {
    throw { vi: T.offline[0], en: T.offline[1] };
  } finally {
    clearTimeout(timer);
  }
  if (response.status === 401 && path !== "/api/admin/sign-in") { signOut(false); }
  if (response.status === 204) return null;
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw { vi: answer.message_vi || "Lỗi", en: answer.message || `HTTP ${response.status}` };
  return answer;
}

function banner(kind, vi, en) {
  const box = $("banner");
  box.className = kind;
  box.replaceChildren(el("span", { text: lang === "vi" ? vi : en }), el("span", { className: "en", text: lang === "vi" ? en : vi }));
  box.hidden = false;
  if (kind === "ok") setTimeout(() => { if (box.className === "ok") box.hidden = true; }, 6000);
}
const fail = (error) => banner("error", error.vi, error.en);

// -- session ---------------------------------------------------------------------------------

async function onSignIn(event) {
  event.preventDefault();
  const form = event.target;
  try {
    session = await call("POST", "/api/admin/sign-in", { username: form.username.value.trim(), pin: form.pin.value });
    sessionStorage.setItem("onestop-admin", JSON.stringify(session));
    form.reset();
    $("banner").hidden = true;
    await openWorkspace();
  } catch (error) { fail(error); }
}

function signOut(tell = true) {
  if (tell && session) call("POST", "/api/admin/sign-out").catch(() => {});
  session = null;
  sessionStorage.removeItem("onestop-admin");
  $("workspace").hidden = true;
  $("who").hidden = true;
  $("sign-in").hidden = false;
}

async function openWorkspace() {
  await loadConfig();
  $("sign-in").hidden = true;
  $("workspace").hidden = false;
  $("who").hidden = false;
  $("who-name").textContent = session.name || session.username;
  showTab(tab);
}

async function loadConfig() {
  config = await call("GET", "/api/admin/config");
  draft = structuredClone(config.document);
}

async function saveConfig() {
  try {
    config = await call("PUT", "/api/admin/config", { version: config.version, document: draft });
    draft = structuredClone(config.document);
    banner("ok", T.saved[0].replace("%s", config.version), T.saved[1].replace("%s", config.version));
    $("office").textContent = config.document.office.name;
    render();
  } catch (error) { fail(error); }
}

// -- tabs ------------------------------------------------------------------------------------

function showTab(name) {
  tab = name;
  for (const button of document.querySelectorAll("#tabs button")) button.classList.toggle("active", button.dataset.tab === name);
  for (const section of document.querySelectorAll(".tab")) section.hidden = section.id !== `tab-${name}`;
  render();
}

function render() {
  if (!config) return;
  $("version").textContent = t("configVersion", config.version);
  ({ services: renderServices, counters: renderCounters, office: renderOffice, priority: renderPriority, clerks: renderClerks,
    devices: renderDevices, procedures: renderProcedures, playlist: renderPlaylist })[tab]();
}

function input(value, onchange, props = {}) {
  return el("input", { value: value ?? "", oninput: (e) => onchange(e.target.value), ...props });
}
function numberInput(value, onchange, props = {}) {
  return el("input", { type: "number", value, step: "any", oninput: (e) => onchange(Number(e.target.value)), ...props });
}
function saveBar() {
  return el("div", { className: "row-actions" },
    el("button", { type: "button", className: "primary", text: t("save"), onclick: saveConfig }),
    el("button", { type: "button", className: "small", text: t("discard"), onclick: () => { draft = structuredClone(config.document); render(); } }));
}
function head(...keys) { return el("thead", {}, el("tr", {}, ...keys.map((k) => el("th", { text: k ? t(k) : "" })))); }
function move(list, i, step) { const j = i + step; if (j < 0 || j >= list.length) return; [list[i], list[j]] = [list[j], list[i]]; render(); }

// A colour picker, and "automatic" (the kiosk's palette) when the service has none.
function colourInput(s) {
  const auto = el("input", { type: "checkbox", checked: !s.colour, title: t("auto"),
    onchange: (e) => { s.colour = e.target.checked ? null : picker.value; picker.hidden = e.target.checked; } });
  const picker = el("input", { type: "color", value: s.colour || "#1565c0", hidden: !s.colour,
    oninput: (e) => { s.colour = e.target.value; } });
  return el("span", { className: "colour-pick" }, el("label", { className: "colour-auto" }, auto, el("span", { text: t("auto") })), " ", picker);
}

function renderServices() {
  const known = new Set(config.document.services.map((s) => s.code));
  const rows = draft.services.map((s, i) => el("tr", {},
    known.has(s.code) ? el("td", { className: "code", text: s.code })
      : el("td", { className: "code" }, input(s.code, (v) => { s.code = v.trim().toUpperCase(); }, { maxlength: 8, size: 3 })),
    el("td", { className: "name" }, input(s.name_vi, (v) => { s.name_vi = v; })),
    el("td", { className: "name" }, input(s.name_en, (v) => { s.name_en = v; })),
    el("td", { className: "num" }, input(s.label, (v) => { s.label = v.trim() || null; }, { maxlength: 12 })),
    el("td", { className: "num" }, numberInput(s.mean_service_min, (v) => { s.mean_service_min = v; }, { min: 0.1 })),
    el("td", { className: "num" }, numberInput(s.target_wait_min, (v) => { s.target_wait_min = v; }, { min: 1 })),
    el("td", { className: "colour" }, colourInput(s)),
    el("td", {}, el("input", { type: "checkbox", checked: s.hidden, onchange: (e) => { s.hidden = e.target.checked; } })),
    el("td", { className: "actions" },
      el("button", { type: "button", className: "small", text: "↑", title: "↑", onclick: () => move(draft.services, i, -1) }),
      el("button", { type: "button", className: "small", text: "↓", title: "↓", onclick: () => move(draft.services, i, 1) }),
      el("button", { type: "button", className: "small danger", text: t("remove"), onclick: () => { draft.services.splice(i, 1); render(); } }))));
  $("tab-services").replaceChildren(
    el("h2", { text: t("services") }), el("p", { className: "hint", text: t("servicesHint") }),
    el("table", {}, head("code", "nameVi", "nameEn", "label", "mean", "target", "colour", "hidden", ""), el("tbody", {}, ...rows)),
    el("div", { className: "row-actions" }, el("button", { type: "button", className: "small", text: t("addService"),
      onclick: () => { draft.services.push({ code: "", name_vi: "", name_en: "", label: null, mean_service_min: 8, target_wait_min: 15, hidden: false, colour: null }); render(); } })),
    saveBar());
}

function renderCounters() {
  const rows = draft.counters.map((c, i) => el("tr", {},
    el("td", { className: "num" }, numberInput(c.number, (v) => { c.number = Math.trunc(v); }, { min: 1, max: 999, step: 1 })),
    el("td", {}, input(c.name, (v) => { c.name = v.trim() || null; })),
    el("td", {}, input(c.services.join(", "), (v) => { c.services = v.split(/[,\s]+/).map((x) => x.trim().toUpperCase()).filter(Boolean); })),
    el("td", {}, el("input", { type: "checkbox", checked: c.closed, onchange: (e) => { c.closed = e.target.checked; } })),
    el("td", { className: "actions" },
      el("button", { type: "button", className: "small danger", text: t("remove"), onclick: () => { draft.counters.splice(i, 1); render(); } }))));
  const next = Math.max(0, ...draft.counters.map((c) => c.number)) + 1;
  $("tab-counters").replaceChildren(
    el("h2", { text: t("counters") }), el("p", { className: "hint", text: t("countersHint") }),
    el("table", {}, head("number", "name", "serves", "closed", ""), el("tbody", {}, ...rows)),
    el("div", { className: "row-actions" }, el("button", { type: "button", className: "small", text: t("addCounter"),
      onclick: () => { draft.counters.push({ number: next, name: `Quầy ${next}`, services: [], closed: false }); render(); } })),
    saveBar());
}

// Sessions as typed ("07:30-11:30, 13:30-17:00") ↔ the document's list; empty: null (not given) or [] (closed).
const sessionsText = (list) => (list ?? []).join(", ");
const sessionsOf = (text, emptyAs) => { const l = text.split(/[,;]+/).map((x) => x.trim()).filter(Boolean); return l.length ? l : emptyAs; };

function renderOffice() {
  const d = draft;
  const day = (key, emptyAs) => el("label", {}, el("span", { text: t(key) }),
    input(sessionsText(d.hours[key]), (v) => { d.hours[key] = sessionsOf(v, emptyAs); }, { placeholder: t("closedDay") }));
  $("tab-office").replaceChildren(
    el("h2", { text: t("office") }),
    el("div", { className: "grid2" },
      el("label", { className: "wide" }, el("span", { text: t("officeName") }), input(d.office.name, (v) => { d.office.name = v; })),
      el("label", {}, el("span", { text: t("alert") }), numberInput(d.office.alert_wait_min, (v) => { d.office.alert_wait_min = v; }, { min: 1 })),
      el("span", {}),
      el("label", { className: "wide" }, el("span", { text: t("noticeVi") }), input(d.display.notice_vi, (v) => { d.display.notice_vi = v; })),
      el("label", { className: "wide" }, el("span", { text: t("noticeEn") }), input(d.display.notice_en, (v) => { d.display.notice_en = v; }))),
    el("h2", { text: t("hours"), style: "margin-top: 18px" }), el("p", { className: "hint", text: t("hoursHint") }),
    el("div", { className: "grid2" }, day("weekdays", []), day("saturday", null), day("sunday", null)),
    saveBar());
}

// A list of {code, name…} rows edited in place: one input per key, a remove button, and an add button below.
function rowsTable(list, columns, blank, addKey) {
  const rows = list.map((item, i) => el("tr", {},
    ...columns.map(([key, kind]) => el("td", { className: kind === "text" ? "" : kind === "code" ? "keycode" : "num" },
      kind === "check" ? el("input", { type: "checkbox", checked: item[key], onchange: (e) => { item[key] = e.target.checked; } })
        : kind === "number" ? numberInput(item[key], (v) => { item[key] = Math.trunc(v); }, { min: 1, step: 1 })
          : input(item[key], (v) => { item[key] = kind === "code" ? v.trim() : v; }, kind === "code" ? { size: 10 } : {}))),
    el("td", { className: "actions" },
      el("button", { type: "button", className: "small danger", text: t("remove"), onclick: () => { list.splice(i, 1); render(); } }))));
  return [
    el("table", {}, head(...columns.map(([, , label]) => label), ""), el("tbody", {}, ...rows)),
    el("div", { className: "row-actions" }, el("button", { type: "button", className: "small", text: t(addKey),
      onclick: () => { list.push(blank()); render(); } })),
  ];
}

const DEFAULT_RATING = () => ({ show_seconds: 30, tablet_window_min: 10, reasons: [], levels: [
  { value: 3, label_vi: "Rất hài lòng", label_en: "Very satisfied", negative: false },
  { value: 2, label_vi: "Hài lòng", label_en: "Satisfied", negative: false },
  { value: 1, label_vi: "Không hài lòng", label_en: "Not satisfied", negative: true }] });

function renderPriority() {
  const d = draft;
  if (!d.rating) d.rating = DEFAULT_RATING();
  if (!d.rating.reasons) d.rating.reasons = [];
  const strategy = el("select", { onchange: (e) => { d.priority.strategy = e.target.value; } },
    el("option", { value: "strict", text: t("strict"), selected: d.priority.strategy === "strict" }),
    el("option", { value: "interleave", text: t("interleave"), selected: d.priority.strategy === "interleave" }));
  $("tab-priority").replaceChildren(
    el("h2", { text: t("priority") }), el("p", { className: "hint", text: t("priorityHint") }),
    el("div", { className: "grid2" },
      el("label", {}, el("span", { text: t("strategy") }), strategy),
      el("label", {}, el("span", { text: t("every") }), numberInput(d.priority.every, (v) => { d.priority.every = Math.trunc(v); }, { min: 1, step: 1 }))),
    el("h3", { text: t("groups") }),
    ...rowsTable(d.priority.groups, [["code", "code", "code"], ["name_vi", "text", "nameVi"], ["name_en", "text", "nameEn"]],
      () => ({ code: "", name_vi: "", name_en: "" }), "addGroup"),
    el("h2", { text: t("rating"), style: "margin-top: 18px" }), el("p", { className: "hint", text: t("ratingHint") }),
    ...rowsTable(d.rating.levels, [["value", "number", "value"], ["label_vi", "text", "nameVi"], ["label_en", "text", "nameEn"],
      ["negative", "check", "negative"]], () => ({ value: 1, label_vi: "", label_en: "", negative: false }), "addLevel"),
    el("h3", { text: t("reasons") }),
    ...rowsTable(d.rating.reasons, [["code", "code", "code"], ["label_vi", "text", "nameVi"], ["label_en", "text", "nameEn"]],
      () => ({ code: "", label_vi: "", label_en: "" }), "addReason"),
    el("div", { className: "grid2" },
      el("label", {}, el("span", { text: t("showSeconds") }), numberInput(d.rating.show_seconds, (v) => { d.rating.show_seconds = Math.trunc(v); }, { min: 5, step: 1 }))),
    saveBar());
}

async function act(method, path, body) {
  try { await call(method, path, body); banner("ok", T.done[0], T.done[1]); render(); } catch (error) { fail(error); }
}

async function renderClerks() {
  let clerks;
  try { clerks = (await call("GET", "/api/admin/clerks")).clerks; } catch (error) { fail(error); return; }
  const enc = encodeURIComponent;
  const rows = clerks.map((c) => {
    const name = input(c.name, () => {});
    const pin = el("input", { type: "password", inputmode: "numeric", maxlength: 12, placeholder: t("newPin"), size: 8 });
    return el("tr", {},
      el("td", { text: c.username }),
      el("td", {}, name),
      el("td", {}, el("span", { className: c.role === "admin" ? "badge admin" : "badge", text: c.role === "admin" ? t("admin") : t("counterClerk") })),
      el("td", {}, el("span", { className: c.active ? "badge" : "badge off", text: c.active ? t("active") : t("disabled") })),
      el("td", { className: "actions" },
        el("button", { type: "button", className: "small", text: t("rename"), onclick: () => act("PATCH", `/api/admin/clerks/${enc(c.username)}`, { name: name.value.trim() }) }), " ",
        pin, " ",
        el("button", { type: "button", className: "small", text: t("setPin"), onclick: () => act("POST", `/api/admin/clerks/${enc(c.username)}/pin`, { pin: pin.value }) }), " ",
        el("button", { type: "button", className: "small", text: c.role === "admin" ? t("unmakeAdmin") : t("makeAdmin"),
          onclick: () => act("PATCH", `/api/admin/clerks/${enc(c.username)}`, { admin: c.role !== "admin" }) }), " ",
        el("button", { type: "button", className: c.active ? "small danger" : "small", text: c.active ? t("disable") : t("enable"),
          onclick: () => act("PATCH", `/api/admin/clerks/${enc(c.username)}`, { active: !c.active }) })));
  });
  const form = el("form", { className: "row-actions", onsubmit: (e) => { e.preventDefault();
    const f = e.target;
    act("POST", "/api/admin/clerks", { username: f.username.value.trim(), name: f.fullname.value.trim(), pin: f.pin.value, admin: f.admin.checked }); } },
    el("input", { name: "username", placeholder: t("username"), required: true, maxlength: 64 }),
    el("input", { name: "fullname", placeholder: t("fullName"), required: true, maxlength: 100 }),
    el("input", { name: "pin", type: "password", inputmode: "numeric", placeholder: t("pin"), required: true, maxlength: 12, size: 8 }),
    el("label", { className: "inline" }, el("input", { name: "admin", type: "checkbox" }), el("span", { text: t("admin") })),
    el("button", { type: "submit", className: "primary", text: t("addClerk") }));
  $("tab-clerks").replaceChildren(
    el("h2", { text: t("clerks") }), el("p", { className: "hint", text: t("clerksHint") }),
    el("table", {}, head("username", "fullName", "role", "state", ""), el("tbody", {}, ...rows)), form);
}

async function renderDevices() {
  let devices;
  try { devices = (await call("GET", "/api/admin/devices")).devices; } catch (error) { fail(error); return; }
  const when = (iso) => iso ? new Date(iso).toLocaleString(lang === "vi" ? "vi-VN" : "en-GB") : t("never");
  const rows = devices.map((d) => {
    const name = input(d.name, () => {}, { maxlength: 40, size: 14 });
    return el("tr", {},
      el("td", {}, name),
      el("td", { text: d.role }),
      el("td", { text: d.counter ?? "—" }),
      el("td", { className: d.last_seen ? "" : "muted", text: when(d.last_seen) }),
      el("td", { text: d.version ?? "—" }),
      el("td", {}, el("span", { className: d.revoked ? "badge off" : "badge", text: d.revoked ? t("revoked") : t("active") })),
      el("td", { className: "actions" },
        el("button", { type: "button", className: "small", text: t("rename"), disabled: d.revoked,
          onclick: () => act("POST", `/api/admin/devices/${encodeURIComponent(d.name)}/rename`, { name: name.value.trim() }) }), " ",
        el("button", { type: "button", className: "small danger", text: t("revoke"), disabled: d.revoked,
          onclick: () => { if (confirm(t("confirmRevoke", d.name))) act("POST", `/api/admin/devices/${encodeURIComponent(d.name)}/revoke`); } })));
  });
  let pending = [];
  try { pending = (await call("GET", "/api/admin/pairings")).pending; } catch (error) { fail(error); }
  const wanted = new URLSearchParams(location.search).get("pair");
  const counters = (config?.document.counters ?? []).map((c) => c.number);
  const pendingRows = pending.map((p) => {
    const name = el("input", { value: `${p.kind}-${p.code.slice(0, 3)}`, maxlength: 40, size: 12 });
    const role = el("select", {}, ...["kiosk", "counter", "rating", "display", "supervisor", "sync"].map(
      (r) => el("option", { value: r, text: r, selected: r === (p.kind === "led" ? "display" : p.kind) })));
    const counter = el("select", {}, el("option", { value: "", text: "—" }),
      ...counters.map((n) => el("option", { value: n, text: n })));
    return el("tr", { className: p.code === wanted ? "wanted" : "" },
      el("td", { className: "code", text: `${p.code.slice(0, 3)} ${p.code.slice(3)}` }),
      el("td", { text: p.kind }), el("td", { text: p.hint || "—" }),
      el("td", {}, name), el("td", {}, role), el("td", {}, counter),
      el("td", { className: "actions" },
        el("button", { type: "button", className: "primary", text: t("approve"), onclick: () => act("POST",
          `/api/admin/pairings/${p.code}/approve`, { name: name.value.trim(), role: role.value,
            counter: counter.value ? Number(counter.value) : null }) }), " ",
        el("button", { type: "button", className: "small danger", text: t("refuse"),
          onclick: () => act("POST", `/api/admin/pairings/${p.code}/refuse`) })));
  });
  $("tab-devices").replaceChildren(
    el("h2", { text: t("pendingTitle") }), el("p", { className: "hint", text: t("pendingHint") }),
    pending.length ? el("table", {}, head("pairCode", "kind", "host", "device", "role", "counter", ""), el("tbody", {}, ...pendingRows))
      : el("p", { className: "muted", text: t("noPending") }),
    el("div", { className: "row-actions" }, el("button", { type: "button", className: "small", text: t("refresh"), onclick: render })),
    el("h2", { text: t("devices"), style: "margin-top: 24px" }), el("p", { className: "hint", text: t("devicesHint") }),
    el("table", {}, head("device", "role", "counter", "lastSeen", "version", "state", ""), el("tbody", {}, ...rows)));
}

let procedureCode = null;
let procedureDraft = null;

async function renderProcedures() {
  let catalogue;
  try { catalogue = await call("GET", "/api/procedures"); } catch (error) { fail(error); return; }
  const list = catalogue.procedures;
  if (!list.length) { $("tab-procedures").replaceChildren(el("h2", { text: t("procedures") }), el("p", { className: "muted", text: "—" })); return; }
  if (!procedureDraft || !list.some((p) => p.code === procedureCode)) {
    procedureCode = list[0].code;
    procedureDraft = structuredClone(list[0]);
  }
  const d = procedureDraft;
  const pick = el("select", { onchange: (e) => { procedureCode = e.target.value; procedureDraft = structuredClone(list.find((p) => p.code === procedureCode)); render(); } },
    ...list.map((p) => el("option", { value: p.code, text: `${p.code} — ${p.name}`, selected: p.code === procedureCode })));
  const service = el("select", { onchange: (e) => { d.service = e.target.value || null; } },
    el("option", { value: "", text: t("none"), selected: !d.service }),
    ...(config?.document.services ?? []).map((s) => el("option", { value: s.code, text: `${s.code} — ${lang === "vi" ? s.name_vi : s.name_en}`, selected: s.code === d.service })));
  const level = el("select", { onchange: (e) => { d.level = e.target.value; } },
    ...["commune", "province"].map((v) => el("option", { value: v, text: v === "commune" ? (lang === "vi" ? "Cấp xã" : "Commune") : (lang === "vi" ? "Cấp tỉnh" : "Province"), selected: d.level === v })));
  const text = (key, label, wide = true) => el("label", { className: wide ? "wide" : "" }, el("span", { text: t(label) }), input(d[key], (v) => { d[key] = v; }));
  const papers = d.papers.map((p, i) => el("tr", {},
    el("td", { className: "paper" }, input(p.name, (v) => { p.name = v; })),
    el("td", { className: "num" }, numberInput(p.copies, (v) => { p.copies = Math.trunc(v); }, { min: 0, max: 20, step: 1 })),
    el("td", {}, el("input", { type: "checkbox", checked: p.original, onchange: (e) => { p.original = e.target.checked; } })),
    el("td", { className: "actions" }, el("button", { type: "button", className: "small danger", text: t("remove"), onclick: () => { d.papers.splice(i, 1); render(); } }))));
  const save = async () => {
    const body = { name: d.name, name_en: d.name_en, field: d.field, field_en: d.field_en, service: d.service, level: d.level,
      fee: d.fee, processing_time: d.processing_time, result_at: d.result_at, legal_basis: d.legal_basis,
      portal_url: d.portal_url, note: d.note, papers: d.papers.map((p) => ({ name: p.name, copies: p.copies, original: p.original })) };
    try {
      procedureDraft = await call("PUT", `/api/admin/procedures/${encodeURIComponent(procedureCode)}`, body);
      banner("ok", T.done[0], T.done[1]);
      render();
    } catch (error) { fail(error); }
  };
  $("tab-procedures").replaceChildren(
    el("h2", { text: t("procedures") }), el("p", { className: "hint", text: t("proceduresHint") }),
    el("div", { className: "grid2" },
      el("label", { className: "wide" }, el("span", { text: t("procedure") }), pick),
      text("name", "nameVi"), text("name_en", "nameEn"), text("field", "field", false), text("field_en", "fieldEn", false),
      el("label", {}, el("span", { text: t("service") }), service), el("label", {}, el("span", { text: t("level") }), level),
      text("fee", "fee", false), text("processing_time", "time", false), text("result_at", "resultAt"),
      text("legal_basis", "legal"), text("portal_url", "portal"), text("note", "note")),
    el("h2", { text: t("papers"), style: "margin-top: 18px" }),
    el("table", {}, head("paper", "copies", "original", ""), el("tbody", {}, ...papers)),
    el("div", { className: "row-actions" },
      el("button", { type: "button", className: "small", text: t("addPaper"), onclick: () => { d.papers.push({ name: "", copies: 1, original: false }); render(); } })),
    el("div", { className: "row-actions" },
      el("button", { type: "button", className: "primary", text: t("save"), onclick: save }),
      el("button", { type: "button", className: "small", text: t("discard"), onclick: () => { procedureDraft = null; render(); } })));
}

// -- language --------------------------------------------------------------------------------

function setLanguage(code) {
  lang = code;
  document.documentElement.lang = code;
  for (const node of document.querySelectorAll("[data-vi]")) node.textContent = node.dataset[code];
  $("lang").textContent = code === "vi" ? "English" : "Tiếng Việt";
  render();
}

$("lang").addEventListener("click", () => setLanguage(lang === "vi" ? "en" : "vi"));
$("sign-in").addEventListener("submit", onSignIn);
$("sign-out").addEventListener("click", () => signOut(true));
for (const button of document.querySelectorAll("#tabs button")) button.addEventListener("click", () => showTab(button.dataset.tab));
if (new URLSearchParams(location.search).get("lang") === "en") setLanguage("en");
// The QR on a new device's pairing screen opens /admin?pair=CODE: straight to the devices.
if (new URLSearchParams(location.search).get("pair")) tab = "devices";
if (session) openWorkspace().catch(() => signOut(false));
