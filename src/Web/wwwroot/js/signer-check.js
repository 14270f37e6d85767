// The signer check page (Pages/Diagnostics): asks our card agent for its status and readers at once, and HiPKI
// Local Server — through its popup bridge, so only from the button's click — for its version and readers.
// Every text comes from the page (data-messages); nothing is sent to the service.
(function () {
  "use strict";

  var root = document.querySelector("[data-signer-check]");
  if (!root) return;
  var hipki = window.evsHiPki;
  var messages = readJson("data-messages");
  var codes = readJson("data-hipki-codes");
  var agentUrl = root.getAttribute("data-agent-url");
  var hipkiOrigin = root.getAttribute("data-hipki-url");
  var minimum = root.getAttribute("data-agent-minimum-version") || "";
  var agentOut = root.querySelector("[data-agent-result]");
  var hipkiOut = root.querySelector("[data-hipki-result]");
  var checkButton = root.querySelector("[data-hipki-check]");
  var addSite = root.querySelector("[data-hipki-add-site]");

  function readJson(name) {
    try { return JSON.parse(root.getAttribute(name) || "{}") || {}; } catch (e) { return {}; }
  }

  function text(key, values) {
    var result = messages[key] || key;
    Object.keys(values || {}).forEach(function (name) { result = result.split("{" + name + "}").join(String(values[name])); });
    return result;
  }

  function show(list, lines) {
    list.replaceChildren();
    lines.forEach(function (line) {
      var item = document.createElement("li");
      item.textContent = line;
      list.appendChild(item);
    });
  }

  function agentFetch(path, mode) {
    return window.fetch(agentUrl + path, { mode: mode || "cors", credentials: "omit", cache: "no-store" });
  }

  function cardText(reader) {
    if (!reader.cardPresent) return text("CARD_NONE");
    return text(reader.cardKind === "organisation" ? "CARD_ORGANISATION" : reader.cardKind === "citizen" ? "CARD_CITIZEN" : "CARD_OTHER");
  }

  function checkAgent() {
    agentFetch("/v1/status").then(function (response) {
      if (!response.ok) throw new Error("status " + response.status);
      return response.json();
    }).then(function (status) {
      var version = String(status.version || "?");
      var lines = [text("AGENT_OK", { version: version })];
      if (minimum && window.evsVersions.olderThan(version, minimum)) lines.push(text("AGENT_TOO_OLD", { version: version, minimum: minimum }));
      if (status.demo === true) lines.push(text("AGENT_DEMO"));
      return agentFetch("/v1/readers").then(function (response) { return response.json(); }).then(function (answer) {
        var readers = Array.isArray(answer.readers) ? answer.readers : [];
        if (readers.length === 0) lines.push(text("AGENT_NO_READERS"));
        readers.forEach(function (reader) { lines.push(text("AGENT_READER", { name: reader.name, card: cardText(reader) })); });
        show(agentOut, lines);
      });
    }).catch(function () {
      // An opaque request tells "nothing answers" from "answers, but not to this site".
      agentFetch("/v1/status", "no-cors").then(function () {
        show(agentOut, [text("ORIGIN_NOT_ALLOWED")]);
      }, function () {
        // Nothing answered: Chrome's Local Network Access may be what refused it (the card steps say the same).
        window.evsLocalNetwork.denied().then(function (denied) {
          show(agentOut, [denied ? text("LOCAL_NETWORK_DENIED") : text("AGENT_DOWN", { agentUrl: agentUrl })]);
        });
      });
    });
  }

  function checkHiPki() {
    var popup = hipki.open(hipkiOrigin, "/popupForm");
    if (!popup) return show(hipkiOut, [text("HIPKI_POPUP_BLOCKED")]);
    show(hipkiOut, [text("CHECKING")]);
    hipki.exchange(popup, hipkiOrigin, JSON.stringify({ func: "CheckEnvir" })).then(function (answer) {
      if (hipki.returnCode(answer.ret_code) !== 0) {
        var key = hipki.messageKey(codes, answer);
        if (key === "HIPKI_UNTRUSTED") addSite.hidden = false;
        return show(hipkiOut, [key ? text(key) : text("HIPKI_ERROR", { code: "0x" + hipki.hex8(hipki.returnCode(answer.ret_code)) })]);
      }
      var lines = [text("HIPKI_OK", { version: String(answer.serverVersion || answer.version || "?") })];
      var slots = Array.isArray(answer.slots) ? answer.slots : [];
      if (slots.length === 0) lines.push(text("HIPKI_NO_SLOTS"));
      slots.forEach(function (slot) {
        var card = slot.token && typeof slot.token === "object" ? text("HIPKI_SLOT_CARD", { number: slot.token.serialNumber || "?" }) : text("CARD_NONE");
        lines.push(text("HIPKI_SLOT", { name: slot.slotDescription, card: card }));
      });
      show(hipkiOut, lines);
    }, function (situation) {
      show(hipkiOut, [text(situation)]);
    });
  }

  function addSiteToHiPki() {
    var popup = hipki.open(hipkiOrigin, "/addDomain?domain=" + encodeURIComponent(window.location.hostname));
    if (!popup) return show(hipkiOut, [text("HIPKI_POPUP_BLOCKED")]);
    hipki.exchange(popup, hipkiOrigin, null).then(function (answer) {
      if (hipki.returnCode(answer.ret_code) !== 0) return show(hipkiOut, [text("HIPKI_CANCELLED")]);
      addSite.hidden = true;
      show(hipkiOut, [text("HIPKI_SITE_ADDED")]);
    }, function (situation) { show(hipkiOut, [text(situation)]); });
  }

  checkButton.addEventListener("click", checkHiPki);
  addSite.addEventListener("click", addSiteToHiPki);
  checkAgent();
})();
