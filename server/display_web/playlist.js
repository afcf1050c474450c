// The lobby display's content zone in a browser: the office's playlist (posters, muted videos, texts),
// the same rules as the Qt display (core/playlist.py): in order, each for its duration (a video without
// one: to its end), only within its hours of the day (the office's time zone), disabled ones skipped.
// A call takes the zone for the display's highlight seconds; a video under it pauses. display.js feeds it:
// lobbyPlaylist.take(playlist) on load and on each playlist.changed event, lobbyPlaylist.call(event).
"use strict";

const lobbyPlaylist = (() => {
  const VIDEO_CAP_S = 600;
  const IDLE_CHECK_MS = 30000;
  const state = { version: -1, items: [], current: null, timer: null, callUntil: 0, callTimer: null,
                  token: "", timezone: undefined, lang: "vi", onChange: () => {} };
  const $ = (id) => document.getElementById(id);

  function minuteNow() {
    const parts = new Intl.DateTimeFormat("en-GB", { timeZone: state.timezone, hour: "2-digit", minute: "2-digit", hour12: false })
      .format(new Date()).split(":");
    return (Number(parts[0]) % 24) * 60 + Number(parts[1]);
  }

  function minuteOf(text) {
    const [h, m] = text.split(":");
    return Number(h) * 60 + Number(m);
  }

  function showsAt(item, minute) {
    if (!item.enabled) return false;
    if (item.show_from === null || item.show_to === null) return true;
    const start = minuteOf(item.show_from), end = minuteOf(item.show_to);
    return start < end ? start <= minute && minute < end : minute >= start || minute < end;
  }

  function nextItem(after) {
    const items = state.items;
    const index = items.findIndex((i) => i.id === after);
    const start = index >= 0 ? index + 1 : 0;
    const minute = minuteNow();
    for (let offset = 0; offset < items.length; offset += 1) {
      const item = items[(start + offset) % items.length];
      if (showsAt(item, minute)) return item;
    }
    return null;
  }

  function mediaUrl(item) {
    return `${item.url}?token=${encodeURIComponent(state.token)}`;
  }

  function advance() {
    clearTimeout(state.timer);
    show(nextItem(state.current ? state.current.id : null));
  }

  function show(item) {
    state.current = item;
    const slide = $("slide");
    const zone = $("zone");
    document.body.classList.toggle("has-playlist", item !== null);
    zone.hidden = item === null;
    if (item === null) {
      slide.replaceChildren();
      state.timer = setTimeout(advance, IDLE_CHECK_MS);
      state.onChange();
      return;
    }
    zone.dataset.item = String(item.id);
    zone.dataset.kind = item.kind;
    let node;
    if (item.kind === "image") {
      node = document.createElement("img");
      node.alt = item.title;
      node.src = mediaUrl(item);
    } else if (item.kind === "video") {
      node = document.createElement("video");
      node.muted = true;  // never over the voice that calls the numbers
      node.autoplay = true;
      node.playsInline = true;
      node.loop = item.duration_s !== null;  // a set duration longer than the video: it loops
      node.src = mediaUrl(item);
      if (item.duration_s === null) node.addEventListener("ended", advance);
      node.addEventListener("error", advance);
      if (calling()) node.addEventListener("playing", () => { if (calling()) node.pause(); }, { once: true });
    } else {
      node = document.createElement("div");
      node.className = "text";
      node.textContent = (state.lang === "en" && item.text_en) ? item.text_en : item.text_vi;
    }
    slide.replaceChildren(node);
    state.timer = setTimeout(advance, (item.duration_s === null ? VIDEO_CAP_S : item.duration_s) * 1000);
    state.onChange();
  }

  function calling() {
    return Date.now() < state.callUntil;
  }

  function take(playlist) {
    if (playlist.version === state.version) return;
    state.version = playlist.version;
    state.items = playlist.items;
    const current = state.current;
    const same = current && playlist.items.find((i) => i.id === current.id);
    if (same && JSON.stringify(same) === JSON.stringify(current) && showsAt(same, minuteNow())) return;
    clearTimeout(state.timer);
    show(nextItem(current ? current.id : null));
  }

  // A call: the zone shows it (display.js fills #zone-call) for `seconds`; a video waits under it.
  function call(seconds) {
    state.callUntil = Date.now() + seconds * 1000;
    const zone = $("zone");
    zone.classList.add("calling");
    const video = zone.querySelector("video");
    if (video) video.pause();
    clearTimeout(state.callTimer);
    state.callTimer = setTimeout(() => {
      zone.classList.remove("calling");
      const playing = zone.querySelector("video");
      if (playing) playing.play().catch(() => {});
    }, seconds * 1000);
  }

  function setLanguage(lang) {
    state.lang = lang;
    const current = state.current;
    if (current && current.kind === "text") {
      const node = $("slide").querySelector(".text");
      if (node) node.textContent = (lang === "en" && current.text_en) ? current.text_en : current.text_vi;
    }
  }

  function configure(options) {
    Object.assign(state, options);
  }

  return { take, call, setLanguage, configure, hasContent: () => state.current !== null };
})();
