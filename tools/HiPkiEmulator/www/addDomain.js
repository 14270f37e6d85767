// The add-site page of the HiPKI emulator: /addDomain?domain=<host name>, opened by a site that got
// ret_code 0x76000031. The user confirms; the page adds the host name (a POST only this page can make,
// checked by its Origin) and tells the opener {"ret_code":0}, or 0x76000999 when the user cancels.
(function () {
  'use strict';
  var domain = new URLSearchParams(window.location.search).get('domain') || '';
  var status = document.getElementById('status');
  document.getElementById('domain').textContent = domain;

  function finish(code) {
    if (window.opener) {
      // Only a result code: nothing secret, and the opener's origin cannot be read from here.
      window.opener.postMessage(JSON.stringify({ ret_code: code }), '*');
    }
    window.close();
  }

  document.getElementById('add').addEventListener('click', function () {
    var body = new URLSearchParams();
    body.set('domain', domain);
    fetch('/addDomain', { method: 'POST', body: body })
      .then(function (response) { return response.json(); })
      .then(function (answer) {
        if (answer.ret_code === 0) {
          finish(0);
        } else {
          status.textContent = '無法加入：' + domain;
        }
      });
  });
  document.getElementById('cancel').addEventListener('click', function () { finish(0x76000999); });
})();
