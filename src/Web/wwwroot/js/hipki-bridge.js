// HiPKI Local Server's popup bridge (../shared/research/hipki-local-server.md §3), shared by the card steps
// (card-step.js) and the signer check page (signer-check.js): open a HiPKI page from the user's click, wait for
// its {"func":"getTbs"}, post the one request to exactly HiPKI's origin (never "*"), take its one answer.
// Only text messages from that very popup window and HiPKI's exact origin count: extensions post objects into
// every window, and any page could post strings. Failures are the card steps' message keys.
(function () {
  "use strict";

  // HiPKI's popup says getTbs when it has loaded; CHT's samples give up after 3.5 s, slower PCs need more.
  var HANDSHAKE_MS = 10000;
  // After the request: HiPKI may show its own dialogs, and the user must confirm an add-site page.
  var ANSWER_MS = 120000;
  // The popup closes itself right after posting its answer: a closed popup is given this long for the answer to arrive.
  var CLOSED_GRACE_MS = 1000;

  // Null when the browser blocked the popup (some blockers hand back a window that is already closed).
  function open(origin, path) {
    try {
      var popup = window.open(origin + path, "hipki", "popup,width=420,height=360,left=100,top=20");
      return popup && !popup.closed ? popup : null;
    } catch (e) {
      return null;
    }
  }

  // With a request (a JSON string), the popup's getTbs comes first; without one (HiPKI's add-site page), its first
  // message is the answer. Resolves with the answer object; rejects with HIPKI_NO_ANSWER or HIPKI_CANCELLED.
  function exchange(popup, origin, request) {
    return new Promise(function (resolve, reject) {
      var asked = request === null;
      var settled = false;
      var timer = window.setTimeout(function () { finish(reject, "HIPKI_NO_ANSWER"); }, asked ? ANSWER_MS : HANDSHAKE_MS);
      var closedWatch = window.setInterval(function () {
        if (!popup.closed) return;
        window.clearInterval(closedWatch);
        window.setTimeout(function () { finish(reject, asked ? "HIPKI_CANCELLED" : "HIPKI_NO_ANSWER"); }, CLOSED_GRACE_MS);
      }, 250);
      function finish(settle, value) {
        if (settled) return;
        settled = true;
        request = null;
        window.clearTimeout(timer);
        window.clearInterval(closedWatch);
        window.removeEventListener("message", onMessage);
        try { if (!popup.closed) popup.close(); } catch (e) { /* already gone */ }
        settle(value);
      }
      function onMessage(event) {
        if (event.origin !== origin || event.source !== popup || typeof event.data !== "string") return;
        var data;
        try { data = JSON.parse(event.data); } catch (e) { return; }
        if (!data || typeof data !== "object") return;
        if (!asked) {
          if (data.func !== "getTbs") return;
          asked = true;
          window.clearTimeout(timer);
          timer = window.setTimeout(function () { finish(reject, "HIPKI_NO_ANSWER"); }, ANSWER_MS);
          popup.postMessage(request, origin);
          request = null;
          return;
        }
        finish(resolve, data);
      }
      window.addEventListener("message", onMessage);
    });
  }

  // HiPKI's codes arrive as numbers, numeric strings or negative int32s (CHT's own errorcode.js normalises the same way).
  function returnCode(value) {
    var n = typeof value === "number" ? value : typeof value === "string" ? Number(value) : NaN;
    if (!isFinite(n)) return -1;
    return n < 0 ? n + 4294967296 : n;
  }

  function hex8(n) {
    return n < 0 ? "" : ("00000000" + n.toString(16).toUpperCase()).slice(-8);
  }

  // The message key for an answer's codes (codes: HiPkiReturnCodes, rendered by the server), or null.
  function messageKey(codes, answer) {
    var major = hex8(returnCode(answer.ret_code));
    return codes[major + ":" + hex8(returnCode(answer.last_error))] || codes[major] || null;
  }

  window.evsHiPki = { open: open, exchange: exchange, returnCode: returnCode, hex8: hex8, messageKey: messageKey };
})();
