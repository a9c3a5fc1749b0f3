// The Cairn dashboard: plain JavaScript, no build step. Every call goes to /cairn/api/* with the session
// cookie; POSTs carry the CSRF token the login returned.
'use strict';
(function () {
  const api = 'api/';
  let csrf = null;
  let timer = null;
  let events = null;
  const series = new Map();   // topic -> [{at, value}]
  const $ = (id) => document.getElementById(id);

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => { if (k === 'class') e.className = v; else e.setAttribute(k, v); });
    children.forEach((c) => e.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c))));
    return e;
  }

  async function call(method, path, body) {
    const headers = {};
    if (method !== 'GET') headers['X-CSRF-Token'] = csrf || '';
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const r = await fetch(api + path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
    const data = await r.json().catch(() => ({}));
    if (r.status === 401 && path !== 'login') { showLogin(''); throw new Error('logged out'); }
    if (!r.ok) throw new Error(data.error || ('HTTP ' + r.status));
    return data;
  }

  function showLogin(message) {
    stop();
    $('app').hidden = true;
    $('logout').hidden = true;
    $('login').hidden = false;
    $('login-message').textContent = message || '';
  }

  function showApp() {
    $('login').hidden = true;
    $('app').hidden = false;
    $('logout').hidden = false;
    refresh();
    timer = setInterval(refresh, 2000);
    loadReadings().then(openEvents);
  }

  function stop() {
    if (timer) clearInterval(timer);
    timer = null;
    if (events) events.close();
    events = null;
  }

  async function refresh() {
    try {
      const [node, bundles, configs, health, logs] = await Promise.all([
        call('GET', 'node'), call('GET', 'bundles'), call('GET', 'configs').catch((e) => ({ error: e.message })),
        call('GET', 'health').catch(() => null), call('GET', 'logs' + logFilter())]);
      renderNode(node, health);
      renderBundles(bundles);
      renderConfigs(configs);
      renderLogs(logs);
      $('error').textContent = '';
    } catch (e) {
      if (e.message !== 'logged out') $('error').textContent = e.message;
    }
  }

  function mb(bytes) { return bytes == null ? '?' : (bytes / 1048576).toFixed(1) + ' MiB'; }
  function duration(ms) {
    const s = Math.floor(ms / 1000), d = Math.floor(s / 86400), h = Math.floor(s % 86400 / 3600), m = Math.floor(s % 3600 / 60);
    return (d ? d + 'd ' : '') + (d || h ? h + 'h ' : '') + m + 'm ' + (s % 60) + 's';
  }

  function renderNode(n, health) {
    $('node-id').textContent = n.node || '';
    const rows = [['Node', n.node], ['Version', n.version], ['Uptime', duration(n.uptimeMs || 0)],
      ['Heap', mb(n.heapUsedBytes ?? n.heapUsed) + ' of ' + mb(n.heapMaxBytes ?? n.heapMax)]];
    if (n.rssBytes || n.rss) rows.push(['RSS', mb(n.rssBytes || n.rss)]);
    if (n.java) rows.push(['Java', n.java]);
    if (n.os) rows.push(['OS', n.os]);
    $('node-info').replaceChildren(...rows.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
    const h = $('health');
    if (health) {
      const down = health.checks.filter((c) => c.status !== 'UP');
      h.className = 'health ' + (health.ready ? 'up' : 'down');
      const why = down.map((c) => c.name + ' — ' + c.reason).join('; ');
      // DEGRADED (an open circuit breaker) leaves the node ready, with the reason shown
      h.textContent = !health.ready ? 'Not ready: ' + why : down.length ? 'Ready, degraded: ' + why : 'Ready: every check is UP';
    }
  }

  function renderBundles(list) {
    const rows = list.map((b) => {
      const active = b.state === 'ACTIVE' || b.state === 'LAZY';   // LAZY: started, waiting for its first class load
      const button = el('button', { 'data-id': b.id, 'data-action': active ? 'stop' : 'start', class: 'bundle-action' }, active ? 'Stop' : 'Start');
      if (b.id === 0) button.disabled = true;
      button.addEventListener('click', async () => {
        button.disabled = true;
        try { await call('POST', 'bundles/' + b.id + '/' + button.dataset.action); } catch (e) { $('error').textContent = e.message; }
        refresh();
      });
      return el('tr', { 'data-bundle': b.name }, el('td', {}, b.id), el('td', {}, b.name), el('td', {}, b.version),
        el('td', { class: 'state state-' + b.state }, b.state), el('td', {}, button));
    });
    $('bundle-rows').replaceChildren(...rows);
  }

  function renderConfigs(list) {
    if (!Array.isArray(list)) {
      $('config-rows').replaceChildren(el('tr', {}, el('td', { colspan: 2 }, list.error || 'unavailable')));
      return;
    }
    $('config-rows').replaceChildren(...list.map((c) => el('tr', {}, el('td', {}, c.pid),
      el('td', { class: 'props' }, Object.entries(c.properties || {}).map(([k, v]) => k + ' = ' + v).join('\n')))));
  }

  // The same lines as cairnctl logs (op node.logs), as the node's log file has them; filtered on the node.
  function logFilter() {
    const q = new URLSearchParams();
    if ($('log-level').value) q.set('level', $('log-level').value);
    if ($('log-grep').value) q.set('grep', $('log-grep').value);
    const s = q.toString();
    return s ? '?' + s : '';
  }

  function renderLogs(logs) {
    const pre = $('log-lines');
    const atEnd = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
    pre.textContent = (logs.lines || []).map((l) => l.text).join('\n');
    if (atEnd) pre.scrollTop = pre.scrollHeight;   // follows new lines unless the reader scrolled up
    $('log-note').textContent = logs.unavailable ? logs.unavailable
      : logs.omitted ? logs.omitted + ' older lines left out' : '';
  }

  // Readings: a number in payload.value (a Reading record, or a map from another node), charted per topic.
  function valueOf(payload) {
    if (typeof payload === 'number') return { value: payload, unit: '' };
    if (payload && typeof payload.value === 'number') return { value: payload.value, unit: payload.unit || '' };
    return null;
  }

  function add(reading) {
    const v = valueOf(reading.payload);
    if (!v) return;
    const points = series.get(reading.topic) || [];
    points.push({ at: reading.at, value: v.value, unit: v.unit });
    while (points.length > 60) points.shift();
    series.set(reading.topic, points);
    draw(reading.topic, points);
  }

  function draw(topic, points) {
    let box = document.querySelector('.chart[data-topic="' + CSS.escape(topic) + '"]');
    if (!box) {
      $('no-readings').hidden = true;
      box = el('div', { class: 'chart', 'data-topic': topic },
        el('div', { class: 'title' }, el('span', {}, topic), el('span', { class: 'value' })));
      const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      svg.setAttribute('viewBox', '0 0 300 60');
      svg.setAttribute('preserveAspectRatio', 'none');
      svg.append(document.createElementNS('http://www.w3.org/2000/svg', 'polyline'));
      box.append(svg);
      $('charts').append(box);
    }
    const last = points[points.length - 1];
    box.querySelector('.value').textContent = (Math.round(last.value * 100) / 100) + (last.unit ? ' ' + last.unit : '');
    const values = points.map((p) => p.value);
    const min = Math.min(...values), max = Math.max(...values), span = max - min || 1;
    const step = points.length > 1 ? 300 / (points.length - 1) : 0;
    box.querySelector('polyline').setAttribute('points',
      points.map((p, i) => (i * step).toFixed(1) + ',' + (56 - (p.value - min) / span * 52).toFixed(1)).join(' '));
  }

  async function loadReadings() {
    try {
      const recent = await call('GET', 'readings');
      Object.values(recent).forEach((list) => list.forEach(add));
    } catch (e) { /* the stream fills in */ }
  }

  function openEvents() {
    if (events) events.close();
    events = new EventSource(api + 'events');
    events.addEventListener('reading', (e) => add(JSON.parse(e.data)));
  }

  $('log-filter').addEventListener('submit', (e) => { e.preventDefault(); refresh(); });
  $('log-level').addEventListener('change', () => refresh());
  $('log-grep').addEventListener('input', () => refresh());

  $('login-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const r = await call('POST', 'login', { password: $('password').value });
      csrf = r.csrf;
      $('password').value = '';
      showApp();
    } catch (err) {
      $('login-message').textContent = err.message;
    }
  });

  $('logout').addEventListener('click', async () => {
    try { await call('POST', 'logout'); } catch (e) { /* gone anyway */ }
    csrf = null;
    showLogin('Logged out.');
  });

  call('GET', 'session').then((s) => {
    if (s.authenticated) { csrf = s.csrf; showApp(); } else showLogin(s.loginUnavailable || '');
  }).catch((e) => showLogin(e.message));
})();
