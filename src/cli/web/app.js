// reframe serve: checks the draft as it is typed (POST /api/check, debounced),
// underlines what it finds in place and lists each finding with its why and
// suggestions. No libraries, no requests anywhere but this server.
'use strict';
(function () {
  const $ = (selector) => document.querySelector(selector);
  const compose = $('.compose');
  const draft = $('#draft');
  const backdrop = $('#backdrop');
  const statusLine = $('#status');
  const notice = $('#notice');
  const profile = $('#profile');
  const replyTo = $('#reply-to');
  const copyButton = $('#copy');
  const undoButton = $('#undo');
  const heading = $('#results-heading');
  const intro = $('#intro');
  const clean = $('#clean');
  const findingsList = $('#findings');
  const strengthsBox = $('#strengths-box');
  const strengthsList = $('#strengths');

  const DEBOUNCE_MS = 300;
  const CATEGORY_NAMES = {
    'mixed-message': 'Mixed message',
    'criticism': 'Criticism',
    'defensiveness': 'Defensiveness',
    'withdrawal': 'Withdrawal',
  };

  // Each category's underline style (with its colour, in style.css): the
  // categories stay apart without colour too.
  const LINES = {'mixed-message': 'wavy', 'criticism': 'solid', 'defensiveness': 'dashed', 'withdrawal': 'dotted'};
  // Severities other than the usual "warning", as the badge says them.
  const LEVELS = {'info': 'minor', 'error': 'serious'};

  // The last result, in string indices, kept in step with edits made since
  // (items an edit touched are marked `gone` until the next answer).
  let result = null;
  let shownText = '';      // the text the result's positions refer to now
  let listKey = '';        // what the findings list shows, to skip needless rebuilds
  let sequence = 0;        // answers to older requests are dropped
  let controller = null;
  let timer = 0;
  let undoState = null;
  let applying = false;
  let noticeTimer = 0;

  // ---------------------------------------------------------------------
  // Offsets: the API counts UTF-8 bytes, JavaScript strings count UTF-16
  // code units.

  // Lone surrogates cannot be sent as JSON the server accepts: send U+FFFD,
  // which keeps every index in place.
  function wellFormed(text) {
    if (typeof text.toWellFormed === 'function') return text.toWellFormed();
    return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  }

  // A function from a UTF-8 byte offset in `text` to its string index.
  function byteToIndex(text) {
    const at = new Map();
    let byte = 0;
    let i = 0;
    while (i < text.length) {
      at.set(byte, i);
      const cp = text.codePointAt(i);
      byte += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      i += cp > 0xffff ? 2 : 1;
    }
    at.set(byte, i);
    return (offset) => {
      let o = Math.max(0, Math.min(offset, byte));
      while (o > 0 && !at.has(o)) o--;  // inside a character: its start
      return at.get(o);
    };
  }

  // The API's message object with every span turned into string indices.
  function toIndices(data, text) {
    const index = byteToIndex(text);
    const findings = (data.findings || []).map((f) => {
      const s = index(f.start);
      const e = index(f.end);
      let suggestions;
      if (Array.isArray(f.suggestions) && f.suggestions.length) {
        suggestions = f.suggestions.map((g) => ({
          text: String(g.text),
          kind: g.kind || '',
          s: g.replaces ? index(g.replaces.start) : s,
          e: g.replaces ? index(g.replaces.end) : e,
          whole: false,
        }));
      } else {
        // Reframes are whole sentences meant to take the finding's place.
        suggestions = (f.reframes || []).map((r) => ({text: String(r), kind: 'reframe', s, e, whole: true}));
      }
      return {
        rule: f.rule, category: f.category, severity: f.severity, message: f.message, why: f.why,
        text: f.text, s, e, suggestions, gone: false,
      };
    });
    const strengths = (data.strengths || []).map((g) => ({
      rule: g.rule, kind: g.kind, message: g.message, text: g.text,
      s: index(g.start), e: index(g.end), gone: false,
    }));
    return {findings, strengths};
  }

  // Moves the result's spans through the edit from `before` to `after`.
  function followEdit(before, after) {
    if (!result || before === after) return;
    let p = 0;
    const max = Math.min(before.length, after.length);
    while (p < max && before.charCodeAt(p) === after.charCodeAt(p)) p++;
    let q = 0;
    while (q < max - p && before.charCodeAt(before.length - 1 - q) === after.charCodeAt(after.length - 1 - q)) q++;
    const oldEnd = before.length - q;
    const delta = after.length - before.length;
    const move = (item) => {
      if (item.gone) return;
      const spans = [item].concat(item.suggestions || []);
      const lo = Math.min(...spans.map((x) => x.s));
      const hi = Math.max(...spans.map((x) => x.e));
      if (hi <= p) return;  // before the edit
      if (lo >= oldEnd) {   // after it
        for (const x of spans) { x.s += delta; x.e += delta; }
        return;
      }
      item.gone = true;  // the edit touched it: wait for the next answer
    };
    result.findings.forEach(move);
    result.strengths.forEach(move);
  }

  // ---------------------------------------------------------------------
  // Rendering.

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // The backdrop: the draft's text with findings (and strengths) wrapped in
  // <mark>s. Overlapping spans nest; the text is cut at every span boundary.
  function renderBackdrop() {
    const text = draft.value;
    const items = [];
    if (result) {
      result.findings.forEach((f, i) => { if (!f.gone && f.e > f.s) items.push({item: f, i, finding: true}); });
      result.strengths.forEach((g, i) => { if (!g.gone && g.e > g.s) items.push({item: g, i, finding: false}); });
    }
    const cuts = new Set([0, text.length]);
    for (const x of items) {
      cuts.add(Math.min(x.item.s, text.length));
      cuts.add(Math.min(x.item.e, text.length));
    }
    const sorted = Array.from(cuts).sort((a, b) => a - b);
    const fragment = document.createDocumentFragment();
    for (let k = 0; k + 1 < sorted.length; k++) {
      const a = sorted[k];
      const b = sorted[k + 1];
      let node = document.createTextNode(text.slice(a, b));
      const covering = items.filter((x) => x.item.s <= a && x.item.e >= b)
          .sort((x, y) => (x.finding === y.finding ? 0 : x.finding ? 1 : -1) || x.item.s - y.item.s || y.item.e - x.item.e);
      let depth = covering.filter((x) => x.finding).length;
      for (let d = covering.length - 1; d >= 0; d--) {
        const x = covering[d];
        const mark = document.createElement('mark');
        if (x.finding) {
          depth--;
          mark.className = 'f cat-' + x.item.category + (depth > 0 ? ' nested' : '') +
              (x.item.severity === 'info' ? ' minor' : '');
          mark.dataset.category = x.item.category;
          mark.dataset.rule = x.item.rule;
          mark.dataset.index = String(x.i);
        } else {
          mark.className = 's';
          mark.dataset.kind = x.item.kind;
          mark.dataset.rule = x.item.rule;
        }
        mark.appendChild(node);
        node = mark;
      }
      fragment.appendChild(node);
    }
    // A trailing newline needs something after it to take up its line.
    if (text === '' || text.endsWith('\n')) fragment.appendChild(document.createTextNode('\u200b'));
    backdrop.replaceChildren(fragment);
    highlightCurrent();
  }

  function autosize() {
    const scroll = window.scrollY;
    draft.style.height = 'auto';
    draft.style.height = draft.scrollHeight + 'px';
    window.scrollTo(window.scrollX, scroll);
    // Beside a long list of findings the draft stays in view, if it fits.
    compose.classList.toggle('sticky', compose.offsetHeight + 32 < window.innerHeight);
  }

  function plural(n, one, many) { return n + ' ' + (n === 1 ? one : many); }

  function setStatus(text, hasFindings) {
    if (statusLine.textContent !== text) statusLine.textContent = text;
    statusLine.classList.toggle('has-findings', !!hasFindings);
  }

  function say(text) {
    notice.textContent = text;
    clearTimeout(noticeTimer);
    noticeTimer = setTimeout(() => { notice.textContent = ''; }, 4000);
  }

  // A short sample of the category's underline, for badges and the legend.
  function swatch(category) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('class', 'swatch');
    svg.setAttribute('viewBox', '0 0 24 8');
    svg.setAttribute('width', '24');
    svg.setAttribute('height', '8');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    const path = document.createElementNS(ns, 'path');
    const line = LINES[category] || 'solid';
    path.setAttribute('d', line === 'wavy' ? 'M0 4 Q2.5 0.5 5 4 T10 4 T15 4 T20 4 T25 4' : 'M1 4 H23');
    if (line === 'dashed') path.setAttribute('stroke-dasharray', '5 3');
    if (line === 'dotted') path.setAttribute('stroke-dasharray', '0.01 4.5');
    if (line === 'dotted') path.setAttribute('stroke-linecap', 'round');
    if (line === 'dotted') path.setAttribute('stroke-width', '2.6');
    svg.appendChild(path);
    return svg;
  }

  function renderFinding(f, i) {
    const li = el('li', 'finding cat-' + f.category);
    li.dataset.category = f.category;
    li.dataset.rule = f.rule;
    li.dataset.index = String(i);

    const badge = el('p', 'badge');
    badge.append(swatch(f.category), document.createTextNode(CATEGORY_NAMES[f.category] || f.category));
    li.appendChild(badge);
    // A profile ("Writing to") may make a finding minor or serious for this person.
    li.dataset.severity = f.severity;
    const level = LEVELS[f.severity];
    if (level) badge.appendChild(el('span', 'level', level));

    li.appendChild(el('p', 'title', f.message));

    const quote = el('button', 'quote', '\u201c' + f.text + '\u201d');
    quote.type = 'button';
    quote.setAttribute('aria-label', 'Show in your draft: ' + f.text);
    quote.addEventListener('click', () => selectInDraft(i));
    li.appendChild(quote);

    if (f.why) li.appendChild(el('p', 'why', f.why));

    if (f.suggestions.length) {
      const label = el('p', 'try-label', 'Try instead');
      label.id = 'try-' + i;
      li.appendChild(label);
      const list = el('ul', 'suggestions');
      f.suggestions.forEach((g, j) => {
        const item = el('li');
        const button = el('button', 'suggestion');
        button.type = 'button';
        button.dataset.kind = g.kind;
        button.append(el('span', 'text', g.text), el('span', 'use', 'Use'));
        button.children[1].setAttribute('aria-hidden', 'true');
        button.setAttribute('aria-label', 'Use this instead: ' + g.text);
        button.addEventListener('click', () => applySuggestion(i, j));
        item.appendChild(button);
        list.appendChild(item);
      });
      li.appendChild(list);
    }
    const rule = el('p', 'rule');
    rule.append(document.createTextNode('Rule '), el('code', '', f.rule));
    li.appendChild(rule);
    return li;
  }

  function renderResults() {
    const text = draft.value;
    const findings = result ? result.findings : [];
    const strengths = result ? result.strengths : [];
    const empty = text.trim() === '';

    const key = JSON.stringify(findings.map((f) => [f.rule, f.severity, f.text, f.suggestions.map((g) => g.text)])) +
        JSON.stringify(strengths.map((g) => [g.rule, g.text]));
    if (key !== listKey) {
      listKey = key;
      findingsList.replaceChildren(...findings.map(renderFinding));
      strengthsList.replaceChildren(...strengths.map((g) => {
        const li = el('li');
        li.dataset.kind = g.kind;
        li.dataset.rule = g.rule;
        const body = el('span');
        body.append(el('span', 'what', g.message), document.createTextNode(': '), el('q', '', g.text));
        li.appendChild(body);
        return li;
      }));
    }
    findingsList.querySelectorAll('.finding').forEach((li) => {
      const f = findings[Number(li.dataset.index)];
      const gone = !f || f.gone;
      li.classList.toggle('stale', gone);
      li.querySelectorAll('button').forEach((b) => { b.disabled = gone; });
    });

    intro.hidden = !empty;
    clean.hidden = empty || !result || findings.length > 0;
    strengthsBox.hidden = empty || strengths.length === 0;
    heading.textContent = empty ? 'What reframe looks for' : findings.length ? 'What to look at' : 'Looks good';

    if (empty) {
      setStatus('Start typing: reframe checks as you write.', false);
    } else if (result) {
      let s;
      if (findings.length) {
        const names = [];
        for (const f of findings) {
          const name = (CATEGORY_NAMES[f.category] || f.category).toLowerCase();
          if (!names.includes(name)) names.push(name);
        }
        s = plural(findings.length, 'thing', 'things') + ' to look at: ' + names.join(', ');
      } else {
        s = 'Nothing here pushes them away';
      }
      if (strengths.length) s += '; ' + plural(strengths.length, 'strength', 'strengths');
      setStatus(s + '.', findings.length > 0);
    }
    highlightCurrent();
  }

  // The finding under the caret is outlined in the list and in the text.
  function highlightCurrent() {
    let current = -1;
    if (result && document.activeElement === draft) {
      const pos = draft.selectionStart;
      result.findings.forEach((f, i) => { if (current < 0 && !f.gone && f.s <= pos && pos <= f.e) current = i; });
    }
    findingsList.querySelectorAll('.finding').forEach((li) => {
      li.classList.toggle('current', Number(li.dataset.index) === current);
    });
    backdrop.querySelectorAll('mark.f').forEach((m) => {
      m.classList.toggle('current', Number(m.dataset.index) === current);
    });
  }

  // ---------------------------------------------------------------------
  // Checking.

  function schedule(delay) {
    clearTimeout(timer);
    timer = setTimeout(check, delay === undefined ? DEBOUNCE_MS : delay);
  }

  async function check() {
    clearTimeout(timer);
    const text = draft.value;
    const mine = ++sequence;
    if (controller) controller.abort();
    if (text.trim() === '') {
      controller = null;
      result = null;
      shownText = text;
      renderBackdrop();
      renderResults();
      return;
    }
    controller = new AbortController();
    const body = {text: wellFormed(text)};
    if (profile.value) body.profile = profile.value;
    if (replyTo.value.trim()) body.reply_to = wellFormed(replyTo.value);
    try {
      const response = await fetch('/api/check', {
        method: 'POST',
        headers: {'Content-Type': 'application/json'},
        body: JSON.stringify(body),
        signal: controller.signal,
        credentials: 'same-origin',
        cache: 'no-store',
      });
      let data = null;
      try { data = await response.json(); } catch (e) { data = null; }
      if (mine !== sequence) return;
      if (!response.ok) {
        let why = (data && data.error) || response.statusText;
        if (response.status === 403) {
          why = 'this page\u2019s link is no longer valid (was reframe serve restarted?). Open the new link it printed.';
        }
        setStatus('Could not check: ' + why, false);
        return;
      }
      if (draft.value !== text) return;  // typed on meanwhile: the next answer will do
      result = toIndices(data, text);
      shownText = text;
      renderBackdrop();
      renderResults();
    } catch (e) {
      if (e.name === 'AbortError' || mine !== sequence) return;
      setStatus('Could not reach reframe. Is \u201creframe serve\u201d still running?', false);
    }
  }

  // ---------------------------------------------------------------------
  // Editing.

  function onDraftInput() {
    const text = draft.value;
    followEdit(shownText, text);
    shownText = text;
    if (!applying) {
      undoButton.hidden = true;
      undoState = null;
    }
    autosize();
    renderBackdrop();
    renderResults();
    schedule();
  }

  // Replaces [start, end) of the draft, keeping the browser's own undo where
  // it can, and offering an Undo button everywhere. On a touch screen the
  // draft is not focused, so the keyboard does not pop up over the results.
  function replaceRange(start, end, insert) {
    const before = draft.value;
    const expected = before.slice(0, start) + insert + before.slice(end);
    undoState = {text: before, start, end};
    applying = true;
    const touch = window.matchMedia('(pointer: coarse)').matches;
    if (!touch) {
      draft.focus();
      draft.setSelectionRange(start, end);
      try { document.execCommand('insertText', false, insert); } catch (e) { /* fall through */ }
    }
    if (draft.value !== expected) {
      draft.value = expected;
      draft.setSelectionRange(start + insert.length, start + insert.length);
      onDraftInput();
    }
    applying = false;
    undoButton.hidden = false;
    check();
    if (touch) heading.focus();
  }

  // The list outlives results that say the same thing, so its buttons name
  // a finding and suggestion by position and look them up in the current one.
  function applySuggestion(i, j) {
    const f = result && result.findings[i];
    const g = f && f.suggestions[j];
    if (!g || f.gone) return;
    const text = draft.value;
    let end = g.e;
    if (g.whole) {
      // The span usually stops before its sentence's full stop; a reframe
      // brings its own, so keep one.
      const tail = /^[.!?\u2026]+/.exec(text.slice(end));
      if (tail && /[.!?\u2026]$/.test(g.text)) end += tail[0].length;
    }
    replaceRange(g.s, end, g.text);
    say('Replaced with the suggestion. Undo brings your words back.');
  }

  function selectInDraft(i) {
    const f = result && result.findings[i];
    if (!f || f.gone) return;
    draft.focus();
    draft.setSelectionRange(f.s, f.e);
    highlightCurrent();
  }

  undoButton.addEventListener('click', () => {
    if (!undoState) return;
    const state = undoState;
    applying = true;
    draft.value = state.text;
    draft.setSelectionRange(state.end, state.end);
    onDraftInput();
    applying = false;
    undoState = null;
    undoButton.hidden = true;
    check();
    say('Your words are back.');
    draft.focus();
  });

  copyButton.addEventListener('click', async () => {
    const text = draft.value;
    let ok = false;
    if (navigator.clipboard && window.isSecureContext) {
      try { await navigator.clipboard.writeText(text); ok = true; } catch (e) { ok = false; }
    }
    if (!ok) {
      // Plain http on a phone is not a secure context: copy the old way.
      const start = draft.selectionStart;
      const end = draft.selectionEnd;
      draft.focus();
      draft.select();
      try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
      draft.setSelectionRange(start, end);
    }
    say(ok ? 'Copied. Paste it where you are writing.' : 'Could not copy: select the text and copy it by hand.');
  });

  draft.addEventListener('input', onDraftInput);
  document.addEventListener('selectionchange', () => { if (document.activeElement === draft) highlightCurrent(); });
  draft.addEventListener('blur', highlightCurrent);
  profile.addEventListener('change', () => schedule(0));
  replyTo.addEventListener('input', () => schedule());
  window.addEventListener('resize', autosize);

  // A draft that came with the address (?text=, or shared into the page) is
  // already in the box: take it out of the address bar and history.
  document.querySelectorAll('.legend li').forEach((li) => li.prepend(swatch(li.dataset.category)));
  if (window.location.search) window.history.replaceState(null, '', window.location.pathname);
  shownText = draft.value;
  autosize();
  renderBackdrop();
  renderResults();
  if (draft.value.trim() !== '') check();
})();
