// The service's one shared script: htmx plumbing that every page relies on. Pages work without it
// (forms post normally); with it, htmx swaps steps in place and this file keeps that accessible.
(function () {
  "use strict";

  var tokenMeta = document.querySelector('meta[name="request-verification-token"]');
  var liveRegion = document.getElementById("live-region");
  var requestError = document.getElementById("request-error");

  // Antiforgery: every htmx request that changes something carries the page's token as a header,
  // which the server validates like the hidden form field.
  document.body.addEventListener("htmx:configRequest", function (evt) {
    if (tokenMeta && evt.detail.verb !== "get") {
      evt.detail.headers["RequestVerificationToken"] = tokenMeta.content;
    }
  });

  document.body.addEventListener("htmx:beforeRequest", function (evt) {
    hideRequestError();
    var target = evt.detail.target;
    if (target) target.setAttribute("aria-busy", "true");
  });

  document.body.addEventListener("htmx:afterRequest", function (evt) {
    var target = evt.detail.target;
    if (target) target.removeAttribute("aria-busy");
  });

  // After a swap: tell screen readers what happened and put the keyboard where the person must act next,
  // on the first field with an error, else on the new step's heading. An element (or its trigger) marked
  // data-keep-focus, e.g. a reader-status poll, leaves focus where it is.
  document.body.addEventListener("htmx:afterSettle", function (evt) {
    var root = evt.detail.elt || evt.target;
    if (!(root instanceof Element) || !root.isConnected) return;
    makeWideTablesReachable(root);
    announce(root);
    var trigger = evt.detail.requestConfig && evt.detail.requestConfig.elt;
    if (root.closest("[data-keep-focus]") || (trigger instanceof Element && trigger.closest("[data-keep-focus]"))) return;
    moveFocus(root);
  });

  document.body.addEventListener("htmx:responseError", function (evt) {
    var status = evt.detail.xhr ? evt.detail.xhr.status : 0;
    if (status === 400) {
      showRequestError("頁面已經過期或資料不完整，請重新整理頁面後再試一次。");
    } else if (status === 403) {
      showRequestError("您沒有使用這個功能的權限。");
    } else if (status === 404) {
      showRequestError("找不到要求的資料，請重新整理頁面。");
    } else {
      showRequestError("系統暫時無法處理，您的操作沒有完成。請稍後再試。");
    }
  });

  document.body.addEventListener("htmx:sendError", function () {
    showRequestError("無法連線到服務，請檢查網路連線後再試一次。");
  });

  // On a narrow screen a wide table scrolls sideways inside its .table-wrap; keyboard users must be able to reach the
  // wrap to scroll it (WCAG 2.1.1), so a wrap that overflows becomes a focusable region named by its table's caption.
  function makeWideTablesReachable(root) {
    root.querySelectorAll(".table-wrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth) {
        var caption = wrap.querySelector("caption");
        wrap.setAttribute("tabindex", "0");
        if (caption) {
          wrap.setAttribute("role", "region");
          wrap.setAttribute("aria-label", caption.textContent.replace(/\s+/g, " ").trim());
        }
      } else if (wrap.hasAttribute("tabindex")) {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }

  makeWideTablesReachable(document);
  window.addEventListener("load", function () { makeWideTablesReachable(document); });
  window.addEventListener("resize", function () { makeWideTablesReachable(document); });

  function announce(root) {
    if (!liveRegion) return;
    var source = root.matches("[data-announce]") ? root : root.querySelector("[data-announce], .error-summary, .validation-summary-errors");
    var text = source ? source.textContent.replace(/\s+/g, " ").trim() : "";
    if (!text) return;
    // Clear first, so the same message said twice is announced twice.
    liveRegion.textContent = "";
    window.setTimeout(function () { liveRegion.textContent = text; }, 50);
  }

  function moveFocus(root) {
    var invalid = root.querySelector('[aria-invalid="true"], .input-validation-error');
    if (invalid && typeof invalid.focus === "function") {
      invalid.focus();
      return;
    }
    var heading = root.matches("h1, h2, h3") ? root : root.querySelector("[data-focus-on-swap], h1, h2, h3");
    if (heading) {
      if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
  }

  function showRequestError(message) {
    if (!requestError) return;
    requestError.textContent = message;
    requestError.hidden = false;
  }

  function hideRequestError() {
    if (requestError && !requestError.hidden) {
      requestError.hidden = true;
      requestError.textContent = "";
    }
  }

  // "1.0.9" < "1.1.0": numeric parts left to right, missing parts are 0. Shared by the card steps (card-step.js) and
  // the signer check page (signer-check.js), which both compare the agent's version with the service's minimum.
  function olderThan(version, minimum) {
    var a = String(version).split("."), b = String(minimum).split(".");
    for (var i = 0; i < Math.max(a.length, b.length); i++) {
      var x = parseInt(a[i] || "0", 10) || 0, y = parseInt(b[i] || "0", 10) || 0;
      if (x !== y) return x < y;
    }
    return false;
  }

  window.evsVersions = { olderThan: olderThan };

  // A reader choice: the 「（請選擇）」 placeholder, then one option per reader ({ value, label }); the choice already made
  // stays when that reader is still offered. Shared by the card steps (card-step.js) and the grant editor's 讀取憑證
  // (grants.js), which both ask which reader when several hold a card.
  function fillReaderChoice(select, readers) {
    var chosen = select.value;
    var placeholder = document.createElement("option");
    placeholder.value = "";
    placeholder.textContent = "（請選擇）";
    select.replaceChildren(placeholder);
    readers.forEach(function (reader) {
      var option = document.createElement("option");
      option.value = reader.value;
      option.textContent = reader.label;
      select.appendChild(option);
    });
    select.value = readers.some(function (reader) { return reader.value === chosen; }) ? chosen : "";
  }

  window.evsReaders = { fill: fillReaderChoice };

  // Chrome's Local Network Access (142+): resolves true when the browser says this site was refused calls to programs
  // on this PC, which the card steps (card-step.js) and the signer check (signer-check.js) then say instead of "no agent".
  function localNetworkDenied() {
    if (!navigator.permissions || !navigator.permissions.query) return Promise.resolve(false);
    return navigator.permissions.query({ name: "local-network-access" })
      .then(function (status) { return status.state === "denied"; }, function () { return false; });
  }

  window.evsLocalNetwork = { denied: localNetworkDenied };
})();
