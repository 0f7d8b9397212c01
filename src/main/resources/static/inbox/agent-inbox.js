// The human agent's inbox (GET /inbox): the escalations waiting for a person, with the context
// needed at a glance, and claim / reply / resolve. Plain JavaScript, no framework, nothing from
// the internet: it reads and writes through the hub's own API (/api/v1/escalations,
// /api/v1/sessions/{id}/events and /sequence, /api/v1/customers/{id}/session) and polls it, so new
// cases and new messages appear without a reload.
//
// Customer text (names, messages, issues) only ever enters the page through textContent and text
// nodes, never as markup; the sequence diagram is drawn by mermaid (served from the jar) with its
// strict security level from text the hub has already escaped for it.
(function () {
  'use strict';

  const API = '/api/v1';
  const MESSAGES_SHOWN = 10;
  const CONFIRMATIONS_SHOWN = 12;
  const body = document.body;
  const me = body.dataset.user || '';
  const pollMillis = Math.max(200, Number(body.dataset.pollMillis) || 2000);
  const mermaidJs = body.dataset.mermaidJs || '';

  const state = {
    escalations: [],   // open and claimed, oldest first
    selectedId: null,
    selected: null,    // the selected escalation as last read (it may be resolved by now)
    session: null,     // its customer's open session, when there is one
    events: [],        // its session's events
    sequenceFor: null, // the events' last seq the diagram was drawn for
    signatures: {},    // what each part of the page was last drawn from, so unchanged parts are left alone
    replyKey: null,    // the Idempotency-Key of the reply being written: a double click sends it once
  };

  // ---- DOM helpers: elements and text nodes only ----

  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([name, value]) => {
      if (value === null || value === undefined || value === false) return;
      if (name === 'className') node.className = value;
      else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? '' : String(value));
    });
    children.flat().forEach((child) => {
      if (child === null || child === undefined || child === false) return;
      node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    });
    return node;
  }

  function replaceChildren(node, ...children) {
    while (node.firstChild) node.removeChild(node.firstChild);
    children.flat().forEach((child) => {
      if (child !== null && child !== undefined && child !== false) {
        node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
      }
    });
  }

  /** Redraws a part of the page only when what it shows changed (a poll must not wipe a half-typed reply). */
  function changed(part, data) {
    const signature = JSON.stringify(data);
    if (state.signatures[part] === signature) return false;
    state.signatures[part] = signature;
    return true;
  }

  function when(iso) {
    if (!iso) return '';
    const at = new Date(iso);
    const minutes = Math.round((Date.now() - at.getTime()) / 60000);
    const ago = minutes < 1 ? 'just now' : minutes < 60 ? minutes + ' min ago'
      : minutes < 48 * 60 ? Math.round(minutes / 60) + ' h ago' : Math.round(minutes / 1440) + ' d ago';
    return at.toLocaleString() + ' (' + ago + ')';
  }

  function customerOf(escalation) {
    const customer = (escalation.context && escalation.context.customer) || {};
    return { name: customer.displayName || escalation.customerId, id: escalation.customerId, timeZone: customer.timeZone };
  }

  function notice(text, ok) {
    const box = document.getElementById('notice');
    box.hidden = !text;
    box.className = ok ? 'notice ok' : 'notice';
    box.textContent = text || '';
  }

  // ---- the API ----

  function cookie(name) {
    const found = document.cookie.split(';').map((c) => c.trim()).find((c) => c.startsWith(name + '='));
    return found ? decodeURIComponent(found.substring(name.length + 1)) : '';
  }

  async function call(method, path, payload, headers) {
    const answer = await fetch(path, {
      method,
      credentials: 'same-origin',
      cache: 'no-store',
      headers: Object.assign({ Accept: 'application/json' },
        // a browser's call to the API carries the CSRF cookie's token back, as the console's calls do
        method === 'GET' ? {} : { 'Content-Type': 'application/json', 'X-XSRF-TOKEN': cookie('XSRF-TOKEN') },
        headers || {}),
      body: payload === undefined ? undefined : JSON.stringify(payload),
    });
    const type = answer.headers.get('Content-Type') || '';
    const content = type.includes('json') ? await answer.json().catch(() => null) : await answer.text();
    if (!answer.ok) {
      const message = content && content.message ? content.message : answer.status + ' ' + answer.statusText;
      const error = new Error(message);
      error.status = answer.status;
      throw error;
    }
    return content;
  }

  function randomKey() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return 'inbox-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  // ---- the queue on the left ----

  function renderQueue() {
    const list = document.getElementById('cases');
    const shown = state.escalations.map((e) => [e.escalationId, e.status, e.claimedBy, customerOf(e).name, e.reason]);
    if (!changed('queue', [shown, state.selectedId])) return;
    document.getElementById('empty').hidden = state.escalations.length > 0;
    replaceChildren(list, state.escalations.map((escalation) => {
      const who = customerOf(escalation);
      const mine = escalation.status === 'claimed' && escalation.claimedBy === me;
      const badge = escalation.status === 'open' ? el('span', { className: 'badge open' }, 'open')
        : el('span', { className: mine ? 'badge mine' : 'badge' }, mine ? 'yours' : 'claimed by ' + escalation.claimedBy);
      return el('li', {},
        el('button', {
          className: 'case', type: 'button', 'data-escalation-id': escalation.escalationId, 'data-customer-id': escalation.customerId,
          'aria-current': escalation.escalationId === state.selectedId ? 'true' : null,
          onclick: () => select(escalation.escalationId),
        },
        el('span', { className: 'who' }, who.name), badge,
        el('span', { className: 'reason' }, escalation.reason || ''),
        el('span', { className: 'meta' }, 'opened ' + when(escalation.openedAt))));
    }));
  }

  // ---- the selected escalation ----

  function select(escalationId) {
    if (state.selectedId === escalationId) return;
    state.selectedId = escalationId;
    state.selected = state.escalations.find((e) => e.escalationId === escalationId) || null;
    state.session = null;
    state.events = [];
    state.sequenceFor = null;
    state.signatures = {};
    state.replyKey = null;
    notice('');
    const detail = document.getElementById('detail');
    replaceChildren(detail,
      el('div', { id: 'head' }),
      el('div', { id: 'actions', className: 'actions' }),
      el('h3', {}, 'Customer and issue'), el('dl', { id: 'facts', className: 'facts' }),
      el('h3', {}, 'What the systems confirmed'), el('ul', { id: 'confirmed', className: 'plain' }),
      el('h3', {}, 'Last messages'), el('ul', { id: 'messages', className: 'plain messages' }),
      el('h3', {}, 'Sequence'), el('div', { id: 'sequence', className: 'sequence' }, el('p', { className: 'empty' }, 'drawing…')),
      el('p', {}, el('a', { id: 'sequence-page', target: '_blank', rel: 'noopener' }, 'open the diagram on its own page')));
    renderQueue();
    refreshSelected().catch((e) => notice(e.message));
  }

  async function refreshSelected() {
    const escalationId = state.selectedId;
    if (!escalationId) return;
    const listed = state.escalations.find((e) => e.escalationId === escalationId);
    // a case that left the queue (resolved) is read on its own, so the page shows how it ended
    const escalation = listed || await call('GET', API + '/escalations/' + encodeURIComponent(escalationId));
    if (state.selectedId !== escalationId) return;
    state.selected = escalation;
    const sessionId = escalation.sessionId;
    const [session, events] = await Promise.all([
      call('GET', API + '/customers/' + encodeURIComponent(escalation.customerId) + '/session')
        .catch((e) => (e.status === 404 ? null : Promise.reject(e))),
      sessionId ? call('GET', API + '/sessions/' + encodeURIComponent(sessionId) + '/events') : Promise.resolve([]),
    ]);
    if (state.selectedId !== escalationId) return;
    state.session = session && session.sessionId === sessionId ? session
      : (escalation.context && escalation.context.session) || session;
    state.events = events || [];
    renderDetail();
    const lastSeq = state.events.length ? state.events[state.events.length - 1].seq : 0;
    if (sessionId && state.sequenceFor !== lastSeq) {
      state.sequenceFor = lastSeq;
      const text = await call('GET', API + '/sessions/' + encodeURIComponent(sessionId) + '/sequence?format=text', undefined,
        { Accept: 'text/plain' });
      if (state.selectedId === escalationId) await drawSequence(text);
    }
  }

  function renderDetail() {
    const escalation = state.selected;
    if (!escalation) return;
    const who = customerOf(escalation);
    if (changed('head', [who, escalation.status, escalation.claimedBy, escalation.reason, escalation.openedAt])) {
      replaceChildren(document.getElementById('head'),
        el('h2', { id: 'customer-name' }, who.name),
        el('div', { className: 'sub' }, [who.id, who.timeZone, escalation.escalationId].filter(Boolean).join(' · ')),
        el('p', {}, el('b', {}, 'Why: '), el('span', { id: 'reason' }, escalation.reason || ''),
          ' — opened ' + when(escalation.openedAt)));
    }
    renderActions(escalation);
    renderFacts(escalation);
    renderConfirmed(escalation);
    renderMessages();
    const link = document.getElementById('sequence-page');
    if (escalation.sessionId) link.href = API + '/sessions/' + encodeURIComponent(escalation.sessionId) + '/sequence?format=html';
  }

  /** The channel the customer last wrote on: the one a reply goes out on. */
  function replyChannel() {
    for (let i = state.events.length - 1; i >= 0; i--) {
      if (state.events[i].type === 'customer_message' && state.events[i].channel) return state.events[i].channel;
    }
    return 'their last channel';
  }

  function renderActions(escalation) {
    const mine = escalation.status === 'claimed' && escalation.claimedBy === me;
    if (!changed('actions', [escalation.status, escalation.claimedBy, escalation.resolution, mine && replyChannel()])) return;
    const actions = document.getElementById('actions');
    if (escalation.status === 'open') {
      replaceChildren(actions, el('button', { id: 'claim', className: 'act', type: 'button', onclick: claim }, 'Claim'));
    } else if (escalation.status === 'claimed' && !mine) {
      replaceChildren(actions, el('p', { id: 'holder' }, escalation.claimedBy + ' is on this case.'));
    } else if (mine) {
      const draft = document.getElementById('reply-text');
      const resolutionDraft = document.getElementById('resolution');
      replaceChildren(actions,
        el('form', { id: 'reply-form', onsubmit: reply },
          el('label', { for: 'reply-text' }, 'Reply to the customer on ' + replyChannel()),
          el('textarea', { id: 'reply-text', name: 'text', required: true }),
          el('button', { id: 'send-reply', className: 'act', type: 'submit' }, 'Send reply')),
        el('form', { id: 'resolve-form', onsubmit: resolve },
          el('label', { for: 'resolution' }, 'What you settled (the agent takes over knowing it)'),
          el('input', { id: 'resolution', name: 'resolution', type: 'text' }),
          el('button', { id: 'resolve', className: 'act secondary', type: 'submit' }, 'Resolve and hand back')));
      // a redraw (the reply channel changed) keeps what was being typed
      if (draft) document.getElementById('reply-text').value = draft.value;
      if (resolutionDraft) document.getElementById('resolution').value = resolutionDraft.value;
    } else {
      replaceChildren(actions, el('p', { id: 'resolved' }, 'Resolved by ' + escalation.resolvedBy
        + (escalation.resolution ? ': ' + escalation.resolution : '') + '. The agent has the session again.'));
    }
  }

  function renderFacts(escalation) {
    const session = state.session || {};
    const failing = escalation.context && escalation.context.failingAction;
    const error = escalation.context && escalation.context.error;
    const rows = [
      ['Channels', (session.channels || []).join(', ') || '—'],
      ['Issue', session.issue || '—'],
      ['State', session.state || '—'],
      ['Last action', session.lastAction || '—'],
      ['Next action', session.nextAction || '—'],
    ];
    if (failing) rows.push(['Failing action', failing.tool + ' ' + failing.step + ' (' + failing.status + ', '
      + failing.attempts + ' attempts)' + (failing.lastError ? ': ' + failing.lastError : '')]);
    if (error) rows.push(['Error', String(error)]);
    if (!changed('facts', rows)) return;
    replaceChildren(document.getElementById('facts'),
      rows.flatMap(([name, value]) => [el('dt', {}, name), el('dd', { 'data-fact': name }, value)]));
  }

  function renderConfirmed(escalation) {
    const outcomes = state.events.filter((e) => /^action_(succeeded|failed|unknown)$/.test(e.type));
    const shown = outcomes.slice(-CONFIRMATIONS_SHOWN).map((e) => {
      const payload = e.payload || {};
      return [e.type === 'action_succeeded', (payload.tool || '') + (payload.step ? ' · ' + payload.step : ''),
        e.summary || '', payload.providerRef || '', e.at];
    });
    if (!changed('confirmed', shown)) return;
    const list = document.getElementById('confirmed');
    if (!shown.length) {
      replaceChildren(list, el('li', { className: 'empty' }, escalation.sessionId ? 'No system has answered in this session yet.'
        : 'No session.'));
      return;
    }
    replaceChildren(list, shown.map(([ok, what, summary, ref, at]) => el('li', { className: ok ? 'confirmed' : 'unconfirmed' },
      el('b', {}, what), ' — ', summary, ref ? ' (ref ' + ref + ')' : '', ' · ' + when(at))));
  }

  function renderMessages() {
    const said = state.events.filter((e) => ['customer_message', 'agent_reply', 'human_reply'].includes(e.type));
    const shown = said.slice(-MESSAGES_SHOWN).map((e) => {
      const payload = e.payload || {};
      const text = typeof payload.text === 'string' ? payload.text : e.summary;
      const from = e.type === 'customer_message' ? ['customer', 'Customer' + (e.channel ? ' · ' + e.channel : '')]
        : e.type === 'agent_reply' ? ['hub', 'Agent (hub)' + (e.channel ? ' · ' + e.channel : '')]
          : ['person', (e.actor || 'a person') + ' (person)'];
      return [e.seq, e.type, from, text, e.at];
    });
    if (!changed('messages', shown)) return;
    const list = document.getElementById('messages');
    if (!shown.length) {
      replaceChildren(list, el('li', { className: 'empty' }, 'No messages.'));
      return;
    }
    replaceChildren(list, shown.map(([seq, type, [kind, from], text, at]) => el('li', { className: kind, 'data-type': type, 'data-seq': seq },
      el('span', { className: 'from' }, from, el('br'), when(at).replace(/ \(.*\)$/, '')),
      el('span', { className: 'text' }, text || ''))));
  }

  // ---- the sequence diagram, by mermaid from the jar ----

  let mermaidLoading = null;

  function loadMermaid() {
    if (!mermaidJs) return Promise.reject(new Error('no mermaid configured'));
    if (!mermaidLoading) {
      mermaidLoading = new Promise((resolve, reject) => {
        const script = el('script', { src: mermaidJs });
        script.onload = () => {
          window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', maxTextSize: 2000000,
            sequence: { mirrorActors: false, wrap: false } });
          resolve(window.mermaid);
        };
        script.onerror = () => reject(new Error('mermaid did not load from ' + mermaidJs));
        document.head.appendChild(script);
      });
    }
    return mermaidLoading;
  }

  async function drawSequence(text) {
    const box = document.getElementById('sequence');
    const pre = el('pre', { className: 'mermaid' }, text); // the text stays readable if mermaid cannot draw it
    replaceChildren(box, pre);
    try {
      const mermaid = await loadMermaid();
      await mermaid.run({ nodes: [pre] });
      box.dataset.drawn = 'true';
    } catch (e) {
      box.dataset.drawn = 'false';
    }
  }

  // ---- claim, reply, resolve ----

  async function act(button, work, done) {
    if (button) button.disabled = true;
    try {
      await work();
      notice(done, true);
      await poll(true);
    } catch (e) {
      notice(e.message);
    } finally {
      if (button && document.body.contains(button)) button.disabled = false;
    }
  }

  function claim(event) {
    const id = state.selectedId;
    act(event.currentTarget, () => call('POST', API + '/escalations/' + encodeURIComponent(id) + '/claim'),
      'The case is yours: the customer gets your replies.');
  }

  function reply(event) {
    event.preventDefault();
    const id = state.selectedId;
    const box = document.getElementById('reply-text');
    const text = box.value.trim();
    if (!text) return;
    state.replyKey = state.replyKey || randomKey();
    act(document.getElementById('send-reply'), async () => {
      const answer = await call('POST', API + '/escalations/' + encodeURIComponent(id) + '/reply', { text },
        { 'Idempotency-Key': state.replyKey });
      box.value = '';
      state.replyKey = null;
      return answer;
    }, 'Reply sent on ' + replyChannel() + '.');
  }

  function resolve(event) {
    event.preventDefault();
    const id = state.selectedId;
    const resolution = document.getElementById('resolution').value.trim();
    act(document.getElementById('resolve'), async () => {
      state.selected = await call('POST', API + '/escalations/' + encodeURIComponent(id) + '/resolve',
        resolution ? { resolution } : {});
    }, 'Resolved: the agent has the session again.');
  }

  // ---- polling ----

  let timer = null;
  let polling = null;

  async function refresh() {
    const [open, claimed] = await Promise.all([call('GET', API + '/escalations?status=open'),
      call('GET', API + '/escalations?status=claimed')]);
    state.escalations = open.concat(claimed).sort((a, b) => String(a.openedAt).localeCompare(String(b.openedAt)));
    renderQueue();
    await refreshSelected();
  }

  /** One poll at a time; {@code force} (after an action) reads again once a poll under way has finished. */
  function poll(force) {
    if (polling) return force === true ? polling.then(() => poll(true)) : polling;
    if (timer) clearTimeout(timer);
    const live = document.getElementById('live');
    polling = refresh().then(() => {
      live.textContent = 'live · ' + new Date().toLocaleTimeString();
      live.className = 'live';
    }, (e) => {
      live.textContent = 'not updating: ' + e.message;
      live.className = 'live stale';
    }).finally(() => {
      polling = null;
      timer = setTimeout(poll, pollMillis);
    });
    return polling;
  }

  document.getElementById('me').textContent = me;
  poll();
}());
