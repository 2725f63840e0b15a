// 均衡工作台: upload with progress, the check table of a refused workbook, waiting for
// a build, previews, deleting, login. Every workbook string goes in through
// textContent, never as HTML.
(function () {
  'use strict';
  var meta = document.querySelector('meta[name="csrf"]');
  var csrf = meta ? meta.getAttribute('content') : '';

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function parse(text) {
    try { return JSON.parse(text); } catch (e) { return {}; }
  }

  // The message split into 应为 / 实际 as the server's page does.
  function split(message) {
    var i = message.indexOf('，实际为');
    if (i >= 0) { return [message.slice(0, i), message.slice(i + 4)]; }
    i = message.indexOf('，实际');
    if (i >= 0) { return [message.slice(0, i), message.slice(i + 3)]; }
    return [message, ''];
  }

  // 数据检查 table: grouped by sheet, sheets with errors first, errors first.
  function problemTable(problems) {
    var groups = [];
    problems.forEach(function (p) {
      var g = groups.find(function (x) { return x.sheet === p.sheet; });
      if (!g) { g = { sheet: p.sheet, list: [] }; groups.push(g); }
      g.list.push(p);
    });
    function err(p) { return p.severity === 'error' ? 0 : 1; }
    groups.forEach(function (g) { g.list.sort(function (a, b) { return err(a) - err(b); }); });
    groups.sort(function (a, b) { return err(a.list[0]) - err(b.list[0]); });
    // 应为 / 实际 columns only when every message says both (as the server's page does).
    var both = problems.length > 0 && problems.every(function (p) { return split(p.message || '')[1] !== ''; });
    var table = el('table', 'problems');
    var head = el('thead');
    var hr = el('tr');
    (both ? ['工作表', '行', '列', '应为', '实际'] : ['工作表', '行', '列', '说明']).forEach(function (h) { hr.appendChild(el('th', null, h)); });
    head.appendChild(hr);
    table.appendChild(head);
    groups.forEach(function (g) {
      var body = el('tbody');
      g.list.forEach(function (p, i) {
        var tr = el('tr', p.severity === 'error' ? 'error' : 'warning');
        if (i === 0) {
          var th = el('th', null, g.sheet || '—');
          th.rowSpan = g.list.length;
          tr.appendChild(th);
        }
        tr.appendChild(el('td', null, p.row || '—'));
        tr.appendChild(el('td', null, p.column || '—'));
        var parts = split(p.message || '');
        if (both) {
          tr.appendChild(el('td', null, parts[0]));
          tr.appendChild(el('td', null, parts[1]));
        } else {
          tr.appendChild(el('td', null, p.message || ''));
        }
        body.appendChild(tr);
      });
      table.appendChild(body);
    });
    return table;
  }

  function uploadOne(file, list, navigate) {
    var item = el('li', 'item');
    item.appendChild(el('span', 'fname', file.name));
    var bar = el('progress');
    bar.max = 100;
    bar.value = 0;
    item.appendChild(bar);
    var state = el('span', 'state', '等待上传…');
    state.setAttribute('role', 'status');
    item.appendChild(state);
    list.insertBefore(item, list.firstChild);

    var xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/workbooks');
    xhr.setRequestHeader('X-CSRF-Token', csrf);
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) {
        var pct = Math.round(e.loaded / e.total * 100);
        bar.value = pct;
        state.textContent = '上传中 ' + pct + '%';
      }
    };
    xhr.upload.onload = function () {
      bar.removeAttribute('value');
      state.textContent = '正在检查数据、计算指标…';
    };
    xhr.onload = function () {
      var body = parse(xhr.responseText);
      bar.remove();
      if (xhr.status === 201) {
        item.classList.add('done');
        var verdict = body.verdict && body.verdict.passed ? '达标' : '未达标';
        state.textContent = body.county + ' 第' + body.version + '版：' + verdict +
          (body.warnings.length ? '（' + body.warnings.length + ' 处提醒）' : '') + '，正在生成文件。';
        var a = el('a', null, '查看结果');
        a.href = body.url;
        item.appendChild(a);
        if (navigate) { window.location.href = body.url; }
        return;
      }
      item.classList.add('refused');
      state.textContent = body.error || ('上传失败（' + xhr.status + '）');
      if (xhr.status === 401) {
        var again = el('a', null, '重新登录');
        again.href = '/login?expired=1';
        item.appendChild(again);
      }
      var problems = (body.errors || []).concat(body.warnings || []);
      if (problems.length) { item.appendChild(problemTable(problems)); }
      if (xhr.status === 503) {
        var wait = xhr.getResponseHeader('Retry-After') || '5';
        state.textContent += '（约 ' + wait + ' 秒后可重试）';
      }
    };
    xhr.onerror = function () {
      bar.remove();
      item.classList.add('refused');
      state.textContent = '网络错误：未能上传，请检查工作台是否仍在运行。';
    };
    var form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  }

  document.querySelectorAll('[data-upload]').forEach(function (zone) {
    var input = zone.querySelector('input[type="file"]');
    var list = document.getElementById(zone.getAttribute('data-list'));
    var go = zone.getAttribute('data-go') === 'one';
    function send(files) {
      var all = Array.prototype.slice.call(files);
      all.forEach(function (f) { uploadOne(f, list, go && all.length === 1); });
      input.value = '';
    }
    zone.addEventListener('dragover', function (e) { e.preventDefault(); zone.classList.add('over'); });
    zone.addEventListener('dragleave', function () { zone.classList.remove('over'); });
    zone.addEventListener('drop', function (e) {
      e.preventDefault();
      zone.classList.remove('over');
      if (e.dataTransfer && e.dataTransfer.files.length) { send(e.dataTransfer.files); }
    });
    input.addEventListener('change', function () { if (input.files.length) { send(input.files); } });
  });

  // A results page whose documents are still being typeset reloads when they are done.
  var building = document.querySelector('[data-building]');
  if (building) {
    var id = building.getAttribute('data-building');
    var poll = function () {
      fetch('/api/workbooks/' + id, { credentials: 'same-origin' })
        .then(function (r) { return r.json(); })
        .then(function (b) {
          if (b.status && b.status !== 'building') { window.location.reload(); } else { setTimeout(poll, 400); }
        })
        .catch(function () { setTimeout(poll, 2000); });
    };
    setTimeout(poll, 300);
  }

  document.querySelectorAll('[data-preview]').forEach(function (button) {
    button.addEventListener('click', function () {
      var box = document.getElementById('preview-box');
      var frame = document.getElementById('preview');
      document.getElementById('preview-title').textContent = '预览：' + button.getAttribute('data-title');
      frame.src = button.getAttribute('data-preview');
      box.hidden = false;
      box.scrollIntoView({ behavior: 'smooth' });
    });
  });

  document.querySelectorAll('[data-delete]').forEach(function (button) {
    button.addEventListener('click', function () {
      if (!window.confirm('确定删除这个版本及其全部文件吗？删除后无法恢复。')) { return; }
      fetch(button.getAttribute('data-delete'), {
        method: 'DELETE', credentials: 'same-origin', headers: { 'X-CSRF-Token': csrf }
      }).then(function (r) {
        if (r.ok) {
          var after = button.getAttribute('data-after');
          if (after) { window.location.href = after; } else { window.location.reload(); }
        } else {
          r.json().then(function (b) { window.alert(b.error || '删除失败'); });
        }
      });
    });
  });

  document.querySelectorAll('[data-logout]').forEach(function (button) {
    button.addEventListener('click', function () {
      fetch('/api/logout', { method: 'POST', credentials: 'same-origin', headers: { 'X-CSRF-Token': csrf } })
        .then(function () { window.location.href = '/login'; });
    });
  });

  var login = document.getElementById('login-form');
  if (login) {
    var message = document.getElementById('login-message');
    var signIn = function (token) {
      message.textContent = '正在登录…';
      fetch('/api/login', {
        method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ token: token.trim() })
      }).then(function (r) {
        if (r.ok) { window.location.replace('/'); return; }
        r.json().then(function (b) { message.textContent = b.error || '登录失败'; });
      });
    };
    // The login link carries the token after '#', which the browser never sends anywhere.
    // A link pasted into a tab already on /login changes only the '#' part: the page is
    // not loaded again, so listen for that too.
    var fromHash = function () {
      var fromLink = new URLSearchParams(window.location.hash.slice(1)).get('token');
      if (fromLink) {
        window.history.replaceState(null, '', '/login');
        signIn(fromLink);
      }
    };
    window.addEventListener('hashchange', fromHash);
    fromHash();
    login.addEventListener('submit', function (e) {
      e.preventDefault();
      signIn(document.getElementById('token').value);
    });
  }
}());
