// The ticket page, live: its own event stream (GET /t/{id}/events?c=…), a call rung and vibrated after one tap,
// a warning when N people are ahead. No library: it must run on any phone's browser.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("live-config").textContent);
  var texts = config.texts;
  var state = config.state;
  var FALLBACK_MS = 30000; // never asks more often than this when the stream is unavailable
  var STORE_KEY = "onestop.alertAhead";
  // What the page did to get the citizen's attention, in order (the end-to-end test reads it).
  var alerts = (window.onestopAlerts = []);
  var audio = null;
  var nearShown = false;
  var threshold = 3;
  try {
    var saved = parseInt(window.localStorage.getItem(STORE_KEY), 10);
    if (saved >= 0 && saved <= 30) threshold = saved;
  } catch (e) { /* private mode: the default */ }

  function $(id) { return document.getElementById(id); }

  function tones(freqs, each) {
    if (!audio) return false;
    var start = audio.currentTime + 0.05;
    freqs.forEach(function (freq, i) {
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      osc.type = "sine";
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, start + i * each);
      gain.gain.exponentialRampToValueAtTime(0.6, start + i * each + 0.03);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + (i + 1) * each - 0.02);
      osc.connect(gain).connect(audio.destination);
      osc.start(start + i * each);
      osc.stop(start + (i + 1) * each);
    });
    return true;
  }

  function attention(kind, freqs, pattern) {
    var done = [kind];
    if (tones(freqs, 0.35)) done.push("sound");
    if (navigator.vibrate && navigator.vibrate(pattern)) done.push("vibration");
    alerts.push(done.join("+"));
  }

  function showThreshold() { $("threshold").textContent = String(threshold); }

  function setThreshold(value) {
    threshold = Math.max(0, Math.min(30, value));
    nearShown = false;
    try { window.localStorage.setItem(STORE_KEY, String(threshold)); } catch (e) { /* not kept */ }
    showThreshold();
    apply(state);
  }

  function fact(key) { return document.querySelector('#facts li[data-fact="' + key + '"] b'); }

  function apply(next) {
    var previous = state;
    state = next;
    var status = $("status");
    status.textContent = next.status_text;
    status.className = "status " + next.status;
    $("ticket").setAttribute("data-status", next.status);
    if (next.status === "waiting") {
      if (next.ahead === undefined) return; // a ticket of another day: nothing moves
      var ahead = fact("ahead");
      var wait = fact("wait");
      if (!ahead || !wait) { window.location.reload(); return; } // back in the queue: the page from the server
      ahead.textContent = String(next.ahead);
      wait.textContent = next.wait_text;
      $("closed").textContent = next.closed_text || "";
      $("closed").hidden = !next.closed_text;
      var near = next.ahead <= threshold;
      $("near").hidden = !near;
      if (near) {
        $("near").textContent = texts.near.replace("{ahead}", String(next.ahead));
        if (!nearShown) attention("near", [660, 880], [200, 100, 200]);
      }
      nearShown = near;
      return;
    }
    $("near").hidden = true;
    $("closed").hidden = true;
    ["ahead", "wait"].forEach(function (key) {
      var item = document.querySelector('#facts li[data-fact="' + key + '"]');
      if (item) item.hidden = true;
    });
    var note = $("note");
    if (note) note.hidden = true;
    if (next.status === "called") {
      $("called-counter").textContent = String(next.counter);
      $("called").hidden = false;
      if (previous.status !== "called" || previous.calls !== next.calls) {
        window.scrollTo(0, 0);
        document.title = "🔔 " + texts.counter_big.replace("{counter}", String(next.counter));
        attention("called", [880, 660, 880, 660, 880], [600, 200, 600, 200, 600]);
      }
      return;
    }
    $("called").hidden = true;
    if (next.status !== "serving") window.location.reload(); // done (the rating form), missed or cancelled
  }

  function online(yes) {
    var line = $("connection");
    line.textContent = yes ? texts.live : texts.offline;
    line.className = yes ? "connection" : "connection offline";
  }

  function poll() {
    window.setTimeout(function () {
      fetch(config.live, { cache: "no-store" })
        .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
        .then(function (next) { online(true); apply(next); })
        .catch(function () { online(false); })
        .then(poll);
    }, FALLBACK_MS);
  }

  function listen() {
    if (!window.EventSource) { poll(); return; }
    var stream = new EventSource(config.events);
    stream.onopen = function () { online(true); };
    stream.onmessage = function (event) { online(true); apply(JSON.parse(event.data)); };
    stream.onerror = function () {
      online(false);
      // The browser retries by itself (the server asks for 30 s); a refusal closes it: ask every 30 s instead.
      if (stream.readyState === EventSource.CLOSED) poll();
    };
  }

  $("enable").addEventListener("click", function () {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (Context && !audio) {
      try { audio = new Context(); } catch (e) { audio = null; }
    }
    if (audio && audio.resume) audio.resume();
    attention("enabled", [880], [100]);
    this.textContent = texts.enabled;
    this.className = "enable on";
  });
  $("fewer").addEventListener("click", function () { setThreshold(threshold - 1); });
  $("more").addEventListener("click", function () { setThreshold(threshold + 1); });
  showThreshold();
  apply(state);
  listen();
})();
