// The admin page's "Trình chiếu / Lobby playlist" tab (loaded after admin.js, whose helpers it uses): upload
// posters and videos (the file's bytes as the body: POST /api/admin/playlist/media), add text slides, set each
// slide's duration and hours, order, show or hide, delete. Every change reaches the lobby screens within 2 s.
"use strict";

Object.assign(T, {
  playlist: ["Trình chiếu màn hình sảnh", "Lobby playlist"],
  playlistHint: ["Ảnh PNG/JPEG (tối đa 10 MB), video MP4/WebM (tối đa 50 MB, không có tiếng) và chữ. Khi gọi số, màn hình ưu tiên số được gọi.",
    "PNG/JPEG images (10 MB at most), MP4/WebM videos (50 MB, played silent) and texts. A call always takes the screen first."],
  upload: ["Tải lên ảnh hoặc video", "Upload an image or a video"], uploading: ["Đang tải lên %s…", "Uploading %s…"],
  addText: ["+ Thêm trang chữ", "+ Add a text slide"], textVi: ["Nội dung (tiếng Việt)", "Text (Vietnamese)"],
  textEn: ["Nội dung (tiếng Anh)", "Text (English)"], slide: ["Nội dung", "Content"], seconds: ["Thời lượng (giây)", "Seconds"],
  toEnd: ["đến hết video", "to its end"], from: ["Từ giờ", "From"], to: ["Đến giờ", "To"], shown: ["Hiển thị", "Shown"],
  apply: ["Lưu", "Save"], up: ["▲", "▲"], down: ["▼", "▼"], emptyPlaylist: ["Chưa có nội dung nào.", "Nothing yet."],
  confirmDelete: ["Xoá \"%s\" khỏi trình chiếu?", "Delete \"%s\" from the playlist?"],
  kinds: ["ảnh · video · chữ", "image · video · text"],
});

async function uploadMedia(file, seconds) {
  const params = new URLSearchParams({ title: file.name.slice(0, 200) });
  if (seconds) params.set("duration_s", String(seconds));
  banner("ok", T.uploading[0].replace("%s", file.name), T.uploading[1].replace("%s", file.name));
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 120000);  // a 50 MB video on a slow LAN
  let response;
  try {
    response = await fetch(`/api/admin/playlist/media?${params}`, { method: "POST", body: file, signal: controller.signal,
      headers: { Authorization: `Bearer ${session.token}`, "Content-Type": "application/octet-stream" } });
  } catch (error) {
    fail({ vi: T.offline[0], en: T.offline[1] });
    return;
  } finally {
    clearTimeout(timer);
  }
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) { fail({ vi: answer.message_vi || "Lỗi", en: answer.message || `HTTP ${response.status}` }); return; }
  banner("ok", T.done[0], T.done[1]);
  render();
}

function thumbnail(item) {
  if (item.kind === "image") return el("img", { className: "thumb", alt: item.title, src: `${item.url}?token=${encodeURIComponent(session.token)}` });
  if (item.kind === "video") return el("span", { className: "thumb video", text: "▶" });
  return el("span", { className: "thumb text", text: "Aa" });
}

async function renderPlaylist() {
  let playlist;
  try { playlist = await call("GET", "/api/admin/playlist"); } catch (error) { fail(error); return; }
  const items = playlist.items;
  const ids = items.map((i) => i.id);
  const reorder = (i, step) => {
    const j = i + step;
    if (j < 0 || j >= ids.length) return;
    [ids[i], ids[j]] = [ids[j], ids[i]];
    act("PUT", "/api/admin/playlist/order", { ids });
  };
  const rows = items.map((item, i) => {
    const seconds = el("input", { type: "number", min: 3, max: 600, step: 1, size: 4, value: item.duration_s ?? "",
      placeholder: item.kind === "video" ? t("toEnd") : "" });
    const from = el("input", { type: "time", value: item.show_from ?? "" });
    const to = el("input", { type: "time", value: item.show_to ?? "" });
    const shown = el("input", { type: "checkbox", checked: item.enabled });
    const words = item.kind === "text" ? el("div", {},
      input(item.text_vi, () => {}, { className: "text-vi", maxlength: 600 }),
      input(item.text_en ?? "", () => {}, { className: "text-en", maxlength: 600, placeholder: t("textEn") })) : null;
    const save = () => {
      const body = { duration_s: seconds.value ? Number(seconds.value) : null, show_from: from.value || null,
        show_to: to.value || null, enabled: shown.checked };
      if (words) { body.text_vi = words.querySelector(".text-vi").value; body.text_en = words.querySelector(".text-en").value; }
      act("PATCH", `/api/admin/playlist/${item.id}`, body);
    };
    return el("tr", { "data-item": item.id, className: item.enabled ? "" : "muted" },
      el("td", { className: "actions" },
        el("button", { type: "button", className: "small", text: t("up"), disabled: i === 0, onclick: () => reorder(i, -1) }),
        el("button", { type: "button", className: "small", text: t("down"), disabled: i === items.length - 1, onclick: () => reorder(i, 1) })),
      el("td", {}, thumbnail(item)),
      el("td", { className: "name" }, words ?? el("div", { text: item.title })),
      el("td", { className: "num" }, seconds),
      el("td", {}, from), el("td", {}, to),
      el("td", {}, shown),
      el("td", { className: "actions" },
        el("button", { type: "button", className: "small save", text: t("apply"), onclick: save }), " ",
        el("button", { type: "button", className: "small danger", text: t("remove"),
          onclick: () => { if (confirm(t("confirmDelete", item.title))) act("DELETE", `/api/admin/playlist/${item.id}`); } })));
  });
  const file = el("input", { type: "file", accept: "image/png,image/jpeg,video/mp4,video/webm", id: "playlist-file" });
  const uploadForm = el("form", { className: "row-actions", onsubmit: (e) => { e.preventDefault();
    if (file.files.length) uploadMedia(file.files[0], Number(e.target.seconds.value) || null); } },
    file, el("input", { name: "seconds", type: "number", min: 3, max: 600, step: 1, placeholder: t("seconds"), size: 6 }),
    el("button", { type: "submit", className: "primary", text: t("upload") }));
  const textForm = el("form", { className: "row-actions", onsubmit: (e) => { e.preventDefault();
    const f = e.target;
    act("POST", "/api/admin/playlist/text", { text_vi: f.vi.value.trim(), text_en: f.en.value.trim(),
      duration_s: Number(f.seconds.value) || 10 }); } },
    el("input", { name: "vi", placeholder: t("textVi"), required: true, maxlength: 600, size: 40 }),
    el("input", { name: "en", placeholder: t("textEn"), maxlength: 600, size: 30 }),
    el("input", { name: "seconds", type: "number", min: 3, max: 600, step: 1, value: 10, size: 5 }),
    el("button", { type: "submit", className: "small", text: t("addText") }));
  $("tab-playlist").replaceChildren(
    el("h2", { text: t("playlist") }), el("p", { className: "hint", text: t("playlistHint") }),
    items.length ? el("table", { id: "playlist" }, head("", "", "slide", "seconds", "from", "to", "shown", ""), el("tbody", {}, ...rows))
      : el("p", { className: "muted", text: t("emptyPlaylist") }),
    uploadForm, textForm);
}
