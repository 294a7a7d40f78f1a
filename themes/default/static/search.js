// The site's search, read from the index sanwu writes under search/index/ (src/search.rs
// describes its files). A query fetches only what it needs: meta.json, the term files of its
// words, and the page files of the results it shows. A ?q= in the URL runs that search, so a
// search can be shared; the URL follows what is typed.
(function () {
  'use strict';
  var form = document.getElementById('search-form');
  if (!form || !window.fetch || !window.Map || !window.TextEncoder || !Array.from) return;
  var input = document.getElementById('search-q');
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  var more = document.getElementById('search-more');
  var base = form.getAttribute('data-index');
  var root = base.replace(/search\/index\/$/, '');
  var LAST = '0123456789abcdefghijklmnopqrstuv';
  var MORE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZwxyz-_';
  var SHOWN = 10;
  var MAX_WORD = 32;
  // Rust's char::is_alphanumeric; browsers without Unicode property escapes get the common
  // scripts.
  var alnum;
  try {
    alnum = new RegExp('^[\\p{Alphabetic}\\p{N}]$', 'u');
  } catch (e) {
    alnum = /^[0-9A-Za-z\u00aa\u00b2\u00b3\u00b5\u00b9\u00ba\u00bc-\u00be\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02af\u0370-\u03ff\u0400-\u052f]$/;
  }

  // The same ranges as is_han in src/search.rs.
  function isHan(ch) {
    var cp = ch.codePointAt(0);
    return (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0x20000 && cp <= 0x2a6df) || (cp >= 0x2a700 && cp <= 0x2ebef) || (cp >= 0x30000 && cp <= 0x3134f);
  }

  // As fold in src/search.rs: full-width ASCII folded, lower case where that is one character.
  function fold(ch) {
    var cp = ch.codePointAt(0);
    if (cp >= 0xff01 && cp <= 0xff5e) ch = String.fromCodePoint(cp - 0xfee0);
    else if (cp === 0x3000) ch = ' ';
    var lower = ch.toLowerCase();
    return Array.from(lower).length === 1 ? lower : ch;
  }

  // The query's runs of Han characters and its words, folded.
  function segments(q) {
    var chars = Array.from(q).map(fold);
    var out = [];
    for (var i = 0; i < chars.length; i++) {
      var han = isHan(chars[i]);
      if (!han && !alnum.test(chars[i])) continue;
      var run = chars[i];
      var n = 1;
      while (i + 1 < chars.length && isHan(chars[i + 1]) === han && (han || alnum.test(chars[i + 1]))) {
        i++;
        n++;
        if (han || n <= MAX_WORD) run += chars[i];
      }
      out.push({ text: run, han: han });
    }
    return out;
  }

  // The terms to look up: a Han run's pairs (a single character itself), and the words.
  function termsOf(segs) {
    var out = [];
    segs.forEach(function (s) {
      var chars = Array.from(s.text);
      if (!s.han || chars.length === 1) out.push(s.text);
      else for (var i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
    });
    return out.filter(function (t, i) { return out.indexOf(t) === i; });
  }

  function fnv1a(term) {
    var h = 0x811c9dc5;
    new TextEncoder().encode(term).forEach(function (b) {
      h = Math.imul(h ^ b, 0x01000193) >>> 0;
    });
    return h >>> 0;
  }

  // A term's postings: [page, weight] pairs in page order.
  function decode(s) {
    var out = [];
    var n = 0;
    var page = 0;
    for (var i = 0; i < s.length; i++) {
      var d = LAST.indexOf(s[i]);
      if (d >= 0) {
        var v = n * 32 + d;
        page += Math.floor(v / 8);
        out.push([page, v % 8]);
        n = 0;
      } else {
        n = n * 32 + MORE.indexOf(s[i]);
      }
    }
    return out;
  }

  var files = new Map();
  function fetchJSON(url, options) {
    if (!files.has(url)) {
      var p = fetch(url, options).then(function (r) {
        if (!r.ok) throw new Error(r.status + ' ' + url);
        return r.json();
      });
      p.catch(function () { files.delete(url); });
      files.set(url, p);
    }
    return files.get(url);
  }
  function meta() {
    // Revalidated: it names the folder of the current index's files.
    return fetchJSON(base + 'meta.json', { cache: 'no-cache' }).then(function (m) {
      if (m.version !== 1) throw new Error('index version ' + m.version);
      return m;
    });
  }
  function postings(m, term) {
    return fetchJSON(base + m.dir + '/t/' + (fnv1a(term) % m.shards) + '.json').then(function (terms) {
      return Object.prototype.hasOwnProperty.call(terms, term) ? decode(terms[term]) : [];
    });
  }
  function page(m, n) {
    return fetchJSON(base + m.dir + '/p/' + Math.floor(n / m.chunk) + '.json').then(function (chunk) {
      return chunk[n % m.chunk];
    });
  }

  // Pages with every term, best first (BM25 over the index's weights; ties in page order).
  function rank(m, lists) {
    var k1 = 1.2;
    function score(df, w) {
      return Math.log(1 + (m.pages - df + 0.5) / (df + 0.5)) * (w * (k1 + 1)) / (w + k1);
    }
    lists.sort(function (a, b) { return a.length - b.length; });
    var scores = new Map();
    lists[0].forEach(function (p) { scores.set(p[0], score(lists[0].length, p[1])); });
    for (var i = 1; i < lists.length && scores.size; i++) {
      var next = new Map();
      var df = lists[i].length;
      lists[i].forEach(function (p) {
        if (scores.has(p[0])) next.set(p[0], scores.get(p[0]) + score(df, p[1]));
      });
      scores = next;
    }
    return Array.from(scores).sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; }).map(function (e) { return e[0]; });
  }

  // The text folded as the index folds it, position for position (the text itself where
  // folding would move them), for finding the needles in it.
  function foldedText(text) {
    var folded = Array.from(text).map(fold).join('');
    return folded.length === text.length ? folded : text;
  }

  // Appends text to el, each occurrence of a needle in a <mark>.
  function marked(el, text, needles) {
    var folded = foldedText(text);
    var at = 0;
    while (at < text.length) {
      var best = -1;
      var len = 0;
      needles.forEach(function (n) {
        var i = folded.indexOf(n, at);
        if (i >= 0 && (best < 0 || i < best || (i === best && n.length > len))) {
          best = i;
          len = n.length;
        }
      });
      if (best < 0) break;
      el.appendChild(document.createTextNode(text.slice(at, best)));
      var mark = document.createElement('mark');
      mark.textContent = text.slice(best, best + len);
      el.appendChild(mark);
      at = best + len;
    }
    el.appendChild(document.createTextNode(text.slice(at)));
  }

  // About 120 characters of the page's text (after its title, which the result shows) where
  // the needles occur most.
  function excerpt(text, title, needles) {
    if (title && text.indexOf(title) === 0) text = text.slice(title.length).replace(/^\s+/, '');
    var folded = foldedText(text);
    var hits = [];
    needles.forEach(function (n) {
      for (var i = folded.indexOf(n); i >= 0 && hits.length < 200; i = folded.indexOf(n, i + n.length)) hits.push(i);
    });
    hits.sort(function (a, b) { return a - b; });
    var best = hits.length ? hits[0] : 0;
    var most = 0;
    hits.forEach(function (h) {
      var count = hits.filter(function (x) { return x >= h && x < h + 90; }).length;
      if (count > most) {
        most = count;
        best = h;
      }
    });
    var start = Math.max(0, best - 30);
    var end = Math.min(text.length, start + 120);
    return (start > 0 ? '…' : '') + text.slice(start, end).replace(/\s*\n\s*/g, ' ') + (end < text.length ? '…' : '');
  }

  var generation = 0;
  var current = null;

  function say(text) {
    status.textContent = text;
  }

  function show(count) {
    var gen = generation;
    var run = current;
    var from = list.children.length;
    var wanted = run.results.slice(from, from + count);
    more.hidden = true;
    return Promise.all(wanted.map(function (n) { return page(run.meta, n); })).then(function (pages) {
      if (gen !== generation) return;
      pages.forEach(function (p) {
        var li = document.createElement('li');
        var a = document.createElement('a');
        a.className = 'title';
        a.href = root + p[0];
        marked(a, p[1] || p[0], run.needles);
        li.appendChild(a);
        if (p[2]) {
          var about = document.createElement('span');
          about.className = 'about';
          about.textContent = p[2];
          li.appendChild(about);
        }
        var ex = document.createElement('p');
        ex.className = 'excerpt';
        marked(ex, excerpt(p[3], p[1], run.needles), run.needles);
        li.appendChild(ex);
        list.appendChild(li);
      });
      more.hidden = list.children.length >= run.results.length;
    });
  }

  function search(q) {
    var gen = ++generation;
    list.textContent = '';
    more.hidden = true;
    var segs = segments(q);
    var terms = termsOf(segs);
    try {
      var url = new URL(location.href);
      if (q.trim()) url.searchParams.set('q', q.trim());
      else url.searchParams.delete('q');
      history.replaceState(null, '', url.href);
    } catch (e) { /* a page opened from a file: keep the URL */ }
    if (!terms.length) {
      current = null;
      say(q.trim() ? '请输入要找的汉字、字母或数字。' : '');
      return Promise.resolve();
    }
    say('正在搜索……');
    return meta().then(function (m) {
      return Promise.all(terms.map(function (t) { return postings(m, t); })).then(function (lists) {
        if (gen !== generation) return;
        var results = rank(m, lists);
        var needles = segs.map(function (s) { return s.text; });
        // A long query whose runs never occur whole is still shown with its pairs marked.
        needles = needles.concat(terms.filter(function (t) { return needles.indexOf(t) < 0; }));
        current = { meta: m, results: results, needles: needles };
        if (!results.length) {
          say('没有找到含“' + q.trim() + '”的页面。可以换一个词，或少输入几个字。');
          return;
        }
        say('找到 ' + results.length + ' 个页面' + (results.length > SHOWN ? '，先显示前 ' + SHOWN + ' 个' : '') + '。');
        return show(SHOWN);
      });
    }).catch(function () {
      if (gen === generation) say('读取搜索索引失败，请检查网络后再试。');
    });
  }

  var timer = null;
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(input.value); }, 200);
  });
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    clearTimeout(timer);
    search(input.value);
  });
  more.addEventListener('click', function () {
    if (!current) return;
    var before = list.children.length;
    show(SHOWN).then(function () {
      var next = list.children[before];
      var link = next && next.querySelector('a');
      if (link) link.focus();
    }, function () {
      say('读取搜索结果失败，请检查网络后再试。');
      more.hidden = false;
    });
  });

  form.hidden = false;
  var q = new URLSearchParams(location.search).get('q');
  if (q) {
    input.value = q;
    search(q);
  }
})();
