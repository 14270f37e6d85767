// The bridge page of the HiPKI emulator (README.md). Opened by a site's page with window.open, it says
// {"func":"getTbs"} to its opener, takes the one request the opener posts back, calls the matching route
// of this server itself (same origin, so HiPKI's missing CORS headers do not matter), posts the raw
// answer to exactly the origin that asked, and closes. One request per popup.
(function () {
  'use strict';
  var routes = { MakeSignature: '/sign', GetUserCert: '/pkcs11info?withcert=true', CheckEnvir: '/pkcs11info' };
  var status = document.getElementById('status');
  var opener = window.opener;
  var answered = false;

  if (!opener) {
    status.textContent = 'HiPKI 模擬元件：請從網站的按鈕開啟此視窗。';
    return;
  }

  function reply(origin, text) {
    opener.postMessage(text, origin);
    window.close();
  }

  window.addEventListener('message', function (event) {
    // Only the window that opened us, one request, text only (extensions post objects into every window).
    if (event.source !== opener || answered || typeof event.data !== 'string') {
      return;
    }
    answered = true;
    var request;
    try {
      request = JSON.parse(event.data);
    } catch (e) {
      reply(event.origin, JSON.stringify({ func: 'unknown', ret_code: 0x7600000B, last_error: 0 }));
      return;
    }
    var route = request && routes[request.func];
    if (!route) {
      reply(event.origin, JSON.stringify({ func: String(request && request.func), ret_code: 0x7600000E, last_error: 0 }));
      return;
    }
    var body = new URLSearchParams();
    body.set('tbsPackage', event.data);
    body.set('site', event.origin);
    fetch(route, { method: 'POST', body: body })
      .then(function (response) { return response.text(); })
      .then(function (text) { reply(event.origin, text); })
      .catch(function () { reply(event.origin, JSON.stringify({ func: request.func, ret_code: 0x7600000D, last_error: 0 })); });
  });

  // getTbs carries nothing secret, and a cross-origin opener's origin cannot be read from here.
  opener.postMessage('{"func":"getTbs"}', '*');
})();
