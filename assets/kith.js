// Kith's only script. Every page works without it; it only makes the search
// page quicker to use: results refresh as you type (announced to screen
// readers), the box suggests words from the first letters, and "Use my
// location" fills the postcode box from the browser.
(function () {
  'use strict';
  var form = document.querySelector('form[data-live-search]');
  if (!form || !window.fetch || !window.URLSearchParams) return;

  var results = document.getElementById('search-results');
  var status = document.getElementById('search-status');
  var input = form.querySelector('input[name="q"]');
  var timer = null;
  var pending = null;

  function query() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (String(value).trim() !== '') params.append(key, value);
    });
    params.delete('page');
    return params.toString();
  }

  function refresh() {
    var q = query();
    if (pending && pending.abort) pending.abort();
    pending = window.AbortController ? new AbortController() : null;
    var url = form.getAttribute('action') + (q ? '?' + q : '');
    fetch(url + (q ? '&' : '?') + 'partial=results', {
      headers: { Accept: 'text/html' },
      signal: pending ? pending.signal : undefined,
      credentials: 'same-origin'
    })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        results.innerHTML = html; // rendered and escaped by the server
        if (window.history && history.replaceState) history.replaceState(null, '', url);
        var summary = results.querySelector('[data-summary]');
        if (status && summary) status.textContent = summary.textContent;
      })
      .catch(function () { /* keep the old results; the form still works */ });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 350);
  }

  if (input && results) {
    input.addEventListener('input', later);
    // Filters sit outside the form element (they join it with the `form`
    // attribute), so their changes are heard on the document.
    document.addEventListener('change', function (e) {
      if (e.target !== input && e.target.form === form) later();
    });
  }

  // Suggestions from the first letters of the last word.
  var list = document.getElementById('q-suggestions');
  if (input && list) {
    var lastPrefix = '';
    input.addEventListener('input', function () {
      var words = input.value.split(/\s+/);
      var prefix = words[words.length - 1].toLowerCase();
      if (prefix.length < 3 || prefix === lastPrefix) return;
      lastPrefix = prefix;
      fetch('/api/suggest?q=' + encodeURIComponent(input.value))
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (words2) {
          var head = words.slice(0, -1).join(' ');
          // `text` is what was typed with its last word completed.
          list.textContent = '';
          (words2.suggestions || []).forEach(function (s) {
            var option = document.createElement('option');
            option.value = s.text || (head ? head + ' ' : '') + s.word;
            list.appendChild(option);
          });
        })
        .catch(function () {});
    });
  }

  // "Use my location": only offered when the browser can do it.
  var near = document.getElementById('near');
  var locate = document.getElementById('use-my-location');
  if (near && locate && navigator.geolocation) {
    locate.hidden = false;
    locate.addEventListener('click', function () {
      locate.disabled = true;
      navigator.geolocation.getCurrentPosition(
        function (pos) {
          near.value = pos.coords.latitude.toFixed(5) + ',' + pos.coords.longitude.toFixed(5);
          locate.disabled = false;
          refresh();
        },
        function () {
          locate.disabled = false;
          if (status) status.textContent = 'We could not get your location. Type a postcode instead.';
        },
        { maximumAge: 600000, timeout: 10000 }
      );
    });
  }
})();
