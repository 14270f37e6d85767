// Card steps (docs/architecture.md, "Card steps"): finds a signer for every form[data-card-step] that the
// shared partial _CardStep renders — our local card agent first (/v1/status, /v1/readers), then, where the
// step's signer policy allows it, HiPKI Local Server through its popup bridge — checks the PIN's format, has
// the step's challenge signed, clears the PIN, puts the token in the hidden field and lets htmx post the form
// (a plain post when htmx is not there). The PIN goes to the agent or to HiPKI on loopback only: its input has
// no name, and it is never put in the form. Every message is rendered by the server into the step
// (CardStepMessages, HiPkiReturnCodes); this file holds no text.
(function () {
  "use strict";

  var POLL_INTERVAL_MS = 1500;
  // HiPKI's readers that held a card with a certificate at its last GetUserCert, by name and kind of card (nothing
  // else is kept), for this tab only: a new tab reads them again, so a second card inserted since is offered as a choice.
  var HIPKI_READERS_KEY = "evs-hipki-readers ";
  // The Subject Directory Attributes that tell the kinds apart (Domain.Certificates.CertificateParser), as DER OIDs:
  // 2.16.886.1.100.2.51 (ID digits: citizen), 2.16.886.1.100.2.102 / .101 (agency OID / business number: organisation).
  var CITIZEN_OID = "\x06\x07\x60\x86\x76\x01\x64\x02\x33";
  var ORGANISATION_OIDS = ["\x06\x07\x60\x86\x76\x01\x64\x02\x66", "\x06\x07\x60\x86\x76\x01\x64\x02\x65"];
  var hipki = window.evsHiPki; // wwwroot/js/hipki-bridge.js, loaded by the layout
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
    this.addSite = form.querySelector("[data-card-step-hipki-add-site]");
    this.notice = form.querySelector("[data-card-step-notice]"); // the last card's state, said by the server
    var signers = (form.getAttribute("data-card-signers") || "agent").split(" ");
    this.hipkiOrigin = form.getAttribute("data-hipki-url") || "";
    this.agentAllowed = signers.indexOf("agent") >= 0;
    this.hipkiAllowed = signers.indexOf("hipki") >= 0 && this.hipkiOrigin !== "";
    this.hipkiCodes = readJson(form, "data-hipki-codes");
    this.minimumVersion = form.getAttribute("data-agent-minimum-version") || "";
    this.agentVersion = null;   // set when the agent is older than the server requires
    this.hipkiStatus = "STATUS_HIPKI"; // what the status says while HiPKI signs (the readers poll repeats it)
    // With several cards HiPKI must be told the reader (slotDescription), or it signs with one it picks — perhaps with
    // the PIN of another card. Its popup takes one request and may only open from a click, so its readers are read by
    // a click of their own (GetUserCert, no PIN) the first time in this tab, then kept; a choice is asked when several
    // hold a card of the step's kind, as with our agent. Null: not read yet.
    this.hipkiReaders = loadHiPkiReaders(this.hipkiOrigin);
    this.hipkiJustRead = false;
    this.hipkiPrefix = ""; // what blocked our agent, said before HiPKI's status
    this.reader = null;         // the reader the next authenticate goes to
    // why there is none: NO_READER, NO_CARD, WRONG_KIND, READER_CHOICE, AGENT_UNREACHABLE, ORIGIN_NOT_ALLOWED,
    // AGENT_TOO_OLD, or HIPKI: no agent, HiPKI signs instead
    this.situation = null;
    this.busy = false;
    this.pollTimer = 0;
    this.inflight = null;

    form.addEventListener("submit", function (evt) {
      evt.preventDefault();
      if (self.busy) return;
      // The popup must open in this very event (the user's click), before anything asynchronous.
      if (self.situation === "HIPKI") self.signWithHiPki();
      else self.authenticate();
    });
    if (this.addSite) {
      this.addSite.addEventListener("click", function () { self.addSiteToHiPki(); });
    }
    // A failed htmx request leaves this form in place: make it usable again (site.js shows what went wrong).
    form.addEventListener("htmx:afterRequest", function (evt) {
      if (!evt.detail.successful && form.isConnected) self.setBusy(false);
    });
    this.select.addEventListener("change", function () {
      if (self.situation === "HIPKI") return; // HiPKI's reader is read from the select when it signs
      self.reader = self.select.value || null;
      self.situation = self.reader ? null : "READER_CHOICE";
    });

    if (!this.agentAllowed) {
      // A step only HiPKI may sign: no agent to look for.
      this.situation = "HIPKI";
      this.showHiPki();
      return;
    }
    this.showStatus(this.messages.STATUS_CHECKING);
    this.checkAgent().then(function () { self.poll(); });
  }

  CardStep.prototype.message = function (key, values) {
    var text = this.messages[key] || "";
    Object.keys(values || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(String(values[name]));
    });
    return text;
  };

  // GET /v1/status once: label the demo back end, and note an agent older than the server requires.
  CardStep.prototype.checkAgent = function () {
    var self = this;
    return agentFetch("/v1/status").then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (status) {
      if (self.demo) self.demo.hidden = !(status && status.demo === true);
      if (status && self.minimumVersion && window.evsVersions.olderThan(status.version || "0", self.minimumVersion)) {
        self.agentVersion = String(status.version || "?");
      }
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
        if (self.agentVersion) {
          self.reader = null;
          self.situation = "AGENT_TOO_OLD";
          self.showStatus(self.tooOldMessage());
        } else if (response.ok) {
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
    // An agent that answers but refuses this site is a setting to mend, and is said as such rather than passed over.
    if (this.hipkiAllowed && (situation === "AGENT_UNREACHABLE" || situation === "LOCAL_NETWORK_DENIED")) {
      // No agent for this page: HiPKI signs instead, from the user's next click (a blocked local-network permission said too).
      this.situation = "HIPKI";
      this.hipkiPrefix = situation === "LOCAL_NETWORK_DENIED" ? this.messages.STATUS_LOCAL_NETWORK_DENIED + " " : "";
      this.showHiPki();
      return;
    }
    this.showChoice([]);
    this.situation = situation;
    var status = { AGENT_UNREACHABLE: "STATUS_AGENT_DOWN", ORIGIN_NOT_ALLOWED: "STATUS_ORIGIN_NOT_ALLOWED", LOCAL_NETWORK_DENIED: "STATUS_LOCAL_NETWORK_DENIED" }[situation];
    this.showStatus(this.message(status || situation, { agentUrl: agentUrl, origin: window.location.origin }));
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
      window.evsReaders.fill(select, names.map(function (name) { return { value: name, label: name }; }));
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
        if (self.situation === "AGENT_TOO_OLD") return self.readerFailed(null, self.tooOldMessage());
        // The agent went away while the step was shown: HiPKI takes over from the next click.
        if (self.situation === "HIPKI") return self.readerFailed(null, self.messages.STATUS_HIPKI);
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

  CardStep.prototype.tooOldMessage = function () {
    return this.message("AGENT_TOO_OLD", { version: this.agentVersion, minimum: this.minimumVersion });
  };

  // The token goes to the server exactly as the signer wrote it.
  CardStep.prototype.send = function (token) {
    this.token.value = token;
    this.showProgress(this.messages.SENDING);
    this.announce(this.messages.SENDING);
    if (window.htmx) {
      window.htmx.trigger(this.form, "card-step:ready");
    } else {
      this.form.submit();
    }
  };

  CardStep.prototype.answered = function (response, text) {
    if (response.ok) {
      this.send(text);
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

  // HiPKI's popup bridge (../shared/research/hipki-local-server.md §3): open /popupForm from the user's click, wait
  // for its getTbs, post the MakeSignature request to exactly HiPKI's origin, take its one answer.
  CardStep.prototype.signWithHiPki = function () {
    var self = this;
    this.clearErrors();
    var pin = this.pin.value;
    if (!pin) return this.pinFailed("PIN_EMPTY");
    if (!pinLooksRight(pin, this.kind)) {
      this.pin.value = "";
      return this.pinFailed("PIN_FORMAT");
    }
    // Which reader first: the PIN stays in its field (it goes nowhere) until the click that signs.
    var readers = this.hipkiReaders;
    if (!readers) return this.readHiPkiReaders();
    // No card of this step's kind when they were read: the cards have changed since (one swapped for the next step's),
    // and are read again rather than a PIN tried on a card it is not for.
    var fits = this.hipkiFits();
    if (fits.length === 0) return this.readHiPkiReaders();
    if (fits.length > 1 && fits.indexOf(this.select.value) < 0) return this.readerFailed("READER_CHOICE");
    var slot = readers.length === 1 ? null : fits.length > 1 ? this.select.value : fits[0];
    // The challenge is URL-safe base64, so HiPKI's form decoding cannot change it (tbsEncoding NONE signs its UTF-8).
    var request = { func: "MakeSignature", signatureType: "PKCS7", tbs: this.challenge.value, tbsEncoding: "NONE",
      hashAlgorithm: "SHA256", withCardSN: "true", nonce: "", pin: pin };
    // One card: HiPKI signs with it wherever it now is (a card swapped in the one reader still signs).
    if (slot) request.slotDescription = slot;
    this.hipkiJustRead = false;
    this.showHiPki();
    var text = JSON.stringify(request);
    request = null;
    pin = null;
    this.pin.value = "";
    var popup = this.openHiPki("/popupForm");
    if (!popup) return this.readerFailed("HIPKI_POPUP_BLOCKED");
    this.setBusy(true);
    this.announce(this.messages.PROGRESS);
    this.bridge(popup, text).then(function (answer) {
      self.hipkiAnswered(answer);
    }, function (situation) {
      self.setBusy(false);
      self.readerFailed(situation);
    });
    text = null;
  };

  // GetUserCert through the popup: the readers holding a card with a certificate (HiPKI's pkcs11info, §5.1).
  CardStep.prototype.readHiPkiReaders = function () {
    var self = this;
    // Whatever stops the read, the PIN typed does not stay behind.
    var failed = function (key) {
      self.pin.value = "";
      self.readerFailed(key);
    };
    var popup = this.openHiPki("/popupForm");
    if (!popup) return failed("HIPKI_POPUP_BLOCKED");
    this.setBusy(true);
    this.bridge(popup, JSON.stringify({ func: "GetUserCert" })).then(function (answer) {
      self.setBusy(false);
      if (hipki.returnCode(answer.ret_code) !== 0) {
        self.pin.value = "";
        return self.hipkiFailed(answer);
      }
      var slots = Array.isArray(answer.slots) ? answer.slots : [];
      var readers = [];
      slots.forEach(function (slot) {
        var certs = slot && slot.token && typeof slot.token === "object" && Array.isArray(slot.token.certs) ? slot.token.certs : [];
        var cert = certs.filter(function (c) { return c && typeof c.certb64 === "string" && c.certb64; })[0];
        if (cert && typeof slot.slotDescription === "string" && slot.slotDescription) {
          readers.push({ name: slot.slotDescription, kind: certificateKind(cert.certb64) });
        }
      });
      if (readers.length === 0) {
        // No reader; a card HiPKI cannot read ("unknown token", or no certificate); or no card at all.
        return failed(slots.length === 0 ? "NO_READER" : slots.some(function (slot) { return slot && slot.token; }) ? "UNSUPPORTED_CARD" : "NO_CARD");
      }
      self.setHiPkiReaders(readers);
      if (self.hipkiFits().length === 0) {
        // Cards, none of this step's kind: said now, before any PIN goes to a card; read again at the next click.
        self.setHiPkiReaders(null);
        return failed("WRONG_KIND");
      }
      self.hipkiJustRead = true;
      self.hipkiStatus = "STATUS_HIPKI"; // HiPKI answered this site: any add-site step is behind us
      self.showHiPki();
      self.announce(self.status.textContent);
      (self.hipkiFits().length > 1 ? self.select : self.submit).focus();
    }, function (situation) {
      self.setBusy(false);
      failed(situation);
    });
  };

  CardStep.prototype.setHiPkiReaders = function (readers) {
    this.hipkiReaders = readers;
    try {
      if (readers) window.sessionStorage.setItem(HIPKI_READERS_KEY + this.hipkiOrigin, JSON.stringify(readers));
      else window.sessionStorage.removeItem(HIPKI_READERS_KEY + this.hipkiOrigin);
    } catch (e) { /* storage off: the readers are read again on the next page */ }
  };

  // The names of HiPKI's readers whose card may be of this step's kind (a kind not told apart may be either).
  CardStep.prototype.hipkiFits = function () {
    var kind = this.kind;
    return (this.hipkiReaders || []).filter(function (r) { return r.kind === kind || r.kind === "unknown"; })
      .map(function (r) { return r.name; });
  };

  // The status while HiPKI signs, after what blocked our agent: the reader choice when several hold a card of the kind.
  CardStep.prototype.showHiPki = function () {
    var fits = this.hipkiReaders && this.hipkiReaders.length > 1 ? this.hipkiFits() : [];
    var button = this.submit.textContent.trim();
    this.showChoice(fits.length > 1 ? fits : []);
    var text = fits.length > 1 ? this.message("HIPKI_READERS_CHOOSE", { button: button })
      : this.hipkiStatus === "STATUS_HIPKI" && this.hipkiJustRead
        ? this.message("HIPKI_READERS_ONE", { reader: fits.length ? fits[0] : this.hipkiReaders[0].name, button: button })
        : this.messages[this.hipkiStatus];
    this.showStatus(this.hipkiPrefix + text);
  };

  CardStep.prototype.openHiPki = function (path) {
    return hipki.open(this.hipkiOrigin, path);
  };

  CardStep.prototype.bridge = function (popup, request) {
    return hipki.exchange(popup, this.hipkiOrigin, request);
  };

  CardStep.prototype.hipkiAnswered = function (answer) {
    var code = hipki.returnCode(answer.ret_code);
    if (code === 0 && typeof answer.signature === "string" && answer.signature) {
      this.send(JSON.stringify({ format: "hipki/1", signatureType: "PKCS7", signature: answer.signature,
        cardNumber: typeof answer.cardSN === "string" ? answer.cardSN : null }));
      return;
    }
    this.setBusy(false);
    this.hipkiFailed(answer);
  };

  CardStep.prototype.hipkiFailed = function (answer) {
    var code = hipki.returnCode(answer.ret_code);
    var key = hipki.messageKey(this.hipkiCodes, answer);
    // The reader it was told has no card (or is gone): read HiPKI's readers again at the next click.
    if (key === "NO_CARD" || key === "NO_READER" || key === "UNSUPPORTED_CARD") {
      this.setHiPkiReaders(null);
      this.hipkiJustRead = false;
      this.showHiPki();
    }
    if (key === "HIPKI_UNTRUSTED" && this.addSite) this.addSite.hidden = false;
    if (key && key.indexOf("PIN_") === 0) return this.pinFailed(key);
    if (key && this.messages[key]) return this.readerFailed(key);
    return this.readerFailed(null, this.message("HIPKI_ERROR", { code: "0x" + hipki.hex8(code) }));
  };

  // HiPKI's own add-site page (/addDomain): the user confirms there, it answers {"ret_code":0}.
  CardStep.prototype.addSiteToHiPki = function () {
    var self = this;
    var popup = this.openHiPki("/addDomain?domain=" + encodeURIComponent(window.location.hostname));
    if (!popup) return this.readerFailed("HIPKI_POPUP_BLOCKED");
    this.bridge(popup, null).then(function (answer) {
      if (hipki.returnCode(answer.ret_code) !== 0) return self.readerFailed("HIPKI_CANCELLED");
      self.clearErrors();
      self.addSite.hidden = true;
      self.hipkiStatus = "HIPKI_SITE_ADDED";
      self.showStatus(self.messages.HIPKI_SITE_ADDED);
      self.announce(self.messages.HIPKI_SITE_ADDED);
      self.pin.focus();
    }, function (situation) { self.readerFailed(situation); });
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
    text = text || this.message(key, { agentUrl: agentUrl, origin: window.location.origin });
    this.readerError.textContent = text;
    this.readerError.hidden = false;
    this.readerField.classList.add("field--error");
    (this.choice.hidden ? this.pin : this.select).focus();
    this.announce(text);
  };

  CardStep.prototype.clearErrors = function () {
    // A new attempt (perhaps with another card): the previous card's state no longer stands.
    if (this.notice) this.notice.hidden = true;
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

  function loadHiPkiReaders(origin) {
    try {
      var readers = JSON.parse(window.sessionStorage.getItem(HIPKI_READERS_KEY + origin) || "null");
      return Array.isArray(readers) && readers.length && readers.every(function (r) {
        return r && typeof r.name === "string" && typeof r.kind === "string";
      }) ? readers : null;
    } catch (e) {
      return null;
    }
  }

  // "citizen", "organisation" or "unknown", from the attribute types the certificate carries (a hint for choosing the
  // reader only: the server decides the kind from the verified certificate).
  function certificateKind(base64) {
    var der;
    try { der = window.atob(base64); } catch (e) { return "unknown"; }
    if (der.indexOf(CITIZEN_OID) >= 0) return "citizen";
    return ORGANISATION_OIDS.some(function (oid) { return der.indexOf(oid) >= 0; }) ? "organisation" : "unknown";
  }

  function readMessages(form) {
    return readJson(form, "data-card-step-messages");
  }

  function readJson(form, attribute) {
    try {
      return JSON.parse(form.getAttribute(attribute) || "{}") || {};
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
  // Nothing answering at all may also be Chrome's Local Network Access refusing this site loopback calls: when the
  // browser says that permission is denied, say so (and how to allow it) rather than "no agent".
  function diagnoseAgent() {
    return window.fetch(agentUrl + "/v1/status", { mode: "no-cors", credentials: "omit", cache: "no-store" })
      .then(function () { return "ORIGIN_NOT_ALLOWED"; }, function () {
        return window.evsLocalNetwork.denied().then(function (denied) { return denied ? "LOCAL_NETWORK_DENIED" : "AGENT_UNREACHABLE"; });
      });
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
