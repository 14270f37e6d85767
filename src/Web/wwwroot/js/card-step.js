// Card steps (docs/architecture.md, "Card steps"): talks to the local card agent for every
// form[data-card-step] that the shared partial _CardStep renders. It watches the readers while the step is
// shown, checks the PIN's format, asks the agent to sign the step's challenge, clears the PIN, puts the
// agent's token in the hidden field and lets htmx post the form (a plain post when htmx is not there).
// The PIN goes to the agent on loopback only: its input has no name, and it is never put in the form.
// Every message is rendered by the server into the step (CardStepMessages); this file holds no text.
(function () {
  "use strict";

  var POLL_INTERVAL_MS = 1500;
  var agentMeta = document.querySelector('meta[name="card-agent-url"]');
  var agentUrl = agentMeta ? agentMeta.content.replace(/\/+$/, "") : "";
  var liveRegion = document.getElementById("live-region");

  function setUpAll(root) {
    if (!(root instanceof Element) && root !== document) return;
    if (root instanceof Element && root.matches("form[data-card-step]")) setUp(root);
    root.querySelectorAll("form[data-card-step]").forEach(setUp);
  }

  function setUp(form) {
    if (form.cardStep) return;
    form.cardStep = new CardStep(form);
  }

  function CardStep(form) {
    var self = this;
    this.form = form;
    this.kind = form.getAttribute("data-card-kind");
    this.messages = readMessages(form);
    this.pin = form.querySelector("[data-card-step-pin]");
    this.pinField = form.querySelector("[data-card-step-pin-field]");
    this.pinError = form.querySelector("[data-card-step-pin-error]");
    this.readerField = form.querySelector("[data-card-step-reader-field]");
    this.readerError = form.querySelector("[data-card-step-reader-error]");
    this.status = form.querySelector("[data-card-step-status]");
    this.choice = form.querySelector("[data-card-step-reader-choice]");
    this.select = form.querySelector("[data-card-step-reader]");
    this.challenge = form.querySelector("[data-card-step-challenge]");
    this.token = form.querySelector("[data-card-step-token]");
    this.submit = form.querySelector("[data-card-step-submit]");
    this.progress = form.querySelector("[data-card-step-progress]");
    this.demo = form.querySelector("[data-card-step-demo]");
    this.reader = null;         // the reader the next authenticate goes to
    this.situation = null;      // why there is none: NO_READER, NO_CARD, WRONG_KIND, READER_CHOICE, AGENT_UNREACHABLE, ORIGIN_NOT_ALLOWED
    this.busy = false;
    this.pollTimer = 0;
    this.inflight = null;

    form.addEventListener("submit", function (evt) {
      evt.preventDefault();
      if (!self.busy) self.authenticate();
    });
    // A failed htmx request leaves this form in place: make it usable again (site.js shows what went wrong).
    form.addEventListener("htmx:afterRequest", function (evt) {
      if (!evt.detail.successful && form.isConnected) self.setBusy(false);
    });
    this.select.addEventListener("change", function () {
      self.reader = self.select.value || null;
      self.situation = self.reader ? null : "READER_CHOICE";
    });

    this.showStatus(this.messages.STATUS_CHECKING);
    this.checkAgent();
    this.poll();
  }

  CardStep.prototype.message = function (key, values) {
    var text = this.messages[key] || "";
    Object.keys(values || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(String(values[name]));
    });
    return text;
  };

  // GET /v1/status once: label the demo back end, or say the agent is not there.
  CardStep.prototype.checkAgent = function () {
    var self = this;
    agentFetch("/v1/status").then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (status) {
      if (self.demo) self.demo.hidden = !(status && status.demo === true);
    }).catch(function () { /* the readers poll reports an absent agent */ });
  };

  // Watches the readers while the step is on the page (and the page is visible), not while the card is in use.
  CardStep.prototype.poll = function () {
    var self = this;
    if (!this.form.isConnected) return;
    var next = function () {
      if (self.form.isConnected) self.pollTimer = window.setTimeout(function () { self.poll(); }, POLL_INTERVAL_MS);
    };
    if (this.busy || document.hidden) {
      next();
      return;
    }
    this.refreshReaders().then(next, next);
  };

  // One readers request at a time: the authenticate waits for a poll under way instead of racing it.
  CardStep.prototype.refreshReaders = function () {
    var self = this;
    var previous = this.inflight || Promise.resolve();
    this.inflight = previous.then(function () { return self.readReaders(); });
    return this.inflight;
  };

  CardStep.prototype.readReaders = function () {
    var self = this;
    return agentFetch("/v1/readers").then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (answer) {
        if (response.ok) {
          self.showReaders(Array.isArray(answer.readers) ? answer.readers : []);
        } else {
          // The agent answered but could not list the readers (PC/SC down, a card that hangs): say what it said.
          self.noReader(answer.error && self.messages[answer.error] ? answer.error : "BAD_REQUEST");
        }
      });
    }, function () {
      return diagnoseAgent().then(function (situation) { self.noReader(situation); });
    });
  };

  CardStep.prototype.noReader = function (situation) {
    this.reader = null;
    this.situation = situation;
    this.showChoice([]);
    var status = { AGENT_UNREACHABLE: "STATUS_AGENT_DOWN", ORIGIN_NOT_ALLOWED: "STATUS_ORIGIN_NOT_ALLOWED" }[situation];
    this.showStatus(status ? this.messages[status] : this.message(situation, { agentUrl: agentUrl }));
  };

  CardStep.prototype.showReaders = function (readers) {
    var kind = this.kind;
    var matching = readers.filter(function (r) { return r.cardPresent && r.cardKind === kind; });
    if (matching.length === 1) {
      this.reader = matching[0].name;
      this.situation = null;
      this.showChoice([]);
      this.showStatus(this.message("STATUS_READY", { reader: this.reader }));
      return;
    }
    if (matching.length > 1) {
      this.showChoice(matching.map(function (r) { return r.name; }));
      this.reader = this.select.value || null;
      this.situation = this.reader ? null : "READER_CHOICE";
      this.showStatus(this.messages.STATUS_CHOOSE);
      return;
    }
    this.reader = null;
    this.showChoice([]);
    if (readers.length === 0) {
      this.situation = "NO_READER";
      this.showStatus(this.messages.STATUS_NO_READER);
    } else if (readers.some(function (r) { return r.cardPresent; })) {
      this.situation = "WRONG_KIND";
      this.showStatus(this.messages.STATUS_WRONG_KIND);
    } else {
      this.situation = "NO_CARD";
      this.showStatus(this.messages.STATUS_NO_CARD);
    }
  };

  // The reader select, shown only when several readers hold a card of the expected kind; keeps the choice made.
  CardStep.prototype.showChoice = function (names) {
    var select = this.select;
    var current = Array.prototype.map.call(select.options, function (o) { return o.value; }).filter(Boolean);
    if (names.length < 2) {
      this.choice.hidden = true;
      if (current.length) select.replaceChildren();
      return;
    }
    if (current.join("\n") !== names.join("\n")) {
      var chosen = select.value;
      var placeholder = document.createElement("option");
      placeholder.value = "";
      placeholder.textContent = "（請選擇）";
      select.replaceChildren(placeholder);
      names.forEach(function (name) {
        var option = document.createElement("option");
        option.value = name;
        option.textContent = name;
        select.appendChild(option);
      });
      select.value = names.indexOf(chosen) >= 0 ? chosen : "";
    }
    this.choice.hidden = false;
  };

  CardStep.prototype.showStatus = function (text) {
    if (this.status.textContent !== text) this.status.textContent = text;
  };

  CardStep.prototype.authenticate = function () {
    var self = this;
    this.clearErrors();
    var pin = this.pin.value;
    if (!pin) return this.pinFailed("PIN_EMPTY");
    if (!pinLooksRight(pin, this.kind)) {
      this.pin.value = "";
      return this.pinFailed("PIN_FORMAT");
    }
    this.setBusy(true);
    // Ask the readers once more, so a card inserted a moment ago is found without waiting for the poll.
    this.refreshReaders().then(function () {
      if (!self.reader) {
        self.pin.value = "";
        self.setBusy(false);
        return self.readerFailed(self.situation || "NO_READER");
      }
      var body = JSON.stringify({ reader: self.reader, pin: pin, challenge: self.challenge.value });
      pin = null;
      // The PIN leaves the page's fields before the card is even asked.
      self.pin.value = "";
      self.announce(self.messages.PROGRESS);
      return agentFetch("/v1/authenticate", { method: "POST", headers: { "Content-Type": "application/json" }, body: body })
        .then(function (response) {
          return response.text().then(function (text) { self.answered(response, text); });
        }, function () {
          return diagnoseAgent().then(function (situation) {
            self.setBusy(false);
            self.readerFailed(situation);
          });
        });
    });
  };

  CardStep.prototype.answered = function (response, text) {
    if (response.ok) {
      // The token goes to the server exactly as the agent wrote it.
      this.token.value = text;
      this.showProgress(this.messages.SENDING);
      this.announce(this.messages.SENDING);
      if (window.htmx) {
        window.htmx.trigger(this.form, "card-step:ready");
      } else {
        this.form.submit();
      }
      return;
    }
    this.setBusy(false);
    var error = {};
    try { error = JSON.parse(text) || {}; } catch (e) { error = {}; }
    switch (error.error) {
      case "PIN_INCORRECT":
        if (error.triesLeft === 1) return this.pinFailed("PIN_INCORRECT_LAST");
        if (typeof error.triesLeft === "number") return this.pinFailed("PIN_INCORRECT", { triesLeft: error.triesLeft });
        return this.pinFailed("PIN_INCORRECT_UNKNOWN");
      case "PIN_BLOCKED":
        if (error.issuer && this.messages.PIN_BLOCKED_AT) return this.pinFailed("PIN_BLOCKED_AT", { issuer: error.issuer });
        return this.pinFailed("PIN_BLOCKED");
      case "PIN_FORMAT":
        return this.pinFailed(error.error);
      default:
        if (error.error && this.messages[error.error]) return this.readerFailed(error.error);
        return this.readerFailed(null, error.message || this.messages.BAD_REQUEST);
    }
  };

  CardStep.prototype.pinFailed = function (key, values) {
    var text = this.message(key, values);
    this.pinError.textContent = text;
    this.pinError.hidden = false;
    this.pinField.classList.add("field--error");
    this.pin.setAttribute("aria-invalid", "true");
    this.pin.focus();
    this.announce(text);
  };

  // Card and reader problems are said at the reader; the keyboard goes to the reader choice when one is to be
  // made, else to the PIN, which is typed again next.
  CardStep.prototype.readerFailed = function (key, text) {
    text = text || this.message(key, { agentUrl: agentUrl });
    this.readerError.textContent = text;
    this.readerError.hidden = false;
    this.readerField.classList.add("field--error");
    (this.choice.hidden ? this.pin : this.select).focus();
    this.announce(text);
  };

  CardStep.prototype.clearErrors = function () {
    this.pinError.hidden = true;
    this.pinError.textContent = "";
    this.readerError.hidden = true;
    this.readerError.textContent = "";
    this.pinField.classList.remove("field--error");
    this.readerField.classList.remove("field--error");
    this.pin.removeAttribute("aria-invalid");
  };

  CardStep.prototype.setBusy = function (busy) {
    this.busy = busy;
    if (busy) {
      this.form.setAttribute("aria-busy", "true");
      this.submit.setAttribute("aria-disabled", "true");
      this.showProgress(this.messages.PROGRESS);
    } else {
      this.form.removeAttribute("aria-busy");
      this.submit.removeAttribute("aria-disabled");
      this.progress.hidden = true;
      this.progress.textContent = "";
      this.token.value = "";
    }
  };

  CardStep.prototype.showProgress = function (text) {
    this.progress.textContent = text;
    this.progress.hidden = false;
  };

  CardStep.prototype.announce = function (text) {
    if (!liveRegion || !text) return;
    liveRegion.textContent = "";
    window.setTimeout(function () { liveRegion.textContent = text; }, 50);
  };

  function readMessages(form) {
    try {
      return JSON.parse(form.getAttribute("data-card-step-messages") || "{}");
    } catch (e) {
      return {};
    }
  }

  // docs/card-profile.md: citizen cards take 6-8 digits, organisation cards 6-8 ASCII letters or digits.
  function pinLooksRight(pin, kind) {
    return kind === "citizen" ? /^[0-9]{6,8}$/.test(pin) : /^[A-Za-z0-9]{6,8}$/.test(pin);
  }

  // A failed call to the agent says nothing more (it answers other origins without CORS headers, on purpose).
  // An opaque no-cors request still tells the two cases apart: it succeeds when something answered at all.
  function diagnoseAgent() {
    return window.fetch(agentUrl + "/v1/status", { mode: "no-cors", credentials: "omit", cache: "no-store" })
      .then(function () { return "ORIGIN_NOT_ALLOWED"; }, function () { return "AGENT_UNREACHABLE"; });
  }

  function agentFetch(path, options) {
    var init = options || {};
    init.mode = "cors";
    init.credentials = "omit";
    init.cache = "no-store";
    return window.fetch(agentUrl + path, init);
  }

  setUpAll(document);
  document.addEventListener("htmx:load", function (evt) { setUpAll(evt.detail.elt); });
})();
