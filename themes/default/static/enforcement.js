// Instant filtering of the enforcement list. The list works without this script; the filter
// state lives in the URL (?dept=&type=&status=&town=&q=) so a filtered view can be shared.
(function () {
  var form = document.getElementById('filters');
  var root = document.getElementById('items');
  if (!form || !root || !window.URLSearchParams) return;
  var sections = Array.prototype.slice.call(root.querySelectorAll('section.dept'));
  var rows = sections.map(function (s) {
    return Array.prototype.map.call(s.querySelectorAll('li'), function (li) {
      return { li: li, d: s.getAttribute('data-d'), t: li.getAttribute('data-t'), s: li.getAttribute('data-s'),
               w: ' ' + li.getAttribute('data-w') + ' ', text: li.textContent.toLowerCase() };
    });
  });
  var shown = document.getElementById('shown');
  var names = ['dept', 'type', 'status', 'town', 'q'];
  var params = new URLSearchParams(location.search);
  names.forEach(function (n) { if (params.get(n)) form.elements[n].value = params.get(n); });
  form.hidden = false;

  function apply() {
    var v = {};
    names.forEach(function (n) { v[n] = form.elements[n].value.trim(); });
    var q = v.q.toLowerCase(), total = 0;
    sections.forEach(function (s, i) {
      var visible = 0;
      rows[i].forEach(function (r) {
        var ok = (!v.dept || r.d === v.dept) && (!v.type || r.t === v.type) && (!v.status || r.s === v.status) &&
                 (!v.town || r.w === ' all ' || r.w.indexOf(' ' + v.town + ' ') >= 0) && (!q || r.text.indexOf(q) >= 0);
        // Touch the DOM only where visibility changes: that is what keeps a keystroke fast.
        if (r.li.hidden === ok) r.li.hidden = !ok;
        if (ok) visible++;
      });
      if (s.hidden !== (visible === 0)) s.hidden = visible === 0;
      total += visible;
    });
    shown.textContent = '显示 ' + total + ' 项';
    var out = new URLSearchParams();
    names.forEach(function (n) { if (v[n]) out.set(n, v[n]); });
    var qs = out.toString();
    history.replaceState(null, '', qs ? '?' + qs : location.pathname);
  }
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.addEventListener('submit', function (e) { e.preventDefault(); apply(); });
  apply();
})();
