// 授權指派 (src/Web/Pages/Grants): the function tree's parent/child ticking, 讀取憑證 (the handler's certificate read
// through the local card agent's /v1/certificate or HiPKI's GetUserCert, then posted to the page to fill serial and name), and the revoke
// confirmation shown as a modal dialog. Every text comes from the page (data-msg-*); the forms work without this file.
(function () {
  "use strict";

  var agentMeta = document.querySelector('meta[name="card-agent-url"]');
  var agentUrl = agentMeta ? agentMeta.content.replace(/\/+$/, "") : "";

  function agentFetch(path, init) {
    init = init || {};
    init.mode = "cors";
    init.credentials = "omit";
    init.cache = "no-store";
    return window.fetch(agentUrl + path, init);
  }

  // --- function tree: a group ticks or clears everything under it; a group is ticked when all under it are.
  function leavesOf(item) {
    return Array.prototype.slice.call(item.querySelectorAll(":scope > ul input[type=checkbox]"));
  }

  function refreshGroups(tree) {
    var groups = Array.prototype.slice.call(tree.querySelectorAll("input[data-group=true]")).reverse();
    groups.forEach(function (group) {
      var children = leavesOf(group.closest("li")).filter(function (c) { return c.getAttribute("data-group") !== "true"; });
      var ticked = children.filter(function (c) { return c.checked; }).length;
      group.checked = children.length > 0 && ticked === children.length;
      group.indeterminate = ticked > 0 && ticked < children.length;
    });
  }

  function setUpTree(tree) {
    if (tree.dataset.ready) return;
    tree.dataset.ready = "1";
    tree.addEventListener("change", function (evt) {
      var box = evt.target;
      if (!(box instanceof HTMLInputElement) || box.type !== "checkbox") return;
      if (box.getAttribute("data-group") === "true") {
        leavesOf(box.closest("li")).forEach(function (c) { c.checked = box.checked; });
      }
      refreshGroups(tree);
    });
    refreshGroups(tree);
  }

  // --- 讀取憑證: through our agent; on a PC with HiPKI Local Server and no agent of ours (the button then carries
  // data-hipki-url), through HiPKI's popup with GetUserCert. Either way only the certificate is read: no PIN, no signature.
  function setUpReader(button) {
    if (button.dataset.ready) return;
    button.dataset.ready = "1";
    button.hidden = false;
    var form = button.closest("form");
    var status = form.querySelector("[data-read-certificate-status]");
    var say = function (text) { if (status) status.textContent = text || ""; };
    var hipkiOrigin = button.dataset.hipkiUrl || "";
    var hipki = window.evsHiPki;
    // Whether HiPKI reads: decided before the click, because its popup may only open from the click itself.
    var throughHiPki = false;
    if (hipkiOrigin && hipki) {
      agentFetch("/v1/status").then(function (response) { throughHiPki = !response.ok; }, function () { throughHiPki = true; });
    }

    function fill(certificate) {
      form.querySelector("[data-handler-certificate]").value = certificate || "";
      say("");
      window.htmx.ajax("POST", button.dataset.url, { source: form, target: form.closest("section"), swap: "outerHTML" });
    }

    // Several cards: the person says which reader holds the handler's (the manager's own card may still be in another).
    var choice = form.querySelector("[data-read-certificate-choice]");
    var select = form.querySelector("[data-read-certificate-reader]");

    // candidates: [{ id, label, read: () => Promise<base64 certificate> }]
    function pick(candidates) {
      if (candidates.length === 0) throw new Error("no-card");
      if (candidates.length === 1) return candidates[0].read();
      var ids = candidates.map(function (c) { return c.id; });
      var shown = Array.prototype.map.call(select.options, function (o) { return o.value; }).filter(Boolean);
      if (!choice.hidden && select.value && shown.join("\n") === ids.join("\n")) {
        return candidates[ids.indexOf(select.value)].read();
      }
      window.evsReaders.fill(select, candidates.map(function (c) { return { value: c.id, label: c.label }; }));
      choice.hidden = false;
      select.focus();
      var error = new Error("choose-reader");
      error.count = candidates.length;
      throw error;
    }

    function readThroughAgent() {
      return agentFetch("/v1/readers").then(function (response) {
        if (!response.ok) throw new Error("agent");
        return response.json();
      }, function () { throw new Error("agent"); }).then(function (answer) {
        var readers = Array.isArray(answer.readers) ? answer.readers : [];
        return pick(readers.filter(function (r) { return r.cardPresent && r.cardKind === "citizen"; }).map(function (reader) {
          return { id: reader.name, label: reader.name, read: function () { return readFromReader(reader.name); } };
        }));
      });
    }

    function readFromReader(name) {
      return agentFetch("/v1/certificate", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ reader: name, key: "auth" })
      }).then(function (response) {
        if (!response.ok) throw new Error("failed");
        return response.json();
      }).then(function (answer) { return answer.certificate; });
    }

    // HiPKI lists every reader's token with its certificates; one answer holds them all, so a second click with a
    // reader chosen reads from that answer (HiPKI's popup may only open from a click, and need not open again).
    var hipkiSlots = null;
    function readThroughHiPki() {
      if (hipkiSlots && !choice.hidden && select.value) return Promise.resolve(hipkiSlots).then(pick);
      var popup = hipki.open(hipkiOrigin, "/popupForm");
      if (!popup) return Promise.reject(new Error("popup-blocked"));
      return hipki.exchange(popup, hipkiOrigin, JSON.stringify({ func: "GetUserCert" })).then(function (answer) {
        var code = hipki.returnCode(answer.ret_code);
        if (code === 0x76000006 || code === 0x76100003 || code === 0x7600000E) throw new Error("no-card");
        if (code !== 0) throw new Error("failed");
        var slots = Array.isArray(answer.slots) ? answer.slots : [];
        hipkiSlots = [];
        slots.forEach(function (slot, index) {
          var certs = slot && slot.token && Array.isArray(slot.token.certs) ? slot.token.certs : [];
          var first = certs.filter(function (c) { return c && c.certb64; })[0];
          if (!first) return;
          var label = String(slot.slotDescription || "讀卡機 " + (index + 1));
          hipkiSlots.push({ id: label + "#" + index, label: label, read: function () { return Promise.resolve(first.certb64); } });
        });
        return pick(hipkiSlots);
      }, function (reason) { throw new Error(reason === "HIPKI_CANCELLED" ? "hipki-cancelled" : "hipki-no-answer"); });
    }

    button.addEventListener("click", function () {
      button.disabled = true;
      say(throughHiPki ? button.dataset.msgReadingHipki : button.dataset.msgReading);
      (throughHiPki ? readThroughHiPki() : readThroughAgent()).then(fill).catch(function (error) {
        var keys = { "agent": "msgAgentDown", "no-card": "msgNoCard", "popup-blocked": "msgPopupBlocked", "hipki-cancelled": "msgHipkiCancelled", "hipki-no-answer": "msgHipkiNoAnswer", "choose-reader": "msgChooseReader" };
        var text = button.dataset[keys[error && error.message] || "msgFailed"] || button.dataset.msgFailed;
        say(text.replace("{count}", String(error && error.count)));
        button.disabled = false;
        if (error && error.message === "choose-reader") select.focus();
      });
    });
  }

  // --- revoke confirmation as a modal dialog
  function setUpDialog(dialog) {
    if (dialog.dataset.ready) return;
    dialog.dataset.ready = "1";
    if (dialog.open && typeof dialog.showModal === "function") {
      // Dropping the attribute (not close()) fires no close event, which would remove the dialog below.
      dialog.removeAttribute("open");
      dialog.showModal();
    }
    var first = dialog.querySelector("input:not([type=hidden])");
    if (first) first.focus();
    dialog.querySelectorAll("[data-dialog-close]").forEach(function (link) {
      link.addEventListener("click", function (evt) {
        if (!dialog.closest("#grant-dialog")) return; // the stand-alone page: a plain link back to the list
        evt.preventDefault();
        dialog.close();
        dialog.remove();
      });
    });
    dialog.addEventListener("close", function () { if (dialog.closest("#grant-dialog")) dialog.remove(); });
  }

  function setUpAll(root) {
    if (!(root instanceof Element) && root !== document) return;
    root.querySelectorAll("[data-function-tree]").forEach(setUpTree);
    root.querySelectorAll("[data-read-certificate]").forEach(setUpReader);
    root.querySelectorAll("#grant-dialog dialog[data-modal]").forEach(setUpDialog);
  }

  document.addEventListener("htmx:load", function (evt) { setUpAll(evt.target.parentElement || document); });
  setUpAll(document);
})();
