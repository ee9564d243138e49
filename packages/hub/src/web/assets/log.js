// The Connector Log page. Plain script, no dependencies. Every piece of record data reaches the page
// through textContent (the `el` helper below): nothing from a record is ever parsed as HTML.
(() => {
  'use strict';

  const params = new URLSearchParams(location.search);
  // `?refresh=2&limit=25` tune the page; the defaults suit a person watching the log.
  const REFRESH_MS = Math.max(1, Number(params.get('refresh')) || 5) * 1000;
  const PAGE_SIZE = Math.min(1000, Math.max(1, Number(params.get('limit')) || 50));
  const FILTERS = ['client', 'club', 'level', 'platform', 'direction', 'search', 'since', 'until'];

  const $ = (id) => document.getElementById(id);

  const state = {
    clients: [],
    client: undefined,
    entries: [],
    nextBefore: undefined,
    newestId: 0,
    newestAt: undefined,
    open: new Set(),
    seenPlatforms: new Set(),
    timelineUuid: undefined,
    timelineJson: undefined,
    timer: undefined,
    /** The live loop running now; a new sign-in starts a new one and the old one stops. */
    loop: undefined,
    generation: 0,
  };

  // ---- DOM -----------------------------------------------------------------------------------------

  /** Makes an element; strings among the children become text nodes, never markup. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = value;
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      node.append(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
    }
    return node;
  }

  function show(node, visible) {
    node.hidden = !visible;
  }

  let toastTimer;
  function toast(message, kind) {
    const node = $('toast');
    node.textContent = message;
    node.className = `toast ${kind || ''}`;
    show(node, true);
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => show(node, false), 4000);
  }

  /** Pretty JSON as nested spans (keys, strings, numbers coloured by CSS), built with text nodes only. */
  function jsonView(value) {
    const pre = el('pre', { class: 'json' });
    const write = (v, indent) => {
      const pad = '  '.repeat(indent);
      if (v === null) return pre.append(el('span', { class: 'j-null', text: 'null' }));
      if (Array.isArray(v)) {
        if (!v.length) return pre.append('[]');
        pre.append('[\n');
        v.forEach((item, i) => {
          pre.append(`${pad}  `);
          write(item, indent + 1);
          pre.append(i < v.length - 1 ? ',\n' : '\n');
        });
        return pre.append(`${pad}]`);
      }
      if (typeof v === 'object') {
        const keys = Object.keys(v);
        if (!keys.length) return pre.append('{}');
        pre.append('{\n');
        keys.forEach((key, i) => {
          pre.append(`${pad}  `, el('span', { class: 'j-key', text: JSON.stringify(key) }), ': ');
          write(v[key], indent + 1);
          pre.append(i < keys.length - 1 ? ',\n' : '\n');
        });
        return pre.append(`${pad}}`);
      }
      const kind = typeof v === 'string' ? 'j-string' : typeof v === 'number' ? 'j-number' : 'j-bool';
      pre.append(el('span', { class: kind, text: JSON.stringify(v) }));
    };
    write(value, 0);
    return pre;
  }

  // ---- time ----------------------------------------------------------------------------------------

  const formats = new Map();
  function format(timeZone) {
    if (!formats.has(timeZone)) {
      formats.set(
        timeZone,
        new Intl.DateTimeFormat('en-US', {
          timeZone,
          year: 'numeric',
          month: '2-digit',
          day: '2-digit',
          hour: '2-digit',
          minute: '2-digit',
          second: '2-digit',
          hourCycle: 'h23',
          timeZoneName: 'short',
        }),
      );
    }
    return formats.get(timeZone);
  }
  function partsOf(ms, timeZone) {
    const parts = {};
    for (const part of format(timeZone).formatToParts(new Date(ms))) parts[part.type] = part.value;
    return parts;
  }

  const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  const UNITS = [
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
    ['second', 1],
  ];

  /**
   * A time the hub did not render for the club (record and delivery times of the timeline): UTC and
   * how long ago. Club times always come from the hub (an entry's `localTime`), because a browser's
   * time-zone data may differ from the hub's and the same moment must not read two ways on one page.
   */
  function utcTime(iso) {
    if (!iso) return '';
    const seconds = Math.round((Date.parse(iso) - Date.now()) / 1000);
    const [unit, size] = UNITS.find(([, n]) => Math.abs(seconds) >= n) || UNITS[3];
    return `${iso.slice(0, 19).replace('T', ' ')} UTC · ${relative.format(Math.round(seconds / size), unit)}`;
  }

  /**
   * A wall-clock `YYYY-MM-DDTHH:MM` in a zone, as an ISO instant (the zone's offset at that moment,
   * from the browser's time-zone data).
   */
  function zonedToIso(local, timeZone) {
    const [date, time] = local.split('T');
    const [y, mo, d] = date.split('-').map(Number);
    const [h, mi] = time.split(':').map(Number);
    const wall = Date.UTC(y, mo - 1, d, h, mi);
    const offsetAt = (ms) => {
      const p = partsOf(ms, timeZone);
      return Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second) - Math.floor(ms / 1000) * 1000;
    };
    let utc = wall - offsetAt(wall);
    utc = wall - offsetAt(utc);
    return new Date(utc).toISOString();
  }

  // ---- API -----------------------------------------------------------------------------------------

  class SignedOut extends Error {}

  async function api(path, options = {}) {
    const headers = { 'X-Connector-Log': '1', Accept: 'application/json' };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(path, {
      method: options.method || 'GET',
      credentials: 'same-origin',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    let body;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    if (response.status === 401 && !options.signingIn) {
      signedOut('Your session has ended: sign in again.');
      throw new SignedOut();
    }
    if (!response.ok) {
      const error = new Error((body && body.error && body.error.message) || `the hub answered ${response.status}`);
      error.status = response.status;
      throw error;
    }
    return body;
  }

  // ---- sign-in -------------------------------------------------------------------------------------

  function signedOut(message) {
    clearTimeout(state.timer);
    state.loop = undefined;
    state.generation++;
    closeTimeline();
    show($('app'), false);
    show($('who'), false);
    show($('client-picker'), false);
    show($('login'), true);
    const error = $('login-error');
    error.textContent = message || '';
    show(error, Boolean(message));
    $('login-name').focus();
  }

  async function signIn(event) {
    event.preventDefault();
    const button = event.target.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      const answer = await api('/log/login', {
        method: 'POST',
        body: { name: $('login-name').value, password: $('login-password').value },
        signingIn: true,
      });
      $('login-password').value = '';
      await start(answer.operator);
    } catch (error) {
      if (error instanceof SignedOut) return;
      const message = error.status === 401 ? 'The operator name or password is not valid.' : error.message;
      const node = $('login-error');
      node.textContent = message;
      show(node, true);
    } finally {
      button.disabled = false;
    }
  }

  async function signOut() {
    try {
      await api('/log/logout', { method: 'POST', body: {} });
    } finally {
      signedOut('');
    }
  }

  // ---- filters -------------------------------------------------------------------------------------

  function field(name) {
    return $(`f-${name}`);
  }

  function club() {
    return state.client && state.client.clubs.find((c) => c.id === field('club').value);
  }

  /** The zone the From/To inputs are read in: the club's, or the client's when all its clubs share one. */
  function filterZone() {
    const chosen = club();
    if (chosen) return chosen.timeZone;
    const zones = new Set((state.client ? state.client.clubs : []).map((c) => c.timeZone));
    return zones.size === 1 ? [...zones][0] : 'UTC';
  }

  function platformName(key) {
    const platform = state.client && state.client.platforms.find((p) => p.platform === key);
    return platform ? platform.displayName : key;
  }

  function clubName(id) {
    const found = state.client && state.client.clubs.find((c) => c.id === id);
    return found ? found.name || found.id : id;
  }

  function fillSelect(select, options, value) {
    select.replaceChildren(...options.map(([v, label]) => el('option', { value: v, text: label })));
    select.value = options.some(([v]) => v === value) ? value : options[0][0];
  }

  function fillPlatforms() {
    const keys = new Set([...(state.client ? state.client.platforms.map((p) => p.platform) : []), ...state.seenPlatforms]);
    const options = [['', 'All platforms'], ...[...keys].sort().map((key) => [key, platformName(key)])];
    fillSelect(field('platform'), options, field('platform').value);
  }

  function chooseClient(id) {
    state.client = state.clients.find((c) => c.id === id) || state.clients[0];
    field('client').value = state.client.id;
    state.seenPlatforms.clear();
    const clubs = [['', 'All clubs'], ...state.client.clubs.map((c) => [c.id, c.name || c.id])];
    fillSelect(field('club'), clubs, state.client.clubs.length === 1 ? state.client.clubs[0].id : field('club').value);
    fillPlatforms();
  }

  function query() {
    const q = new URLSearchParams();
    for (const name of ['club', 'level', 'platform', 'direction', 'search']) {
      const value = field(name).value.trim();
      if (value) q.set(name, value);
    }
    for (const name of ['since', 'until']) {
      const value = field(name).value;
      if (value) q.set(name, zonedToIso(value, filterZone()));
    }
    return q;
  }

  /** Keeps the filters in the address, so a reload or a shared link shows the same view. */
  function rememberFilters() {
    const q = new URLSearchParams(location.search);
    for (const name of FILTERS) {
      const value = field(name).value.trim();
      if (value) q.set(name, value);
      else q.delete(name);
    }
    history.replaceState(null, '', `${location.pathname}?${q}`);
  }

  /** The filters of the address the page was opened with (once: later changes are the person's). */
  function restoreFilters() {
    for (const name of FILTERS.slice(1)) {
      const value = params.get(name);
      if (value === null) continue;
      const input = field(name);
      if (input.tagName === 'SELECT' && ![...input.options].some((o) => o.value === value)) {
        if (name !== 'platform') continue;
        state.seenPlatforms.add(value);
        fillPlatforms();
      }
      input.value = value;
    }
    for (const name of FILTERS) params.delete(name);
  }

  // ---- the log -------------------------------------------------------------------------------------

  const LEVEL_CLASS = { INFO: 'info', WARNING: 'warning', ERROR: 'error' };

  function directionCell(entry) {
    const outbound = entry.direction === 'OUTBOUND';
    return el(
      'td',
      { class: 'c-direction' },
      el(
        'span',
        { class: `dir ${outbound ? 'out' : 'in'}`, title: entry.direction },
        outbound ? '→ ' : '← ',
        outbound ? 'Sent to ' : 'Received from ',
        el('strong', { text: platformName(entry.platform) }),
      ),
    );
  }

  /** "Jane Doe <jane@example.com>" as the name, and the address below it. */
  function personCell(who) {
    const match = /^(.*\S)\s+<([^<>]+)>$/.exec(who || '');
    if (!match) return el('td', { class: 'c-person' }, el('span', { class: 'name', text: who || '' }));
    return el('td', { class: 'c-person' }, el('span', { class: 'name', text: match[1] }), el('span', { class: 'email', text: match[2] }));
  }

  function entryRows(entry, fresh) {
    const level = LEVEL_CLASS[entry.level] || 'info';
    const expanded = state.open.has(entry.id);
    const toggle = el(
      'button',
      {
        type: 'button',
        class: 'toggle',
        'aria-expanded': String(expanded),
        title: 'Details',
        onclick: (event) => {
          event.stopPropagation();
          toggleDetails(entry.id);
        },
      },
      el('span', { class: 'sr-only', text: 'Details' }),
    );
    const actions = el('td', { class: 'c-actions' });
    if (entry.recordUuid) {
      actions.append(
        el(
          'button',
          {
            type: 'button',
            class: 'quiet small timeline-button',
            onclick: (event) => {
              event.stopPropagation();
              openTimeline(entry.recordUuid);
            },
          },
          'Timeline',
        ),
      );
    }
    const row = el(
      'tr',
      {
        class: `entry level-${level}${fresh ? ' fresh' : ''}${expanded ? ' expanded' : ''}`,
        'data-id': entry.id,
        'data-level': entry.level,
        onclick: () => toggleDetails(entry.id),
      },
      el('td', { class: 'c-time', title: `${entry.createdAt} (UTC) · ${entry.timeZone}` }, toggle, el('span', { class: 'time', text: entry.localTime })),
      el('td', { class: 'c-level' }, el('span', { class: `badge ${level}`, text: entry.level })),
      el('td', { class: 'c-club', text: clubName(entry.clubId) }),
      directionCell(entry),
      personCell(entry.person),
      el('td', { class: 'c-summary', text: entry.summary }),
      actions,
    );
    const rows = [row];
    if (expanded) rows.push(detailsRow(entry));
    return rows;
  }

  function detailsRow(entry) {
    const facts = el(
      'dl',
      { class: 'facts' },
      el('dt', { text: 'Club time' }),
      el('dd', { text: `${entry.localTime} (${entry.timeZone})` }),
      el('dt', { text: 'UTC' }),
      el('dd', { class: 'mono', text: entry.createdAt }),
      el('dt', { text: 'Club' }),
      el('dd', { text: `${clubName(entry.clubId)} (${entry.clubId})` }),
      entry.recordUuid && [el('dt', { text: 'Hub record' }), el('dd', { class: 'mono', text: entry.recordUuid })],
      entry.deliveryId && [el('dt', { text: 'Delivery' }), el('dd', { class: 'mono', text: entry.deliveryId })],
    );
    const details =
      entry.details && Object.keys(entry.details).length
        ? jsonView(entry.details)
        : el('p', { class: 'hint', text: 'No details were recorded for this entry.' });
    return el('tr', { class: 'details-row' }, el('td', { colspan: 7 }, el('div', { class: 'details' }, facts, details)));
  }

  function renderEntries() {
    const body = $('entries');
    body.replaceChildren(...state.entries.flatMap((entry) => entryRows(entry, entry.fresh)));
    show($('empty'), state.entries.length === 0);
    show($('older'), state.nextBefore !== undefined);
    $('log').classList.toggle('one-club', Boolean(field('club').value));
    $('shown').textContent = `${state.entries.length} ${state.entries.length === 1 ? 'entry' : 'entries'} shown, newest first`;
    $('zone-note').textContent = `From/To are read in ${filterZone()}.`;
  }

  function toggleDetails(id) {
    if (state.open.has(id)) state.open.delete(id);
    else state.open.add(id);
    renderEntries();
  }

  function noteEntries(entries) {
    let added = false;
    for (const entry of entries) {
      if (entry.id > state.newestId) {
        state.newestId = entry.id;
        state.newestAt = entry.createdAt;
      }
      if (!state.seenPlatforms.has(entry.platform) && !state.client.platforms.some((p) => p.platform === entry.platform)) {
        state.seenPlatforms.add(entry.platform);
        added = true;
      }
    }
    if (added) fillPlatforms();
  }

  function showLoadError(error) {
    if (error instanceof SignedOut) return;
    const node = $('load-error');
    node.textContent = error ? `Could not read the log: ${error.message}` : '';
    show(node, Boolean(error));
  }

  /** Loads the newest page for the current filters, from scratch. */
  async function reload() {
    const generation = ++state.generation;
    rememberFilters();
    const q = query();
    q.set('limit', String(PAGE_SIZE));
    try {
      const page = await api(`/api/v1/clients/${encodeURIComponent(state.client.id)}/log?${q}`);
      if (generation !== state.generation) return;
      state.entries = page.entries;
      state.nextBefore = page.nextBefore;
      state.newestId = 0;
      state.newestAt = undefined;
      state.open.clear();
      noteEntries(page.entries);
      showLoadError(undefined);
      renderEntries();
    } catch (error) {
      showLoadError(error);
    }
  }

  async function loadOlder() {
    const generation = state.generation;
    const q = query();
    q.set('limit', String(PAGE_SIZE));
    q.set('before', String(state.nextBefore));
    try {
      const page = await api(`/api/v1/clients/${encodeURIComponent(state.client.id)}/log?${q}`);
      if (generation !== state.generation) return;
      state.entries = state.entries.concat(page.entries);
      state.nextBefore = page.nextBefore;
      noteEntries(page.entries);
      renderEntries();
    } catch (error) {
      showLoadError(error);
    }
  }

  /** Adds the entries logged since the newest one shown (same filters), on top. */
  async function pollNew() {
    const generation = state.generation;
    const q = query();
    const limit = 200;
    if (state.newestAt && (!q.get('since') || q.get('since') < state.newestAt)) q.set('since', state.newestAt);
    q.set('limit', String(limit));
    const page = await api(`/api/v1/clients/${encodeURIComponent(state.client.id)}/log?${q}`);
    if (generation !== state.generation) return;
    if (page.entries.length === limit) return reload();
    const fresh = page.entries.filter((entry) => entry.id > state.newestId);
    if (!fresh.length) return;
    for (const entry of state.entries) delete entry.fresh;
    for (const entry of fresh) entry.fresh = true;
    state.entries = fresh.concat(state.entries);
    noteEntries(fresh);
    renderEntries();
  }

  // ---- clubs and their error counters --------------------------------------------------------------

  async function refreshCounts() {
    const client = state.client;
    const counts = await api(`/api/v1/clients/${encodeURIComponent(client.id)}/error-counts`);
    if (client !== state.client) return;
    const selected = field('club').value;
    $('clubs').replaceChildren(
      ...counts.clubs.map((c) => {
        const errors = c.capped ? `${c.errors}+` : String(c.errors);
        return el(
          'button',
          {
            type: 'button',
            class: `club-card${c.errors ? ' has-errors' : ''}${selected === c.clubId ? ' selected' : ''}`,
            'data-club': c.clubId,
            title: c.errors ? "Show this club's errors" : "Show this club's log",
            onclick: () => {
              field('club').value = c.clubId;
              if (c.errors) field('level').value = 'ERROR';
              reload().then(refreshCounts).catch(showLoadError);
            },
          },
          el('span', { class: 'club-name', text: c.name || c.clubId }),
          el('span', { class: 'club-zone', text: c.timeZone }),
          el('span', { class: 'error-count' }, el('strong', { class: 'count', text: errors }), c.errors === 1 ? ' error' : ' errors', ' in the last 24 h'),
        );
      }),
    );
  }

  // ---- live ----------------------------------------------------------------------------------------

  /** Checks for new entries, error counts and the open timeline every REFRESH_MS, until sign-out. */
  function startLive() {
    clearTimeout(state.timer);
    const loop = {};
    state.loop = loop;
    const next = () => {
      if (state.loop === loop) state.timer = setTimeout(() => tick().then(next), REFRESH_MS);
    };
    return tick().then(next);
  }

  async function tick() {
    try {
      await Promise.all([pollNew(), refreshCounts(), state.timelineUuid ? loadTimeline(state.timelineUuid) : undefined]);
      $('live').className = 'live';
      $('live').textContent = 'Live';
      $('live').title = `New entries appear without reloading (checked every ${REFRESH_MS / 1000} s; last at ${new Date().toLocaleTimeString()}, your clock)`;
    } catch (error) {
      if (error instanceof SignedOut) return;
      $('live').className = 'live stale';
      $('live').textContent = `Not updating: ${error.message}`;
    }
  }

  // ---- timeline ------------------------------------------------------------------------------------

  const STATE_WORDS = { done: 'Delivered', pending: 'Queued', leased: 'Sending', dead: 'Dead letter' };

  function deliveryState(delivery) {
    if (delivery.state === 'pending' && delivery.lastError) return ['retrying', 'Retrying'];
    return [delivery.state, STATE_WORDS[delivery.state] || delivery.state];
  }

  function personOf(record) {
    const c = record.content || {};
    if (record.kind === 'leadSource') return c.name || '(lead source)';
    const name = [c.firstName, c.lastName].filter(Boolean).join(' ') || '(no name)';
    return c.email ? `${name} <${c.email}>` : name;
  }

  function renderTimeline(timeline) {
    const record = timeline.record;
    const zone = (state.client.clubs.find((c) => c.id === record.clubId) || {}).timeZone || 'UTC';
    const opened = new Set([...$('tl-body').querySelectorAll('details[open]')].map((d) => d.dataset.key));
    const kind = record.kind === 'person' ? (record.content.userType || 'person').toLowerCase() : record.kind === 'leadSource' ? 'lead source' : record.kind;
    $('tl-title').textContent = personOf(record);

    const facts = el(
      'dl',
      { class: 'facts' },
      el('dt', { text: 'Hub record' }),
      el('dd', { class: 'mono', text: record.uuid }),
      el('dt', { text: 'Kind' }),
      el('dd', { text: `${kind}, version ${record.version}` }),
      el('dt', { text: 'Entered in' }),
      el('dd', { text: `${record.provider} as record ${record.recordId}` }),
      el('dt', { text: 'Club' }),
      el('dd', { text: `${clubName(record.clubId)} (${zone})` }),
      el('dt', { text: 'First saved' }),
      el('dd', { text: utcTime(record.createdAt) }),
      el('dt', { text: 'Last changed' }),
      el('dd', { text: utcTime(record.updatedAt) }),
    );

    const cards = timeline.deliveries.map((delivery) => {
      const link = timeline.links.find((l) => l.platform === delivery.platform);
      const [stateClass, stateWord] = deliveryState(delivery);
      return el(
        'div',
        { class: `platform-card state-${stateClass}`, 'data-platform': delivery.platform },
        el(
          'div',
          { class: 'platform-head' },
          el('strong', { text: platformName(delivery.platform) }),
          el('span', { class: `state ${stateClass}`, text: stateWord }),
        ),
        el(
          'dl',
          { class: 'facts' },
          el('dt', { text: 'Platform ID' }),
          el('dd', { class: 'mono platform-id', text: link ? `${link.platformRecordId} (${link.linkedType.toLowerCase().replace('_', ' ')})` : 'none yet' }),
          link && [el('dt', { text: 'Content' }), el('dd', { text: link.delivered ? 'up to date' : 'a newer version is not delivered yet' })],
          el('dt', { text: 'Attempts' }),
          el('dd', { text: String(delivery.attempts) }),
          delivery.lastError && [
            el('dt', { text: delivery.state === 'done' ? 'Last error' : 'Why' }),
            el('dd', { class: 'reason', text: `${delivery.lastError}${delivery.lastErrorCode ? ` (${delivery.lastErrorCode})` : ''}` }),
          ],
          delivery.state === 'pending' && [el('dt', { text: 'Next attempt' }), el('dd', { text: utcTime(delivery.nextAttemptAt) })],
          el('dt', { text: 'Updated' }),
          el('dd', { text: utcTime(delivery.updatedAt) }),
        ),
        delivery.state === 'dead' &&
          el(
            'button',
            {
              type: 'button',
              class: 'danger replay',
              onclick: () => confirmReplay(delivery, record),
            },
            'Replay…',
          ),
      );
    });

    const history = el(
      'ol',
      { class: 'history' },
      ...timeline.log
        .slice()
        .reverse()
        .map((entry) => {
          const level = LEVEL_CLASS[entry.level] || 'info';
          const item = el(
            'li',
            { class: `level-${level}` },
            el(
              'div',
              { class: 'history-head' },
              el('span', { class: `badge ${level}`, text: entry.level }),
              el('span', { class: 'time', text: entry.localTime }),
            ),
            el('p', { class: 'history-summary', text: entry.summary }),
          );
          if (entry.details && Object.keys(entry.details).length) {
            item.append(
              el(
                'details',
                { 'data-key': `entry-${entry.id}`, open: opened.has(`entry-${entry.id}`) },
                el('summary', { text: 'Details' }),
                jsonView(entry.details),
              ),
            );
          }
          return item;
        }),
    );

    $('tl-body').replaceChildren(
      facts,
      el('h3', { text: 'Platforms' }),
      cards.length ? el('div', { class: 'platforms' }, ...cards) : el('p', { class: 'hint', text: 'No platform receives this record.' }),
      el('h3', { text: 'History' }),
      timeline.log.length ? history : el('p', { class: 'hint', text: 'Nothing logged yet.' }),
      el(
        'details',
        { class: 'content', 'data-key': 'content', open: opened.has('content') },
        el('summary', { text: 'Record content' }),
        jsonView(record.content),
      ),
    );
  }

  /** Reads the timeline; it is drawn again only when it changed, so open details stay open. */
  async function loadTimeline(uuid) {
    const timeline = await api(`/api/v1/records/${encodeURIComponent(uuid)}/timeline`);
    const json = JSON.stringify(timeline);
    if (state.timelineUuid !== uuid || json === state.timelineJson) return;
    state.timelineJson = json;
    renderTimeline(timeline);
  }

  async function openTimeline(uuid) {
    state.timelineUuid = uuid;
    state.timelineJson = undefined;
    $('tl-title').textContent = 'Loading…';
    $('tl-body').replaceChildren();
    show($('backdrop'), true);
    show($('timeline'), true);
    try {
      await loadTimeline(uuid);
      $('tl-close').focus();
    } catch (error) {
      if (error instanceof SignedOut) return;
      $('tl-body').replaceChildren(el('p', { class: 'form-error', text: `Could not read the timeline: ${error.message}` }));
    }
  }

  function closeTimeline() {
    state.timelineUuid = undefined;
    show($('timeline'), false);
    show($('backdrop'), false);
  }

  function confirmReplay(delivery, record) {
    const dialog = $('confirm-replay');
    $('confirm-text').textContent =
      `${personOf(record)} will be sent to ${platformName(delivery.platform)} again. It failed with: ${delivery.lastError || 'no reason recorded'}.`;
    dialog.returnValue = '';
    dialog.onclose = async () => {
      if (dialog.returnValue !== 'replay') return;
      try {
        await api(`/api/v1/dead-letters/${encodeURIComponent(delivery.id)}/replay`, { method: 'POST', body: {} });
        toast(`Replayed: ${personOf(record)} is queued for ${platformName(delivery.platform)}.`, 'ok');
        await loadTimeline(record.uuid);
        await pollNew();
      } catch (error) {
        if (!(error instanceof SignedOut)) toast(`Replay failed: ${error.message}`, 'bad');
      }
    };
    dialog.showModal();
    $('confirm-ok').focus();
  }

  // ---- start ---------------------------------------------------------------------------------------

  async function start(operator) {
    $('operator-name').textContent = operator;
    show($('login'), false);
    show($('who'), true);
    show($('client-picker'), true);
    const { items } = await api('/api/v1/clients');
    state.clients = items;
    show($('app'), true);
    if (!items.length) {
      $('load-error').textContent = 'This operator may not read any client.';
      show($('load-error'), true);
      return;
    }
    fillSelect(
      field('client'),
      items.map((c) => [c.id, c.name ? `${c.name} (${c.id})` : c.id]),
      params.get('client') || items[0].id,
    );
    chooseClient(field('client').value);
    restoreFilters();
    await reload();
    await startLive();
  }

  function onFilterChange() {
    reload().then(refreshCounts).catch(showLoadError);
  }

  document.addEventListener('DOMContentLoaded', async () => {
    $('login-form').addEventListener('submit', signIn);
    $('sign-out').addEventListener('click', signOut);
    $('toast').addEventListener('click', () => show($('toast'), false));
    $('older').addEventListener('click', loadOlder);
    $('tl-close').addEventListener('click', closeTimeline);
    $('backdrop').addEventListener('click', closeTimeline);
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && !$('timeline').hidden && !$('confirm-replay').open) closeTimeline();
    });
    $('filters').addEventListener('submit', (event) => event.preventDefault());
    field('client').addEventListener('change', () => {
      chooseClient(field('client').value);
      onFilterChange();
    });
    for (const name of ['club', 'level', 'platform', 'direction', 'since', 'until']) field(name).addEventListener('change', onFilterChange);
    let typing;
    field('search').addEventListener('input', () => {
      clearTimeout(typing);
      typing = setTimeout(onFilterChange, 300);
    });
    $('f-reset').addEventListener('click', () => {
      for (const name of ['level', 'platform', 'direction', 'search', 'since', 'until']) field(name).value = '';
      onFilterChange();
    });

    try {
      const session = await api('/log/session', { signingIn: true });
      await start(session.operator);
    } catch (error) {
      signedOut(error.status === 401 ? '' : error.message);
    }
  });
})();
